package io.xlat.core.nat64;

/**
 * Chooses the pool4 transport address of a new BIB entry (RFC 6146 3.5.1.1), within the ports its shard owns.
 * <p>
 * RFC 6056 Algorithm 3 ("simple hash-based"): the search starts at {@code offset = F(IPv6 address, IPv6 port,
 * protocol, secret)} and walks the address's ports from there, {@code port = ports[(offset + count) % n]}, taking the
 * first free one. The hash is over the internal endpoint only, not the remote, because the mapping is
 * endpoint-independent (RFC 4787 REQ-1): one mapping serves every remote. The address is chosen first, by a hash of
 * the IPv6 address alone, so that all mappings of a host use the same IPv4 address while it has free ports ("paired"
 * pooling, RFC 4787 REQ-2); then the next addresses in order.
 * <p>
 * Preferences, each relaxed only when nothing satisfies it: same parity as the IPv6 port for UDP (RFC 6146 3.5.1.1,
 * RFC 4787 REQ-3's "port parity preservation"), then the same range, 0-1023 or 1024-65535 (RFC 6146 3.5.1.1). Port
 * preservation (trying the IPv6 port itself first) is off by default: RFC 6146 3.5.1.1 allows it but does not
 * require it, and RFC 6056 section 1 explains why predictable external ports help off-path attackers; it can be
 * switched on with {@link Nat64Config.Builder#preservePort(boolean)}.
 * <p>
 * Per-address used/owned counters skip a full address in O(1), so exhaustion costs O(addresses), and a search on an
 * address with a free port always ends; on a nearly full address it may probe most of its ports (bounded, no
 * allocation).
 */
final class Nat64PortAllocator
{
    private final Pool4 pool;
    private final PortOwners owners;
    private final int shard;
    private final Nat64Bib bib;
    private final long secret;
    private final boolean preservePort;
    private final int[][] owned;
    private final int[][] used;
    /** Per protocol: whether any address has ports below 1024, and at or above 1024 (RFC 6146 3.5.1.1 ranges). */
    private final boolean[] anyLow = new boolean[Nat64Protocol.COUNT];
    private final boolean[] anyHigh = new boolean[Nat64Protocol.COUNT];

    Nat64PortAllocator(
        final Pool4 pool, final PortOwners owners, final int shard, final Nat64Bib bib, final long secret,
        final boolean preservePort)
    {
        this.pool = pool;
        this.owners = owners;
        this.shard = shard;
        this.bib = bib;
        this.secret = secret;
        this.preservePort = preservePort;
        final int addresses = pool.addressCount();
        this.owned = new int[Nat64Protocol.COUNT][addresses];
        this.used = new int[Nat64Protocol.COUNT][addresses];
        for (int p = 0; p < Nat64Protocol.COUNT; p++)
        {
            for (int a = 0; a < addresses; a++)
            {
                owned[p][a] = countOwned(p, a);
                anyLow[p] |= hasRange(p, a, true);
                anyHigh[p] |= hasRange(p, a, false);
            }
        }
    }

    private int countOwned(final int protocol, final int a)
    {
        if (owners.shards() == 1)
        {
            return pool.portCount(protocol, a);
        }
        int count = pool.ownedPortCount(protocol, a, shard, owners.shards());
        final int address = pool.address(a);
        for (int i = 0; i < owners.overrideCount(); i++)
        {
            final int port = owners.overridePort(i);
            if (owners.overrideAddress(i) == address && pool.contains(protocol, address, port))
            {
                final boolean dealt = Pool4.owner(address, port, owners.shards()) == shard;
                final boolean overridden = owners.overrideShard(i) == shard;
                count += (overridden ? 1 : 0) - (dealt ? 1 : 0);
            }
        }
        return count;
    }

    /**
     * Ports of a protocol this shard owns in the whole pool.
     */
    long ownedPorts(final int protocol)
    {
        long total = 0;
        for (final int count : owned[protocol])
        {
            total += count;
        }
        return total;
    }

    /**
     * Picks a free pool4 transport address.
     *
     * @return {@code addressIndex << 16 | port}, or -1 when this shard's part of the pool is exhausted.
     */
    long allocate(final int protocol, final long high, final long low, final int port6)
    {
        final int addresses = pool.addressCount();
        final int first = reduce(Nat64Hash.mix(secret, high, low), addresses);
        final long offsetHash = Nat64Hash.mix(~secret, high, low ^ ((long)protocol << 16 | port6));
        if (preservePort)
        {
            for (int i = 0; i < addresses; i++)
            {
                final int a = (first + i) % addresses;
                if (pool.contains(protocol, pool.address(a), port6) && isFree(protocol, a, port6))
                {
                    return (long)a << 16 | port6;
                }
            }
        }
        final int parity = protocol == Nat64Protocol.UDP ? port6 & 1 : -1;
        final boolean low1024 = port6 < 1024;
        final boolean rangeExists = low1024 ? anyLow[protocol] : anyHigh[protocol];
        final int[] usedOf = used[protocol];
        final int[] ownedOf = owned[protocol];
        for (int pass = 0; pass < 3; pass++)
        {
            if (pass == 1 && parity < 0 || pass == 0 && !rangeExists)
            {
                // No parity to keep; or no address has ports in the source port's range (below 1024 or not, RFC
                // 6146 3.5.1.1), so the pass that insists on it would scan every address for nothing.
                continue;
            }
            int a = first;
            for (int i = 0; i < addresses; i++, a = a + 1 == addresses ? 0 : a + 1)
            {
                if (usedOf[a] >= ownedOf[a])
                {
                    continue;
                }
                if (pass == 0 && !hasRange(protocol, a, low1024))
                {
                    continue;
                }
                final int found = search(protocol, a, offsetHash, pass < 2 ? parity : -1, pass == 0, low1024);
                if (found >= 0)
                {
                    return (long)a << 16 | found;
                }
            }
        }
        return -1;
    }

    /**
     * {@link #allocate(int, long, long, int)} given its {@link #firstCandidate} for the same source: when the
     * candidate is the first transport address allocate would probe (no port preservation; the address not full;
     * the candidate's range the one the first pass wants, if it runs) and it is free, it is what allocate would
     * return, and the search is skipped. Otherwise allocate runs.
     *
     * @return {@code addressIndex << 16 | port}, or -1 when this shard's part of the pool is exhausted.
     */
    long allocate(final int protocol, final long high, final long low, final int port6, final long candidate)
    {
        if (candidate >= 0 && !preservePort)
        {
            final int a = (int)(candidate >>> 16);
            final int port = (int)candidate & 0xFFFF;
            final boolean low1024 = port6 < 1024;
            final boolean firstPass = low1024 ? anyLow[protocol] : anyHigh[protocol];
            if (used[protocol][a] < owned[protocol][a] &&
                (!firstPass || (hasRange(protocol, a, low1024) && (port < 1024) == low1024)) &&
                isFree(protocol, a, port))
            {
                return candidate;
            }
        }
        return allocate(protocol, high, low, port6);
    }

    /**
     * The transport address {@link #allocate} tries first for this IPv6 source, without checking that it is free:
     * a creation, or a prefetch ahead of one, reads the buckets it will touch before the allocation decides (which it
     * confirms in most cases: the pool is mostly free, and the candidate is the first port allocate probes, parity
     * kept). Allocates nothing, changes nothing.
     *
     * @return {@code addressIndex << 16 | port}, or -1 when the pool gives the protocol no port on that address.
     */
    long firstCandidate(final int protocol, final long high, final long low, final int port6)
    {
        final int a = reduce(Nat64Hash.mix(secret, high, low), pool.addressCount());
        if (preservePort)
        {
            return (long)a << 16 | port6;
        }
        final int n = pool.portCount(protocol, a);
        if (n == 0)
        {
            return -1;
        }
        final int k = reduce(Nat64Hash.mix(~secret, high, low ^ ((long)protocol << 16 | port6)), n);
        int port = pool.port(protocol, a, k);
        if (protocol == Nat64Protocol.UDP && ((port ^ port6) & 1) != 0)
        {
            port = pool.port(protocol, a, k + 1 < n ? k + 1 : 0);
        }
        return (long)a << 16 | port;
    }

    private int search(
        final int protocol, final int a, final long offsetHash, final int parity, final boolean sameRange,
        final boolean low1024)
    {
        final int n = pool.portCount(protocol, a);
        final int offset = reduce(offsetHash, n);
        for (int count = 0; count < n; count++)
        {
            final int k = offset + count < n ? offset + count : offset + count - n;
            final int port = pool.port(protocol, a, k);
            if (parity >= 0 && (port & 1) != parity)
            {
                continue;
            }
            if (sameRange && (port < 1024) != low1024)
            {
                continue;
            }
            if (isFree(protocol, a, port))
            {
                return port;
            }
        }
        return -1;
    }

    /** A uniform 0..n-1 from a 64-bit hash: its high word scaled by n (a multiply, where a remainder divides). */
    private static int reduce(final long hash, final int n)
    {
        return (int)Math.unsignedMultiplyHigh(hash, n);
    }

    private boolean hasRange(final int protocol, final int a, final boolean low1024)
    {
        return low1024 ? pool.lowestPort(protocol, a) < 1024 : pool.highestPort(protocol, a) >= 1024;
    }

    private boolean isFree(final int protocol, final int a, final int port)
    {
        final int address = pool.address(a);
        return owners.owner(address, port) == shard && bib.find4(protocol, address, port) < 0;
    }

    /**
     * Counts a pool4 transport address as taken, if it is in the pool.
     */
    void acquired(final int protocol, final int address, final int port)
    {
        final int a = pool.indexOf(address);
        if (a >= 0 && pool.contains(protocol, address, port) && owners.owner(address, port) == shard)
        {
            used[protocol][a]++;
        }
    }

    /**
     * Counts as taken a transport address {@link #allocate} returned (in the pool and owned by this shard).
     */
    void acquiredAt(final int protocol, final int addressIndex)
    {
        used[protocol][addressIndex]++;
    }

    /**
     * Counts a pool4 transport address as free again, if it is in the pool.
     */
    void released(final int protocol, final int address, final int port)
    {
        final int a = pool.indexOf(address);
        if (a >= 0 && pool.contains(protocol, address, port) && owners.owner(address, port) == shard)
        {
            used[protocol][a]--;
        }
    }
}
