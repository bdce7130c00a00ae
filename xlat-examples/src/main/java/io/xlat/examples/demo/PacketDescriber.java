package io.xlat.examples.demo;

import java.nio.ByteOrder;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.codec.TcpHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;
import org.agrona.DirectBuffer;

/**
 * Renders one packet as a short trace line, in the spirit of tcpdump: addresses (RFC 5952 text for IPv6), the
 * protocol, ICMP echo identifiers, TCP flags, sequence and acknowledgment numbers, and DNS questions and answers.
 * Cold code: it builds strings.
 */
final class PacketDescriber
{
    private final DnsMessageReader dns = new DnsMessageReader();

    /**
     * Describes a packet.
     *
     * @param buffer holding the packet.
     * @param offset of the IP header.
     * @param length of the packet.
     * @return e.g. {@code IPv4 192.0.0.2 > 198.51.100.10 ICMP echo request id=1 seq=1}.
     */
    String describe(final DirectBuffer buffer, final int offset, final int length)
    {
        final int version = (buffer.getByte(offset) >> 4) & 0xF;
        final StringBuilder out = new StringBuilder(120);
        final int protocol;
        final int l4;
        if (4 == version)
        {
            protocol = Ipv4Header.protocol(buffer, offset);
            l4 = offset + Ipv4Header.headerLength(buffer, offset);
            out.append("IPv4 ").append(Ipv4Addresses.format(Ipv4Header.source(buffer, offset))).append(" > ")
                .append(Ipv4Addresses.format(Ipv4Header.destination(buffer, offset)));
        }
        else if (6 == version)
        {
            protocol = buffer.getByte(offset + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF;
            l4 = offset + Ipv6Header.HEADER_LENGTH;
            out.append("IPv6 ").append(Ipv6Addresses.format(buffer, offset + Ipv6Header.SOURCE_OFFSET))
                .append(" > ").append(Ipv6Addresses.format(buffer, offset + Ipv6Header.DESTINATION_OFFSET));
        }
        else
        {
            return "not IP (version " + version + ")";
        }
        final int l4Length = offset + length - l4;
        switch (protocol)
        {
            case IpProtocol.ICMP -> icmp(out, "ICMP", buffer, l4, 8, 0);
            case IpProtocol.IPV6_ICMP -> icmp(out, "ICMPv6", buffer, l4, 128, 129);
            case IpProtocol.TCP -> tcp(out, buffer, l4, l4Length);
            case IpProtocol.UDP -> udp(out, buffer, l4, l4Length);
            default -> out.append(" protocol ").append(protocol);
        }
        return out.toString();
    }

    private static void icmp(
        final StringBuilder out,
        final String name,
        final DirectBuffer buffer,
        final int l4,
        final int request,
        final int reply)
    {
        final int type = buffer.getByte(l4) & 0xFF;
        out.append(' ').append(name);
        if (type == request || type == reply)
        {
            out.append(type == request ? " echo request" : " echo reply")
                .append(" id=").append(buffer.getShort(l4 + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF)
                .append(" seq=").append(buffer.getShort(l4 + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        else
        {
            out.append(" type ").append(type).append(" code ").append(buffer.getByte(l4 + 1) & 0xFF);
        }
    }

    private static void tcp(final StringBuilder out, final DirectBuffer buffer, final int l4, final int l4Length)
    {
        final int flags = buffer.getByte(l4 + TcpHeader.FLAGS_OFFSET) & 0xFF;
        final int headerLength = ((buffer.getByte(l4 + TcpHeader.DATA_OFFSET_OFFSET) >> 4) & 0xF) * 4;
        out.append(" TCP ").append(buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF).append(" > ")
            .append(buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF).append(" [").append(flags(flags))
            .append("] seq=").append(Integer.toUnsignedString(buffer.getInt(l4 + 4, ByteOrder.BIG_ENDIAN)));
        if ((flags & TcpHeader.ACK_FLAG) != 0)
        {
            out.append(" ack=").append(Integer.toUnsignedString(buffer.getInt(l4 + 8, ByteOrder.BIG_ENDIAN)));
        }
        out.append(" len=").append(l4Length - headerLength);
    }

    /**
     * TCP flags the way tcpdump prints them: S, F, P, R, U and "." for ACK.
     *
     * @param flags the flags byte.
     * @return e.g. {@code S.} for SYN-ACK.
     */
    static String flags(final int flags)
    {
        final StringBuilder s = new StringBuilder(6);
        if ((flags & TcpHeader.SYN_FLAG) != 0)
        {
            s.append('S');
        }
        if ((flags & TcpHeader.FIN_FLAG) != 0)
        {
            s.append('F');
        }
        if ((flags & TcpHeader.PSH_FLAG) != 0)
        {
            s.append('P');
        }
        if ((flags & TcpHeader.RST_FLAG) != 0)
        {
            s.append('R');
        }
        if ((flags & TcpHeader.URG_FLAG) != 0)
        {
            s.append('U');
        }
        if ((flags & TcpHeader.ACK_FLAG) != 0)
        {
            s.append('.');
        }
        return s.toString();
    }

    private void udp(final StringBuilder out, final DirectBuffer buffer, final int l4, final int l4Length)
    {
        final int sourcePort = buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int destinationPort = buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        out.append(" UDP ").append(sourcePort).append(" > ").append(destinationPort);
        if (sourcePort == 53 || destinationPort == 53)
        {
            dnsSummary(out, buffer, l4 + 8, l4Length - 8);
        }
    }

    private void dnsSummary(final StringBuilder out, final DirectBuffer buffer, final int offset, final int length)
    {
        if (dns.wrap(buffer, offset, length) < 0 || dns.count(DnsMessageReader.QUESTION) != 1)
        {
            out.append(" DNS (unparsed)");
            return;
        }
        final String qname = DnsName.toString(buffer, dns.start(), dns.end(), dns.questionNameOffset());
        out.append(" DNS ").append(dns.isResponse() ? "response" : "query").append(" id=0x")
            .append(Integer.toHexString(dns.id())).append(' ').append(DnsRecordType.name(dns.questionType()))
            .append(' ').append(qname);
        if (!dns.isResponse())
        {
            return;
        }
        int answers = 0;
        dns.rewind();
        while (dns.next())
        {
            if (dns.section() != DnsMessageReader.ANSWER)
            {
                continue;
            }
            answers++;
            if (dns.type() == DnsRecordType.A)
            {
                out.append(" -> A ").append(Ipv4Addresses.format(dns.a()));
            }
            else if (dns.type() == DnsRecordType.AAAA)
            {
                out.append(" -> AAAA ").append(Ipv6Addresses.format(dns.aaaaHigh(), dns.aaaaLow()));
            }
            else
            {
                out.append(" -> ").append(DnsRecordType.name(dns.type()));
            }
            out.append(" ttl=").append(dns.ttl());
        }
        if (answers == 0)
        {
            out.append(dns.rcode() == 0 ? " -> NODATA" : " -> rcode " + dns.rcode());
        }
    }
}
