package io.xlat.core.addr;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * RFC 6052 section 2.2 IPv4-embedded IPv6 addresses: an IPv4 address placed after a prefix of length 32, 40, 48,
 * 56, 64 or 96, skipping the "u" octet (bits 64..71), followed by a suffix.
 * <pre>
 *     +--+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
 *     |PL| 0-------------32--40--48--56--64--72--80--88--96--104---------|
 *     +--+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
 *     |32|     prefix    |v4(32)         | u | suffix                    |
 *     |40|     prefix        |v4(24)     | u |(8)| suffix                |
 *     |48|     prefix            |v4(16) | u | (16)  | suffix            |
 *     |56|     prefix                |(8)| u |  v4(24)   | suffix        |
 *     |64|     prefix                    | u |   v4(32)      | suffix    |
 *     |96|     prefix                                    |    v4(32)     |
 *     +--+---------------------------------------------------------------+
 * </pre>
 * Embedding writes the u-octet and the suffix as zero (2.2: the u-octet "MUST be set to zero"; the suffix is
 * "reserved for future extensions and SHOULD be set to zero"); prefix bits beyond the prefix length are ignored.
 * <p>
 * Extraction ({@link #extract(long, long, int)}) is a pure bit operation that ignores the u-octet and the suffix;
 * a translator that wants to refuse addresses whose u-octet or suffix is not zero checks
 * {@link #isWellFormed(long, long, int)} first, as {@link SiitAddressMapper} does.
 * <p>
 * Every method here is allocation-free and branch-light: lengths are validated once in configuration
 * ({@link #checkPrefix(Ipv6Prefix)}), not per packet.
 */
public final class Rfc6052
{
    /** The prefix lengths RFC 6052 section 2.2 allows. */
    private static final int VALID_LENGTHS_MASK = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 8);

    /** Bits 64..71 of the address, as a mask of the low half. */
    public static final long U_OCTET_MASK = 0xFF00_0000_0000_0000L;

    private Rfc6052()
    {
    }

    /**
     * Whether a prefix length is one RFC 6052 section 2.2 allows.
     *
     * @param prefixLength the length.
     * @return true for 32, 40, 48, 56, 64 and 96.
     */
    public static boolean isValidPrefixLength(final int prefixLength)
    {
        return prefixLength >= 32 && prefixLength <= 96 && (prefixLength & 7) == 0 &&
            (VALID_LENGTHS_MASK & (1 << ((prefixLength - 32) >> 3))) != 0;
    }

    /**
     * Validates a prefix for use as an RFC 6052 prefix (pool6): allowed length and, for /96, a zero u-octet.
     * Bits beyond the length are already zero in an {@link Ipv6Prefix}.
     *
     * @param prefix the prefix.
     * @return the prefix.
     * @throws IllegalArgumentException naming the prefix and what is wrong with it.
     */
    public static Ipv6Prefix checkPrefix(final Ipv6Prefix prefix)
    {
        if (!isValidPrefixLength(prefix.length()))
        {
            throw new IllegalArgumentException("invalid RFC 6052 prefix \"" + prefix + "\": length " +
                prefix.length() + " is not one of 32, 40, 48, 56, 64, 96 (RFC 6052 2.2)");
        }
        if ((prefix.low() & U_OCTET_MASK) != 0)
        {
            throw new IllegalArgumentException("invalid RFC 6052 prefix \"" + prefix +
                "\": bits 64..71 (the u-octet) must be zero (RFC 6052 2.2)");
        }
        return prefix;
    }

    /**
     * High 64 bits of the IPv4-embedded address.
     *
     * @param prefixHigh   high half of the prefix (bits beyond the length are ignored).
     * @param prefixLength 32, 40, 48, 56, 64 or 96 (not checked).
     * @param ipv4         the IPv4 address.
     * @return bytes 0..7 of the embedded address.
     */
    public static long embedHigh(final long prefixHigh, final int prefixLength, final int ipv4)
    {
        if (prefixLength >= 64)
        {
            return prefixHigh;
        }
        // n = 64 - prefixLength IPv4 bits (8..32) go before the u-octet.
        final int n = 64 - prefixLength;
        return (prefixHigh & (-1L << n)) | ((ipv4 & 0xFFFF_FFFFL) >>> (32 - n));
    }

    /**
     * Low 64 bits of the IPv4-embedded address (u-octet and suffix zero).
     *
     * @param prefixLow    low half of the prefix (used for /96 only; bits beyond the length are ignored).
     * @param prefixLength 32, 40, 48, 56, 64 or 96 (not checked).
     * @param ipv4         the IPv4 address.
     * @return bytes 8..15 of the embedded address.
     */
    public static long embedLow(final long prefixLow, final int prefixLength, final int ipv4)
    {
        if (prefixLength == 96)
        {
            return (prefixLow & 0xFFFF_FFFF_0000_0000L & ~U_OCTET_MASK) | (ipv4 & 0xFFFF_FFFFL);
        }
        // The 32 - n IPv4 bits left after the high half start at bit 72, right after the u-octet.
        final int n = 64 - prefixLength;
        final long rest = (ipv4 & 0xFFFF_FFFFL) & ((1L << (32 - n)) - 1);
        return rest << (24 + n);
    }

    /**
     * Writes the IPv4-embedded IPv6 address (16 bytes, network order).
     *
     * @param prefixHigh   high half of the prefix.
     * @param prefixLow    low half of the prefix.
     * @param prefixLength 32, 40, 48, 56, 64 or 96 (not checked).
     * @param ipv4         the IPv4 address.
     * @param out          buffer to write into.
     * @param offset       of the first address byte.
     */
    public static void embed(
        final long prefixHigh,
        final long prefixLow,
        final int prefixLength,
        final int ipv4,
        final MutableDirectBuffer out,
        final int offset)
    {
        Ipv6Addresses.write(
            out, offset, embedHigh(prefixHigh, prefixLength, ipv4), embedLow(prefixLow, prefixLength, ipv4));
    }

    /**
     * Reads the IPv4 address embedded in an IPv6 address, ignoring the u-octet and the suffix.
     *
     * @param high         bytes 0..7 of the IPv6 address.
     * @param low          bytes 8..15 of the IPv6 address.
     * @param prefixLength 32, 40, 48, 56, 64 or 96 (not checked).
     * @return the IPv4 address.
     */
    public static int extract(final long high, final long low, final int prefixLength)
    {
        if (prefixLength == 96)
        {
            return (int)low;
        }
        final int n = 64 - prefixLength;
        final long first = (high & ((1L << n) - 1)) << (32 - n);
        final long rest = (low >>> (24 + n)) & ((1L << (32 - n)) - 1);
        return (int)(first | rest);
    }

    /**
     * Reads the IPv4 address embedded in the 16 address bytes at {@code offset}.
     *
     * @param buffer       holding the IPv6 address.
     * @param offset       of the first address byte.
     * @param prefixLength 32, 40, 48, 56, 64 or 96 (not checked).
     * @return the IPv4 address.
     */
    public static int extract(final DirectBuffer buffer, final int offset, final int prefixLength)
    {
        return extract(Ipv6Addresses.high(buffer, offset), Ipv6Addresses.low(buffer, offset), prefixLength);
    }

    /**
     * Whether the u-octet and the suffix of an IPv4-embedded address are zero, as RFC 6052 2.2 has them
     * generated. (The prefix itself is not compared; see {@link Ipv6Prefix#contains(long, long)}.)
     *
     * @param high         bytes 0..7 of the IPv6 address.
     * @param low          bytes 8..15 of the IPv6 address.
     * @param prefixLength 32, 40, 48, 56, 64 or 96 (not checked).
     * @return true when bits 64..71 and every bit after the embedded IPv4 address are zero.
     */
    public static boolean isWellFormed(final long high, final long low, final int prefixLength)
    {
        if (prefixLength == 96)
        {
            return (low & U_OCTET_MASK) == 0;
        }
        // IPv4 bits in the low half occupy bits 72 .. 72 + (32 - n); everything else in the low half is zero.
        final int n = 64 - prefixLength;
        final long ipv4Bits = ((1L << (32 - n)) - 1) << (24 + n);
        return (low & ~ipv4Bits) == 0;
    }
}
