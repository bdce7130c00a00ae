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

/**
 * What the namespace tests share: they run a bash script from {@code test-classes} that builds its own network
 * namespaces, starts the daemons from the built {@code xlat.jar}, prints one {@code CHECK name: PASS|FAIL} line per
 * check and deletes its namespaces in a trap (on SIGTERM too). This class checks the prerequisites (root,
 * {@code /dev/net/tun}, the tools, the jar: a skip, or a failure when the environment variable {@code CI} is set),
 * runs a script with a bounded wait, and asserts on its checks, its exit code and that no namespace named after its
 * PID is left behind.
 */
final class NamespaceScript
{
    private static final int SCRIPT_SECONDS = 150;

    private final Path targetDirectory;

    private NamespaceScript(final Path targetDirectory)
    {
        this.targetDirectory = targetDirectory;
    }

    /**
     * Checks what a namespace test needs; aborts (skips) the test class without it, or fails it under CI.
     *
     * @param testClass the test class (its code source locates {@code target/}).
     * @param tools     commands that must be on the PATH (or absolute paths).
     * @return the harness.
     * @throws URISyntaxException never for a class loaded from a directory.
     */
    static NamespaceScript require(final Class<?> testClass, final List<String> tools) throws URISyntaxException
    {
        final Path target = Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        final List<String> missing = new ArrayList<>();
        if (!Files.exists(Path.of("/dev/net/tun")))
        {
            missing.add("/dev/net/tun");
        }
        if (!"0".equals(quiet(List.of("id", "-u")).strip()))
        {
            missing.add("root");
        }
        for (final String tool : tools)
        {
            if (quiet(List.of("sh", "-c", "command -v " + tool)).isBlank())
            {
                missing.add(tool);
            }
        }
        if (!Files.isRegularFile(target.resolve("xlat.jar")))
        {
            missing.add(target.resolve("xlat.jar") + " (run the package phase first)");
        }
        if (!missing.isEmpty())
        {
            final String name = testClass.getSimpleName();
            if (null != System.getenv("CI"))
            {
                fail(name + " needs " + missing + " (CI is set, so this is a failure, not a skip)");
            }
            Assumptions.abort(name + " needs " + missing);
        }
        return new NamespaceScript(target);
    }

    /**
     * Runs {@code bash test-classes/SCRIPT xlat.jar ARGUMENT WORKDIR} with {@code JAVA} set to this JVM, and checks
     * it: every check passed, exit code 0, no namespace left.
     *
     * @param script    path below {@code test-classes}, e.g. {@code e2e/xlat-e2e.sh}.
     * @param argument  the script's mode or scenario.
     * @param minChecks how many checks must at least have run.
     * @param maxChecks how many at most (pass {@code minChecks} for an exact count).
     * @throws IOException          when the script cannot start.
     * @throws InterruptedException when interrupted.
     */
    void run(final String script, final String argument, final int minChecks, final int maxChecks)
        throws IOException, InterruptedException
    {
        final Path work = Files.createTempDirectory("xlat-ns-" + argument);
        final String java = ProcessHandle.current().info().command().orElse("java");
        final ProcessBuilder builder = new ProcessBuilder("bash", targetDirectory.resolve("test-classes")
            .resolve(script).toString(), targetDirectory.resolve("xlat.jar").toString(), argument, work.toString())
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
        if (!process.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS))
        {
            // SIGTERM: the script's trap kills the daemons and deletes the namespaces.
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            reader.join(5000);
            fail(script + " " + argument + " timed out:\n" + output);
        }
        reader.join(5000);
        final String text = output.toString();
        System.out.println(text);
        final long checks = text.lines().filter((line) -> line.startsWith("CHECK ")).count();
        final long passed = text.lines().filter((line) -> line.startsWith("CHECK ") && line.endsWith(": PASS"))
            .count();
        assertTrue(checks >= minChecks && checks <= maxChecks,
            "expected " + minChecks + ".." + maxChecks + " checks, saw " + checks + ":\n" + text);
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
