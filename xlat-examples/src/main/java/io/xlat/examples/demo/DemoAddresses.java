package io.xlat.examples.demo;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.examples.clat.ClatAddressPlan;

/**
 * The demo's addressing plan, documentation addresses only (RFC 5737, RFC 3849) plus the RFC 7335 CLAT range and
 * the RFC 6052 Well-Known Prefix.
 * <pre>
 *  v4host 192.0.0.2 --LAN 192.0.0.0/29-- CLAT 192.0.0.1 | 2001:db8:2::/64 --IPv6-- PLAT pool6 64:ff9b::/96
 *                                                                         DNS64 2001:db8:1::53    pool4 192.0.2.0/28
 *                                        v6host 2001:db8:3::2 --IPv6--'                 --IPv4-- server 198.51.100.10
 * </pre>
 */
final class DemoAddresses
{
    /** RFC 7335: the IPv4 range of a CLAT's host side. */
    static final String CLAT_IPV4 = ClatAddressPlan.DEFAULT_CLAT_IPV4;
    /** The CLAT's IPv6 /64, dedicated to translation (RFC 6877 6.3). */
    static final String CLAT_IPV6_PREFIX = "2001:db8:2::/64";
    /** The CPE's own IPv6 address on its WAN side: the source of the DNS proxy's queries. */
    static final String CPE_IPV6 = "2001:db8:2::1";
    /** The IPv4-only host behind the CLAT. */
    static final String HOST_IPV4 = "192.0.0.2";
    /** The provider's DNS64 resolver. */
    static final String DNS64_IPV6 = "2001:db8:1::53";
    /** An IPv6-only host on the provider network, to show what DNS64 gives such a host. */
    static final String V6HOST_IPV6 = "2001:db8:3::2";
    /** The NAT64 prefix, pool6 of both translators (RFC 6052 2.1 Well-Known Prefix). */
    static final String POOL6 = "64:ff9b::/96";
    /** The PLAT's public IPv4 addresses. */
    static final String POOL4 = "192.0.2.0/28";
    /** The address the SIIT stand-in PLAT gives the host (inside pool4). */
    static final String PLAT_STAND_IN_IPV4 = "192.0.2.1";
    /** The IPv4-only server. */
    static final String SERVER_IPV4 = "198.51.100.10";
    /** Its name, with an A record and no AAAA. */
    static final String SERVER_NAME = "ipv4only.example.";
    /** The zone holding it. */
    static final String ZONE = "example.";

    /** The CLAT plan: 192.0.0.0/29 <-> a checksum-neutral /125 of {@link #CLAT_IPV6_PREFIX}. */
    static final ClatAddressPlan CLAT_PLAN = ClatAddressPlan.of(CLAT_IPV4, CLAT_IPV6_PREFIX);

    private DemoAddresses()
    {
    }

    static int ipv4(final String text)
    {
        return Ipv4Addresses.parse(text);
    }

    static long[] ipv6(final String text)
    {
        return Ipv6Addresses.parse(text);
    }

    /**
     * The IPv6 address the CLAT gives the host (RFC 7757 EAM of the /29 onto the /125).
     *
     * @return {@code {high, low}}.
     */
    static long[] hostIpv6()
    {
        return CLAT_PLAN.ipv6Of(ipv4(HOST_IPV4));
    }
}
