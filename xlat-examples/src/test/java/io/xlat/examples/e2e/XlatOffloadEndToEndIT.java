package io.xlat.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.xlat.examples.io.IpCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TUN offloads on a real kernel: {@code e2e/xlat-offload-e2e.sh} builds v4host -- cpe (xlat clat) -- plat (xlat
 * plat) -- server in four network namespaces, both daemons with their default offloads, sends 8 MiB each way with
 * socat (sha256 compared) and reads the metrics endpoints: the kernel must have handed both translators GSO
 * super-packets that went out translated once ({@code offloaded_superpackets > 0}), and none may have been dropped
 * as unusable. The first full-size segments draw Fragmentation Needed (1500 + 20 > 1500), so the per-segment MTU
 * path runs too. The script deletes its namespaces in a trap.
 * <p>
 * Needs root, {@code /dev/net/tun} and the tools: skipped without them, or failed when the environment variable
 * {@code CI} is set.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class XlatOffloadEndToEndIT
{
    private static final List<String> TOOLS =
        List.of("ip", "bash", "curl", "socat", "ping", "sha256sum", "timeout");
    /** Checks the script runs in every mode. */
    private static final int MIN_CHECKS = 6;

    private static Path targetDirectory;

    @BeforeAll
    static void requireRootAndTools() throws URISyntaxException
    {
        targetDirectory = Path.of(XlatOffloadEndToEndIT.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI()).getParent();
        final List<String> missing = new ArrayList<>();
        if (!Files.exists(Path.of("/dev/net/tun")))
        {
            missing.add("/dev/net/tun");
        }
        if (!"0".equals(quiet(List.of("id", "-u")).strip()))
        {
            missing.add("root");
        }
        for (final String tool : TOOLS)
        {
            if (quiet(List.of("sh", "-c", "command -v " + tool)).isBlank())
            {
                missing.add(tool);
            }
        }
        if (!Files.isRegularFile(targetDirectory.resolve("xlat.jar")))
        {
            missing.add(targetDirectory.resolve("xlat.jar") + " (run the package phase first)");
        }
        if (!missing.isEmpty())
        {
            if (null != System.getenv("CI"))
            {
                fail("XlatOffloadEndToEndIT needs " + missing + " (CI is set, so this is a failure, not a skip)");
            }
            Assumptions.abort("XlatOffloadEndToEndIT needs " + missing);
        }
    }

    @Test
    void shouldCarryMebibytesBothWaysAsSuperPacketsThroughClatAndStatefulPlat() throws Exception
    {
        runScript("nat64");
    }

    @Test
    void shouldCarryMebibytesBothWaysAsSuperPacketsThroughClatAndStatelessPlat() throws Exception
    {
        runScript("siit");
    }

    private static void runScript(final String mode) throws IOException, InterruptedException
    {
        final Path script = targetDirectory.resolve("test-classes/e2e/xlat-offload-e2e.sh");
        final Path work = Files.createTempDirectory("xlat-offload-e2e-" + mode);
        final String java = ProcessHandle.current().info().command().orElse("java");
        final ProcessBuilder builder = new ProcessBuilder("bash", script.toString(),
            targetDirectory.resolve("xlat.jar").toString(), mode, work.toString())
            .redirectErrorStream(true);
        builder.environment().put("JAVA", java);
        final Process process = builder.start();
        final StringBuilder output = new StringBuilder();
        final Thread reader = Thread.ofVirtual().start(() ->
        {
            try
            {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            catch (final IOException ex)
            {
                output.append("reading output: ").append(ex);
            }
        });
        if (!process.waitFor(150, TimeUnit.SECONDS))
        {
            // SIGTERM: the script's trap kills the daemons and deletes the namespaces.
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            reader.join(5000);
            fail("xlat-offload-e2e.sh " + mode + " timed out:\n" + output);
        }
        reader.join(5000);
        final String text = output.toString();
        System.out.println(text);
        final long checks = text.lines().filter((line) -> line.startsWith("CHECK ")).count();
        final long passed = text.lines().filter((line) -> line.startsWith("CHECK ") && line.endsWith(": PASS"))
            .count();
        assertTrue(checks >= MIN_CHECKS, "expected at least " + MIN_CHECKS + " checks, saw " + checks + ":\n" + text);
        assertEquals(checks, passed, "failed checks:\n" + text);
        assertEquals(0, process.exitValue(), text);
        assertTrue(quiet(List.of("ip", "netns", "list")).lines().noneMatch((ns) -> ns.contains("-" + process.pid())),
            "namespaces left behind");
    }

    private static String quiet(final List<String> command)
    {
        try
        {
            return IpCommand.tryRun(command, 30).output();
        }
        catch (final IllegalStateException ex)
        {
            return "";
        }
    }
}
