package io.xlat.examples.demo;

import java.io.PrintWriter;

import org.agrona.DirectBuffer;

/**
 * Prints the demo's trace and records every hop in the pcap: one line per hop ({@code v4host -> CLAT    IPv4 ...}),
 * notes that explain what a node did, step headers and results. {@code quiet} keeps only step results and the
 * summary; {@code color} adds ANSI colors for terminals.
 */
final class DemoTrace implements DemoNetwork.HopListener
{
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String CYAN = "\u001b[36m";

    private final PrintWriter out;
    private final boolean quiet;
    private final boolean color;
    private final DemoNetwork.PcapRecorder pcap;
    private final DemoClock clock;
    private final PacketDescriber describer = new PacketDescriber();
    private int hops;
    private int lostPackets;

    /**
     * Creates the trace.
     *
     * @param out   where to print.
     * @param quiet print only results and the summary.
     * @param color use ANSI colors.
     * @param pcap  where hops are recorded.
     * @param clock advanced once per hop.
     */
    DemoTrace(final PrintWriter out, final boolean quiet, final boolean color, final DemoNetwork.PcapRecorder pcap,
        final DemoClock clock)
    {
        this.out = out;
        this.quiet = quiet;
        this.color = color;
        this.pcap = pcap;
        this.clock = clock;
    }

    @Override
    public void onHop(
        final DemoNetwork.Node from, final DemoNetwork.Node to, final DirectBuffer buffer, final int offset,
        final int length)
    {
        clock.tick();
        pcap.record(buffer, offset, length);
        hops++;
        if (null == to)
        {
            lostPackets++;
        }
        if (!quiet)
        {
            final String route = String.format("%-17s", from.name() + " -> " + (null == to ? "(no route)" : to.name()));
            out.println("  " + paint(CYAN, route) + " " + describer.describe(buffer, offset, length));
        }
    }

    /**
     * Prints an explanation, indented under the hops.
     *
     * @param text the note.
     */
    void note(final String text)
    {
        if (!quiet)
        {
            out.println("  " + paint(DIM, "   * " + text));
        }
    }

    /**
     * Prints a line as it is (setup text).
     *
     * @param text the line.
     */
    void line(final String text)
    {
        if (!quiet)
        {
            out.println(text);
        }
    }

    /**
     * Starts a step.
     *
     * @param number the step number.
     * @param title  what it does.
     */
    void step(final int number, final String title)
    {
        if (!quiet)
        {
            out.println();
            out.println(paint(BOLD, "[" + number + "] " + title));
        }
    }

    /**
     * Ends a step with its verdict (printed even when quiet).
     *
     * @param number the step number.
     * @param title  what it did.
     * @param ok     whether it worked.
     * @param detail why, in a few words.
     */
    void result(final int number, final String title, final boolean ok, final String detail)
    {
        out.println((quiet ? "" : "  ") + verdict(ok) + " [" + number + "] " + title + ": " + detail);
    }

    /**
     * Renders a verdict word.
     *
     * @param ok the verdict.
     * @return {@code OK} or {@code FAIL}, colored when enabled.
     */
    String verdict(final boolean ok)
    {
        return ok ? paint(GREEN, "OK  ") : paint(RED, "FAIL");
    }

    /**
     * Prints a summary line (also when quiet).
     *
     * @param text the line.
     */
    void summary(final String text)
    {
        out.println(text);
    }

    private String paint(final String code, final String text)
    {
        return color ? code + text + RESET : text;
    }

    int hops()
    {
        return hops;
    }

    int lostPackets()
    {
        return lostPackets;
    }

    void flush()
    {
        out.flush();
    }
}
