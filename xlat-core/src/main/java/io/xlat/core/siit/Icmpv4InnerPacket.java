package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.stats.DropReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Translates the IPv4 packet inside an ICMPv4 error into the IPv6 packet inside the ICMPv6 error (RFC 7915 4.3):
 * "just like a normal IP packet (except that the TTL ... [is] not decremented)", stopping at the first embedded
 * header (an ICMP error inside is dropped, {@link DropReason#NESTED_ICMP_ERROR}).
 * <p>
 * Address roles are reversed with respect to the outer packet: the inner source is the host the error goes back
 * to (it maps like a destination), the inner destination is where that host was sending (it maps like a source).
 * Usually only part of the inner packet is present: its transport checksum is updated incrementally when the field
 * is among the bytes present (the update only needs the pseudo-header change, not the data), and left alone when
 * not. The inner IPv6 Payload Length describes the original packet, not the truncated copy.
 */
final class Icmpv4InnerPacket
{
    private final SiitConfig config;
    private final Ipv4ToIpv6HeaderWriter headerWriter;
    /** Inner addresses, mapped here first so that a failure leaves the output untouched. */
    private final UnsafeBuffer addresses = new UnsafeBuffer(new byte[2 * 16]);

    Icmpv4InnerPacket(final SiitConfig config, final Ipv4ToIpv6HeaderWriter headerWriter)
    {
        this.config = config;
        this.headerWriter = headerWriter;
    }

    /**
     * Translates the inner packet.
     *
     * @param in        buffer holding the ICMPv4 error.
     * @param offset    first byte of the inner IPv4 header.
     * @param available bytes of the original datagram field.
     * @param out       output buffer.
     * @param outOffset where the inner IPv6 header goes.
     * @param budget    most bytes that may be written (the inner packet is truncated to it).
     * @return bytes written, or minus a {@link DropReason}.
     */
    int translate(
        final DirectBuffer in,
        final int offset,
        final int available,
        final MutableDirectBuffer out,
        final int outOffset,
        final int budget)
    {
        if (available < Ipv4Header.MIN_HEADER_LENGTH || Ipv4Header.version(in, offset) != Ipv4Header.VERSION)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        final int headerLength = Ipv4Header.headerLength(in, offset);
        final int totalLength = Ipv4Header.totalLength(in, offset);
        if (headerLength < Ipv4Header.MIN_HEADER_LENGTH || headerLength > available || totalLength < headerLength)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        final int flags = in.getShort(offset + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int fragmentOffset = flags & Ipv4Header.FRAGMENT_OFFSET_MASK;
        final boolean more = (flags & Ipv4Header.MORE_FRAGMENTS_FLAG) != 0;
        final boolean isFragment = more || fragmentOffset != 0;
        final int protocol = Ipv4Header.protocol(in, offset);
        final int l4Offset = offset + headerLength;
        final int l4Available = Math.min(available, totalLength) - headerLength;
        if (protocol == IpProtocol.ICMP && fragmentOffset == 0 && l4Available >= 1 &&
            Icmpv4Message.isErrorType(in.getByte(l4Offset) & 0xFF))
        {
            return -DropReason.NESTED_ICMP_ERROR; // RFC 7915 4.3: stop at the first embedded header.
        }
        // Roles reversed: inner source maps as a destination, inner destination as a source.
        final int source = Ipv4Header.source(in, offset);
        final int destination = Ipv4Header.destination(in, offset);
        if (!config.mapper().ipv4ToIpv6(source, false, addresses, 0) ||
            !config.mapper().ipv4ToIpv6(destination, true, addresses, 16))
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        if (protocol == IpProtocol.ICMP && fragmentOffset == 0 && l4Available >= 1 &&
            icmpv6EchoType(in.getByte(l4Offset) & 0xFF) < 0)
        {
            return -DropReason.UNTRANSLATABLE_ICMP; // an informational type ICMPv6 has no counterpart for
        }

        final int headersLength = Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH +
            (isFragment ? Ipv4ToIpv6HeaderWriter.FRAGMENT_HEADER_LENGTH : 0);
        final int copied = Math.max(0, Math.min(l4Available, budget - headersLength));
        final int nextHeader = Ipv4ToIpv6HeaderWriter.nextHeader(protocol);
        final int tos = in.getByte(offset + Ipv4Header.TOS_OFFSET) & 0xFF;
        headerWriter.writeHeader(
            out,
            outOffset,
            config.resetTrafficClass() ? 0 : tos,
            totalLength - headerLength + (isFragment ? Ipv4ToIpv6HeaderWriter.FRAGMENT_HEADER_LENGTH : 0),
            isFragment ? IpProtocol.FRAGMENT : nextHeader,
            in.getByte(offset + Ipv4Header.TTL_OFFSET) & 0xFF);
        if (isFragment)
        {
            headerWriter.writeFragmentHeader(
                out,
                outOffset + Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH,
                nextHeader,
                fragmentOffset,
                more,
                in.getShort(offset + Ipv4Header.IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        out.putBytes(outOffset + 8, addresses, 0, 32);
        final int l4Out = outOffset + headersLength;
        out.putBytes(l4Out, in, l4Offset, copied);
        if (fragmentOffset == 0)
        {
            fixTransport(out, outOffset, l4Out, copied, protocol, source, destination, totalLength - headerLength);
        }
        return headersLength + copied;
    }

    private static int icmpv6EchoType(final int type)
    {
        if (type == Icmpv4Message.TYPE_ECHO_REQUEST)
        {
            return Icmpv6Message.TYPE_ECHO_REQUEST;
        }
        return type == Icmpv4Message.TYPE_ECHO_REPLY ? Icmpv6Message.TYPE_ECHO_REPLY : -1;
    }

    private static void fixTransport(
        final MutableDirectBuffer out,
        final int ipv6Offset,
        final int l4Out,
        final int copied,
        final int protocol,
        final int source,
        final int destination,
        final int l4Length)
    {
        if (protocol == IpProtocol.ICMP)
        {
            if (copied < Ipv4ToIpv6Checksums.ICMP_CHECKSUM_OFFSET + 2)
            {
                return;
            }
            Ipv4ToIpv6Checksums.fixEcho(out, ipv6Offset, l4Out, icmpv6EchoType(out.getByte(l4Out) & 0xFF), l4Length);
            return;
        }
        Ipv4ToIpv6Checksums.fixTransport(
            out,
            l4Out,
            copied,
            protocol,
            Ipv4ToIpv6Checksums.addressSum4(source, destination),
            Ipv4ToIpv6Checksums.addressSum6(out, ipv6Offset));
    }
}
