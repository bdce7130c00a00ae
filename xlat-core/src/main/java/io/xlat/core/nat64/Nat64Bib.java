package io.xlat.core.nat64;

/**
 * The Binding Information Base of RFC 6146 3.1 for all three protocols: fixed-capacity striped primitive arrays,
 * one entry per (protocol, IPv6 address, port) &lt;-&gt; (protocol, pool4 address, port), with two chained hash
 * indexes (one per side) threaded through the entries. No object per entry; nothing allocates after construction.
 * <p>
 * The IPv6 address is not stored here but once per host in {@link Nat64Hosts}; an entry keeps the host's index. The
 * IPv6-side index still hashes the full (protocol, address, port), so that its bucket can be read before (and while)
 * the host is looked up; an entry then matches on (protocol, host index, port) alone. Both bucket arrays carry a
 * small filter per bucket ({@link Nat64Buckets}), so a lookup of an absent key, the common case when a flow starts,
 * usually reads the bucket only.
 * <p>
 * Entry layout, {@value #BYTES_PER_ENTRY} bytes with both index bucket arrays at load factor 2 (one bucket per two
 * entries: chains stay short, on average 1.5 entries examined per hit at full capacity, and the table stays within
 * 64 bytes per session at one session per entry): a stripe of three longs holding everything a lookup compares, the
 * chains it follows and what the translator reads, so a lookup reads one line per candidate (two for the quarter of
 * the stripes that straddle a line):
 * <pre>
 *   long key6 | port4         protocol (bits 60-61) | host index (32-59) | IPv6 port (16-31) | pool4 port (0-15)
 *   long info | v4            info (high 32) | pool4 address (low 32); info = session count (bits 0-23) |
 *                             static (24) | live (25) | IPv6-side hash bits 58-63 (26-31; the bucket filter's bit
 *                             comes from them, so removal rebuilds it without the hosts' addresses)
 *   long next6 | next4        IPv6 hash chain (high 32; doubles as the free list) | IPv4 hash chain (low 32)
 *   int  bucket6, bucket4     half a bucket per entry in each index
 * </pre>
 * Single-threaded: owned by one shard.
 */
final class Nat64Bib
{
    static final int BYTES_PER_ENTRY = 28;
    static final int MAX_SESSIONS_PER_ENTRY = 0xFF_FFFF;

    private static final int COUNT_MASK = 0xFF_FFFF;
    private static final int PROTOCOL_SHIFT = 28;
    private static final int STATIC_FLAG = 1 << 24;
    private static final int LIVE_FLAG = 1 << 25;
    /** Bits 58-63 of the IPv6-side hash, kept in info bits 26-31 (long bits 58-63). */
    private static final int PRINT_SHIFT = 58;

    private static final int STRIPE = 3;
    private static final int KEY = 0;
    private static final int INFO_V4 = 1;
    private static final int CHAINS = 2;
    private static final long LOW32 = 0xFFFF_FFFFL;
    private static final int HOST_MASK = (1 << PROTOCOL_SHIFT) - 1;

    private final Nat64Hosts hosts;
    private final long[] entries;
    private final Nat64Buckets buckets6;
    private final Nat64Buckets buckets4;
    private final long salt;
    private final int capacity;
    private int freeHead;
    private int size;

    Nat64Bib(final int capacity, final long salt, final Nat64Hosts hosts)
    {
        this.hosts = hosts;
        this.capacity = capacity;
        this.salt = salt;
        final int half = Math.max(1, (capacity + 1) / 2);
        final int buckets = half == 1 ? 1 : Integer.highestOneBit(half - 1) << 1;
        entries = new long[STRIPE * capacity];
        buckets6 = new Nat64Buckets(buckets, capacity);
        buckets4 = new Nat64Buckets(buckets, capacity);
        for (int i = 0; i < capacity; i++)
        {
            chains(i, i + 1 < capacity ? i + 1 : -1, -1);
        }
        freeHead = capacity > 0 ? 0 : -1;
    }

    long allocatedBytes()
    {
        return 8L * entries.length + buckets6.allocatedBytes() + buckets4.allocatedBytes();
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

    /** The index the next {@link #insert} will use, or -1 when full. */
    int nextFree()
    {
        return freeHead;
    }

    int find6(final int protocol, final long high, final long low, final int port)
    {
        final int host = hosts.find(high, low);
        final long hash = hash6(protocol, high, low, port);
        return host < 0 ? -1 : find6(protocol, host, port, hash, word6(hash));
    }

    /**
     * The bucket word of an IPv6-side {@link #hash6}: to read early, before the host lookup, and pass to
     * {@link #find6(int, int, int, long, int)} and {@link #insert(int, int, int, int, int, boolean, long, int)}.
     */
    int word6(final long hash)
    {
        return buckets6.word(hash);
    }

    /**
     * Finds an entry of a host the caller has found in {@link Nat64Hosts}, given the hash of the host's address with
     * the protocol and port, and its bucket word: an entry matches on its key alone (protocol, host index, port),
     * without reading the host's address again.
     *
     * @return the entry, or -1.
     */
    int find6(final int protocol, final int host, final int port, final long hash, final int word)
    {
        final long[] e = entries;
        final long key = key6(protocol, host, port);
        if (!buckets6.mayHold(word, hash))
        {
            return -1;
        }
        int i = buckets6.head(word);
        while (i >= 0)
        {
            final int at = STRIPE * i;
            if (e[at + KEY] >>> 16 == key)
            {
                return i;
            }
            i = (int)(e[at + CHAINS] >>> 32);
        }
        return -1;
    }

    int find4(final int protocol, final int address, final int port)
    {
        final long[] e = entries;
        final long hash = hash4(protocol, address, port);
        final int word = buckets4.word(hash);
        if (!buckets4.mayHold(word, hash))
        {
            return -1;
        }
        int i = buckets4.head(word);
        while (i >= 0)
        {
            final int at = STRIPE * i;
            final long k = e[at + KEY];
            if ((int)e[at + INFO_V4] == address && ((int)k & 0xFFFF) == port &&
                (int)(k >>> 32 + PROTOCOL_SHIFT) == protocol)
            {
                return i;
            }
            i = (int)e[at + CHAINS];
        }
        return -1;
    }

    /**
     * Inserts an entry; the caller has checked that neither side exists and that the table is not full.
     */
    int insert(
        final int protocol, final int host, final int port6, final int address4, final int port4,
        final boolean isStatic)
    {
        final long hash = hash6(protocol, hosts.high(host), hosts.low(host), port6);
        return insert(protocol, host, port6, address4, port4, isStatic, hash, buckets6.word(hash));
    }

    /**
     * Inserts an entry whose IPv6-side hash and bucket word ({@link #word6}) the caller has read, with no change to
     * this table since.
     */
    int insert(
        final int protocol, final int host, final int port6, final int address4, final int port4,
        final boolean isStatic, final long hash, final int word6)
    {
        final int i = freeHead;
        final int at = STRIPE * i;
        freeHead = next6(i);
        entries[at + KEY] = key6(protocol, host, port6) << 16 | port4;
        entries[at + INFO_V4] = (hash >>> PRINT_SHIFT) << PRINT_SHIFT |
            (long)(LIVE_FLAG | (isStatic ? STATIC_FLAG : 0)) << 32 | (address4 & LOW32);
        final long hash4 = hash4(protocol, address4, port4);
        chains(i, buckets6.head(word6), buckets4.head(buckets4.word(hash4)));
        buckets6.push(hash, i);
        buckets4.push(hash4, i);
        size++;
        return i;
    }

    void remove(final int i)
    {
        final int host = host(i);
        final long hash6 = hash6(protocol(i), hosts.high(host), hosts.low(host), port6(i));
        int head = buckets6.head(buckets6.word(hash6));
        if (head == i)
        {
            head = next6(i);
        }
        else
        {
            int p = head;
            while (next6(p) != i)
            {
                p = next6(p);
            }
            chains(p, next6(i), next4(p));
        }
        int filter = 0;
        for (int p = head; p >= 0; p = next6(p))
        {
            filter |= buckets6.filterBit(entries[STRIPE * p + INFO_V4]);
        }
        buckets6.replace(hash6, head, filter);
        final long hash4 = hash4(protocol(i), v4(i), port4(i));
        head = buckets4.head(buckets4.word(hash4));
        if (head == i)
        {
            head = next4(i);
        }
        else
        {
            int p = head;
            while (next4(p) != i)
            {
                p = next4(p);
            }
            chains(p, next6(p), next4(i));
        }
        filter = 0;
        for (int p = head; p >= 0; p = next4(p))
        {
            filter |= buckets4.filterBit(hash4(protocol(p), v4(p), port4(p)));
        }
        buckets4.replace(hash4, head, filter);
        entries[STRIPE * i + KEY] = 0;
        entries[STRIPE * i + INFO_V4] = 0;
        chains(i, freeHead, -1);
        freeHead = i;
        size--;
    }

    private int next6(final int i)
    {
        return (int)(entries[STRIPE * i + CHAINS] >>> 32);
    }

    private int next4(final int i)
    {
        return (int)entries[STRIPE * i + CHAINS];
    }

    private void chains(final int i, final int next6, final int next4)
    {
        entries[STRIPE * i + CHAINS] = (long)next6 << 32 | (next4 & LOW32);
    }

    /** The host (index in {@link Nat64Hosts}) of an entry. */
    int host(final int i)
    {
        return (int)(entries[STRIPE * i + KEY] >>> 32) & HOST_MASK;
    }

    /** Pool4 address of an entry. */
    int v4(final int i)
    {
        return (int)entries[STRIPE * i + INFO_V4];
    }

    private int info(final int i)
    {
        return (int)(entries[STRIPE * i + INFO_V4] >>> 32);
    }

    boolean isLive(final int i)
    {
        return (info(i) & LIVE_FLAG) != 0;
    }

    int protocol(final int i)
    {
        return (int)(entries[STRIPE * i + KEY] >>> 32 + PROTOCOL_SHIFT);
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
        entries[STRIPE * i + INFO_V4] += (long)delta << 32;
    }

    int port6(final int i)
    {
        return (int)(entries[STRIPE * i + KEY] >>> 16) & 0xFFFF;
    }

    int port4(final int i)
    {
        return (int)entries[STRIPE * i + KEY] & 0xFFFF;
    }

    /** Protocol (bits 44-45) | host (16-43) | IPv6 port (0-15): the IPv6-side key, compared in one go. */
    private static long key6(final int protocol, final int host, final int port)
    {
        return ((long)protocol << PROTOCOL_SHIFT | host) << 16 | port;
    }

    /** The IPv6-side hash of (protocol, address, port). */
    long hash6(final int protocol, final long high, final long low, final int port)
    {
        return Nat64Hash.mix(salt, high, low + ((long)protocol << 16 | port));
    }

    /** The IPv4-side bucket of a transport address: what a {@link #find4} of it reads first. */
    int bucketIndex4(final int protocol, final int address, final int port)
    {
        return buckets4.index(hash4(protocol, address, port));
    }

    /** The IPv6-side bucket of an {@link #hash6}. */
    int bucketIndex6(final long hash)
    {
        return buckets6.index(hash);
    }

    int[] bucketWords4()
    {
        return buckets4.words();
    }

    int[] bucketWords6()
    {
        return buckets6.words();
    }

    private long hash4(final int protocol, final int address, final int port)
    {
        return Nat64Hash.mix(~salt ^ ((long)protocol << 48 | (address & 0xFFFF_FFFFL) << 16 | port));
    }
}
