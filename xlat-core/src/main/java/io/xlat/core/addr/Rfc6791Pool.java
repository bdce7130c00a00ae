package io.xlat.core.addr;

import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 6791 pool: IPv4 addresses used as the source of ICMPv4 errors translated from ICMPv6 errors whose IPv6
 * source (typically a router in the IPv6 network) has no IPv4 counterpart.
 * <p>
 * RFC 6791 recommends selecting the address randomly from the pool, so that two ICMP messages elicited by one
 * traceroute are unlikely to show the same source and fake a routing loop. {@link #select(int)} takes a hash
 * chosen by the caller: a hash of the untranslatable IPv6 source gives each router a stable address (distinct
 * hops stay distinct, repeated probes to one hop agree), a random int gives the RFC's random choice;
 * {@link #selectRandom()} does the latter. Both are allocation-free.
 * <p>
 * For prefixes of /30 and shorter the network and broadcast addresses (all-zeros and all-ones host parts) are
 * never selected; a /31 or /32 uses every address it has.
 */
public final class Rfc6791Pool
{
    private final Ipv4Prefix prefix;
    private final int base;
    private final int count;

    private Rfc6791Pool(final Ipv4Prefix prefix)
    {
        this.prefix = prefix;
        final long size = 1L << prefix.suffixLength();
        if (prefix.length() <= 30)
        {
            base = prefix.address() + 1;
            count = (int)Math.min(size - 2, Integer.MAX_VALUE);
        }
        else
        {
            base = prefix.address();
            count = (int)size;
        }
    }

    /**
     * Creates a pool.
     *
     * @param prefix the pool, e.g. {@code 192.0.2.248/29}.
     * @return the pool.
     */
    public static Rfc6791Pool of(final Ipv4Prefix prefix)
    {
        return new Rfc6791Pool(prefix);
    }

    /**
     * Creates a pool from text.
     *
     * @param prefix e.g. {@code 192.0.2.248/29} or a single address.
     * @return the pool.
     * @throws IllegalArgumentException naming the text when it is not a valid IPv4 prefix.
     */
    public static Rfc6791Pool parse(final String prefix)
    {
        try
        {
            return of(Ipv4Prefix.parse(prefix));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("rfc6791v4=" + prefix + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Selects a source address (RFC 6791).
     *
     * @param hash any int; equal hashes select equal addresses, and hashes are mixed first so sequential
     *             values spread over the pool.
     * @return an address in the pool.
     */
    public int select(final int hash)
    {
        final int mixed = mix(hash) & 0x7FFF_FFFF;
        return base + (count == 1 ? 0 : mixed % count);
    }

    /**
     * Selects a random source address, as RFC 6791 recommends.
     *
     * @return an address in the pool.
     */
    public int selectRandom()
    {
        return select(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Number of addresses {@link #select(int)} can return.
     *
     * @return the pool size after removing network and broadcast addresses.
     */
    public int size()
    {
        return count;
    }

    /**
     * The configured prefix.
     *
     * @return the prefix.
     */
    public Ipv4Prefix prefix()
    {
        return prefix;
    }

    @Override
    public String toString()
    {
        return "Rfc6791Pool{" + prefix + "}";
    }

    static int mix(final int value)
    {
        // murmur3 fmix32: every input bit affects every output bit.
        int h = value;
        h ^= h >>> 16;
        h *= 0x85EB_CA6B;
        h ^= h >>> 13;
        h *= 0xC2B2_AE35;
        h ^= h >>> 16;
        return h;
    }
}
