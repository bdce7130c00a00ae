package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * Session counts per subscriber, a subscriber being the IPv6 source address cut to a configured prefix length
 * (/128 for one host, /64 or /56 for a customer's LAN), so one customer cannot exhaust pool4 or the session table.
 * Fixed capacity, chained hash over primitive arrays; an entry exists while its count is above zero.
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes: long high, low; int count, next, bucket.
 */
final class Nat64Subscribers
{
    static final int BYTES_PER_ENTRY = 28;

    private final long[] high;
    private final long[] low;
    private final int[] count;
    private final int[] next;
    private final int[] buckets;
    private final int mask;
    private final long salt;
    private final long maskHigh;
    private final long maskLow;
    private int freeHead;
    private int size;

    Nat64Subscribers(final int capacity, final int prefixLength, final long salt)
    {
        this.salt = salt;
        this.maskHigh = prefixLength >= 64 ? -1L : (prefixLength == 0 ? 0 : -1L << (64 - prefixLength));
        this.maskLow = prefixLength <= 64 ? 0 : (prefixLength == 128 ? -1L : -1L << (128 - prefixLength));
        final int bucketCount = Integer.highestOneBit(Math.max(1, capacity - 1)) << (capacity > 1 ? 1 : 0);
        this.mask = bucketCount - 1;
        high = new long[capacity];
        low = new long[capacity];
        count = new int[capacity];
        next = new int[capacity];
        buckets = new int[bucketCount];
        Arrays.fill(buckets, -1);
        for (int i = 0; i < capacity; i++)
        {
            next[i] = i + 1 < capacity ? i + 1 : -1;
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 8L * (high.length + low.length) + 4L * (count.length + next.length + buckets.length);
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return freeHead < 0;
    }

    long maskHigh()
    {
        return maskHigh;
    }

    long maskLow()
    {
        return maskLow;
    }

    /**
     * Finds the subscriber of an IPv6 address.
     *
     * @return the entry, or -1.
     */
    int find(final long addressHigh, final long addressLow)
    {
        final long h = addressHigh & maskHigh;
        final long l = addressLow & maskLow;
        int i = buckets[bucket(h, l)];
        while (i >= 0)
        {
            if (high[i] == h && low[i] == l)
            {
                return i;
            }
            i = next[i];
        }
        return -1;
    }

    int count(final int i)
    {
        return i < 0 ? 0 : count[i];
    }

    /**
     * Adds one session to a subscriber, creating its entry; the caller checked {@link #isFull()} when absent.
     */
    void increment(final int existing, final long addressHigh, final long addressLow)
    {
        if (existing >= 0)
        {
            count[existing]++;
            return;
        }
        final long h = addressHigh & maskHigh;
        final long l = addressLow & maskLow;
        final int i = freeHead;
        freeHead = next[i];
        high[i] = h;
        low[i] = l;
        count[i] = 1;
        final int b = bucket(h, l);
        next[i] = buckets[b];
        buckets[b] = i;
        size++;
    }

    void decrement(final long addressHigh, final long addressLow)
    {
        final int i = find(addressHigh, addressLow);
        if (i < 0)
        {
            return;
        }
        if (--count[i] > 0)
        {
            return;
        }
        final int b = bucket(high[i], low[i]);
        if (buckets[b] == i)
        {
            buckets[b] = next[i];
        }
        else
        {
            int p = buckets[b];
            while (next[p] != i)
            {
                p = next[p];
            }
            next[p] = next[i];
        }
        next[i] = freeHead;
        freeHead = i;
        size--;
    }

    private int bucket(final long h, final long l)
    {
        return (int)(Nat64Hash.mix(salt, h, l) & mask);
    }
}
