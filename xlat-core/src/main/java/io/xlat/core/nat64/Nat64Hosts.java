package io.xlat.core.nat64;

/**
 * The IPv6 hosts (full 128-bit addresses) that hold BIB entries, each stored once and reference-counted by its BIB
 * entries, so that a BIB entry keeps a 28-bit host index instead of the 16-byte address (RFC 6146 3.1 leaves the
 * BIB's representation open). A client host typically holds many mappings (one per TCP connection or UDP socket),
 * so the table can be much smaller than the BIB. Fixed capacity, chained hash over a striped long array; an entry
 * exists while at least one BIB entry refers to it.
 * <p>
 * With /128 subscribers (the default), a subscriber is a host, and its session count lives here too, so that
 * creating or removing a session finds the subscriber through its BIB entry instead of in a table of its own
 * ({@link Nat64Subscribers} is then not used).
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with the bucket array at load factor 1: a stripe of four longs,
 * one cache line for most entries:
 * <pre>
 *   long high, low            IPv6 address
 *   long refs | next          BIB entries referring to this host (high 32) | hash chain (low 32; doubles as the
 *                             free list)
 *   long sessions             sessions of this host, when it is the subscriber
 *   int  bucket               one bucket per entry
 * </pre>
 * Single-threaded: owned by one shard.
 */
final class Nat64Hosts
{
    static final int BYTES_PER_ENTRY = 36;

    private static final int STRIPE = 4;
    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final int REFS_NEXT = 2;
    private static final int SESSIONS = 3;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private final long[] entries;
    private final Nat64Buckets buckets;
    private final long salt;
    private int freeHead;
    private int size;
    private int withSessions;

    Nat64Hosts(final int capacity, final long salt)
    {
        this.salt = salt;
        entries = new long[STRIPE * capacity];
        buckets = Nat64Buckets.onePerEntry(capacity);
        for (int i = 0; i < capacity; i++)
        {
            refsNext(i, 0, i + 1 < capacity ? i + 1 : -1);
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

    /**
     * Finds a host.
     *
     * @return its index, or -1.
     */
    int find(final long high, final long low)
    {
        return find(hash(high, low), high, low);
    }

    /**
     * Finds a host whose {@link #hash} the caller has computed.
     *
     * @return its index, or -1.
     */
    int find(final long hash, final long high, final long low)
    {
        return Nat64AddressChains.find(buckets, entries, STRIPE, REFS_NEXT, hash, high, low);
    }

    /** The bucket of a host's {@link #hash}, an index into {@link #bucketWords()}: what a find reads first. */
    int bucketIndex(final long hash)
    {
        return buckets.index(hash);
    }

    int[] bucketWords()
    {
        return buckets.words();
    }

    /**
     * Adds a reference to a host, creating its entry when {@code existing} is -1; the caller checked
     * {@link #isFull()} in that case.
     *
     * @return the host index.
     */
    int acquire(final int existing, final long high, final long low)
    {
        return acquire(existing, hash(high, low), high, low);
    }

    /**
     * {@link #acquire(int, long, long)} with the address's {@link #hash} computed by the caller.
     *
     * @return the host index.
     */
    int acquire(final int existing, final long hash, final long high, final long low)
    {
        if (existing >= 0)
        {
            entries[STRIPE * existing + REFS_NEXT] += 1L << 32;
            return existing;
        }
        final int i = freeHead;
        final int at = STRIPE * i;
        freeHead = next(i);
        entries[at + HIGH] = high;
        entries[at + LOW] = low;
        entries[at + SESSIONS] = 0;
        refsNext(i, 1, buckets.head(buckets.word(hash)));
        buckets.push(hash, i);
        size++;
        return i;
    }

    /**
     * Drops a reference; the entry goes when the last one does.
     */
    void release(final int i)
    {
        final int at = STRIPE * i;
        entries[at + REFS_NEXT] -= 1L << 32;
        if ((entries[at + REFS_NEXT] >>> 32) > 0)
        {
            return;
        }
        Nat64AddressChains.unlink(buckets, entries, STRIPE, REFS_NEXT, salt, i);
        refsNext(i, 0, freeHead);
        freeHead = i;
        size--;
    }

    /** Hosts with at least one session (subscribers, at /128). */
    int withSessions()
    {
        return withSessions;
    }

    /** Sessions of a host, 0 for -1 (no such host). */
    int sessions(final int i)
    {
        return i < 0 ? 0 : (int)entries[STRIPE * i + SESSIONS];
    }

    /** Adds or removes (delta -1) one session of a host. */
    void addSessions(final int i, final int delta)
    {
        final int at = STRIPE * i + SESSIONS;
        final long before = entries[at];
        entries[at] = before + delta;
        withSessions += before == 0 ? 1 : (before + delta == 0 ? -1 : 0);
    }

    /** IPv6 address of a host, high 64 bits. */
    long high(final int i)
    {
        return entries[STRIPE * i + HIGH];
    }

    /** IPv6 address of a host, low 64 bits. */
    long low(final int i)
    {
        return entries[STRIPE * i + LOW];
    }

    /** BIB entries referring to a host. */
    int refs(final int i)
    {
        return (int)(entries[STRIPE * i + REFS_NEXT] >>> 32);
    }

    private int next(final int i)
    {
        return (int)entries[STRIPE * i + REFS_NEXT];
    }

    private void refsNext(final int i, final int refs, final int next)
    {
        entries[STRIPE * i + REFS_NEXT] = (long)refs << 32 | (next & LOW32);
    }

    /** The hash of a host address, for the pre-hashed {@link #find(long, long, long)} and {@code acquire}. */
    long hash(final long high, final long low)
    {
        return Nat64AddressChains.hash(salt, high, low);
    }
}
