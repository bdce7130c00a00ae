package io.xlat.bench.nat64;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64Protocol;
import io.xlat.core.nat64.Nat64State;
import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;

/**
 * The cases of {@link Nat64TranslatorBenchmark} timed by the thread's CPU time instead of the wall clock, for a
 * shared machine where other processes take most of the CPU: time spent waiting for a core is not counted (their
 * cache pollution still is). Prints the best of seven rounds, ns per operation:
 * <ul>
 *   <li>established: one hot UDP flow translated 6-to-4, 1,000,000 other live sessions;</li>
 *   <li>manyFlows: each translation a different one of the 1,000,000 flows (stride 392,711);</li>
 *   <li>create: a session, BIB entry and host for a fresh IPv6 source (400,000 per round into the full table);</li>
 *   <li>expire: removing those, session, BIB entry and host each, through {@link Nat64State#expire}.</li>
 * </ul>
 * Run: {@code java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
 * -Dagrona.disable.bounds.checks=true -Xmx3g -cp benchmarks.jar io.xlat.bench.nat64.Nat64CpuTimeRun}.
 */
public final class Nat64CpuTimeRun
{
    private static final int LIVE = 1_000_000;
    private static final int CAPACITY = 1 << 21;
    private static final int ROUNDS = 7;
    private static final int CREATED = 400_000;
    private static final long NET = 0x2001_0db8_0000_0000L;
    private static final long FRESH = 0x2001_0db8_0001_0000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Nat64CpuTimeRun()
    {
    }

    /**
     * Runs the rounds and prints the result.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final Nat64State state = new Nat64State(Nat64Config.builder().seed(1).sessionCapacity(CAPACITY)
            .bibCapacity(CAPACITY / 2).subscriberCapacity(CAPACITY / 2).hostCapacity(CAPACITY / 2)
            .maxSessionsPerSubscriber(1 << 20).build(), Pool4.parse("192.0.2.0/24:1024-65535"));
        final Nat64Translator translator = new Nat64Translator(state,
            SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build(), SiitConfig.builder());
        fill(state, 0);
        final byte[] pristine = PacketBuilder.ipv6("2001:db8::7fff:ffff", "64:ff9b::c633:640a").udp(4000, 53)
            .payloadOfLength(64).build();
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[pristine.length]);
        final TranslationResult result = new TranslationResult();
        final double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        long sink = 0;
        int flow = 0;
        long host = 1L << 40;
        long now = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < 2_000_000; i++)
            {
                packet.putBytes(0, pristine);
                sink += translator.translate6to4(packet, 0, pristine.length, result, now);
            }
            best[0] = Math.min(best[0], (THREADS.getCurrentThreadCpuTime() - start) / 2e6);
            start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < 500_000; i++)
            {
                flow = (flow + 392_711) % LIVE;
                packet.putBytes(0, pristine);
                packet.putLong(16, flow >>> 1, ByteOrder.BIG_ENDIAN);
                packet.putShort(38, (short)(0x6400 | (flow & 1)), ByteOrder.BIG_ENDIAN);
                packet.putShort(40, (short)1000, ByteOrder.BIG_ENDIAN);
                sink += translator.translate6to4(packet, 0, pristine.length, result, now);
            }
            best[1] = Math.min(best[1], (THREADS.getCurrentThreadCpuTime() - start) / 5e5);
            final long created = now + 1;
            start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < CREATED; i++)
            {
                sink += state.outbound(Nat64Protocol.UDP, FRESH, host++, 1000, 0xC633_640A, 53, 0, created);
            }
            best[2] = Math.min(best[2], (THREADS.getCurrentThreadCpuTime() - start) / (double)CREATED);
            // Keep the 1,000,000 flows (refreshed after the created ones) while the created ones expire.
            fill(state, created + 1);
            start = THREADS.getCurrentThreadCpuTime();
            int removed = 0;
            int n;
            while ((n = state.expire(created + 300_000, Nat64Translator.EXPIRY_BUDGET)) > 0)
            {
                removed += n;
            }
            best[3] = Math.min(best[3], (THREADS.getCurrentThreadCpuTime() - start) / (double)Math.max(1, removed));
            now = created + 300_000;
        }
        System.out.printf("CPU ns/op, best of %d rounds: established %.1f, manyFlows %.1f, create %.1f, " +
            "expire %.1f (%d B in tables, checksum %d)%n", ROUNDS, best[0], best[1], best[2], best[3],
            state.allocatedBytes(), sink);
    }

    private static void fill(final Nat64State state, final long now)
    {
        for (int i = 0; i < LIVE; i++)
        {
            state.outbound(Nat64Protocol.UDP, NET, i >>> 1, 1000, 0xC633_6400 | (i & 1), 53, 0, now);
        }
    }
}
