package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.IpProtocol;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Transport checksum fix-ups for IPv4 to IPv6 (RFC 7915 4.5), all by RFC 1624 incremental update from the old
 * field so that a corrupt checksum stays corrupt by the same amount; the one full computation is the UDP zero
 * checksum, which RFC 7915 4.5 asks for because there is nothing to update.
 * <p>
 * The methods take the old and new pseudo-header address sums so stateful NAT64, which also rewrites ports or
 * identifiers, can reuse them by folding its own changes into those sums.
 */
final class Ipv4ToIpv6Checksums
{
    /** Offset of the TCP checksum field. */
    static final int TCP_CHECKSUM_OFFSET = 16;
    /** Offset of the UDP checksum field. */
    static final int UDP_CHECKSUM_OFFSET = 6;
    /** Offset of the UDP length field. */
    static final int UDP_LENGTH_OFFSET = 4;
    /** Offset of the ICMP checksum field. */
    static final int ICMP_CHECKSUM_OFFSET = 2;
    /** Smallest TCP header. */
    static final int TCP_MIN_HEADER = 20;
    /** UDP header length. */
    static final int UDP_HEADER = 8;

    private Ipv4ToIpv6Checksums()
    {
    }

    /**
     * Sums the IPv4 pseudo-header addresses of a packet.
     *
     * @param source      IPv4 source.
     * @param destination IPv4 destination.
     * @return the folded sum of both addresses.
     */
    static int addressSum4(final int source, final int destination)
    {
        return Checksum.add(Checksum.addressSum4(source), Checksum.addressSum4(destination));
    }

    /**
     * Sums the two IPv6 addresses of the header at {@code ipv6Offset}.
     *
     * @param buffer     holding the IPv6 header.
     * @param ipv6Offset first byte of the IPv6 header.
     * @return the folded sum of source and destination.
     */
    static int addressSum6(final DirectBuffer buffer, final int ipv6Offset)
    {
        return Checksum.add(
            Checksum.addressSum6(buffer, ipv6Offset + 8), Checksum.addressSum6(buffer, ipv6Offset + 24));
    }

    /**
     * Updates the checksum field at {@code fieldOffset} for a change of covered words (RFC 1624 eqn. 3).
     *
     * @param buffer      holding the field.
     * @param fieldOffset index of the 16-bit field.
     * @param oldSum      sum of the covered words that went away.
     * @param newSum      sum of the covered words that replaced them.
     * @param udp         whether the UDP rule applies (a computed 0 is sent as 0xFFFF).
     */
    static void update(
        final MutableDirectBuffer buffer, final int fieldOffset, final int oldSum, final int newSum, final boolean udp)
    {
        final int old = buffer.getShort(fieldOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int updated = Checksum.update(old, oldSum, newSum);
        buffer.putShort(fieldOffset, (short)(udp ? Checksum.udpField(updated) : updated), ByteOrder.BIG_ENDIAN);
    }

    /**
     * Fixes the TCP or UDP checksum of a transport header for the IPv4 to IPv6 pseudo-header change (RFC 7915 4.5).
     * The length and protocol words of the two pseudo-headers are numerically equal, so only addresses count.
     * A UDP field of zero (no checksum) is left alone; the caller handles it first.
     *
     * @param buffer       holding the transport header.
     * @param l4Offset     first byte of the transport header.
     * @param available    bytes of the transport header present from {@code l4Offset}.
     * @param protocol     6 or 17 (others are ignored).
     * @param oldAddresses {@link #addressSum4(int, int)} of the IPv4 packet.
     * @param newAddresses {@link #addressSum6(DirectBuffer, int)} of the IPv6 packet.
     * @return true if a field was updated or none was needed, false if the field lies beyond {@code available}.
     */
    static boolean fixTransport(
        final MutableDirectBuffer buffer,
        final int l4Offset,
        final int available,
        final int protocol,
        final int oldAddresses,
        final int newAddresses)
    {
        if (protocol == IpProtocol.TCP)
        {
            if (available < TCP_CHECKSUM_OFFSET + 2)
            {
                return false;
            }
            update(buffer, l4Offset + TCP_CHECKSUM_OFFSET, oldAddresses, newAddresses, false);
        }
        else if (protocol == IpProtocol.UDP)
        {
            if (available < UDP_HEADER)
            {
                return false;
            }
            if ((buffer.getShort(l4Offset + UDP_CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) != 0)
            {
                update(buffer, l4Offset + UDP_CHECKSUM_OFFSET, oldAddresses, newAddresses, true);
            }
        }
        return true;
    }

    /**
     * Fixes an ICMPv4 echo turned ICMPv6 echo: the type/code word changes and the ICMPv6 pseudo-header, which ICMPv4
     * does not have, joins the sum (RFC 7915 4.2 "Echo and Echo Reply"). Writes the new type as well.
     *
     * @param out          buffer holding the IPv6 header and the ICMP message.
     * @param ipv6Offset   first byte of the IPv6 header (addresses are read from it).
     * @param icmpOffset   first byte of the ICMP message in {@code out}.
     * @param newType      the ICMPv6 type (128 or 129).
     * @param icmpLength   the ICMP message length (the whole datagram, not a fragment).
     */
    static void fixEcho(
        final MutableDirectBuffer out,
        final int ipv6Offset,
        final int icmpOffset,
        final int newType,
        final int icmpLength)
    {
        fixEcho(out, icmpOffset, newType, Checksum.ipv6PseudoHeaderSum(
            out, ipv6Offset + 8, ipv6Offset + 24, IpProtocol.IPV6_ICMP, icmpLength));
    }

    /**
     * Fixes an ICMPv4 echo turned ICMPv6 echo as {@link #fixEcho(MutableDirectBuffer, int, int, int, int)} does,
     * with the pseudo-header sum already computed by the caller from the addresses it holds.
     *
     * @param out        buffer holding the ICMP message.
     * @param icmpOffset first byte of the ICMP message in {@code out}.
     * @param newType    the ICMPv6 type (128 or 129).
     * @param pseudo     sum of the ICMPv6 pseudo-header (RFC 8200 8.1) of the translated message.
     */
    static void fixEcho(final MutableDirectBuffer out, final int icmpOffset, final int newType, final int pseudo)
    {
        final int oldWord = out.getShort(icmpOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int newWord = (newType << 8) | (oldWord & 0xFF);
        out.putByte(icmpOffset, (byte)newType);
        update(out, icmpOffset + ICMP_CHECKSUM_OFFSET, oldWord, Checksum.add(newWord, pseudo), false);
    }

    /**
     * Computes a UDP checksum from scratch for a datagram that arrived without one (RFC 7915 4.5, option 2).
     *
     * @param in         buffer holding the whole IPv4 UDP datagram (its checksum field is zero).
     * @param udpOffset  first byte of the UDP header in {@code in}.
     * @param udpLength  the UDP length.
     * @param out        buffer holding the IPv6 header.
     * @param ipv6Offset first byte of the IPv6 header.
     * @return the field value to store (never 0).
     */
    static int computeUdp(
        final DirectBuffer in, final int udpOffset, final int udpLength, final DirectBuffer out, final int ipv6Offset)
    {
        final int pseudo = Checksum.ipv6PseudoHeaderSum(
            out, ipv6Offset + 8, ipv6Offset + 24, IpProtocol.UDP, udpLength);
        return Checksum.udpField(Checksum.finish(Checksum.sum(in, udpOffset, udpLength, pseudo)));
    }
}
