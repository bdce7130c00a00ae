package io.xlat.examples.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat demo}: runs the whole 464XLAT path in one process (no root, no sockets) and writes a pcap.
 * Exit status 0 when every step worked, 1 otherwise, 2 when the pcap cannot be written.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "The whole 464XLAT path in one process, no root and no sockets: IPv4-only host -> CLAT -> IPv6 ->",
        "PLAT (NAT64 + DNS64) -> IPv4 server. Runs a DNS lookup, a ping, a TCP exchange and an IPv4 literal",
        "with real packets, prints each hop and writes them all to a pcap for Wireshark."})
public final class DemoCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--pcap", paramLabel = "FILE", defaultValue = "xlat-demo.pcap",
        description = "Where to write every hop's packets (raw IP pcap). Default: ${DEFAULT-VALUE}.")
    private Path pcap;

    @Option(names = "--quiet", description = "Print only the step results and the summary.")
    private boolean quiet;

    @Option(names = "--no-color", description = "No ANSI colors (they are used only on a terminal anyway).")
    private boolean noColor;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final boolean color = !noColor && null == System.getenv("NO_COLOR") && null != System.console() &&
            System.console().isTerminal();
        try
        {
            final boolean ok = new Demo(out, pcap, quiet, color).run();
            out.flush();
            return ok ? 0 : 1;
        }
        catch (final IOException ex)
        {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("xlat demo: cannot write --pcap " + pcap + ": " + ex);
            err.flush();
            return 2;
        }
    }
}
