package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * The session table of RFC 6146 3.2 as a fixed-capacity striped int array: one entry per (BIB entry, remote
 * IPv4 address, remote port), a chained hash index keyed by (BIB entry, remote address) only, so that the exact
 * lookup and the address-dependent filtering question "any session of this BIB entry with this remote address?"
 * (RFC 4787 REQ-8) walk the same short chain, and one doubly linked FIFO list per timeout class. The bucket is
 * chosen by the BIB entry's pool4 transport address rather than its index (the two name the same entry), so that
 * an inbound packet, and an outbound creation once it has its pool4 port, can read the bucket before they know the
 * entry ({@link Nat64State#prefetchInbound}); each bucket word carries a filter ({@link Nat64Buckets}).
 * <p>
 * All sessions of a class share its timeout, so a list ordered by last refresh is also ordered by deadline:
 * refresh moves an entry to the tail, expiry pops from the head, both O(1), and exact to the millisecond.
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with the bucket array at load factor 1: one stripe of seven ints
 * per entry; a lookup reads the first four (16 bytes), a refresh the last three:
 * <pre>
 *   int bib                   BIB entry index
 *   int remote                remote IPv4 address
 *   int meta                  remote port (bits 0-15) | TCP state (16-19) | timeout class (20-22) | held (23) |
 *                             live (24)
 *   int hashNext              hash chain
 *   int seen                  last refresh, milliseconds after {@code base}, unsigned
 *   int prev, next            timer list (next doubles as the free list)
 *   int bucket                one bucket per entry
 * </pre>
 * The refresh time is 32 bits relative to a base: 49 days of range. When the clock moves past it (a long-running
 * daemon, or a replay that jumps), the table is rebased once, O(capacity): the base moves to 2^31 ms before now and
 * entries seen before the new base are clamped to it, which keeps them due, since no timeout exceeds
 * {@link Nat64Timeouts#MAX_TIMEOUT_MILLIS} (7 days).
 */
final class Nat64Sessions
{
    static final int BYTES_PER_ENTRY = 32;

    private static final int STATE_SHIFT = 16;
    private static final int CLASS_SHIFT = 20;
    private static final int HELD_FLAG = 1 << 23;
    private static final int LIVE_FLAG = 1 << 24;

    private static final int STRIPE = 7;
    private static final int BIB = 0;
    private static final int REMOTE = 1;
    private static final int META = 2;
    private static final int HASH_NEXT = 3;
    private static final int SEEN = 4;
    private static final int PREV = 5;
    private static final int NEXT = 6;
    private static final long RANGE = 0xFFFF_FFFFL;
    private static final long REBASE_MARGIN = 1L << 31;

    /** The filter-bit part of a session hash (bits 58-63), from the entry's own (BIB index, remote address). */
    private static final long FILTER_BITS = 0xFC00_0000_0000_0000L;

    private final Nat64Bib bib;
    private final int[] entries;
    private final Nat64Buckets buckets;
    private final long salt;
    private final int capacity;
    private final int[] heads = new int[Nat64Timeouts.CLASS_COUNT];
    private final int[] tails = new int[Nat64Timeouts.CLASS_COUNT];
    private long base;
    private int freeHead;
    private int size;

    Nat64Sessions(final int capacity, final long salt, final Nat64Bib bib)
    {
        this.bib = bib;
        this.capacity = capacity;
        this.salt = salt;
        entries = new int[STRIPE * capacity];
        buckets = Nat64Buckets.onePerEntry(capacity);
        Arrays.fill(heads, -1);
        Arrays.fill(tails, -1);
        for (int i = 0; i < capacity; i++)
        {
            entries[STRIPE * i + HASH_NEXT] = -1;
            entries[STRIPE * i + PREV] = -1;
            entries[STRIPE * i + NEXT] = i + 1 < capacity ? i + 1 : -1;
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 4L * entries.length + buckets.allocatedBytes() + 8L * Nat64Timeouts.CLASS_COUNT;
    }

    int capacity()
    {
        return capacity;
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return freeHead < 0;
    }

    int find(final int bibIndex, final int remoteAddress, final int remotePort)
    {
        final int[] e = entries;
        final long hash = hash(bibIndex, remoteAddress);
        final int word = buckets.word(hash);
        if (!buckets.mayHold(word, hash))
        {
            return -1;
        }
        int i = buckets.head(word);
        while (i >= 0)
        {
            final int at = STRIPE * i;
            if (e[at + BIB] == bibIndex && e[at + REMOTE] == remoteAddress && (e[at + META] & 0xFFFF) == remotePort)
            {
                return i;
            }
            i = e[at + HASH_NEXT];
        }
        return -1;
    }

    int findAnyPort(final int bibIndex, final int remoteAddress)
    {
        final int[] e = entries;
        final long hash = hash(bibIndex, remoteAddress);
        final int word = buckets.word(hash);
        if (!buckets.mayHold(word, hash))
        {
            return -1;
        }
        int i = buckets.head(word);
        while (i >= 0)
        {
            final int at = STRIPE * i;
            if (e[at + BIB] == bibIndex && e[at + REMOTE] == remoteAddress)
            {
                return i;
            }
            i = e[at + HASH_NEXT];
        }
        return -1;
    }

    /**
     * Inserts a session; the caller has checked it does not exist and the table is not full.
     */
    int insert(
        final int bibIndex, final int remoteAddress, final int remotePort, final int state, final int timeoutClass,
        final boolean held, final long now)
    {
        final long hash = hash(bibIndex, remoteAddress);
        return insert(hash, buckets.word(hash), bibIndex, remoteAddress, remotePort, state, timeoutClass, held, now);
    }

    /** The bucket word of a {@link #hash}, to read early and pass to {@link #insert(long, int, int, int, int, int,
     * int, boolean, long)}. */
    int word(final long hash)
    {
        return buckets.word(hash);
    }

    /**
     * The bucket of a {@link #bucketHash}: what {@link Nat64State#prefetchOutbound} and
     * {@link Nat64State#prefetchInbound} read ahead.
     */
    int bucketIndex(final long bucketHash)
    {
        return buckets.index(bucketHash);
    }

    int[] bucketWords()
    {
        return buckets.words();
    }

    /**
     * Inserts a session whose (BIB entry, remote address) hash and bucket word the caller has read, with no change
     * to this table since; the caller has checked it does not exist and the table is not full.
     */
    int insert(
        final long hash, final int word, final int bibIndex, final int remoteAddress, final int remotePort,
        final int state, final int timeoutClass, final boolean held, final long now)
    {
        final int seen = relative(now);
        final int i = freeHead;
        final int at = STRIPE * i;
        final int[] e = entries;
        freeHead = e[at + NEXT];
        e[at + BIB] = bibIndex;
        e[at + REMOTE] = remoteAddress;
        e[at + META] = LIVE_FLAG | (held ? HELD_FLAG : 0) | timeoutClass << CLASS_SHIFT | state << STATE_SHIFT |
            remotePort;
        e[at + HASH_NEXT] = buckets.head(word);
        e[at + SEEN] = seen;
        buckets.push(hash, i);
        append(i, timeoutClass);
        size++;
        return i;
    }

    void remove(final int i)
    {
        final int[] e = entries;
        final int at = STRIPE * i;
        unlink(i, timeoutClass(i));
        final long hash = hash(e[at + BIB], e[at + REMOTE]);
        final int after = e[at + HASH_NEXT];
        int head = buckets.head(buckets.word(hash));
        if (head == i)
        {
            head = after;
        }
        else
        {
            int p = head;
            while (e[STRIPE * p + HASH_NEXT] != i)
            {
                p = e[STRIPE * p + HASH_NEXT];
            }
            e[STRIPE * p + HASH_NEXT] = after;
        }
        int filter = 0;
        for (int p = head; p >= 0; p = e[STRIPE * p + HASH_NEXT])
        {
            filter |= buckets.filterBit(filterHash(e[STRIPE * p + BIB], e[STRIPE * p + REMOTE]));
        }
        buckets.replace(hash, head, filter);
        e[at + META] = 0;
        e[at + HASH_NEXT] = -1;
        e[at + PREV] = -1;
        e[at + NEXT] = freeHead;
        freeHead = i;
        size--;
    }

    /**
     * Re-arms a session: sets its class and refresh time and moves it to the tail of that class's list.
     */
    void refresh(final int i, final int timeoutClass, final long now)
    {
        final int seen = relative(now);
        final int at = STRIPE * i;
        final int meta = entries[at + META];
        final int current = (meta >>> CLASS_SHIFT) & 7;
        entries[at + SEEN] = seen;
        if (current == timeoutClass && tails[timeoutClass] == i)
        {
            // Already last of its list (a busy flow): only the time moves, the order stays by deadline.
            return;
        }
        unlink(i, current);
        entries[at + META] = (meta & ~(7 << CLASS_SHIFT)) | timeoutClass << CLASS_SHIFT;
        append(i, timeoutClass);
    }

    int head(final int timeoutClass)
    {
        return heads[timeoutClass];
    }

    int nextInList(final int i)
    {
        return next(i);
    }

    /** The BIB entry of a session. */
    int bib(final int i)
    {
        return entries[STRIPE * i + BIB];
    }

    /** The remote IPv4 address of a session. */
    int remote(final int i)
    {
        return entries[STRIPE * i + REMOTE];
    }

    /** The last refresh of a session, milliseconds. */
    long seen(final int i)
    {
        return base + (entries[STRIPE * i + SEEN] & RANGE);
    }

    boolean isLive(final int i)
    {
        return (meta(i) & LIVE_FLAG) != 0;
    }

    int remotePort(final int i)
    {
        return meta(i) & 0xFFFF;
    }

    int state(final int i)
    {
        return (meta(i) >>> STATE_SHIFT) & 0xF;
    }

    void state(final int i, final int state)
    {
        setMeta(i, (meta(i) & ~(0xF << STATE_SHIFT)) | state << STATE_SHIFT);
    }

    int timeoutClass(final int i)
    {
        return (meta(i) >>> CLASS_SHIFT) & 7;
    }

    boolean isHeld(final int i)
    {
        return (meta(i) & HELD_FLAG) != 0;
    }

    void clearHeld(final int i)
    {
        setMeta(i, meta(i) & ~HELD_FLAG);
    }

    private int meta(final int i)
    {
        return entries[STRIPE * i + META];
    }

    private void setMeta(final int i, final int meta)
    {
        entries[STRIPE * i + META] = meta;
    }

    private int next(final int i)
    {
        return entries[STRIPE * i + NEXT];
    }

    private void append(final int i, final int timeoutClass)
    {
        final int tail = tails[timeoutClass];
        entries[STRIPE * i + PREV] = tail;
        entries[STRIPE * i + NEXT] = -1;
        if (tail < 0)
        {
            heads[timeoutClass] = i;
        }
        else
        {
            entries[STRIPE * tail + NEXT] = i;
        }
        tails[timeoutClass] = i;
    }

    private void unlink(final int i, final int timeoutClass)
    {
        final int p = entries[STRIPE * i + PREV];
        final int n = entries[STRIPE * i + NEXT];
        if (p < 0)
        {
            heads[timeoutClass] = n;
        }
        else
        {
            entries[STRIPE * p + NEXT] = n;
        }
        if (n < 0)
        {
            tails[timeoutClass] = p;
        }
        else
        {
            entries[STRIPE * n + PREV] = p;
        }
    }

    /**
     * A time as stored: milliseconds after {@code base}, rebasing first when it is out of range (the caller's
     * clock never goes back, so only forwards).
     */
    private int relative(final long now)
    {
        final long offset = now - base;
        if (offset > RANGE)
        {
            rebase(now);
            return (int)(now - base);
        }
        return (int)offset;
    }

    private void rebase(final long now)
    {
        final long newBase = now - REBASE_MARGIN;
        final int[] e = entries;
        if (size > 0)
        {
            for (int i = 0; i < capacity; i++)
            {
                final int at = STRIPE * i;
                if ((e[at + META] & LIVE_FLAG) != 0)
                {
                    final long seen = base + (e[at + SEEN] & RANGE);
                    e[at + SEEN] = seen <= newBase ? 0 : (int)(seen - newBase);
                }
            }
        }
        base = newBase;
    }

    /**
     * The hash of a session of a live BIB entry with a remote address, for {@link #word} and the pre-hashed
     * {@code insert}: see {@link #hash(int, int, int, int, int)}.
     */
    long hash(final int bibIndex, final int remoteAddress)
    {
        return hash(bib.protocol(bibIndex), bib.v4(bibIndex), bib.port4(bibIndex), bibIndex, remoteAddress);
    }

    /**
     * The hash of a session of BIB entry {@code bibIndex} (which need not exist yet) whose pool4 side is
     * (protocol, address4, port4), with a remote address. The bucket (low bits) comes from the IPv4-side addresses,
     * which an inbound packet carries and an outbound creation knows as soon as it has picked its pool4 port, so both
     * can read the bucket before they know the BIB entry; the filter bit (bits 58-63) comes from (BIB index, remote
     * address), which the entry itself holds, so a removal rebuilds the filter without reading BIB entries.
     */
    long hash(final int protocol, final int address4, final int port4, final int bibIndex, final int remoteAddress)
    {
        return withFilter(bucketHash(protocol, address4, port4, remoteAddress), bibIndex, remoteAddress);
    }

    /** A {@link #bucketHash} completed with the filter bits of (BIB index, remote address): a session hash. */
    long withFilter(final long bucketHash, final int bibIndex, final int remoteAddress)
    {
        return bucketHash & ~FILTER_BITS | filterHash(bibIndex, remoteAddress) & FILTER_BITS;
    }

    /** The part of a session hash that selects the bucket: from the pool4 transport address and the remote address. */
    long bucketHash(final int protocol, final int address4, final int port4, final int remoteAddress)
    {
        return Nat64Hash.mix(salt, (long)protocol << 48 | (address4 & 0xFFFF_FFFFL) << 16 | port4,
            remoteAddress & 0xFFFF_FFFFL);
    }

    private long filterHash(final int bibIndex, final int remoteAddress)
    {
        return Nat64Hash.mix(~salt ^ ((long)bibIndex << 32 | (remoteAddress & 0xFFFF_FFFFL)));
    }
}
