package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * The Binding Information Base of RFC 6146 3.1 for all three protocols: fixed-capacity parallel primitive arrays,
 * one entry per (protocol, IPv6 address, port) &lt;-&gt; (protocol, pool4 address, port), with two chained hash
 * indexes (one per side) threaded through the entries. No object per entry; nothing allocates after construction.
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with both index bucket arrays at load factor 1:
 * <pre>
 *   long v6High, v6Low        IPv6 address
 *   int  ports                IPv6 port (high 16 bits) | pool4 port (low 16 bits)
 *   int  v4                   pool4 address
 *   int  info                 session count (bits 0-23) | protocol (24-25) | static (26) | live (27)
 *   int  next6, next4         hash chains (next6 doubles as the free list)
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

    final long[] v6High;
    final long[] v6Low;
    final int[] ports;
    final int[] v4;
    final int[] info;
    private final int[] next6;
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
        v6High = new long[capacity];
        v6Low = new long[capacity];
        ports = new int[capacity];
        v4 = new int[capacity];
        info = new int[capacity];
        next6 = new int[capacity];
        next4 = new int[capacity];
        buckets6 = new int[buckets];
        buckets4 = new int[buckets];
        Arrays.fill(buckets6, -1);
        Arrays.fill(buckets4, -1);
        for (int i = 0; i < capacity; i++)
        {
            next6[i] = i + 1 < capacity ? i + 1 : -1;
            next4[i] = -1;
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 8L * (v6High.length + v6Low.length) +
            4L * (ports.length + v4.length + info.length + next6.length + next4.length + buckets6.length +
            buckets4.length);
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
        int i = buckets6[bucket6(protocol, high, low, port)];
        while (i >= 0)
        {
            if (v6High[i] == high && v6Low[i] == low && (ports[i] >>> 16) == port && protocol(i) == protocol)
            {
                return i;
            }
            i = next6[i];
        }
        return -1;
    }

    int find4(final int protocol, final int address, final int port)
    {
        int i = buckets4[bucket4(protocol, address, port)];
        while (i >= 0)
        {
            if (v4[i] == address && (ports[i] & 0xFFFF) == port && protocol(i) == protocol)
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
        freeHead = next6[i];
        v6High[i] = high;
        v6Low[i] = low;
        ports[i] = port6 << 16 | port4;
        v4[i] = address4;
        info[i] = LIVE_FLAG | (isStatic ? STATIC_FLAG : 0) | protocol << PROTOCOL_SHIFT;
        final int b6 = bucket6(protocol, high, low, port6);
        next6[i] = buckets6[b6];
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
        final int b6 = bucket6(protocol, v6High[i], v6Low[i], ports[i] >>> 16);
        if (buckets6[b6] == i)
        {
            buckets6[b6] = next6[i];
        }
        else
        {
            int p = buckets6[b6];
            while (next6[p] != i)
            {
                p = next6[p];
            }
            next6[p] = next6[i];
        }
        final int b4 = bucket4(protocol, v4[i], ports[i] & 0xFFFF);
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
        info[i] = 0;
        next4[i] = -1;
        next6[i] = freeHead;
        freeHead = i;
        size--;
    }

    boolean isLive(final int i)
    {
        return (info[i] & LIVE_FLAG) != 0;
    }

    int protocol(final int i)
    {
        return (info[i] >>> PROTOCOL_SHIFT) & 3;
    }

    boolean isStatic(final int i)
    {
        return (info[i] & STATIC_FLAG) != 0;
    }

    int sessions(final int i)
    {
        return info[i] & COUNT_MASK;
    }

    void addSessions(final int i, final int delta)
    {
        info[i] += delta;
    }

    int port6(final int i)
    {
        return ports[i] >>> 16;
    }

    int port4(final int i)
    {
        return ports[i] & 0xFFFF;
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
