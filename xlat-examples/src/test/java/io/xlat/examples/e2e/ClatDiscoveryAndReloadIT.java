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
 * The CLAT following the network and the daemons' SIGHUP reload, with real peers: {@code reload/xlat-reload.sh}
 * builds network namespaces, runs {@code xlat clat} / {@code xlat plat} from the built {@code xlat.jar}, and checks
 * each step with the metrics endpoint, the log, and translated packets seen by tcpdump on the TUN device:
 * <ul>
 *     <li>{@code ra}: Router Advertisements with PREF64 (RFC 8781) sent on a veth by the kernel's raw ICMPv6 socket
 *     (radvd 2.19 of Debian 12 has no {@code nat64prefix}); the prefix is learned, changed, withdrawn.</li>
 *     <li>{@code rfc7050}: Unbound answers {@code ipv4only.arpa} with a 2 s TTL; the answer changes and the CLAT
 *     follows within TTL + slack; the resolver stops and the prefix is kept; SIGHUP applies and refuses.</li>
 *     <li>{@code sighup}: {@code xlat plat --mode siit --config FILE}: pool6 changed + SIGHUP to the PID, broken
 *     file refused, queue change needs a restart.</li>
 *     <li>{@code dns64}: {@code xlat dns64 --config FILE} in front of Unbound: prefix changed + SIGHUP, the next AAAA
 *     is synthesized under it and the counters continue; a broken file is refused.</li>
 * </ul>
 * Needs root and the tools: skipped without them, or failed when the environment variable {@code CI} is set.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class ClatDiscoveryAndReloadIT
{
    private static final List<String> TOOLS =
        List.of("ip", "bash", "python3", "curl", "ping", "tcpdump", "timeout", "dig", "/usr/sbin/unbound");

    private static Path targetDirectory;

    @BeforeAll
    static void requireRootAndTools() throws URISyntaxException
    {
        targetDirectory = Path.of(ClatDiscoveryAndReloadIT.class.getProtectionDomain().getCodeSource().getLocation()
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
                fail("ClatDiscoveryAndReloadIT needs " + missing + " (CI is set, so this is a failure, not a skip)");
            }
            Assumptions.abort("ClatDiscoveryAndReloadIT needs " + missing);
        }
    }

    @Test
    void shouldLearnChangeAndWithdrawThePlatPrefixFromRouterAdvertisements() throws Exception
    {
        runScript("ra", 9);
    }

    @Test
    void shouldRediscoverThePlatPrefixWhenTheRfc7050AnswerExpiresAndReloadOnSighup() throws Exception
    {
        runScript("rfc7050", 10);
    }

    @Test
    void shouldApplyANewPool6OnSighupAndKeepTheOldConfigWhenTheNewOneIsBroken() throws Exception
    {
        runScript("sighup", 8);
    }

    @Test
    void shouldRebuildTheDns64ServerOnSighupWithContinuedCounters() throws Exception
    {
        runScript("dns64", 7);
    }

    private static void runScript(final String scenario, final int expectedChecks)
        throws IOException, InterruptedException
    {
        final Path script = targetDirectory.resolve("test-classes/reload/xlat-reload.sh");
        final Path work = Files.createTempDirectory("xlat-reload-" + scenario);
        final String java = ProcessHandle.current().info().command().orElse("java");
        final ProcessBuilder builder = new ProcessBuilder("bash", script.toString(),
            targetDirectory.resolve("xlat.jar").toString(), scenario, work.toString())
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
            fail("xlat-reload.sh " + scenario + " timed out:\n" + output);
        }
        reader.join(5000);
        final String text = output.toString();
        System.out.println(text);
        final long checks = text.lines().filter((line) -> line.startsWith("CHECK ")).count();
        final long passed = text.lines().filter((line) -> line.startsWith("CHECK ") && line.endsWith(": PASS"))
            .count();
        assertEquals(expectedChecks, checks, "checks run:\n" + text);
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
