package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * The Binding Information Base of RFC 6146 3.1 for all three protocols: fixed-capacity striped primitive arrays,
 * one entry per (protocol, IPv6 address, port) &lt;-&gt; (protocol, pool4 address, port), with two chained hash
 * indexes (one per side) threaded through the entries. No object per entry; nothing allocates after construction.
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with both index bucket arrays at load factor 1: a stripe of four
 * longs per entry holding everything the IPv6-side lookup and the translator read (one, at most two adjacent,
 * cache lines instead of one in each of six parallel arrays), and the IPv4-side chain apart:
 * <pre>
 *   long v6High, v6Low        IPv6 address
 *   long ports | v4           IPv6 port (bits 48-63) | pool4 port (32-47) | pool4 address (0-31)
 *   long info | next6         info (high 32) | IPv6 hash chain (low 32; doubles as the free list); info =
 *                             session count (bits 0-23) | protocol (24-25) | static (26) | live (27)
 *   int  next4                IPv4 hash chain
 *   int  bucket6, bucket4     one bucket per entry in each index
 * </pre>
 * Single-threaded: owned by one shard.
 */
final class Nat64Bib
{
    static final int BYTES_PER_ENTRY = 44;
    static final int MAX_SESSIONS_PER_ENTRY = 0xFF_FFFF;

    private static final int COUNT_MASK = 0xFF_FFFF;
    private static final int PROTOCOL_SHIFT = 24;
    private static final int STATIC_FLAG = 1 << 26;
    private static final int LIVE_FLAG = 1 << 27;

    private static final int STRIPE = 4;
    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final int ADDRESS = 2;
    private static final int INFO_NEXT = 3;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private final long[] entries;
    private final int[] next4;
    private final int[] buckets6;
    private final int[] buckets4;
    private final int mask;
    private final long salt;
    private final int capacity;
    private int freeHead;
    private int size;

    Nat64Bib(final int capacity, final long salt)
    {
        this.capacity = capacity;
        this.salt = salt;
        final int buckets = Integer.highestOneBit(Math.max(1, capacity - 1)) << (capacity > 1 ? 1 : 0);
        this.mask = buckets - 1;
        entries = new long[STRIPE * capacity];
        next4 = new int[capacity];
        buckets6 = new int[buckets];
        buckets4 = new int[buckets];
        Arrays.fill(buckets6, -1);
        Arrays.fill(buckets4, -1);
        for (int i = 0; i < capacity; i++)
        {
            infoNext(i, 0, i + 1 < capacity ? i + 1 : -1);
            next4[i] = -1;
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 8L * entries.length + 4L * (next4.length + buckets6.length + buckets4.length);
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

    int find6(final int protocol, final long high, final long low, final int port)
    {
        final long[] e = entries;
        int i = buckets6[bucket6(protocol, high, low, port)];
        while (i >= 0)
        {
            final int base = STRIPE * i;
            final long infoNext = e[base + INFO_NEXT];
            if (e[base + HIGH] == high && e[base + LOW] == low && (int)(e[base + ADDRESS] >>> 48) == port &&
                ((int)(infoNext >>> 32 + PROTOCOL_SHIFT) & 3) == protocol)
            {
                return i;
            }
            i = (int)infoNext;
        }
        return -1;
    }

    int find4(final int protocol, final int address, final int port)
    {
        final long[] e = entries;
        int i = buckets4[bucket4(protocol, address, port)];
        while (i >= 0)
        {
            final long a = e[STRIPE * i + ADDRESS];
            if ((int)a == address && ((int)(a >>> 32) & 0xFFFF) == port && protocol(i) == protocol)
            {
                return i;
            }
            i = next4[i];
        }
        return -1;
    }

    /**
     * Inserts an entry; the caller has checked that neither side exists and that the table is not full.
     */
    int insert(
        final int protocol, final long high, final long low, final int port6, final int address4, final int port4,
        final boolean isStatic)
    {
        final int i = freeHead;
        freeHead = next6(i);
        final int base = STRIPE * i;
        entries[base + HIGH] = high;
        entries[base + LOW] = low;
        entries[base + ADDRESS] = (long)port6 << 48 | (long)port4 << 32 | (address4 & LOW32);
        final int b6 = bucket6(protocol, high, low, port6);
        infoNext(i, LIVE_FLAG | (isStatic ? STATIC_FLAG : 0) | protocol << PROTOCOL_SHIFT, buckets6[b6]);
        buckets6[b6] = i;
        final int b4 = bucket4(protocol, address4, port4);
        next4[i] = buckets4[b4];
        buckets4[b4] = i;
        size++;
        return i;
    }

    void remove(final int i)
    {
        final int protocol = protocol(i);
        final int b6 = bucket6(protocol, v6High(i), v6Low(i), port6(i));
        if (buckets6[b6] == i)
        {
            buckets6[b6] = next6(i);
        }
        else
        {
            int p = buckets6[b6];
            while (next6(p) != i)
            {
                p = next6(p);
            }
            infoNext(p, info(p), next6(i));
        }
        final int b4 = bucket4(protocol, v4(i), port4(i));
        if (buckets4[b4] == i)
        {
            buckets4[b4] = next4[i];
        }
        else
        {
            int p = buckets4[b4];
            while (next4[p] != i)
            {
                p = next4[p];
            }
            next4[p] = next4[i];
        }
        next4[i] = -1;
        infoNext(i, 0, freeHead);
        freeHead = i;
        size--;
    }

    /** IPv6 address of an entry, high 64 bits. */
    long v6High(final int i)
    {
        return entries[STRIPE * i + HIGH];
    }

    /** IPv6 address of an entry, low 64 bits. */
    long v6Low(final int i)
    {
        return entries[STRIPE * i + LOW];
    }

    /** Pool4 address of an entry. */
    int v4(final int i)
    {
        return (int)entries[STRIPE * i + ADDRESS];
    }

    private int info(final int i)
    {
        return (int)(entries[STRIPE * i + INFO_NEXT] >>> 32);
    }

    private int next6(final int i)
    {
        return (int)entries[STRIPE * i + INFO_NEXT];
    }

    private void infoNext(final int i, final int info, final int next)
    {
        entries[STRIPE * i + INFO_NEXT] = (long)info << 32 | (next & LOW32);
    }

    boolean isLive(final int i)
    {
        return (info(i) & LIVE_FLAG) != 0;
    }

    int protocol(final int i)
    {
        return (info(i) >>> PROTOCOL_SHIFT) & 3;
    }

    boolean isStatic(final int i)
    {
        return (info(i) & STATIC_FLAG) != 0;
    }

    int sessions(final int i)
    {
        return info(i) & COUNT_MASK;
    }

    void addSessions(final int i, final int delta)
    {
        entries[STRIPE * i + INFO_NEXT] += (long)delta << 32;
    }

    int port6(final int i)
    {
        return (int)(entries[STRIPE * i + ADDRESS] >>> 48);
    }

    int port4(final int i)
    {
        return (int)(entries[STRIPE * i + ADDRESS] >>> 32) & 0xFFFF;
    }

    private int bucket6(final int protocol, final long high, final long low, final int port)
    {
        return (int)(Nat64Hash.mix(salt, high, low + ((long)protocol << 16 | port)) & mask);
    }

    private int bucket4(final int protocol, final int address, final int port)
    {
        return (int)(Nat64Hash.mix(~salt ^ ((long)protocol << 48 | (address & 0xFFFF_FFFFL) << 16 | port)) & mask);
    }
}
