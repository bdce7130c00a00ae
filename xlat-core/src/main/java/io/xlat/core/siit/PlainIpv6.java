package io.xlat.core.siit;

import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;

/**
 * The test shared by the straight-line IPv6-to-IPv4 paths (SIIT's and NAT64's): is this IPv6 packet the common
 * case they handle? Works on values the caller has already loaded, so the hot path reads nothing twice.
 */
public final class PlainIpv6
{
    /** IPv6 fixed header length. */
    public static final int HEADER_LENGTH = 40;
    /** Shortest transport header the fast paths accept (UDP, ICMPv6 echo). */
    public static final int MIN_TRANSPORT_LENGTH = 8;
    /** Shortest TCP header. */
    private static final int TCP_MIN = 20;
    private static final int IPV4_HEADER_LENGTH = 20;

    private PlainIpv6()
    {
    }

    /**
     * Whether a packet is version 6 with no extension header, a hop limit above 1, a TCP (>= 20 bytes), UDP or
     * ICMPv6 echo request/reply payload that lies within {@code length}, and whose IPv4 translation (20-byte header)
     * fits both {@code mtu4} and the result's free room. The caller must have checked
     * {@code length >= HEADER_LENGTH + MIN_TRANSPORT_LENGTH} before loading {@code transportWord}.
     *
     * @param firstWord     the first 8 bytes of the IPv6 header, big-endian.
     * @param transportWord the first 8 bytes after the IPv6 header, big-endian.
     * @param length        bytes available from the start of the packet.
     * @param mtu4          the IPv4 egress MTU.
     * @param remaining     free bytes in the result.
     * @return true for the common case.
     */
    public static boolean isCommonCase(
        final long firstWord, final long transportWord, final int length, final int mtu4, final int remaining)
    {
        final int payloadLength = (int)(firstWord >>> 16) & 0xFFFF;
        final int nextHeader = (int)(firstWord >>> 8) & 0xFF;
        final int totalLength = IPV4_HEADER_LENGTH + payloadLength;
        if ((firstWord >>> 60) != 6 || ((int)firstWord & 0xFF) <= 1 || payloadLength < MIN_TRANSPORT_LENGTH ||
            HEADER_LENGTH + payloadLength > length || totalLength > mtu4 || remaining < totalLength)
        {
            return false;
        }
        if (nextHeader == IpProtocol.IPV6_ICMP)
        {
            final int type = (int)(transportWord >>> 56);
            return type == Icmpv6Message.TYPE_ECHO_REQUEST || type == Icmpv6Message.TYPE_ECHO_REPLY;
        }
        return nextHeader == IpProtocol.UDP || (nextHeader == IpProtocol.TCP && payloadLength >= TCP_MIN);
    }
}
