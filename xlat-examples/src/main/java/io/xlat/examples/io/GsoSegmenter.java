package io.xlat.examples.io;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Cuts a GSO super-packet read from a TUN device with offloads on (a TCP stream's worth of data behind one IP and
 * TCP header, up to 64 KiB) into the MTU-sized packets the sender's stack would have put on the wire, as the
 * kernel's {@code tcp_gso_segment}/{@code __udp_gso_segment} do.
 * <p>
 * Where it is used: the daemons translate a TCP super-packet once (io.xlat.examples.daemon.OffloadTranslation cuts
 * segment 0 here, lets the translator decide on it, then writes the translated headers in front of the whole payload
 * with a rewritten virtio-net header), and fall back to cutting every segment here and translating each as an
 * ordinary packet when segment 0's translation is anything but one TCP packet (an ICMP error, fragments), when a
 * control flag (SYN, FIN, RST) is set, or when the DF decision of RFC 7915 5.1 differs between segments. The
 * virtio-net header describes the super-packet in terms of its own headers ({@code gso_type} TCPV4 or TCPV6,
 * {@code hdr_len}, {@code csum_start}, and {@code gso_size} chosen for the sender's MTU), so those fields are
 * rewritten on the way out, and the MTU test of RFC 7915 4.1/5.1 applies to each segment, not to the super-packet.
 * <p>
 * Each segment gets: the IPv4 total length (or IPv6 payload length), IPv4 identification plus the segment index
 * and a fresh header checksum; TCP sequence number advanced by the bytes before it, FIN and PSH only on the last
 * segment, CWR only on the first (RFC 3168 6.1.2); UDP length; and a complete L4 checksum (RFC 1071, RFC 8200
 * 8.1), whatever the super-packet's partial checksum held. No allocation: {@link #prepare} records offsets, then
 * {@link #segment} writes segment {@code i} into the caller's buffer.
 */
public final class GsoSegmenter
{
    /** The super-packet's headers are inconsistent (lengths, versions, protocol against the GSO type). */
    public static final int MALFORMED = -21;
    /** A GSO type or header layout this class does not cut (UFO, IPv6 extension headers, jumbograms). */
    public static final int UNSUPPORTED = -22;

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int TCP_FIN_PSH = 0x09;
    private static final int TCP_CWR = 0x80;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;

    private DirectBuffer in;
    private int inOffset;
    private int version;
    private int protocol;
    private int ipHeaderLength;
    private int headerLength;
    private int payloadLength;
    private int gsoSize;
    private int segments;

    /**
     * Checks a packet and its GSO parameters and records where headers and payload are.
     *
     * @param buffer  the packet (IP header first, after the virtio-net header).
     * @param offset  index of the IP header.
     * @param length  bytes read.
     * @param gsoType the header's {@code gso_type} ({@link VirtioNetHeader#GSO_ECN} allowed).
     * @param size    the header's {@code gso_size}: L4 payload bytes per segment.
     * @return the number of segments ({@code >= 1}), or {@link #MALFORMED} or {@link #UNSUPPORTED}.
     */
    public int prepare(final DirectBuffer buffer, final int offset, final int length, final int gsoType,
        final int size)
    {
        segments = 0;
        if (length < 1)
        {
            return MALFORMED;
        }
        in = buffer;
        inOffset = offset;
        version = (buffer.getByte(offset) & 0xF0) >>> 4;
        final int type = gsoType & ~VirtioNetHeader.GSO_ECN;
        final int packetLength = ipLayer(buffer, offset, length);
        if (packetLength < 0)
        {
            return packetLength;
        }
        if (type == VirtioNetHeader.GSO_NONE)
        {
            headerLength = packetLength;
            payloadLength = 0;
            gsoSize = 0;
            segments = 1;
            return 1;
        }
        if (type != VirtioNetHeader.GSO_TCPV4 && type != VirtioNetHeader.GSO_TCPV6
            && type != VirtioNetHeader.GSO_UDP_L4 || protocol != TCP && protocol != UDP)
        {
            // UFO, or an IPv6 extension header (or an IPv4 protocol) between the IP and the L4 header.
            return UNSUPPORTED;
        }
        final boolean typeFits = type == VirtioNetHeader.GSO_TCPV4 ? version == 4 && protocol == TCP
            : type == VirtioNetHeader.GSO_TCPV6 ? version == 6 && protocol == TCP
            : protocol == UDP;
        if (!typeFits)
        {
            return MALFORMED;
        }
        final int l4Length = l4HeaderLength(buffer, offset + ipHeaderLength, packetLength - ipHeaderLength);
        if (l4Length < 0 || size < 1)
        {
            return MALFORMED;
        }
        headerLength = ipHeaderLength + l4Length;
        payloadLength = packetLength - headerLength;
        gsoSize = size;
        segments = payloadLength == 0 ? 1 : (payloadLength + size - 1) / size;
        return segments;
    }

    private int ipLayer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (version == 4)
        {
            final int ihl = (buffer.getByte(offset) & 0x0F) * 4;
            if (length < IPV4_MIN_HEADER || ihl < IPV4_MIN_HEADER || ihl > length)
            {
                return MALFORMED;
            }
            final int totalLength = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int fragment = buffer.getShort(offset + 6, ByteOrder.BIG_ENDIAN) & 0x3FFF;
            if (totalLength < ihl || totalLength > length || fragment != 0)
            {
                return MALFORMED;
            }
            ipHeaderLength = ihl;
            protocol = buffer.getByte(offset + 9) & 0xFF;
            return totalLength;
        }
        if (version == 6)
        {
            if (length < IPV6_HEADER)
            {
                return MALFORMED;
            }
            final int payload = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (IPV6_HEADER + payload > length)
            {
                return MALFORMED;
            }
            ipHeaderLength = IPV6_HEADER;
            protocol = buffer.getByte(offset + 6) & 0xFF;
            return IPV6_HEADER + payload;
        }
        return MALFORMED;
    }

    private int l4HeaderLength(final DirectBuffer buffer, final int l4Offset, final int available)
    {
        if (protocol == TCP)
        {
            if (available < 20)
            {
                return MALFORMED;
            }
            final int dataOffset = ((buffer.getByte(l4Offset + 12) & 0xF0) >>> 4) * 4;
            return dataOffset < 20 || dataOffset > available ? MALFORMED : dataOffset;
        }
        if (protocol == UDP)
        {
            return available < UDP_HEADER ? MALFORMED : UDP_HEADER;
        }
        return UNSUPPORTED;
    }

    /**
     * The number of segments found by the last successful {@link #prepare}.
     *
     * @return the count, 0 before a successful prepare.
     */
    public int segments()
    {
        return segments;
    }

    /**
     * Length of one segment.
     *
     * @param index 0 to {@link #segments()} - 1.
     * @return bytes, headers included.
     */
    public int segmentLength(final int index)
    {
        if (gsoSize == 0)
        {
            return headerLength;
        }
        return headerLength + Math.min(gsoSize, payloadLength - index * gsoSize);
    }

    /**
     * Writes one segment, headers fixed and checksums complete.
     *
     * @param index     0 to {@link #segments()} - 1.
     * @param out       destination buffer (not the buffer given to {@link #prepare}).
     * @param outOffset index for the IP header.
     * @param capacity  bytes available at {@code outOffset}.
     * @return the segment length, or {@link PacketChannel#TOO_LONG} when it does not fit.
     * @throws IndexOutOfBoundsException when {@code index} is outside the prepared segments.
     */
    public int segment(final int index, final MutableDirectBuffer out, final int outOffset, final int capacity)
    {
        if (index < 0 || index >= segments)
        {
            throw new IndexOutOfBoundsException("index=" + index + " segments=" + segments);
        }
        final int length = segmentLength(index);
        if (length > capacity)
        {
            return PacketChannel.TOO_LONG;
        }
        out.putBytes(outOffset, in, inOffset, headerLength);
        if (gsoSize == 0)
        {
            return length;
        }
        final int chunk = length - headerLength;
        out.putBytes(outOffset + headerLength, in, inOffset + headerLength + index * gsoSize, chunk);
        final int l4Offset = outOffset + ipHeaderLength;
        final int l4Length = length - ipHeaderLength;
        final int pseudo;
        if (version == 4)
        {
            out.putShort(outOffset + 2, (short)length, ByteOrder.BIG_ENDIAN);
            final int id = out.getShort(outOffset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            out.putShort(outOffset + 4, (short)(id + index), ByteOrder.BIG_ENDIAN);
            out.putShort(outOffset + 10, (short)0, ByteOrder.BIG_ENDIAN);
            out.putShort(outOffset + 10, (short)Checksum.finish(Checksum.sum(out, outOffset, ipHeaderLength, 0)),
                ByteOrder.BIG_ENDIAN);
            pseudo = Checksum.ipv4PseudoHeaderSum(out.getInt(outOffset + 12, ByteOrder.BIG_ENDIAN),
                out.getInt(outOffset + 16, ByteOrder.BIG_ENDIAN), protocol, l4Length);
        }
        else
        {
            out.putShort(outOffset + 4, (short)l4Length, ByteOrder.BIG_ENDIAN);
            pseudo = Checksum.ipv6PseudoHeaderSum(out, outOffset + 8, outOffset + 24, protocol, l4Length);
        }
        final int checksumField;
        if (protocol == TCP)
        {
            final long seq = out.getInt(l4Offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            out.putInt(l4Offset + 4, (int)(seq + (long)index * gsoSize), ByteOrder.BIG_ENDIAN);
            int flags = out.getByte(l4Offset + 13) & 0xFF;
            if (index != segments - 1)
            {
                flags &= ~TCP_FIN_PSH;
            }
            if (index != 0)
            {
                flags &= ~TCP_CWR;
            }
            out.putByte(l4Offset + 13, (byte)flags);
            checksumField = l4Offset + 16;
        }
        else
        {
            out.putShort(l4Offset + 4, (short)l4Length, ByteOrder.BIG_ENDIAN);
            checksumField = l4Offset + 6;
        }
        out.putShort(checksumField, (short)0, ByteOrder.BIG_ENDIAN);
        final int field = Checksum.finish(Checksum.sum(out, l4Offset, l4Length, pseudo));
        out.putShort(checksumField, (short)(protocol == UDP ? Checksum.udpField(field) : field), ByteOrder.BIG_ENDIAN);
        return length;
    }
}
