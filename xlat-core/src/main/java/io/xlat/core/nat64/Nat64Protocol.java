package io.xlat.core.nat64;

import io.xlat.core.codec.IpProtocol;

/**
 * The three transport protocols a stateful NAT64 keeps state for (RFC 6146 3.5.1, 3.5.2, 3.5.3), as small ints that
 * index per-protocol arrays. ICMP means ICMP queries (echo), whose identifier plays the role of the port.
 */
public final class Nat64Protocol
{
    /** TCP (RFC 6146 3.5.2). */
    public static final int TCP = 0;
    /** UDP (RFC 6146 3.5.1). */
    public static final int UDP = 1;
    /** ICMP query messages, identifier as port (RFC 6146 3.5.3). */
    public static final int ICMP = 2;
    /** Number of protocols. */
    public static final int COUNT = 3;
    /** Returned by {@link #fromIpProtocol(int)} for protocols a NAT64 does not translate statefully. */
    public static final int NONE = -1;

    private static final String[] LABELS = {"tcp", "udp", "icmp"};

    private Nat64Protocol()
    {
    }

    /**
     * Maps an IP protocol number (IPv4 protocol or IPv6 next header) to a NAT64 protocol.
     *
     * @param ipProtocol 6, 17, 1 or 58.
     * @return {@link #TCP}, {@link #UDP}, {@link #ICMP}, or {@link #NONE}.
     */
    public static int fromIpProtocol(final int ipProtocol)
    {
        switch (ipProtocol)
        {
            case IpProtocol.TCP:
                return TCP;
            case IpProtocol.UDP:
                return UDP;
            case IpProtocol.ICMP:
            case IpProtocol.IPV6_ICMP:
                return ICMP;
            default:
                return NONE;
        }
    }

    /**
     * Returns the lower-case name used in configuration and dumps.
     *
     * @param protocol one of the constants.
     * @return {@code tcp}, {@code udp} or {@code icmp}.
     */
    public static String label(final int protocol)
    {
        return LABELS[protocol];
    }

    /**
     * Parses a protocol name, case-insensitively.
     *
     * @param text {@code tcp}, {@code udp} or {@code icmp}.
     * @return the constant, or {@link #NONE} for anything else.
     */
    public static int parse(final String text)
    {
        for (int p = 0; p < COUNT; p++)
        {
            if (LABELS[p].equalsIgnoreCase(text))
            {
                return p;
            }
        }
        return NONE;
    }
}
