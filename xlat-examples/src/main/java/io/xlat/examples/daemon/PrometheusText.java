package io.xlat.examples.daemon;

import java.util.List;
import java.util.function.Consumer;

import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;

/**
 * Renders the workers' counters as Prometheus text: one series per worker queue, so a scrape shows how traffic
 * spreads over the queues. Cold path, called on the metrics thread.
 */
public final class PrometheusText
{
    private PrometheusText()
    {
    }

    /**
     * Renders every worker of a daemon.
     *
     * @param daemon  the daemon name, a label value ({@code clat}, {@code plat}).
     * @param workers the workers.
     * @param extra   appends daemon-specific metrics (NAT64 session gauges...), or null.
     * @return the exposition text.
     */
    public static String render(
        final String daemon, final List<TranslatorWorker> workers, final Consumer<StringBuilder> extra)
    {
        final StringBuilder out = new StringBuilder(8192);
        header(out, "xlat_packets_total", "counter", "Packets translated and ICMP errors originated, by event.");
        for (int q = 0; q < workers.size(); q++)
        {
            final TranslatorCounters counters = workers.get(q).translator().counters();
            for (int e = 0; e < TranslatorCounters.eventCount(); e++)
            {
                sample(out, "xlat_packets_total", labels(daemon, q) + ",event=\"" + TranslatorCounters.eventLabel(e)
                    + "\"", counters.events(e));
            }
        }
        header(out, "xlat_drops_total", "counter", "Packets dropped, by reason.");
        for (int q = 0; q < workers.size(); q++)
        {
            final TranslatorCounters counters = workers.get(q).translator().counters();
            for (int reason = 1; reason < DropReason.COUNT; reason++)
            {
                sample(out, "xlat_drops_total", labels(daemon, q) + ",reason=\"" + DropReason.label(reason) + "\"",
                    counters.drops(reason));
            }
        }
        header(out, "xlat_io_total", "counter", "Channel I/O of the worker loops, by event.");
        for (int q = 0; q < workers.size(); q++)
        {
            final WorkerCounters counters = workers.get(q).counters();
            for (int c = 0; c < WorkerCounters.COUNT; c++)
            {
                sample(out, "xlat_io_total", labels(daemon, q) + ",event=\"" + WorkerCounters.label(c) + "\"",
                    counters.get(c));
            }
        }
        if (null != extra)
        {
            extra.accept(out);
        }
        return out.toString();
    }

    /**
     * Appends a {@code # HELP} and {@code # TYPE} pair.
     *
     * @param out  where to append.
     * @param name metric name.
     * @param type {@code counter} or {@code gauge}.
     * @param help one line of help.
     */
    public static void header(final StringBuilder out, final String name, final String type, final String help)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /**
     * Appends one sample line.
     *
     * @param out    where to append.
     * @param name   metric name.
     * @param labels label pairs without braces.
     * @param value  the value.
     */
    public static void sample(final StringBuilder out, final String name, final String labels, final long value)
    {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    /**
     * The labels of one worker.
     *
     * @param daemon the daemon name.
     * @param queue  the queue index.
     * @return label pairs without braces.
     */
    public static String labels(final String daemon, final int queue)
    {
        return "daemon=\"" + daemon + "\",queue=\"" + queue + "\"";
    }
}
