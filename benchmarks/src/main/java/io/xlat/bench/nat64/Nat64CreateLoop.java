package io.xlat.bench.nat64;

import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64Protocol;
import io.xlat.core.nat64.Nat64State;
import io.xlat.core.nat64.Nat64Tcp;
import io.xlat.core.nat64.Pool4;

/**
 * Session creation in a plain loop, one JVM, for quick comparisons beside {@link Nat64TranslatorBenchmark}: a table
 * of {@code live} established TCP sessions (capacity {@code capacity}), then rounds of {@code perRound} UDP
 * creations for fresh IPv6 sources, in bursts of {@code burst} ({@link Nat64State#prefetchOutbound} for the burst,
 * then {@link Nat64State#outbound} for each; 1 = no prefetch). The created sessions are expired between rounds.
 * Prints ns per creation for each round.
 * <p>
 * Run: {@code java -XX:+UseTransparentHugePages -Xmx2g --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
 * -cp benchmarks.jar io.xlat.bench.nat64.Nat64CreateLoop LIVE CAPACITY PER_ROUND ROUNDS BURST}, e.g.
 * {@code 1000000 2097152 300000 10 32} (the 1M-session table) or {@code 0 4096 1504 3000 1} (a table that stays in
 * the caches: the compute alone).
 */
public final class Nat64CreateLoop
{
    private static final long NET = 0x2001_0db8_0000_0000L;
    private static final long FRESH = 0x2001_0db8_0001_0000L;
    private static final int REMOTE = 0xC633_640A;

    private Nat64CreateLoop()
    {
    }

    /**
     * Runs the loop.
     *
     * @param args LIVE CAPACITY PER_ROUND ROUNDS BURST.
     */
    public static void main(final String[] args)
    {
        if (args.length != 5)
        {
            throw new IllegalArgumentException("usage: LIVE CAPACITY PER_ROUND ROUNDS BURST");
        }
        final int live = Integer.parseInt(args[0]);
        final int capacity = Integer.parseInt(args[1]);
        final int perRound = Integer.parseInt(args[2]);
        final int rounds = Integer.parseInt(args[3]);
        final int burst = Integer.parseInt(args[4]);
        final Nat64State state = new Nat64State(Nat64Config.builder().seed(1).sessionCapacity(capacity)
            .bibCapacity(capacity / 2).subscriberCapacity(capacity / 2).hostCapacity(capacity / 2)
            .maxSessionsPerSubscriber(1 << 20).build(), Pool4.parse("192.0.2.0/24:1024-65535"));
        for (int i = 0; i < live; i++)
        {
            final int remote = 0xC633_6400 | (i & 1);
            final int s = state.outbound(Nat64Protocol.TCP, NET, i >>> 1, 1000, remote, 80, Nat64Tcp.V6_SYN, 0);
            final int b = state.sessionBib(s);
            state.inbound(Nat64Protocol.TCP, state.bibV4Address(b), state.bibV4Port(b), remote, 80, Nat64Tcp.V4_SYN,
                0);
        }
        long now = 0;
        long host = 1L << 40;
        long sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            now += 301_000;
            while (state.expire(now, 1 << 20) > 0)
            {
                now += 0;
            }
            final long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i += burst)
            {
                if (burst > 1)
                {
                    for (int k = 0; k < burst; k++)
                    {
                        state.prefetchOutbound(Nat64Protocol.UDP, FRESH, host + k, 1000, REMOTE);
                    }
                }
                for (int k = 0; k < burst; k++)
                {
                    sink += state.outbound(Nat64Protocol.UDP, FRESH, host++, 1000, REMOTE, 53, 0, now);
                }
            }
            final long t1 = System.nanoTime();
            System.out.printf("round %d: %.1f ns per creation (%d sessions live)%n", round,
                (t1 - t0) / (double)perRound, state.sessionCount());
        }
        System.out.println("(checksum " + sink + ")");
    }
}
