package io.xlat.bench.nat64;

import io.xlat.bench.BenchmarkFlags;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64Protocol;
import io.xlat.core.nat64.Nat64State;
import io.xlat.core.nat64.Nat64Tcp;
import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Stateful NAT64: one established UDP flow translated outbound with 1,000,000 other live sessions in the table
 * ({@code established}), session creation for fresh IPv6 sources ({@code create}, BIB + session per op), and the
 * expiry sweep of created sessions ({@code expire}, amortised per session). Run with {@code -prof gc}.
 * <p>
 * The tables (about 130 MB here) are far larger than the caches, so random lookups cost a TLB miss as well as a
 * cache miss; the forks run with transparent huge pages for the heap ({@code -XX:+UseTransparentHugePages}, which
 * the kernel honours in its default {@code madvise} mode), as a production PLAT should. docs/benchmarks.md has the
 * numbers with and without.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkFlags.ADD_EXPORTS, BenchmarkFlags.ALLOW_UNSAFE, "-Xmx2g",
    "-XX:+UseTransparentHugePages"})
@State(Scope.Thread)
public class Nat64TranslatorBenchmark
{
    private static final int LIVE = 1_000_000;
    private static final int CAPACITY = 1 << 21;
    /** A stride coprime with {@link #LIVE}, so every flow is visited once per million ops. */
    private static final int STRIDE = 392_711;
    /** Packets per burst in {@link #createBurst}. */
    private static final int BURST = 32;

    private Nat64Translator translator;
    private Nat64State state;
    private final TranslationResult result = new TranslationResult();
    private UnsafeBuffer packet;
    private byte[] pristine;
    private long host;
    private long now;
    private int flow;

    /**
     * Fills the table with one million sessions (500,000 hosts x 2 remotes) and prepares one established flow.
     */
    @Setup
    public void setup()
    {
        state = new Nat64State(Nat64Config.builder().seed(1).sessionCapacity(CAPACITY).bibCapacity(CAPACITY / 2)
            .subscriberCapacity(CAPACITY / 2).hostCapacity(CAPACITY / 2).maxSessionsPerSubscriber(1 << 20).build(),
            Pool4.parse("192.0.2.0/24:1024-65535"));
        translator = new Nat64Translator(state,
            SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build(), SiitConfig.builder());
        for (int i = 0; i < LIVE; i++)
        {
            state.outbound(Nat64Protocol.UDP, 0x2001_0db8_0000_0000L, i >>> 1, 1000, 0xC633_6400 | (i & 1), 53, 0, 0);
        }
        pristine = PacketBuilder.ipv6("2001:db8::7fff:ffff", "64:ff9b::c633:640a").udp(4000, 53)
            .payloadOfLength(64).build();
        packet = new UnsafeBuffer(new byte[pristine.length]);
        host = 1L << 40;
    }

    /**
     * Translates a packet of an established flow.
     *
     * @return the verdict.
     */
    @Benchmark
    public int established()
    {
        packet.putBytes(0, pristine);
        return translator.translate6to4(packet, 0, pristine.length, result, 1);
    }

    /**
     * Translates a packet of one of the 1,000,000 live flows, a different one each time in a pseudo-random order
     * (the table's cache misses, which {@link #established} with its one hot flow does not see). Only the source
     * address and destination are patched per op; the UDP checksum is then stale, which the translator, updating
     * it incrementally, does not check.
     *
     * @return the verdict.
     */
    @Benchmark
    public int establishedManyFlows()
    {
        flow = (flow + STRIDE) % LIVE;
        packet.putBytes(0, pristine);
        packet.putLong(16, flow >>> 1, ByteOrder.BIG_ENDIAN);
        packet.putShort(38, (short)(0x6400 | (flow & 1)), ByteOrder.BIG_ENDIAN);
        packet.putShort(40, (short)1000, ByteOrder.BIG_ENDIAN);
        return translator.translate6to4(packet, 0, pristine.length, result, 1);
    }

    /**
     * The table of {@link #create}: 1,000,000 live TCP sessions in ESTABLISHED (2 h 4 min), into which UDP sessions
     * (5 min) are created. Before each iteration the clock moves past the UDP timeout and the created sessions are
     * expired, outside the measured time, while the established ones stay: every measured creation goes into a table
     * holding at least the million. The clock moves 301 s per iteration, so up to 24 iterations per fork keep the
     * million live (the benchmarks use 13). An iteration lasts 100 ms, so that it creates fewer sessions than the BIB
     * has free entries (500,000) and the sweep stays out of the measured time.
     */
    @State(Scope.Thread)
    public static class CreateTable
    {
        Nat64State state;
        Nat64Translator translator;
        long host = 1L << 40;
        long now;

        /**
         * Fills the table: 500,000 hosts with one BIB entry and two TCP sessions each.
         */
        @Setup
        public void setup()
        {
            state = new Nat64State(Nat64Config.builder().seed(1).sessionCapacity(CAPACITY).bibCapacity(CAPACITY / 2)
                .subscriberCapacity(CAPACITY / 2).hostCapacity(CAPACITY / 2).maxSessionsPerSubscriber(1 << 20).build(),
                Pool4.parse("192.0.2.0/24:1024-65535"));
            translator = new Nat64Translator(state, SiitAddressMapper.builder().pool6("64:ff9b::/96")
                .allowWkpNonGlobal(true).build(), SiitConfig.builder());
            for (int i = 0; i < LIVE; i++)
            {
                final int remote = 0xC633_6400 | (i & 1);
                final int s = state.outbound(
                    Nat64Protocol.TCP, 0x2001_0db8_0000_0000L, i >>> 1, 1000, remote, 80, Nat64Tcp.V6_SYN, 0);
                final int b = state.sessionBib(s);
                state.inbound(Nat64Protocol.TCP, state.bibV4Address(b), state.bibV4Port(b), remote, 80, Nat64Tcp.V4_SYN,
                    0);
            }
            if (state.sessionCount() != LIVE)
            {
                throw new IllegalStateException("setup created " + state.sessionCount() + " sessions");
            }
        }

        /**
         * Expires what the last iteration created; the million established sessions stay.
         */
        @Setup(Level.Iteration)
        public void sweep()
        {
            now += 301_000;
            while (translator.expire(now) > 0)
            {
                now += 0;
            }
            if (state.sessionCount() != LIVE)
            {
                throw new IllegalStateException(state.sessionCount() + " sessions live, expected " + LIVE);
            }
        }
    }

    /**
     * Creates a UDP session (and its BIB entry, and its IPv6 host entry) for a new IPv6 source each time, with
     * 1,000,000 other sessions live ({@link CreateTable}). Should the BIB fill within one iteration (it holds 500,000
     * more entries; an iteration on this machine creates fewer), the sweep happens in the measured time and shows as
     * an outlier.
     *
     * @param table the table.
     * @return the session index.
     */
    @Benchmark
    @Warmup(iterations = 5, time = 100, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 8, time = 100, timeUnit = TimeUnit.MILLISECONDS)
    public int create(final CreateTable table)
    {
        final Nat64State s = table.state;
        if (s.bibCount() > CAPACITY / 2 - 1024)
        {
            table.sweep();
        }
        return s.outbound(Nat64Protocol.UDP, 0x2001_0db8_0001_0000L, table.host++, 1000, 0xC633_640A, 53, 0, table.now);
    }

    /**
     * {@link #create} for bursts of {@value #BURST} new IPv6 sources, as a translator that drains its queue would see
     * them: {@link Nat64State#prefetchOutbound} for each packet of the burst, then {@link Nat64State#outbound} for
     * each, so the burst's cache misses overlap. Time per created session.
     *
     * @param table the table.
     * @return the last session index.
     */
    @Benchmark
    @Warmup(iterations = 5, time = 100, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 8, time = 100, timeUnit = TimeUnit.MILLISECONDS)
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BURST)
    public int createBurst(final CreateTable table)
    {
        final Nat64State s = table.state;
        if (s.bibCount() > CAPACITY / 2 - 1024)
        {
            table.sweep();
        }
        final long first = table.host;
        for (int i = 0; i < BURST; i++)
        {
            s.prefetchOutbound(Nat64Protocol.UDP, 0x2001_0db8_0001_0000L, first + i, 1000, 0xC633_640A);
        }
        int last = 0;
        for (int i = 0; i < BURST; i++)
        {
            last = s.outbound(Nat64Protocol.UDP, 0x2001_0db8_0001_0000L, first + i, 1000, 0xC633_640A, 53, 0,
                table.now);
        }
        table.host = first + BURST;
        return last;
    }

    /**
     * Creates then expires sessions in batches of {@link Nat64Translator#EXPIRY_BUDGET}: the cost per created and
     * removed session.
     *
     * @return sessions removed.
     */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(Nat64Translator.EXPIRY_BUDGET)
    public int expire()
    {
        final long start = now;
        for (int i = 0; i < Nat64Translator.EXPIRY_BUDGET; i++)
        {
            state.outbound(Nat64Protocol.UDP, 0x2001_0db8_0002_0000L, host++, 1000, 0xC633_640A, 53, 0, start);
        }
        now = start + 400_000;
        return translator.expire(now);
    }
}
