package io.xlat.examples.demo;

import java.nio.ByteOrder;

import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.codec.TcpHeader;
import io.xlat.core.codec.UdpHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Builds and checks the demo's packets: IPv4 and IPv6 headers with UDP, TCP and ICMP echo, checksums computed in
 * full (RFC 791 3.1, RFC 768, RFC 793 3.1, RFC 792, RFC 8200 8.1, RFC 4443 2.3). The end hosts of the demo write
 * their packets with these methods and verify every packet they receive with {@link #checksumsValid}, so a
 * translator that breaks a checksum makes its step fail.
 * <p>
 * Every {@code write*} method writes a whole packet at {@code offset} and returns its length. One instance per
 * thread (it owns its flyweights).
 */
final class DemoPackets
{
    /** Hop limit / TTL the demo's hosts send with (Linux's default). */
    static final int INITIAL_TTL = 64;

    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();
    private final Icmpv4Message icmpv4 = new Icmpv4Message();

    /**
     * Writes an IPv4 header (no options, DF set as Linux sets it on TCP, ping and DNS) and returns its length.
     */
    private int ipv4Header(
        final MutableDirectBuffer buffer,
        final int offset,
        final int identification,
        final int protocol,
        final int source,
        final int destination,
        final int payloadLength)
    {
        final int total = Ipv4Header.HEADER_LENGTH + payloadLength;
        ipv4.wrap(buffer, offset, total);
        ipv4.version(4).ihl(5).tos(0).totalLength(total).identification(identification)
            .flagsAndFragmentOffset(Ipv4Header.DONT_FRAGMENT_FLAG).ttl(INITIAL_TTL).protocol(protocol)
            .source(source).destination(destination).headerChecksum(0);
        ipv4.updateHeaderChecksum();
        return Ipv4Header.HEADER_LENGTH;
    }

    private int ipv6Header(
        final MutableDirectBuffer buffer,
        final int offset,
        final int nextHeader,
        final long[] source,
        final long[] destination,
        final int payloadLength)
    {
        ipv6.wrap(buffer, offset, Ipv6Header.HEADER_LENGTH + payloadLength);
        ipv6.versionClassFlow(0, 0).payloadLength(payloadLength).nextHeader(nextHeader).hopLimit(INITIAL_TTL)
            .source(source[0], source[1]).destination(destination[0], destination[1]);
        return Ipv6Header.HEADER_LENGTH;
    }

    /**
     * Writes an IPv4 UDP datagram.
     *
     * @param buffer          where to write.
     * @param offset          of the IPv4 header.
     * @param identification  IPv4 Identification.
     * @param source          source address.
     * @param destination     destination address.
     * @param sourcePort      UDP source port.
     * @param destinationPort UDP destination port.
     * @param payload         holding the UDP payload.
     * @param payloadOffset   of the payload.
     * @param payloadLength   of the payload.
     * @return the packet length.
     */
    int writeUdp4(
        final MutableDirectBuffer buffer,
        final int offset,
        final int identification,
        final int source,
        final int destination,
        final int sourcePort,
        final int destinationPort,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int udpLength = UdpHeader.HEADER_LENGTH + payloadLength;
        final int l4 = offset + ipv4Header(buffer, offset, identification, IpProtocol.UDP, source, destination,
            udpLength);
        buffer.putBytes(l4 + UdpHeader.HEADER_LENGTH, payload, payloadOffset, payloadLength);
        udp.wrap(buffer, l4, udpLength);
        udp.sourcePort(sourcePort).destinationPort(destinationPort).datagramLength(udpLength).checksum(0);
        final int pseudo = Checksum.ipv4PseudoHeaderSum(source, destination, IpProtocol.UDP, udpLength);
        udp.checksum(Checksum.udpField(Checksum.finish(Checksum.sum(buffer, l4, udpLength, pseudo))));
        return Ipv4Header.HEADER_LENGTH + udpLength;
    }

    /**
     * Writes an IPv6 UDP datagram.
     *
     * @param buffer          where to write.
     * @param offset          of the IPv6 header.
     * @param source          source address {@code {high, low}}.
     * @param destination     destination address {@code {high, low}}.
     * @param sourcePort      UDP source port.
     * @param destinationPort UDP destination port.
     * @param payload         holding the UDP payload.
     * @param payloadOffset   of the payload.
     * @param payloadLength   of the payload.
     * @return the packet length.
     */
    int writeUdp6(
        final MutableDirectBuffer buffer,
        final int offset,
        final long[] source,
        final long[] destination,
        final int sourcePort,
        final int destinationPort,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int udpLength = UdpHeader.HEADER_LENGTH + payloadLength;
        final int l4 = offset + ipv6Header(buffer, offset, IpProtocol.UDP, source, destination, udpLength);
        buffer.putBytes(l4 + UdpHeader.HEADER_LENGTH, payload, payloadOffset, payloadLength);
        udp.wrap(buffer, l4, udpLength);
        udp.sourcePort(sourcePort).destinationPort(destinationPort).datagramLength(udpLength).checksum(0);
        final int pseudo = Checksum.ipv6PseudoHeaderSum(
            source[0], source[1], destination[0], destination[1], IpProtocol.UDP, udpLength);
        udp.checksum(Checksum.udpField(Checksum.finish(Checksum.sum(buffer, l4, udpLength, pseudo))));
        return Ipv6Header.HEADER_LENGTH + udpLength;
    }

    /**
     * Writes an ICMPv4 Echo Request or Echo Reply (RFC 792).
     *
     * @param buffer         where to write.
     * @param offset         of the IPv4 header.
     * @param identification IPv4 Identification.
     * @param source         source address.
     * @param destination    destination address.
     * @param type           {@link Icmpv4Message#ECHO_REQUEST} or {@link Icmpv4Message#ECHO_REPLY}.
     * @param identifier     echo identifier.
     * @param sequence       echo sequence number.
     * @param data           echo data.
     * @return the packet length.
     */
    int writeEcho4(
        final MutableDirectBuffer buffer,
        final int offset,
        final int identification,
        final int source,
        final int destination,
        final int type,
        final int identifier,
        final int sequence,
        final byte[] data)
    {
        final int icmpLength = Icmpv4Message.HEADER_LENGTH + data.length;
        final int l4 = offset + ipv4Header(buffer, offset, identification, IpProtocol.ICMP, source, destination,
            icmpLength);
        buffer.putBytes(l4 + Icmpv4Message.HEADER_LENGTH, data);
        icmpv4.wrap(buffer, l4, icmpLength);
        icmpv4.type(type).code(0).checksum(0).identifier(identifier).sequence(sequence);
        icmpv4.checksum(Checksum.finish(Checksum.sum(buffer, l4, icmpLength, 0)));
        return Ipv4Header.HEADER_LENGTH + icmpLength;
    }

    /**
     * Writes an IPv4 TCP segment without options.
     *
     * @param buffer          where to write.
     * @param offset          of the IPv4 header.
     * @param identification  IPv4 Identification.
     * @param source          source address.
     * @param destination     destination address.
     * @param sourcePort      TCP source port.
     * @param destinationPort TCP destination port.
     * @param sequence        sequence number.
     * @param acknowledgment  acknowledgment number (0 without ACK).
     * @param flags           {@code TcpHeader.*_FLAG} bits.
     * @param data            segment data, may be empty.
     * @return the packet length.
     */
    int writeTcp4(
        final MutableDirectBuffer buffer,
        final int offset,
        final int identification,
        final int source,
        final int destination,
        final int sourcePort,
        final int destinationPort,
        final int sequence,
        final int acknowledgment,
        final int flags,
        final byte[] data)
    {
        final int tcpLength = TcpHeader.HEADER_LENGTH + data.length;
        final int l4 = offset + ipv4Header(buffer, offset, identification, IpProtocol.TCP, source, destination,
            tcpLength);
        buffer.putBytes(l4 + TcpHeader.HEADER_LENGTH, data);
        tcp.wrap(buffer, l4, tcpLength);
        tcp.sourcePort(sourcePort).destinationPort(destinationPort).sequenceNumber(sequence)
            .acknowledgmentNumber(acknowledgment).dataOffset(5).flags(flags).window(65535).checksum(0)
            .urgentPointer(0);
        final int pseudo = Checksum.ipv4PseudoHeaderSum(source, destination, IpProtocol.TCP, tcpLength);
        tcp.checksum(Checksum.finish(Checksum.sum(buffer, l4, tcpLength, pseudo)));
        return Ipv4Header.HEADER_LENGTH + tcpLength;
    }

    /**
     * Checks the IPv4 header checksum and the TCP, UDP, ICMPv4 or ICMPv6 checksum of a whole unfragmented packet
     * without extension headers or options (what the demo's hosts receive).
     *
     * @param buffer holding the packet.
     * @param offset of the IP header.
     * @param length of the packet.
     * @return true when every checksum verifies.
     */
    static boolean checksumsValid(final DirectBuffer buffer, final int offset, final int length)
    {
        final int version = (buffer.getByte(offset) >> 4) & 0xF;
        if (4 == version)
        {
            final int headerLength = Ipv4Header.headerLength(buffer, offset);
            if (headerLength < Ipv4Header.MIN_HEADER_LENGTH || Ipv4Header.totalLength(buffer, offset) != length ||
                Checksum.sum(buffer, offset, headerLength, 0) != 0xFFFF)
            {
                return false;
            }
            final int protocol = Ipv4Header.protocol(buffer, offset);
            final int l4 = offset + headerLength;
            final int l4Length = length - headerLength;
            if (protocol == IpProtocol.ICMP)
            {
                return Checksum.sum(buffer, l4, l4Length, 0) == 0xFFFF;
            }
            final int pseudo = Checksum.ipv4PseudoHeaderSum(
                Ipv4Header.source(buffer, offset), Ipv4Header.destination(buffer, offset), protocol, l4Length);
            return Checksum.sum(buffer, l4, l4Length, pseudo) == 0xFFFF;
        }
        if (6 == version)
        {
            final int payloadLength = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (Ipv6Header.HEADER_LENGTH + payloadLength != length)
            {
                return false;
            }
            final int nextHeader = buffer.getByte(offset + 6) & 0xFF;
            final int pseudo = Checksum.ipv6PseudoHeaderSum(buffer, offset + 8, offset + 24, nextHeader,
                payloadLength);
            return Checksum.sum(buffer, offset + Ipv6Header.HEADER_LENGTH, payloadLength, pseudo) == 0xFFFF;
        }
        return false;
    }

    /**
     * Reads an IPv6 address out of a packet.
     *
     * @param buffer holding it.
     * @param offset of its 16 bytes.
     * @return {@code {high, low}}.
     */
    static long[] address6(final DirectBuffer buffer, final int offset)
    {
        return new long[] {Ipv6Addresses.high(buffer, offset), Ipv6Addresses.low(buffer, offset)};
    }
}
