package io.xlat.core.nat64;

/**
 * The hash chains shared by the two tables keyed by an IPv6 address, {@link Nat64Hosts} and
 * {@link Nat64Subscribers}: entries are stripes of longs that start with the address (high, low) and hold, in the
 * word at {@code link}, a count in the high 32 bits and the chain's next entry in the low 32 (-1 ends it).
 */
final class Nat64AddressChains
{
    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private Nat64AddressChains()
    {
    }

    /** The hash of an address in a table with this salt (chooses the bucket and the filter bits). */
    static long hash(final long salt, final long high, final long low)
    {
        return Nat64Hash.mix(salt, high, low);
    }

    /**
     * Finds an address given its {@link #hash}.
     *
     * @return the entry, or -1.
     */
    static int find(
        final Nat64Buckets buckets, final long[] entries, final int stripe, final int link, final long hash,
        final long high, final long low)
    {
        final int word = buckets.word(hash);
        if (!buckets.mayHold(word, hash))
        {
            return -1;
        }
        int i = buckets.head(word);
        while (i >= 0)
        {
            final int at = stripe * i;
            if (entries[at + HIGH] == high && entries[at + LOW] == low)
            {
                return i;
            }
            i = (int)entries[at + link];
        }
        return -1;
    }

    /**
     * Takes entry {@code i} out of its chain and rebuilds the bucket's filter from the entries that stay; the caller
     * puts it on its free list.
     */
    static void unlink(
        final Nat64Buckets buckets, final long[] entries, final int stripe, final int link, final long salt,
        final int i)
    {
        final int at = stripe * i;
        final long hash = hash(salt, entries[at + HIGH], entries[at + LOW]);
        final int next = (int)entries[at + link];
        int head = buckets.head(buckets.word(hash));
        if (head == i)
        {
            head = next;
        }
        else
        {
            int p = head;
            while ((int)entries[stripe * p + link] != i)
            {
                p = (int)entries[stripe * p + link];
            }
            entries[stripe * p + link] = entries[stripe * p + link] & ~LOW32 | next & LOW32;
        }
        int filter = 0;
        for (int p = head; p >= 0; p = (int)entries[stripe * p + link])
        {
            filter |= buckets.filterBit(hash(salt, entries[stripe * p + HIGH], entries[stripe * p + LOW]));
        }
        buckets.replace(hash, head, filter);
    }
}
