package io.xlat.examples.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ip} (iproute2) and other commands for interface set-up in tests and tools: cold path, one process per
 * call, output returned as text, failures as exceptions naming the command and its output.
 * <p>
 * A daemon leaves this to the operator (docs/deployment.md, "TUN devices"); the usual sequence after
 * {@link TunChannel#open(TunOptions)} is:
 * <pre>
 * ip link set dev plat0 mtu 1500
 * ip -6 addr add 2001:db8:ffff::1/64 dev plat0
 * ip link set dev plat0 up
 * ip -6 route add 64:ff9b::/96 dev plat0
 * </pre>
 */
public final class IpCommand
{
    private static final long TIMEOUT_SECONDS = 30;

    private IpCommand()
    {
    }

    /**
     * Runs {@code ip ARGS...} and waits for it.
     *
     * @param args arguments after {@code ip}, e.g. {@code "link", "set", "dev", "xlt0", "up"}.
     * @return standard output and error, merged.
     * @throws IllegalStateException when it exits non-zero or does not finish in 30 seconds.
     */
    public static String ip(final String... args)
    {
        final List<String> command = new ArrayList<>(args.length + 1);
        command.add("ip");
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    /**
     * Runs {@code ip netns exec NAMESPACE COMMAND...}.
     *
     * @param namespace the network namespace.
     * @param command   the program and its arguments.
     * @return standard output and error, merged.
     * @throws IllegalStateException when it exits non-zero or does not finish in 30 seconds.
     */
    public static String inNamespace(final String namespace, final String... command)
    {
        final List<String> full = new ArrayList<>(command.length + 4);
        full.add("ip");
        full.add("netns");
        full.add("exec");
        full.add(namespace);
        full.addAll(Arrays.asList(command));
        return run(full);
    }

    /**
     * Runs a command and waits for it.
     *
     * @param command the program and its arguments.
     * @return standard output and error, merged.
     * @throws IllegalStateException when it cannot start, exits non-zero or does not finish in 30 seconds.
     */
    public static String run(final List<String> command)
    {
        final Result result = tryRun(command, TIMEOUT_SECONDS);
        if (result.exitCode() != 0)
        {
            throw new IllegalStateException("command=" + String.join(" ", command) + " exit=" + result.exitCode()
                + " output=" + result.output().strip());
        }
        return result.output();
    }

    /**
     * The outcome of a command.
     *
     * @param exitCode its exit status, or -1 when it was killed after the timeout.
     * @param output   standard output and error, merged.
     */
    public record Result(int exitCode, String output)
    {
    }

    /**
     * Runs a command and reports its exit status instead of throwing on failure.
     *
     * @param command        the program and its arguments.
     * @param timeoutSeconds how long to wait before killing it.
     * @return the exit status and output.
     * @throws IllegalStateException when it cannot start.
     */
    public static Result tryRun(final List<String> command, final long timeoutSeconds)
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("command=" + String.join(" ", command) + " cannot start: "
                + ex.getMessage(), ex);
        }
        try
        {
            process.getOutputStream().close();
            final byte[][] out = new byte[1][];
            final Thread drain = Thread.ofVirtual().start(() ->
            {
                try
                {
                    out[0] = process.getInputStream().readAllBytes();
                }
                catch (final IOException ex)
                {
                    out[0] = ("(output lost: " + ex.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                drain.join(TimeUnit.SECONDS.toMillis(5));
                return new Result(-1, out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            return new Result(process.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("command=" + String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("command=" + String.join(" ", command) + " interrupted", ex);
        }
    }
}
