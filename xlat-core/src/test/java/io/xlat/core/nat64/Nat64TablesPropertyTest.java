package io.xlat.core.nat64;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hash tables under {@link Nat64State} driven directly, with tiny bucket arrays (long chains, every bucket shared)
 * and many removals, against plain maps: a lookup must find exactly what is there, whatever the bucket filters
 * ({@link Nat64Buckets}) say. A filter bit missing for a present entry (a false negative) fails these; a filter that
 * is not rebuilt on removal would only cost walks, which {@link #filterForgetsRemovedEntries()} checks.
 */
class Nat64TablesPropertyTest
{
    private static final long HIGH = 0x2001_0db8_0000_0000L;

    @Property(tries = 200)
    void hostsAgreeWithAMap(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 64) final int capacity)
    {
        final Random random = new Random(seed);
        final Nat64Hosts hosts = new Nat64Hosts(capacity, seed);
        final Map<Long, Integer> refs = new HashMap<>();
        final Map<Long, Integer> index = new HashMap<>();
        for (int step = 0; step < 600; step++)
        {
            final long low = random.nextInt(2 * capacity + 2);
            final int found = hosts.find(HIGH, low);
            assertEquals(index.getOrDefault(low, -1), found, "find " + low + " at step " + step);
            if (random.nextBoolean() && (found >= 0 || !hosts.isFull()))
            {
                index.put(low, hosts.acquire(found, HIGH, low));
                refs.merge(low, 1, Integer::sum);
            }
            else if (found >= 0)
            {
                hosts.release(found);
                if (refs.merge(low, -1, Integer::sum) == 0)
                {
                    refs.remove(low);
                    index.remove(low);
                }
            }
        }
        assertEquals(index.size(), hosts.size());
    }

    @Property(tries = 200)
    void bibAgreesWithMapsOnBothSides(
        @ForAll final long seed, @ForAll @IntRange(min = 1, max = 48) final int capacity)
    {
        final Random random = new Random(seed);
        final Nat64Hosts hosts = new Nat64Hosts(capacity, seed);
        final Nat64Bib bib = new Nat64Bib(capacity, seed * 31, hosts);
        final Map<List<Long>, Integer> by6 = new HashMap<>();
        final Map<List<Integer>, Integer> by4 = new HashMap<>();
        final List<int[]> live = new ArrayList<>();
        for (int step = 0; step < 600; step++)
        {
            final int protocol = random.nextInt(3);
            final long low = random.nextInt(6);
            final int port6 = random.nextInt(4);
            final int address4 = 0xC000_0200 | random.nextInt(2);
            final int port4 = 1024 + random.nextInt(8);
            final List<Long> key6 = List.of((long)protocol, low, (long)port6);
            final List<Integer> key4 = List.of(protocol, address4, port4);
            assertEquals(by6.getOrDefault(key6, -1), bib.find6(protocol, HIGH, low, port6), "find6 " + key6);
            assertEquals(by4.getOrDefault(key4, -1), bib.find4(protocol, address4, port4), "find4 " + key4);
            if (random.nextInt(3) > 0 && !by6.containsKey(key6) && !by4.containsKey(key4) && !bib.isFull())
            {
                final int b = bib.insert(protocol, hosts.acquire(hosts.find(HIGH, low), HIGH, low), port6, address4,
                    port4, false);
                by6.put(key6, b);
                by4.put(key4, b);
                live.add(new int[] {b, protocol, (int)low, port6, address4, port4});
            }
            else if (!live.isEmpty())
            {
                final int[] gone = live.remove(random.nextInt(live.size()));
                final int host = bib.host(gone[0]);
                bib.remove(gone[0]);
                hosts.release(host);
                by6.remove(List.of((long)gone[1], (long)gone[2], (long)gone[3]));
                by4.remove(List.of(gone[1], gone[4], gone[5]));
            }
        }
        assertEquals(by6.size(), bib.size());
    }

    @Property(tries = 200)
    void sessionsAgreeWithAMap(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 64) final int capacity)
    {
        final Random random = new Random(seed);
        // Sessions hash by their BIB entry's pool4 side: four entries, two of them on the same address.
        final Nat64Hosts hosts = new Nat64Hosts(4, seed);
        final Nat64Bib bibs = new Nat64Bib(4, seed, hosts);
        for (int i = 0; i < 4; i++)
        {
            bibs.insert(Nat64Protocol.UDP, hosts.acquire(-1, HIGH, i), 5000, 0xC000_0200 | (i >> 1), 1024 + i, false);
        }
        final Nat64Sessions sessions = new Nat64Sessions(capacity, seed, bibs);
        final Map<List<Integer>, Integer> byKey = new HashMap<>();
        final List<List<Integer>> live = new ArrayList<>();
        for (int step = 0; step < 600; step++)
        {
            final int bib = random.nextInt(4);
            final int remote = 0xC633_6400 | random.nextInt(3);
            final int port = random.nextInt(3);
            final List<Integer> key = List.of(bib, remote, port);
            assertEquals(byKey.getOrDefault(key, -1), sessions.find(bib, remote, port), "find " + key);
            final boolean anyPort = byKey.keySet().stream().anyMatch(k -> k.get(0) == bib && k.get(1) == remote);
            assertEquals(anyPort, sessions.findAnyPort(bib, remote) >= 0, "findAnyPort " + key);
            if (random.nextInt(3) > 0 && !byKey.containsKey(key) && !sessions.isFull())
            {
                byKey.put(key, sessions.insert(bib, remote, port, Nat64Tcp.CLOSED, Nat64Timeouts.UDP, false, step));
                live.add(key);
            }
            else if (!live.isEmpty())
            {
                sessions.remove(byKey.remove(live.remove(random.nextInt(live.size()))));
            }
        }
        assertEquals(byKey.size(), sessions.size());
    }

    @Property(tries = 100)
    void subscribersAgreeWithAMap(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 32) final int capacity)
    {
        final Random random = new Random(seed);
        final Nat64Subscribers subscribers = new Nat64Subscribers(capacity, 64, seed);
        final Map<Long, Integer> counts = new HashMap<>();
        for (int step = 0; step < 600; step++)
        {
            final long prefix = HIGH | random.nextInt(2 * capacity + 2);
            final long low = random.nextLong();
            final int found = subscribers.find(prefix, low);
            assertEquals(counts.containsKey(prefix), found >= 0, "find " + prefix);
            if (random.nextBoolean() && (found >= 0 || !subscribers.isFull()))
            {
                subscribers.increment(found, prefix, low);
                counts.merge(prefix, 1, Integer::sum);
            }
            else if (found >= 0)
            {
                subscribers.decrement(prefix, low);
                if (counts.merge(prefix, -1, Integer::sum) == 0)
                {
                    counts.remove(prefix);
                }
            }
            assertEquals(counts.getOrDefault(prefix, 0), subscribers.count(subscribers.find(prefix, low)));
        }
        assertEquals(counts.size(), subscribers.size());
    }

    /**
     * One bucket, many entries: after all but one leave, the filter holds that one's bit only, so a lookup of an
     * absent key whose bit differs ends at the bucket. Fails if removal keeps the bits of entries that are gone.
     */
    @Test
    void filterForgetsRemovedEntries()
    {
        final Nat64Buckets buckets = new Nat64Buckets(1, 1 << 20);
        // Bits 58-60 and 61-63 give the two filter bits: kept sets bits 1 and 1, gone sets 2 and 3.
        final long kept = 1L << 58 | 1L << 61;
        final long gone = 2L << 58 | 3L << 61;
        buckets.push(gone, 0);
        buckets.push(kept, 1);
        assertEquals(true, buckets.mayHold(buckets.word(0), gone));
        buckets.replace(0, 1, buckets.filterBit(kept));
        assertEquals(false, buckets.mayHold(buckets.word(0), gone));
        assertEquals(true, buckets.mayHold(buckets.word(0), kept));
        assertEquals(1, buckets.head(buckets.word(0)));
        buckets.replace(0, -1, 0);
        assertEquals(0, buckets.word(0));
        assertEquals(-1, buckets.head(buckets.word(0)));
    }

    /** The filter takes the bits the index does not need, at most 8, down to 2 at 2^28 entries. */
    @Test
    void filterWidthFollowsCapacity()
    {
        for (final int[] capacityAndWidth : new int[][] {{1, 8}, {1 << 15, 8}, {1 << 20, 8}, {1 << 24, 4},
            {(1 << 24) - 1, 8}, {1 << 28, 2}})
        {
            final Nat64Buckets buckets = new Nat64Buckets(1, capacityAndWidth[0]);
            int bits = 0;
            for (long h = 0; h < 64; h++)
            {
                final int entryBits = buckets.filterBit(h << 58);
                assertEquals(true, Integer.bitCount(entryBits) == 1 || Integer.bitCount(entryBits) == 2);
                bits |= entryBits;
            }
            assertEquals(capacityAndWidth[1], Integer.bitCount(bits), "capacity " + capacityAndWidth[0]);
            final int index = capacityAndWidth[0];
            buckets.push(0, index - 1);
            assertEquals(index - 1, buckets.head(buckets.word(0)), "largest index, capacity " + capacityAndWidth[0]);
        }
    }
}
