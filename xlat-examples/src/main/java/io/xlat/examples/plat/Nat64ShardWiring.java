package io.xlat.examples.plat;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.handoff.ShardHandoff;
import io.xlat.core.nat64.Nat64ShardRouter;
import io.xlat.core.nat64.Nat64Shards;
import io.xlat.core.nat64.Nat64Timeouts;
import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.siit.SiitConfig;
import io.xlat.examples.daemon.PacketTranslator;
import io.xlat.examples.daemon.PrometheusText;
import io.xlat.examples.io.PacketChannel;

/**
 * Wires a sharded NAT64 to the queues of a multiqueue TUN device: queue {@code q} is read by the worker of shard
 * {@code q}, which owns that shard's {@link Nat64Translator}; with more than one shard each queue's channel is
 * wrapped in a {@link Nat64ShardChannel} over one shared {@link ShardHandoff}, so packets the kernel put on another
 * worker's queue reach their shard. Cold code: called while the daemon starts, and by the metrics thread.
 * <p>
 * Slots are sized for the largest packet a TUN read returns (65535 bytes: GSO super-packets with offloads) plus a
 * virtio-net header; slots per lane follow from {@link #MEMORY_BUDGET}, between {@link #MIN_SLOTS} and
 * {@link #MAX_SLOTS}.
 */
public final class Nat64ShardWiring
{
    /** Off-heap bytes the hand-off may take, all lanes together (the minimum slot count may exceed it). */
    public static final long MEMORY_BUDGET = 64L << 20;
    /** Fewest slots per lane. */
    public static final int MIN_SLOTS = 16;
    /** Most slots per lane. */
    public static final int MAX_SLOTS = 256;
    /** Largest packet carried: what a TUN read returns at most. */
    public static final int MAX_PACKET = 65535;

    private final Nat64Shards shards;
    private final SiitAddressMapper pool6;
    private final SiitConfig.Builder settings;
    private final Nat64Translator[] translators;
    private final Nat64ShardChannel[] channels;
    private final ShardHandoff handoff;

    /**
     * Creates the wiring; the hand-off is preallocated here when there are several shards.
     *
     * @param shards   the NAT64 state.
     * @param pool6    the NAT64 prefix.
     * @param settings SIIT settings of every translator.
     */
    public Nat64ShardWiring(final Nat64Shards shards, final SiitAddressMapper pool6, final SiitConfig.Builder settings)
    {
        this.shards = shards;
        this.pool6 = pool6;
        this.settings = settings;
        final int count = shards.shardCount();
        this.translators = new Nat64Translator[count];
        this.channels = new Nat64ShardChannel[count];
        this.handoff = count == 1 ? null :
            new ShardHandoff(count, slotsPerPair(count, MAX_PACKET), MAX_PACKET, Nat64ShardChannel.METADATA_LENGTH);
    }

    /**
     * Slots per lane for a number of shards within {@link #MEMORY_BUDGET}.
     *
     * @param shardCount number of shards, at least 2.
     * @param maxPacket  largest packet.
     * @return {@link #MIN_SLOTS}..{@link #MAX_SLOTS}.
     */
    public static int slotsPerPair(final int shardCount, final int maxPacket)
    {
        final long lanes = (long)shardCount * (shardCount - 1);
        final long perLane = MEMORY_BUDGET / Math.max(1, lanes) / (maxPacket + 64L);
        return (int)Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, perLane));
    }

    /**
     * Hands new session timeouts to every shard's translator (a reload; each applies them on its own thread).
     *
     * @param timeouts the new values.
     */
    public void requestTimeouts(final Nat64Timeouts timeouts)
    {
        for (final Nat64Translator translator : translators)
        {
            if (null != translator)
            {
                translator.requestTimeouts(timeouts);
            }
        }
    }

    /**
     * Makes the translator of queue (and shard) {@code q}.
     *
     * @param q the queue.
     * @return the worker's translator.
     */
    public PacketTranslator translator(final int q)
    {
        translators[q] = new Nat64Translator(shards.shard(q), pool6, settings);
        return new Nat64PacketTranslator(translators[q]);
    }

    /**
     * Wraps the channel of queue {@code q} (after {@link #translator(int)} for the same queue).
     *
     * @param q     the queue.
     * @param queue its TUN channel.
     * @return the channel the worker reads and writes: {@code queue} itself with one shard.
     */
    public PacketChannel channel(final int q, final PacketChannel queue)
    {
        if (null == handoff)
        {
            return queue;
        }
        if (null == translators[q])
        {
            throw new IllegalStateException("queue=" + q + ": translator(q) must come first");
        }
        channels[q] = new Nat64ShardChannel(queue, handoff.endpoint(q), new Nat64ShardRouter(shards, q),
            translators[q].counters());
        return channels[q];
    }

    /**
     * The hand-off, or null with one shard.
     *
     * @return the hand-off.
     */
    public ShardHandoff handoff()
    {
        return handoff;
    }

    /**
     * A short description for the start log.
     *
     * @return e.g. {@code hand-off 256 slots/lane (33.6 MB)}.
     */
    public String describe()
    {
        return null == handoff ? "no hand-off" : "hand-off " + handoff.slotsPerPair() + " slots/lane (" +
            String.format(java.util.Locale.ROOT, "%.1f", handoff.allocatedBytes() / 1e6) + " MB)";
    }

    /**
     * Appends the NAT64 metrics: per-shard state ({@link Nat64Metrics}) and, with several shards, the hand-off
     * counters per shard ({@code xlat_nat64_handoff_total}).
     *
     * @param out where to append.
     */
    public void appendMetrics(final StringBuilder out)
    {
        Nat64Metrics.append(out, shards);
        if (null == handoff)
        {
            return;
        }
        PrometheusText.header(out, "xlat_nat64_handoff_total", "counter",
            "Packets handed between NAT64 shards: sent to, received from other shards, dropped (full lane, too long), "
                + "IPv4 fragments kept local for want of their first fragment.");
        for (int s = 0; s < handoff.shardCount(); s++)
        {
            final ShardHandoff.Endpoint endpoint = handoff.endpoint(s);
            final String labels = "daemon=\"plat\",shard=\"" + s + "\",event=\"";
            for (int c = 0; c < ShardHandoff.counterCount(); c++)
            {
                PrometheusText.sample(out, "xlat_nat64_handoff_total", labels + ShardHandoff.counterLabel(c) + "\"",
                    endpoint.counter(c));
            }
            final Nat64ShardChannel channel = channels[s];
            PrometheusText.sample(out, "xlat_nat64_handoff_total", labels + "fragment_unrouted\"",
                null == channel ? 0 : channel.router().unroutedFragments());
        }
    }
}
