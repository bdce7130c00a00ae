package io.xlat.examples.clat;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.checksum.Checksum;
import io.xlat.examples.daemon.Parsers;

/**
 * The CLAT's addresses: its IPv4 host range, its own IPv4 address, and the IPv6 addresses the range maps to, one
 * per IPv4 address (an RFC 7757 EAM of equal suffix lengths: 192.0.0.0/29 with a /125).
 * <p>
 * RFC 7335 reserves 192.0.0.0/29 for the IPv4 side of a CLAT; here {@code --clat-ipv4 192.0.0.1/29} (the default)
 * gives the CLAT router 192.0.0.1 (its LAN address, the source of ICMPv4 errors it originates) and hosts take
 * 192.0.0.2 to 192.0.0.6 (192.0.0.7 would be the broadcast address of the /29). Every address of the /29 is mapped,
 * so a host numbered anywhere in it works.
 * <p>
 * {@code --clat-ipv6} is either an address ({@code /128} or no length): the range is the {@code /(96 + n)} that
 * starts there, taken as given; or a prefix ({@code /64}, up to {@code /96}) with an optional interface identifier:
 * word 6 of the IID (bits 96..111) is then replaced so that the base address is checksum-neutral against the base
 * of the IPv4 range ({@link Checksum#makeNeutral}, as Android's clatd chooses its address). Because the IPv4 range
 * and word 7 both start with zero host bits, {@code 192.0.0.k} and {@code base + k} then have equal one's-complement
 * sums for every k: TCP and UDP checksums pass through the CLAT unchanged (RFC 6052 4.1, RFC 6877 6.3).
 *
 * @param hostRange       the IPv4 range translated by the EAM (192.0.0.0/29).
 * @param clatIpv4        the CLAT's own IPv4 address (192.0.0.1).
 * @param ipv6Range       the IPv6 side of the EAM, of the same suffix length.
 * @param checksumNeutral whether {@code ipv6Range} was chosen (or happens) to be checksum-neutral.
 */
public record ClatAddressPlan(Ipv4Prefix hostRange, int clatIpv4, Ipv6Prefix ipv6Range, boolean checksumNeutral)
{
    /** RFC 7335 default: the CLAT is 192.0.0.1 in 192.0.0.0/29. */
    public static final String DEFAULT_CLAT_IPV4 = "192.0.0.1/29";

    /** Word of the IPv6 address rewritten for checksum neutrality: bits 96..111, leaving word 7 for the hosts. */
    public static final int NEUTRAL_WORD = 6;

    /**
     * Builds the plan from the option values.
     *
     * @param clatIpv4Text {@code ADDR/LEN}, LEN 24..32 (the host range is the enclosing prefix).
     * @param clatIpv6Text an IPv6 address, or {@code ADDR/LEN} with LEN at most 96.
     * @return the plan.
     * @throws IllegalArgumentException naming the option and value.
     */
    public static ClatAddressPlan of(final String clatIpv4Text, final String clatIpv6Text)
    {
        final String v4 = clatIpv4Text.trim();
        final int slash4 = v4.indexOf('/');
        final int length4 = slash4 < 0 ? 32 : parseLength("--clat-ipv4", v4, v4.substring(slash4 + 1));
        if (length4 < 24 || length4 > 32)
        {
            throw new IllegalArgumentException("--clat-ipv4 " + v4 + ": length /" + length4
                + " outside /24../32 (RFC 7335 uses 192.0.0.0/29)");
        }
        final int address4 = Parsers.ipv4("--clat-ipv4", slash4 < 0 ? v4 : v4.substring(0, slash4));
        final Ipv4Prefix range4 = Ipv4Prefix.of(address4 & Ipv4Prefix.mask(length4), length4);
        final int suffix = 32 - length4;
        final int length6 = 128 - suffix;

        final String v6 = clatIpv6Text.trim();
        final int slash6 = v6.indexOf('/');
        final long[] address6 = Parsers.ipv6("--clat-ipv6", slash6 < 0 ? v6 : v6.substring(0, slash6));
        final int given = slash6 < 0 ? 128 : parseLength("--clat-ipv6", v6, v6.substring(slash6 + 1));
        if (given > 128)
        {
            throw new IllegalArgumentException("--clat-ipv6 " + v6 + ": length /" + given + " above /128");
        }
        final long hostMask = suffix == 0 ? 0L : (1L << suffix) - 1;
        if (given == 128)
        {
            if ((address6[1] & hostMask) != 0)
            {
                throw new IllegalArgumentException("--clat-ipv6 " + v6 + ": the last " + suffix + " bits must be "
                    + "zero: the address starts the /" + length6 + " that maps " + range4);
            }
            final Ipv6Prefix range6 = Ipv6Prefix.of(address6[0], address6[1], length6);
            return new ClatAddressPlan(range4, address4, range6, isNeutral(range6, range4));
        }
        if (given > 96)
        {
            throw new IllegalArgumentException("--clat-ipv6 " + v6 + ": a prefix must be /96 or shorter (the CLAT "
                + "picks bits 96..127), or give a full address");
        }
        final long high = address6[0] & Ipv6Prefix.maskHigh(given);
        final long maskLow = Ipv6Prefix.maskLow(given);
        // Keep the prefix and any IID bits given, clear word 7 for the hosts, then neutralize word 6.
        final long iid = address6[1] & ~0xFFFFL;
        final long low = Checksum.makeNeutral(high, (address6[1] & maskLow) | (iid & ~maskLow), range4.address(),
            NEUTRAL_WORD);
        final Ipv6Prefix range6 = Ipv6Prefix.of(high, low, length6);
        return new ClatAddressPlan(range4, address4, range6, isNeutral(range6, range4));
    }

    private static boolean isNeutral(final Ipv6Prefix range6, final Ipv4Prefix range4)
    {
        final int sum6 = Checksum.addressSum6(range6.high(), range6.low());
        final int sum4 = Checksum.addressSum4(range4.address());
        return sum6 == sum4 || (sum6 == 0 || sum6 == 0xFFFF) && (sum4 == 0 || sum4 == 0xFFFF);
    }

    private static int parseLength(final String option, final String text, final String length)
    {
        if (!length.matches("\\d{1,3}"))
        {
            throw new IllegalArgumentException(option + " " + text + ": bad prefix length '" + length + "'");
        }
        return Integer.parseInt(length);
    }

    /**
     * The IPv6 address of one IPv4 address of the host range.
     *
     * @param ipv4 an address inside {@link #hostRange()}.
     * @return {@code {high, low}}.
     */
    public long[] ipv6Of(final int ipv4)
    {
        return new long[] {ipv6Range.high(), ipv6Range.low() | (ipv4 & ~hostRange.mask()) & 0xFFFF_FFFFL};
    }

    /**
     * The CLAT's own IPv6 address: the one its IPv4 address maps to.
     *
     * @return {@code {high, low}}.
     */
    public long[] clatIpv6()
    {
        return ipv6Of(clatIpv4);
    }

    @Override
    public String toString()
    {
        return hostRange + " <-> " + ipv6Range + " (CLAT " + Ipv4Addresses.format(clatIpv4) + " = "
            + Ipv6Addresses.format(clatIpv6()[0], clatIpv6()[1]) + (checksumNeutral ? ", checksum-neutral" : "")
            + ")";
    }
}
