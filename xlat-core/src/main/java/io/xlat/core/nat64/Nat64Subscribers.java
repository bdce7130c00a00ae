package io.xlat.core.nat64;

/**
 * Session counts per subscriber, a subscriber being the IPv6 source address cut to a configured prefix length
 * (/128 for one host, /64 or /56 for a customer's LAN), so one customer cannot exhaust pool4 or the session table.
 * Fixed capacity, chained hash over primitive arrays; an entry exists while its count is above zero.
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with the bucket array at load factor 1: a stripe of three longs, so
 * a lookup reads one line per candidate (two for the quarter of the stripes that straddle a line) instead of one in
 * each of four parallel arrays:
 * <pre>
 *   long high, low            the prefix (address masked to the prefix length)
 *   long count | next         sessions (high 32) | hash chain (low 32; doubles as the free list)
 *   int  bucket               one bucket per entry
 * </pre>
 */
final class Nat64Subscribers
{
    static final int BYTES_PER_ENTRY = 28;

    private static final int STRIPE = 3;
    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final int COUNT_NEXT = 2;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private final long[] entries;
    private final Nat64Buckets buckets;
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
        entries = new long[STRIPE * capacity];
        buckets = Nat64Buckets.onePerEntry(capacity);
        for (int i = 0; i < capacity; i++)
        {
            countNext(i, 0, i + 1 < capacity ? i + 1 : -1);
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 8L * entries.length + buckets.allocatedBytes();
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
        return Nat64AddressChains.find(buckets, entries, STRIPE, COUNT_NEXT, hash(h, l), h, l);
    }

    int count(final int i)
    {
        return i < 0 ? 0 : (int)(entries[STRIPE * i + COUNT_NEXT] >>> 32);
    }

    /**
     * Adds one session to a subscriber, creating its entry; the caller checked {@link #isFull()} when absent.
     */
    void increment(final int existing, final long addressHigh, final long addressLow)
    {
        if (existing >= 0)
        {
            entries[STRIPE * existing + COUNT_NEXT] += 1L << 32;
            return;
        }
        final long h = addressHigh & maskHigh;
        final long l = addressLow & maskLow;
        final int i = freeHead;
        final int at = STRIPE * i;
        freeHead = next(i);
        entries[at + HIGH] = h;
        entries[at + LOW] = l;
        final long hash = hash(h, l);
        countNext(i, 1, buckets.head(buckets.word(hash)));
        buckets.push(hash, i);
        size++;
    }

    void decrement(final long addressHigh, final long addressLow)
    {
        final int i = find(addressHigh, addressLow);
        if (i < 0)
        {
            return;
        }
        final int at = STRIPE * i;
        entries[at + COUNT_NEXT] -= 1L << 32;
        if ((entries[at + COUNT_NEXT] >>> 32) > 0)
        {
            return;
        }
        Nat64AddressChains.unlink(buckets, entries, STRIPE, COUNT_NEXT, salt, i);
        countNext(i, 0, freeHead);
        freeHead = i;
        size--;
    }

    private int next(final int i)
    {
        return (int)entries[STRIPE * i + COUNT_NEXT];
    }

    private void countNext(final int i, final int count, final int next)
    {
        entries[STRIPE * i + COUNT_NEXT] = (long)count << 32 | (next & LOW32);
    }

    private long hash(final long h, final long l)
    {
        return Nat64AddressChains.hash(salt, h, l);
    }
}
