package io.xlat.core.codec;

/**
 * IP protocol / IPv6 next header numbers (IANA "Assigned Internet Protocol Numbers") used by the translators.
 * Unknown numbers stay plain ints; {@link #name(int)} renders them for cold code only.
 */
public final class IpProtocol
{
    /** IPv6 Hop-by-Hop Options (RFC 8200 4.3). */
    public static final int HOPOPT = 0;
    /** ICMP for IPv4 (RFC 792). */
    public static final int ICMP = 1;
    /** TCP (RFC 9293). */
    public static final int TCP = 6;
    /** UDP (RFC 768). */
    public static final int UDP = 17;
    /** IPv6 Routing header (RFC 8200 4.4). */
    public static final int ROUTING = 43;
    /** IPv6 Fragment header (RFC 8200 4.5). */
    public static final int FRAGMENT = 44;
    /** Encapsulating Security Payload (RFC 4303). */
    public static final int ESP = 50;
    /** Authentication Header (RFC 4302). */
    public static final int AH = 51;
    /** ICMP for IPv6 (RFC 4443). */
    public static final int IPV6_ICMP = 58;
    /** No Next Header for IPv6 (RFC 8200 4.7). */
    public static final int NONE = 59;
    /** IPv6 Destination Options (RFC 8200 4.6). */
    public static final int DSTOPTS = 60;

    private IpProtocol()
    {
    }

    /**
     * Returns a short name for rendering (cold code: traces, logs, tools).
     *
     * @param protocol a protocol number.
     * @return its name, or the decimal number for one without a constant here.
     */
    public static String name(final int protocol)
    {
        switch (protocol)
        {
            case HOPOPT:
                return "HOPOPT";
            case ICMP:
                return "ICMP";
            case TCP:
                return "TCP";
            case UDP:
                return "UDP";
            case ROUTING:
                return "IPv6-Route";
            case FRAGMENT:
                return "IPv6-Frag";
            case ESP:
                return "ESP";
            case AH:
                return "AH";
            case IPV6_ICMP:
                return "IPv6-ICMP";
            case NONE:
                return "IPv6-NoNxt";
            case DSTOPTS:
                return "IPv6-Opts";
            default:
                return Integer.toString(protocol);
        }
    }

    /**
     * Tells whether a next header value is an IPv6 extension header that {@link Ipv6ExtensionHeaders} walks over.
     *
     * @param nextHeader a next header value.
     * @return {@code true} for Hop-by-Hop, Routing, Fragment, Destination Options and AH.
     */
    public static boolean isIpv6ExtensionHeader(final int nextHeader)
    {
        return nextHeader == HOPOPT || nextHeader == ROUTING || nextHeader == FRAGMENT ||
            nextHeader == DSTOPTS || nextHeader == AH;
    }
}
