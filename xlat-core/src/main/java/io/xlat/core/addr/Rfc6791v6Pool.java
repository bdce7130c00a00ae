package io.xlat.core.addr;

import org.agrona.MutableDirectBuffer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The IPv6 counterpart of {@link Rfc6791Pool}, for the 4 -> 6 direction: the IPv6 source used for ICMPv6 errors
 * translated from ICMPv4 errors whose IPv4 source cannot be mapped - for example a router with a private address
 * while pool6 is the Well-Known Prefix (RFC 6052 3.1 forbids embedding it). RFC 6791 covers only the 6 -> 4
 * direction; this applies the same idea the other way (Jool calls it {@code rfc6791v6}).
 * <p>
 * The selected address is the prefix with its host bits filled from a mixed hash: stable per hash, spread over
 * the prefix. A /128 always yields itself. Allocation-free.
 */
public final class Rfc6791v6Pool
{
    private final Ipv6Prefix prefix;
    private final long hostMaskHigh;
    private final long hostMaskLow;

    private Rfc6791v6Pool(final Ipv6Prefix prefix)
    {
        this.prefix = prefix;
        hostMaskHigh = ~Ipv6Prefix.maskHigh(prefix.length());
        hostMaskLow = ~Ipv6Prefix.maskLow(prefix.length());
    }

    /**
     * Creates a pool.
     *
     * @param prefix the pool, e.g. {@code 2001:db8:ffff::/64} or a single address as a /128.
     * @return the pool.
     */
    public static Rfc6791v6Pool of(final Ipv6Prefix prefix)
    {
        return new Rfc6791v6Pool(prefix);
    }

    /**
     * Creates a pool from text.
     *
     * @param prefix e.g. {@code 2001:db8:ffff::/64}.
     * @return the pool.
     * @throws IllegalArgumentException naming the text when it is not a valid IPv6 prefix.
     */
    public static Rfc6791v6Pool parse(final String prefix)
    {
        try
        {
            return of(Ipv6Prefix.parse(prefix));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("rfc6791v6=" + prefix + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * High half of the selected address.
     *
     * @param hash any int; equal hashes select equal addresses.
     * @return bytes 0..7.
     */
    public long selectHigh(final int hash)
    {
        return prefix.high() | (mix64(hash, 0x9E37_79B9_7F4A_7C15L) & hostMaskHigh);
    }

    /**
     * Low half of the selected address. The low 64 bits are never all zero when the prefix leaves them free,
     * so a /64 pool does not yield its Subnet-Router anycast address.
     *
     * @param hash any int; equal hashes select equal addresses.
     * @return bytes 8..15.
     */
    public long selectLow(final int hash)
    {
        final long low = prefix.low() | (mix64(hash, 0xC2B2_AE3D_27D4_EB4FL) & hostMaskLow);
        return (hostMaskLow == -1L && low == 0) ? 1 : low;
    }

    /**
     * Writes the selected address.
     *
     * @param hash   any int; equal hashes select equal addresses.
     * @param out    buffer to write into.
     * @param offset of the first address byte.
     */
    public void select(final int hash, final MutableDirectBuffer out, final int offset)
    {
        Ipv6Addresses.write(out, offset, selectHigh(hash), selectLow(hash));
    }

    /**
     * Writes a randomly selected address.
     *
     * @param out    buffer to write into.
     * @param offset of the first address byte.
     */
    public void selectRandom(final MutableDirectBuffer out, final int offset)
    {
        select(ThreadLocalRandom.current().nextInt(), out, offset);
    }

    /**
     * The configured prefix.
     *
     * @return the prefix.
     */
    public Ipv6Prefix prefix()
    {
        return prefix;
    }

    @Override
    public String toString()
    {
        return "Rfc6791v6Pool{" + prefix + "}";
    }

    private static long mix64(final int hash, final long seed)
    {
        long x = (hash & 0xFFFF_FFFFL) * seed;
        x ^= x >>> 33;
        x *= 0xFF51_AFD7_ED55_8CCDL;
        x ^= x >>> 33;
        x *= 0xC4CE_B9FE_1A85_EC53L;
        x ^= x >>> 33;
        return x;
    }
}
