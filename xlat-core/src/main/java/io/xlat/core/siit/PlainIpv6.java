package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.IpProtocol;
import org.agrona.concurrent.UnsafeBuffer;

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
    private static final int VERSION_IHL = 0x45;

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

    /**
     * The Flags/Fragment Offset word of the IPv4 header translated from a plain IPv6 packet (RFC 7915 5.1: DF set
     * only when the IPv4 packet exceeds 1260 bytes, so that a 1280-byte IPv6 path stays usable).
     *
     * @param totalLength the IPv4 total length.
     * @return {@link Ipv4Header#DONT_FRAGMENT_FLAG} or 0.
     */
    public static int dontFragment(final int totalLength)
    {
        return totalLength > Ipv6ToIpv4HeaderWriter.DF_THRESHOLD ? Ipv4Header.DONT_FRAGMENT_FLAG : 0;
    }

    /**
     * Writes the 20-byte IPv4 header translated from a plain IPv6 packet (RFC 7915 5.1): version 4, IHL 5, the TOS
     * given, total length = IPv6 payload length + 20, the Identification and flags given, TTL = hop limit - 1,
     * protocol = next header (58 becomes 1), header checksum, and the addresses given. Shared by the SIIT and NAT64
     * 6->4 fast paths, which differ only in how they find the addresses.
     *
     * @param out            destination buffer.
     * @param o              index of the IPv4 header.
     * @param firstWord      the IPv6 header's first 8 bytes, big-endian, as {@link #isCommonCase} accepted them.
     * @param tos            the TOS octet.
     * @param identification the Identification field.
     * @param flags          {@link #dontFragment(int)}'s value.
     * @param source         IPv4 source.
     * @param destination    IPv4 destination.
     */
    public static void writeIpv4Header(
        final UnsafeBuffer out,
        final int o,
        final long firstWord,
        final int tos,
        final int identification,
        final int flags,
        final int source,
        final int destination)
    {
        final int totalLength = IPV4_HEADER_LENGTH + ((int)(firstWord >>> 16) & 0xFFFF);
        final int nextHeader = (int)(firstWord >>> 8) & 0xFF;
        final int protocol = nextHeader == IpProtocol.IPV6_ICMP ? IpProtocol.ICMP : nextHeader;
        final int ttlProtocol = ((((int)firstWord & 0xFF) - 1) << 8) | protocol;
        final int versionTos = (VERSION_IHL << 8) | tos;
        final int headerChecksum = Checksum.finish(Checksum.fold16(versionTos + totalLength + identification +
            flags + ttlProtocol + (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) +
            (destination & 0xFFFF)));
        out.putLong(o, ((long)versionTos << 48) | ((long)totalLength << 32) | ((long)identification << 16) | flags,
            ByteOrder.BIG_ENDIAN);
        out.putLong(o + 8, ((long)ttlProtocol << 48) | ((long)headerChecksum << 32) | (source & 0xFFFF_FFFFL),
            ByteOrder.BIG_ENDIAN);
        out.putInt(o + 16, destination, ByteOrder.BIG_ENDIAN);
    }
}
