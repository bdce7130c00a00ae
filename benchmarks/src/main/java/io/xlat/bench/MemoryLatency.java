package io.xlat.bench;

import java.util.SplittableRandom;

/**
 * What one cache miss costs on this machine, the unit the NAT64 table numbers are made of: a pointer chase through a
 * random cyclic permutation of 32M ints (128 MiB, far beyond the caches: each load depends on the one before, so
 * nothing overlaps) against the same number of independent random loads (which the processor overlaps). Prints
 * five rounds of ns per load.
 * <p>
 * Run: {@code java -cp benchmarks.jar io.xlat.bench.MemoryLatency}, and again with
 * {@code -XX:+UseTransparentHugePages} to see the TLB's share.
 */
public final class MemoryLatency
{
    private static final int SIZE = 1 << 25;
    private static final int LOADS = 2_000_000;
    private static final int ROUNDS = 5;

    private MemoryLatency()
    {
    }

    /**
     * Runs the measurement.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final SplittableRandom random = new SplittableRandom(1);
        final int[] order = new int[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            order[i] = i;
        }
        for (int i = SIZE - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        final int[] next = new int[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            next[order[i]] = order[(i + 1) % SIZE];
        }
        final int[] targets = new int[1 << 20];
        for (int i = 0; i < targets.length; i++)
        {
            targets[i] = random.nextInt(SIZE);
        }
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long t0 = System.nanoTime();
            int p = 0;
            for (int i = 0; i < LOADS; i++)
            {
                p = next[p];
            }
            final long t1 = System.nanoTime();
            long sum = 0;
            for (int i = 0; i < LOADS; i++)
            {
                sum += next[targets[i & (targets.length - 1)]];
            }
            final long t2 = System.nanoTime();
            sink += p + sum;
            System.out.printf("dependent loads %.1f ns each, independent loads %.1f ns each%n",
                (t1 - t0) / (double)LOADS, (t2 - t1) / (double)LOADS);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
