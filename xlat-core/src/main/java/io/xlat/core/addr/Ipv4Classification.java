package io.xlat.core.addr;

/**
 * Special-purpose IPv4 ranges, for the RFC 6052 section 3.1 rule: "The Well-Known Prefix MUST NOT be used to
 * represent non-global IPv4 addresses, such as those defined in [RFC1918] or listed in Section 3 of [RFC5735]."
 * <p>
 * Non-global here means the RFC 5735 section 3 list plus the Shared Address Space 100.64.0.0/10 (RFC 6598, 2012,
 * later than RFC 6052 but marked Global=False in the RFC 6890 registry and used behind carrier NATs):
 * <pre>
 *   0.0.0.0/8          "this" network            RFC 1122
 *   10.0.0.0/8         private                   RFC 1918
 *   100.64.0.0/10      shared address space      RFC 6598
 *   127.0.0.0/8        loopback                  RFC 1122
 *   169.254.0.0/16     link local                RFC 3927
 *   172.16.0.0/12      private                   RFC 1918
 *   192.0.0.0/24       IETF protocol assignments RFC 5736
 *   192.0.2.0/24       TEST-NET-1                RFC 5737
 *   192.88.99.0/24     6to4 relay anycast        RFC 3068 (deprecated by RFC 7526; RFC 5735 lists it)
 *   192.168.0.0/16     private                   RFC 1918
 *   198.18.0.0/15      benchmarking              RFC 2544
 *   198.51.100.0/24    TEST-NET-2                RFC 5737
 *   203.0.113.0/24     TEST-NET-3                RFC 5737
 *   224.0.0.0/4        multicast                 RFC 3171
 *   240.0.0.0/4        reserved (includes 255.255.255.255, limited broadcast, RFC 919)
 * </pre>
 * The few global exceptions RFC 6890 later carved out of 192.0.0.0/24 (192.0.0.9, 192.0.0.10) are treated as
 * non-global: RFC 6052 points at RFC 5735, which lists the whole /24, and erring on the side of not translating
 * is what the MUST NOT asks for. Lookups loop over 15 constant entries: allocation-free, no branches on data.
 */
public final class Ipv4Classification
{
    private static final int[] NON_GLOBAL_NETWORKS =
    {
        0x0000_0000, 0x0A00_0000, 0x6440_0000, 0x7F00_0000, 0xA9FE_0000, 0xAC10_0000, 0xC000_0000, 0xC000_0200,
        0xC058_6300, 0xC0A8_0000, 0xC612_0000, 0xC633_6400, 0xCB00_7100, 0xE000_0000, 0xF000_0000,
    };

    private static final int[] NON_GLOBAL_LENGTHS =
    {
        8, 8, 10, 8, 16, 12, 24, 24,
        24, 16, 15, 24, 24, 4, 4,
    };

    private Ipv4Classification()
    {
    }

    /**
     * Whether an address is global in the RFC 6052 section 3.1 sense (outside every range listed above).
     *
     * @param ipv4 the address.
     * @return false for private, loopback, link-local, documentation, multicast, reserved and the rest listed.
     */
    public static boolean isGlobal(final int ipv4)
    {
        final int[] networks = NON_GLOBAL_NETWORKS;
        final int[] lengths = NON_GLOBAL_LENGTHS;
        for (int i = 0; i < networks.length; i++)
        {
            if ((ipv4 & Ipv4Prefix.mask(lengths[i])) == networks[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 1918 private address space.
     *
     * @param ipv4 the address.
     * @return true for 10/8, 172.16/12, 192.168/16.
     */
    public static boolean isPrivate(final int ipv4)
    {
        return (ipv4 & 0xFF00_0000) == 0x0A00_0000 || (ipv4 & 0xFFF0_0000) == 0xAC10_0000 ||
            (ipv4 & 0xFFFF_0000) == 0xC0A8_0000;
    }

    /**
     * RFC 1122 loopback.
     *
     * @param ipv4 the address.
     * @return true for 127/8.
     */
    public static boolean isLoopback(final int ipv4)
    {
        return (ipv4 & 0xFF00_0000) == 0x7F00_0000;
    }

    /**
     * RFC 3927 link-local.
     *
     * @param ipv4 the address.
     * @return true for 169.254/16.
     */
    public static boolean isLinkLocal(final int ipv4)
    {
        return (ipv4 & 0xFFFF_0000) == 0xA9FE_0000;
    }

    /**
     * Multicast (class D).
     *
     * @param ipv4 the address.
     * @return true for 224/4.
     */
    public static boolean isMulticast(final int ipv4)
    {
        return (ipv4 & 0xF000_0000) == 0xE000_0000;
    }

    /**
     * Limited broadcast.
     *
     * @param ipv4 the address.
     * @return true for 255.255.255.255 only.
     */
    public static boolean isLimitedBroadcast(final int ipv4)
    {
        return ipv4 == -1;
    }

    /**
     * RFC 5737 documentation ranges.
     *
     * @param ipv4 the address.
     * @return true for 192.0.2/24, 198.51.100/24, 203.0.113/24.
     */
    public static boolean isDocumentation(final int ipv4)
    {
        final int slash24 = ipv4 & 0xFFFF_FF00;
        return slash24 == 0xC000_0200 || slash24 == 0xC633_6400 || slash24 == 0xCB00_7100;
    }

    /**
     * RFC 6598 shared address space (carrier-grade NAT).
     *
     * @param ipv4 the address.
     * @return true for 100.64/10.
     */
    public static boolean isSharedAddressSpace(final int ipv4)
    {
        return (ipv4 & 0xFFC0_0000) == 0x6440_0000;
    }
}
