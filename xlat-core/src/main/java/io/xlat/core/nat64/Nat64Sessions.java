package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * The session table of RFC 6146 3.2 as fixed-capacity parallel primitive arrays: one entry per (BIB entry, remote
 * IPv4 address, remote port), a chained hash index keyed by (BIB entry, remote address) only, so that the exact
 * lookup and the address-dependent filtering question "any session of this BIB entry with this remote address?"
 * (RFC 4787 REQ-8) walk the same short chain, and one doubly linked FIFO list per timeout class.
 * <p>
 * All sessions of a class share its timeout, so a list ordered by last refresh is also ordered by deadline:
 * refresh moves an entry to the tail, expiry pops from the head, both O(1).
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with the bucket array at load factor 1:
 * <pre>
 *   int  bib                  BIB entry index
 *   int  remote               remote IPv4 address
 *   int  meta                 remote port (bits 0-15) | TCP state (16-19) | timeout class (20-22) | held (23)
 *                             | live (24)
 *   long seen                 last refresh, milliseconds
 *   int  prev, next           timer list (next doubles as the free list)
 *   int  hashNext             hash chain
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

    final int[] bib;
    final int[] remote;
    final int[] meta;
    final long[] seen;
    private final int[] prev;
    private final int[] next;
    private final int[] hashNext;
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
        bib = new int[capacity];
        remote = new int[capacity];
        meta = new int[capacity];
        seen = new long[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        hashNext = new int[capacity];
        buckets = new int[bucketCount];
        Arrays.fill(buckets, -1);
        Arrays.fill(heads, -1);
        Arrays.fill(tails, -1);
        for (int i = 0; i < capacity; i++)
        {
            next[i] = i + 1 < capacity ? i + 1 : -1;
            prev[i] = -1;
            hashNext[i] = -1;
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 8L * seen.length + 4L * (bib.length + remote.length + meta.length + prev.length + next.length +
            hashNext.length + buckets.length) + 8L * Nat64Timeouts.CLASS_COUNT;
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
        int i = buckets[bucket(bibIndex, remoteAddress)];
        while (i >= 0)
        {
            if (bib[i] == bibIndex && remote[i] == remoteAddress && (meta[i] & 0xFFFF) == remotePort)
            {
                return i;
            }
            i = hashNext[i];
        }
        return -1;
    }

    int findAnyPort(final int bibIndex, final int remoteAddress)
    {
        int i = buckets[bucket(bibIndex, remoteAddress)];
        while (i >= 0)
        {
            if (bib[i] == bibIndex && remote[i] == remoteAddress)
            {
                return i;
            }
            i = hashNext[i];
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
        freeHead = next[i];
        bib[i] = bibIndex;
        remote[i] = remoteAddress;
        meta[i] = LIVE_FLAG | (held ? HELD_FLAG : 0) | timeoutClass << CLASS_SHIFT | state << STATE_SHIFT | remotePort;
        seen[i] = now;
        final int b = bucket(bibIndex, remoteAddress);
        hashNext[i] = buckets[b];
        buckets[b] = i;
        append(i, timeoutClass);
        size++;
        return i;
    }

    void remove(final int i)
    {
        unlink(i, timeoutClass(i));
        final int b = bucket(bib[i], remote[i]);
        if (buckets[b] == i)
        {
            buckets[b] = hashNext[i];
        }
        else
        {
            int p = buckets[b];
            while (hashNext[p] != i)
            {
                p = hashNext[p];
            }
            hashNext[p] = hashNext[i];
        }
        meta[i] = 0;
        hashNext[i] = -1;
        prev[i] = -1;
        next[i] = freeHead;
        freeHead = i;
        size--;
    }

    /**
     * Re-arms a session: sets its class and refresh time and moves it to the tail of that class's list.
     */
    void refresh(final int i, final int timeoutClass, final long now)
    {
        unlink(i, timeoutClass(i));
        meta[i] = (meta[i] & ~(7 << CLASS_SHIFT)) | timeoutClass << CLASS_SHIFT;
        seen[i] = now;
        append(i, timeoutClass);
    }

    int head(final int timeoutClass)
    {
        return heads[timeoutClass];
    }

    int nextInList(final int i)
    {
        return next[i];
    }

    boolean isLive(final int i)
    {
        return (meta[i] & LIVE_FLAG) != 0;
    }

    int remotePort(final int i)
    {
        return meta[i] & 0xFFFF;
    }

    int state(final int i)
    {
        return (meta[i] >>> STATE_SHIFT) & 0xF;
    }

    void state(final int i, final int state)
    {
        meta[i] = (meta[i] & ~(0xF << STATE_SHIFT)) | state << STATE_SHIFT;
    }

    int timeoutClass(final int i)
    {
        return (meta[i] >>> CLASS_SHIFT) & 7;
    }

    boolean isHeld(final int i)
    {
        return (meta[i] & HELD_FLAG) != 0;
    }

    void clearHeld(final int i)
    {
        meta[i] &= ~HELD_FLAG;
    }

    private void append(final int i, final int timeoutClass)
    {
        final int tail = tails[timeoutClass];
        prev[i] = tail;
        next[i] = -1;
        if (tail < 0)
        {
            heads[timeoutClass] = i;
        }
        else
        {
            next[tail] = i;
        }
        tails[timeoutClass] = i;
    }

    private void unlink(final int i, final int timeoutClass)
    {
        final int p = prev[i];
        final int n = next[i];
        if (p < 0)
        {
            heads[timeoutClass] = n;
        }
        else
        {
            next[p] = n;
        }
        if (n < 0)
        {
            tails[timeoutClass] = p;
        }
        else
        {
            prev[n] = p;
        }
    }

    private int bucket(final int bibIndex, final int remoteAddress)
    {
        return (int)(Nat64Hash.mix(salt ^ ((long)bibIndex << 32 | (remoteAddress & 0xFFFF_FFFFL))) & mask);
    }
}
