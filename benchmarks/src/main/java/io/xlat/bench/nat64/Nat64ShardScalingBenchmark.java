package io.xlat.bench.nat64;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.xlat.bench.BenchmarkFlags;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.handoff.ShardHandoff;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64ShardRouter;
import io.xlat.core.nat64.Nat64Shards;
import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NAT64 shard scaling (issue 3): established UDP flows translated IPv6 to IPv4 by
 * <ul>
 *     <li>{@code oneShard}: one shard on one thread;</li>
 *     <li>{@code twoShards}: two shards on two threads, each thread translating its own shard's flows;</li>
 *     <li>{@code twoShardsHandoff}: the same, but each thread "reads" a packet stream in which {@code crossPercent}
 *     percent of the packets belong to the other shard: every packet is routed ({@link Nat64ShardRouter}), a foreign
 *     one is copied into the {@link ShardHandoff} lane to the other thread, and each thread drains its inbox
 *     (copying each packet into its own buffer, as the daemon's channel does) and translates what it receives. With
 *     2 queues and flows hashed to queues independently of shards, about 50% cross.</li>
 * </ul>
 * Throughput: the score of a group is the sum of its threads' ops, one op = one packet read (translated here or by
 * the other thread); a packet dropped on a full lane is an op too, so the aux counter {@code translated} (packets
 * translated per second, all threads) is the rate to compare under load; {@code handedOff} and {@code dropped} are
 * the rates of packets that crossed and of those that found a full lane. Each shard has 64 established flows, so
 * lookups stay in cache: this measures the translator and the hand-off, not the table's cache misses.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkFlags.ADD_EXPORTS, BenchmarkFlags.ALLOW_UNSAFE, "-Xmx1g"})
public class Nat64ShardScalingBenchmark
{
    private static final int FLOWS = 64;
    private static final String REMOTE6 = "64:ff9b::c633:640a";

    /**
     * A sharded NAT64 with {@link #FLOWS} established flows per shard and, per shard, the packets of its flows.
     */
    abstract static class Nat64
    {
        Nat64Shards shards;
        Nat64Translator[] translators;
        /** [shard][flow]: a packet of an established flow of that shard. */
        byte[][][] packets;

        void build(final int shardCount)
        {
            shards = new Nat64Shards(Nat64Config.builder().seed(9).sessionCapacity(1 << 16).build(),
                Pool4.parse("192.0.2.0/28:1024-65535"), shardCount, List.of());
            final SiitAddressMapper pool6 = SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true)
                .build();
            translators = new Nat64Translator[shardCount];
            for (int s = 0; s < shardCount; s++)
            {
                translators[s] = new Nat64Translator(shards.shard(s), pool6, SiitConfig.builder());
            }
            packets = new byte[shardCount][FLOWS][];
            final int[] filled = new int[shardCount];
            final TranslationResult result = new TranslationResult();
            int done = 0;
            for (int h = 1; done < shardCount * FLOWS; h++)
            {
                final String host = "2001:db8:" + Integer.toHexString(h) + "::1";
                final long[] a = Ipv6Addresses.parse(host);
                final int s = shards.shardForOutbound(a[0], a[1]);
                if (filled[s] == FLOWS)
                {
                    continue;
                }
                final byte[] p = PacketBuilder.ipv6(host, REMOTE6).udp(4000, 53).payloadOfLength(64).build();
                final int verdict = translators[s].translate(new UnsafeBuffer(p.clone()), 0, p.length, result, 0);
                if (verdict != 1)
                {
                    throw new IllegalStateException("setup: flow not created, verdict=" + verdict);
                }
                packets[s][filled[s]++] = p;
                done++;
            }
        }
    }

    /** One shard. */
    @State(Scope.Benchmark)
    public static class OneShard extends Nat64
    {
        /** Builds the NAT64. */
        @Setup
        public void setup()
        {
            build(1);
        }
    }

    /** Two shards, shared by the two threads of a group (each touches only its own shard). */
    @State(Scope.Group)
    public static class TwoShards extends Nat64
    {
        /** Builds the NAT64. */
        @Setup
        public void setup()
        {
            build(2);
        }
    }

    /** Two shards with a hand-off and, per thread, a packet stream of which a fraction belongs to the other. */
    @State(Scope.Group)
    public static class TwoShardsHandoff extends Nat64
    {
        /** Percent of the packets a thread reads that belong to the other shard. */
        @Param({"12", "50"})
        public int crossPercent;

        ShardHandoff handoff;
        Nat64ShardRouter[] routers;
        /** [thread][i]: the stream a thread reads. */
        byte[][][] streams;

        /** Builds the NAT64, the hand-off and the streams. */
        @Setup
        public void setup()
        {
            build(2);
            // 4096 slots per lane: absorbs a few milliseconds of the other thread being descheduled.
            handoff = new ShardHandoff(2, 4096, 2048, 12);
            routers = new Nat64ShardRouter[]{new Nat64ShardRouter(shards, 0), new Nat64ShardRouter(shards, 1)};
            streams = new byte[2][100 * FLOWS][];
            for (int t = 0; t < 2; t++)
            {
                for (int i = 0; i < streams[t].length; i++)
                {
                    // Spread the foreign packets evenly: packet i is foreign when the running count says so.
                    final boolean foreign = (i + 1) * crossPercent / 100 != i * crossPercent / 100;
                    streams[t][i] = packets[foreign ? 1 - t : t][i % FLOWS];
                }
            }
        }
    }

    /** Per-thread buffers. */
    @State(Scope.Thread)
    public static class Scratch
    {
        final TranslationResult result = new TranslationResult();
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[2048]);
        int next;
        ShardHandoff.Handler onInbound;
        Nat64Translator inboundTranslator;
        int inboundVerdicts;

        /** Prepares the inbox handler. */
        @Setup(Level.Trial)
        public void setup()
        {
            onInbound = this::onInbound;
        }

        private void onInbound(final int producer, final MutableDirectBuffer buffer, final int offset, final int length)
        {
            // As Nat64ShardChannel: copy out of the slot into the worker's buffer, then translate.
            packet.putBytes(0, buffer, offset, length);
            inboundVerdicts += inboundTranslator.translate6to4(packet, 0, length, result, 1);
        }
    }

    /** Hand-off rates per thread (ops/us, summed over the group), reported next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Crossing
    {
        /** Packets given to the other shard. */
        public long handedOff;
        /** Packets dropped on a full lane. */
        public long dropped;
        /** Packets translated by this thread (its own and those it received): the useful rate under drops. */
        public long translated;
    }

    private static int translate(final Nat64 nat64, final int shard, final Scratch scratch)
    {
        final byte[][] flows = nat64.packets[shard];
        final byte[] p = flows[scratch.next++ & (FLOWS - 1)];
        scratch.packet.putBytes(0, p);
        return nat64.translators[shard].translate6to4(scratch.packet, 0, p.length, scratch.result, 1);
    }

    private static int readRouteTranslate(
        final TwoShardsHandoff nat64, final int shard, final Scratch scratch, final Crossing crossing)
    {
        final ShardHandoff.Endpoint endpoint = nat64.handoff.endpoint(shard);
        scratch.inboundTranslator = nat64.translators[shard];
        scratch.inboundVerdicts = 0;
        endpoint.drain(scratch.onInbound, 8);
        final byte[][] stream = nat64.streams[shard];
        final byte[] p = stream[scratch.next];
        scratch.next = scratch.next + 1 == stream.length ? 0 : scratch.next + 1;
        final UnsafeBuffer packet = scratch.packet;
        packet.putBytes(0, p);
        final int target = nat64.routers[shard].shardOf(packet, 0, p.length);
        if (target == shard)
        {
            final int verdicts = scratch.inboundVerdicts + nat64.translators[shard].translate6to4(packet, 0,
                p.length, scratch.result, 1);
            crossing.translated += verdicts;
            return verdicts;
        }
        if (endpoint.offer(target, packet, 0, p.length) >= 0)
        {
            crossing.handedOff++;
        }
        else
        {
            crossing.dropped++;
        }
        crossing.translated += scratch.inboundVerdicts;
        return scratch.inboundVerdicts;
    }

    /**
     * One shard on one thread.
     *
     * @param nat64   the NAT64.
     * @param scratch buffers.
     * @return the verdict.
     */
    @Benchmark
    @Group("oneShard")
    @GroupThreads(1)
    public int oneShard(final OneShard nat64, final Scratch scratch)
    {
        return translate(nat64, 0, scratch);
    }

    /**
     * Shard 0 of two, on its own thread.
     *
     * @param nat64   the NAT64.
     * @param scratch buffers.
     * @return the verdict.
     */
    @Benchmark
    @Group("twoShards")
    @GroupThreads(1)
    public int twoShards0(final TwoShards nat64, final Scratch scratch)
    {
        return translate(nat64, 0, scratch);
    }

    /**
     * Shard 1 of two, on its own thread.
     *
     * @param nat64   the NAT64.
     * @param scratch buffers.
     * @return the verdict.
     */
    @Benchmark
    @Group("twoShards")
    @GroupThreads(1)
    public int twoShards1(final TwoShards nat64, final Scratch scratch)
    {
        return translate(nat64, 1, scratch);
    }

    /**
     * Shard 0 of two, reading a stream in which some packets belong to shard 1.
     *
     * @param nat64    the NAT64.
     * @param scratch  buffers.
     * @param crossing hand-off events.
     * @return the verdicts.
     */
    @Benchmark
    @Group("twoShardsHandoff")
    @GroupThreads(1)
    public int twoShardsHandoff0(final TwoShardsHandoff nat64, final Scratch scratch, final Crossing crossing)
    {
        return readRouteTranslate(nat64, 0, scratch, crossing);
    }

    /**
     * Shard 1 of two, reading a stream in which some packets belong to shard 0.
     *
     * @param nat64    the NAT64.
     * @param scratch  buffers.
     * @param crossing hand-off events.
     * @return the verdicts.
     */
    @Benchmark
    @Group("twoShardsHandoff")
    @GroupThreads(1)
    public int twoShardsHandoff1(final TwoShardsHandoff nat64, final Scratch scratch, final Crossing crossing)
    {
        return readRouteTranslate(nat64, 1, scratch, crossing);
    }
}
