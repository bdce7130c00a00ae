package io.xlat.examples.plat;

import io.xlat.core.nat64.Nat64Counters;
import io.xlat.core.nat64.Nat64Shards;
import io.xlat.core.nat64.Nat64State;
import io.xlat.examples.daemon.PrometheusText;

/**
 * NAT64 state as Prometheus text, per shard: live sessions, BIB entries and subscribers (gauges) and the state
 * events (BIB entries and sessions created and expired, TCP probes, held SYNs...). Read from the metrics thread
 * while the workers write: the values are plain ints and opaque longs, so a scrape sees recent, untorn values.
 */
public final class Nat64Metrics
{
    private Nat64Metrics()
    {
    }

    /**
     * Appends the NAT64 metrics.
     *
     * @param out    where to append.
     * @param shards the NAT64 state.
     */
    public static void append(final StringBuilder out, final Nat64Shards shards)
    {
        PrometheusText.header(out, "xlat_nat64_sessions", "gauge", "Live NAT64 sessions (RFC 6146 3.5).");
        for (int s = 0; s < shards.shardCount(); s++)
        {
            PrometheusText.sample(out, "xlat_nat64_sessions", shard(s), shards.shard(s).sessionCount());
        }
        PrometheusText.header(out, "xlat_nat64_bib_entries", "gauge", "Live BIB entries, static ones included.");
        for (int s = 0; s < shards.shardCount(); s++)
        {
            PrometheusText.sample(out, "xlat_nat64_bib_entries", shard(s), shards.shard(s).bibCount());
        }
        PrometheusText.header(out, "xlat_nat64_subscribers", "gauge", "IPv6 subscribers holding sessions.");
        for (int s = 0; s < shards.shardCount(); s++)
        {
            PrometheusText.sample(out, "xlat_nat64_subscribers", shard(s), shards.shard(s).subscriberCount());
        }
        PrometheusText.header(out, "xlat_nat64_events_total", "counter", "NAT64 state events.");
        for (int s = 0; s < shards.shardCount(); s++)
        {
            final Nat64State state = shards.shard(s);
            for (int e = 0; e < Nat64Counters.eventCount(); e++)
            {
                PrometheusText.sample(out, "xlat_nat64_events_total",
                    shard(s) + ",event=\"" + Nat64Counters.label(e) + "\"", state.counters().events(e));
            }
        }
    }

    private static String shard(final int shard)
    {
        return "daemon=\"plat\",shard=\"" + shard + "\"";
    }
}
