package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * The session table of RFC 6146 3.2 as a fixed-capacity striped long array: one entry per (BIB entry, remote
 * IPv4 address, remote port), a chained hash index keyed by (BIB entry, remote address) only, so that the exact
 * lookup and the address-dependent filtering question "any session of this BIB entry with this remote address?"
 * (RFC 4787 REQ-8) walk the same short chain, and one doubly linked FIFO list per timeout class.
 * <p>
 * All sessions of a class share its timeout, so a list ordered by last refresh is also ordered by deadline:
 * refresh moves an entry to the tail, expiry pops from the head, both O(1).
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with the bucket array at load factor 1: one stripe of four longs
 * per entry, so that a lookup, a refresh and the expiry scan read one (at most two adjacent) cache lines per entry
 * instead of one line in each of seven parallel arrays:
 * <pre>
 *   long key                  BIB entry index (high 32 bits) | remote IPv4 address (low 32), compared at once
 *   long seen                 last refresh, milliseconds
 *   long metaNext             meta (high 32) | hash chain (low 32); meta = remote port (bits 0-15) | TCP state
 *                             (16-19) | timeout class (20-22) | held (23) | live (24)
 *   long links                timer list prev (high 32) | next (low 32; doubles as the free list)
 *   int  bucket               one bucket per entry
 * </pre>
 */
final class Nat64Sessions
{
    static final int BYTES_PER_ENTRY = 36;

    private static final int STATE_SHIFT = 16;
    private static final int CLASS_SHIFT = 20;
    private static final int HELD_FLAG = 1 << 23;
    private static final int LIVE_FLAG = 1 << 24;

    private static final int STRIPE = 4;
    private static final int KEY = 0;
    private static final int SEEN = 1;
    private static final int META_NEXT = 2;
    private static final int LINKS = 3;
    private static final long LOW = 0xFFFF_FFFFL;

    private final long[] entries;
    private final int[] buckets;
    private final int mask;
    private final long salt;
    private final int capacity;
    private final int[] heads = new int[Nat64Timeouts.CLASS_COUNT];
    private final int[] tails = new int[Nat64Timeouts.CLASS_COUNT];
    private int freeHead;
    private int size;

    Nat64Sessions(final int capacity, final long salt)
    {
        this.capacity = capacity;
        this.salt = salt;
        final int bucketCount = Integer.highestOneBit(Math.max(1, capacity - 1)) << (capacity > 1 ? 1 : 0);
        this.mask = bucketCount - 1;
        entries = new long[STRIPE * capacity];
        buckets = new int[bucketCount];
        Arrays.fill(buckets, -1);
        Arrays.fill(heads, -1);
        Arrays.fill(tails, -1);
        for (int i = 0; i < capacity; i++)
        {
            entries[STRIPE * i + META_NEXT] = LOW;
            links(i, -1, i + 1 < capacity ? i + 1 : -1);
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 8L * entries.length + 4L * buckets.length + 8L * Nat64Timeouts.CLASS_COUNT;
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
        final long[] e = entries;
        final long key = key(bibIndex, remoteAddress);
        int i = buckets[bucket(bibIndex, remoteAddress)];
        while (i >= 0)
        {
            final int base = STRIPE * i;
            final long metaNext = e[base + META_NEXT];
            if (e[base + KEY] == key && ((int)(metaNext >>> 32) & 0xFFFF) == remotePort)
            {
                return i;
            }
            i = (int)metaNext;
        }
        return -1;
    }

    int findAnyPort(final int bibIndex, final int remoteAddress)
    {
        final long[] e = entries;
        final long key = key(bibIndex, remoteAddress);
        int i = buckets[bucket(bibIndex, remoteAddress)];
        while (i >= 0)
        {
            final int base = STRIPE * i;
            if (e[base + KEY] == key)
            {
                return i;
            }
            i = (int)e[base + META_NEXT];
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
        final int i = freeHead;
        freeHead = next(i);
        final int base = STRIPE * i;
        entries[base + KEY] = key(bibIndex, remoteAddress);
        entries[base + SEEN] = now;
        final int b = bucket(bibIndex, remoteAddress);
        final int meta = LIVE_FLAG | (held ? HELD_FLAG : 0) | timeoutClass << CLASS_SHIFT | state << STATE_SHIFT |
            remotePort;
        metaNext(i, meta, buckets[b]);
        buckets[b] = i;
        append(i, timeoutClass);
        size++;
        return i;
    }

    void remove(final int i)
    {
        unlink(i, timeoutClass(i));
        final int b = bucket(bib(i), remote(i));
        final int after = hashNext(i);
        if (buckets[b] == i)
        {
            buckets[b] = after;
        }
        else
        {
            int p = buckets[b];
            while (hashNext(p) != i)
            {
                p = hashNext(p);
            }
            metaNext(p, meta(p), after);
        }
        metaNext(i, 0, -1);
        links(i, -1, freeHead);
        freeHead = i;
        size--;
    }

    /**
     * Re-arms a session: sets its class and refresh time and moves it to the tail of that class's list.
     */
    void refresh(final int i, final int timeoutClass, final long now)
    {
        final int current = timeoutClass(i);
        entries[STRIPE * i + SEEN] = now;
        if (current == timeoutClass && tails[timeoutClass] == i)
        {
            // Already last of its list (a busy flow): only the time moves, the order stays by deadline.
            return;
        }
        unlink(i, current);
        setMeta(i, (meta(i) & ~(7 << CLASS_SHIFT)) | timeoutClass << CLASS_SHIFT);
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
        return (int)(entries[STRIPE * i + KEY] >>> 32);
    }

    /** The remote IPv4 address of a session. */
    int remote(final int i)
    {
        return (int)entries[STRIPE * i + KEY];
    }

    /** The last refresh of a session, milliseconds. */
    long seen(final int i)
    {
        return entries[STRIPE * i + SEEN];
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
        return (int)(entries[STRIPE * i + META_NEXT] >>> 32);
    }

    private void setMeta(final int i, final int meta)
    {
        final int at = STRIPE * i + META_NEXT;
        entries[at] = (long)meta << 32 | (entries[at] & LOW);
    }

    private int hashNext(final int i)
    {
        return (int)entries[STRIPE * i + META_NEXT];
    }

    private void metaNext(final int i, final int meta, final int hashNext)
    {
        entries[STRIPE * i + META_NEXT] = (long)meta << 32 | (hashNext & LOW);
    }

    private int prev(final int i)
    {
        return (int)(entries[STRIPE * i + LINKS] >>> 32);
    }

    private int next(final int i)
    {
        return (int)entries[STRIPE * i + LINKS];
    }

    private void links(final int i, final int prev, final int next)
    {
        entries[STRIPE * i + LINKS] = (long)prev << 32 | (next & LOW);
    }

    private void setPrev(final int i, final int prev)
    {
        final int at = STRIPE * i + LINKS;
        entries[at] = (long)prev << 32 | (entries[at] & LOW);
    }

    private void setNext(final int i, final int next)
    {
        final int at = STRIPE * i + LINKS;
        entries[at] = (entries[at] & ~LOW) | (next & LOW);
    }

    private void append(final int i, final int timeoutClass)
    {
        final int tail = tails[timeoutClass];
        links(i, tail, -1);
        if (tail < 0)
        {
            heads[timeoutClass] = i;
        }
        else
        {
            setNext(tail, i);
        }
        tails[timeoutClass] = i;
    }

    private void unlink(final int i, final int timeoutClass)
    {
        final int p = prev(i);
        final int n = next(i);
        if (p < 0)
        {
            heads[timeoutClass] = n;
        }
        else
        {
            setNext(p, n);
        }
        if (n < 0)
        {
            tails[timeoutClass] = p;
        }
        else
        {
            setPrev(n, p);
        }
    }

    private static long key(final int bibIndex, final int remoteAddress)
    {
        return (long)bibIndex << 32 | (remoteAddress & LOW);
    }

    private int bucket(final int bibIndex, final int remoteAddress)
    {
        return (int)(Nat64Hash.mix(salt ^ ((long)bibIndex << 32 | (remoteAddress & 0xFFFF_FFFFL))) & mask);
    }
}
