package io.xlat.core.nat64;

/**
 * The bucket array of a chained hash index (BIB, hosts, subscribers, sessions), with a small Bloom filter in each
 * bucket word: a lookup of an absent key, which every new flow makes several of, usually ends at the bucket instead
 * of walking the chain. With the tables much larger than the caches, every chained entry read is a cache miss, so
 * this saves one to two misses per lookup that fails, at no memory cost.
 * <p>
 * Word layout: the low bits hold the chain's head + 1 (0: empty chain), as many as the capacity needs; the high bits
 * that remain (a power of two of them, 2 to 8) are the filter. Each entry on the chain sets two filter bits (or one,
 * when both fall on the same bit), chosen by bits 58-60 and 61-63 of its 64-bit hash (the bucket is chosen by the
 * low bits; the BIB keeps bits 58-63 of its IPv6-side hash in the entry, so it can tell an entry's bits without the
 * host's address). A lookup walks the chain only when both of its key's bits are set. When an entry leaves the
 * chain, the table rebuilds the filter from those that stay ({@link #filterBit}, {@link #replace}): bits left by
 * entries that are gone would make every later lookup in that bucket walk. With 8 filter bits (capacities up to
 * 2^24), a lookup of an absent key walks about one time in 25 at one entry per bucket, one in 12 at 1.3, and one in
 * 4 at 2 (one bit per entry: one in 8, 6 and 4).
 * <p>
 * Callers pass the same full hash to every method for a given key.
 */
final class Nat64Buckets
{
    private static final int FILTER_HASH_SHIFT = 58;
    private static final int SECOND_BIT_SHIFT = 61;
    private static final int MAX_FILTER_BITS = 8;

    private final int[] words;
    private final int mask;
    private final int indexMask;
    private final int filterShift;
    private final int filterMask;

    /**
     * Buckets at load factor 1 for a table of this capacity: the power of two at or above it.
     *
     * @param capacity entries of the table, at most 2^28.
     * @return the buckets.
     */
    static Nat64Buckets onePerEntry(final int capacity)
    {
        return new Nat64Buckets(Integer.highestOneBit(Math.max(1, capacity - 1)) << (capacity > 1 ? 1 : 0),
            capacity);
    }

    /**
     * @param count    buckets, a power of two.
     * @param capacity entries of the table (indexes 0..capacity-1), at most 2^28.
     */
    Nat64Buckets(final int count, final int capacity)
    {
        words = new int[count];
        mask = count - 1;
        final int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(capacity));
        indexMask = (int)((1L << indexBits) - 1);
        filterShift = indexBits;
        filterMask = Math.min(MAX_FILTER_BITS, Integer.highestOneBit(32 - indexBits)) - 1;
    }

    long allocatedBytes()
    {
        return 4L * words.length;
    }

    /** The bucket a hash selects: an index into {@link #words()}. */
    int index(final long hash)
    {
        return (int)hash & mask;
    }

    /** The bucket words themselves, for {@link Nat64State}'s burst prefetch, which reads them by {@link #index}. */
    int[] words()
    {
        return words;
    }

    /** The bucket word of a hash: read it once, then ask {@link #mayHold} and {@link #head}. */
    int word(final long hash)
    {
        return words[(int)hash & mask];
    }

    /** False when no entry with this hash is in the word's chain; true when one may be. */
    boolean mayHold(final int word, final long hash)
    {
        final int bits = filterBit(hash);
        return (word & bits) == bits;
    }

    /** The head of a word's chain, or -1. */
    int head(final int word)
    {
        return (word & indexMask) - 1;
    }

    /** Makes entry {@code i} the head of its hash's chain (the caller links the old head after it). */
    void push(final long hash, final int i)
    {
        final int b = (int)hash & mask;
        words[b] = words[b] & ~indexMask | filterBit(hash) | (i + 1);
    }

    /**
     * Sets a hash's chain after an entry left it: its head (-1: empty) and the filter, the OR of the
     * {@link #filterBit}s of the entries that stay.
     */
    void replace(final long hash, final int head, final int filter)
    {
        words[(int)hash & mask] = head < 0 ? 0 : filter | (head + 1);
    }

    /** The filter bits (one or two) an entry with this hash sets in its bucket word. */
    int filterBit(final long hash)
    {
        return 1 << (filterShift + ((int)(hash >>> FILTER_HASH_SHIFT) & filterMask)) |
            1 << (filterShift + ((int)(hash >>> SECOND_BIT_SHIFT) & filterMask));
    }
}
