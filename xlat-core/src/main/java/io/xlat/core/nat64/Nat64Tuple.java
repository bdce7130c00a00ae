package io.xlat.core.nat64;

import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6ExtensionHeaders;
import io.xlat.core.codec.Ipv6FragmentHeader;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.stats.DropReason;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The incoming tuple of a packet (RFC 6146 3.4): addresses, protocol, ports or ICMP identifier, TCP flags, fragment
 * fields, and for an ICMP error the tuple of its inner packet (3.5.3: the session is the inner packet's).
 * <p>
 * Reused (one per translator), filled by {@link #parse6} or {@link #parse4}, which return 0 or {@code -DropReason}.
 * Inner packets of ICMP errors are read with their transport header right after the fixed IP header: an IPv6 inner
 * packet with extension headers has no session to match and is a {@code BAD_INNER_PACKET} drop.
 */
final class Nat64Tuple
{
    private static final int TCP_MIN = 20;
    private static final int UDP_LENGTH = 8;
    private static final int ICMP_HEADER = 8;
    private static final int TCP_FLAGS_OFFSET = 13;
    private static final int ECHO_ID_OFFSET = 4;

    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6ExtensionHeaders extensions = new Ipv6ExtensionHeaders();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();

    /** A {@link Nat64Protocol} constant. */
    int protocol;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int src4;
    int dst4;
    /** Source port, or the ICMP echo identifier. */
    int srcPort;
    /** Destination port, or the ICMP echo identifier. */
    int dstPort;
    int tcpFlags;
    /** Part of a fragmented datagram (not an atomic fragment). */
    boolean fragmented;
    /** Carries the transport header (unfragmented, or fragment offset 0). */
    boolean first;
    int fragmentId;
    boolean icmpError;
    int innerProtocol;
    long innerSrcHigh;
    long innerSrcLow;
    long innerDstHigh;
    long innerDstLow;
    int innerSrc4;
    int innerDst4;
    int innerSrcPort;
    int innerDstPort;

    /**
     * Reads an IPv6 packet.
     *
     * @return 0, or {@code -DropReason}.
     */
    int parse6(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final int valid = ipv6.wrap(buffer, offset, length).validate();
        if (valid < 0)
        {
            return valid;
        }
        final int end = offset + Ipv6Header.HEADER_LENGTH + ipv6.payloadLength();
        final int upper = extensions.walk(buffer, offset, end - offset);
        if (upper < 0)
        {
            return upper;
        }
        srcHigh = ipv6.sourceHigh();
        srcLow = ipv6.sourceLow();
        dstHigh = ipv6.destinationHigh();
        dstLow = ipv6.destinationLow();
        fragmented = false;
        first = true;
        fragmentId = 0;
        if (extensions.hasFragmentHeader())
        {
            fragment.wrap(buffer, extensions.fragmentHeaderOffset(), Ipv6FragmentHeader.HEADER_LENGTH);
            first = fragment.fragmentOffset() == 0;
            fragmented = !first || fragment.moreFragments();
            fragmentId = fragment.identification();
        }
        return transport(buffer, extensions.upperLayerProtocol(), upper, end, true);
    }

    /**
     * Fills the tuple of an IPv6 packet that {@link io.xlat.core.siit.PlainIpv6#isCommonCase} accepted (no extension
     * header, TCP, UDP or ICMPv6 echo, lengths checked), from the words the caller already loaded: what
     * {@link #parse6} would find, without the header validation and extension walk that test has made redundant.
     *
     * @param buffer        holding the packet.
     * @param offset        of the IPv6 header.
     * @param firstWord     the first 8 bytes of the IPv6 header, big-endian.
     * @param transportWord the first 8 bytes of the transport header, big-endian.
     */
    void plain6(final MutableDirectBuffer buffer, final int offset, final long firstWord, final long transportWord)
    {
        srcHigh = buffer.getLong(offset + Ipv6Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        srcLow = buffer.getLong(offset + Ipv6Header.SOURCE_OFFSET + 8, ByteOrder.BIG_ENDIAN);
        dstHigh = buffer.getLong(offset + Ipv6Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        dstLow = buffer.getLong(offset + Ipv6Header.DESTINATION_OFFSET + 8, ByteOrder.BIG_ENDIAN);
        fragmented = false;
        first = true;
        fragmentId = 0;
        icmpError = false;
        tcpFlags = 0;
        final int nextHeader = (int)(firstWord >>> 8) & 0xFF;
        if (nextHeader == IpProtocol.IPV6_ICMP)
        {
            // Echo request or reply: the identifier (bytes 4-5) is the port on both sides (RFC 6146 3.5.3).
            protocol = Nat64Protocol.ICMP;
            srcPort = (int)(transportWord >>> 16) & 0xFFFF;
            dstPort = srcPort;
            return;
        }
        protocol = nextHeader == IpProtocol.TCP ? Nat64Protocol.TCP : Nat64Protocol.UDP;
        srcPort = (int)(transportWord >>> 48);
        dstPort = (int)(transportWord >>> 32) & 0xFFFF;
        if (protocol == Nat64Protocol.TCP)
        {
            tcpFlags = buffer.getByte(offset + Ipv6Header.HEADER_LENGTH + TCP_FLAGS_OFFSET) & 0xFF;
        }
    }

    /**
     * Reads an IPv4 packet (header checksum verified, RFC 1812 5.2.2).
     *
     * @return 0, or {@code -DropReason}.
     */
    int parse4(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final int headerLength = ipv4.wrap(buffer, offset, length).validate(true);
        if (headerLength < 0)
        {
            return headerLength;
        }
        src4 = ipv4.source();
        dst4 = ipv4.destination();
        first = ipv4.fragmentOffset() == 0;
        fragmented = !first || ipv4.moreFragments();
        fragmentId = ipv4.identification();
        return transport(buffer, ipv4.protocol(), offset + headerLength, offset + ipv4.totalLength(), false);
    }

    private int transport(
        final MutableDirectBuffer buffer, final int ipProtocol, final int l4, final int end, final boolean fromIpv6)
    {
        protocol = Nat64Protocol.fromIpProtocol(ipProtocol);
        icmpError = false;
        srcPort = 0;
        dstPort = 0;
        tcpFlags = 0;
        if (protocol == Nat64Protocol.NONE || (protocol == Nat64Protocol.ICMP &&
            ipProtocol != (fromIpv6 ? IpProtocol.IPV6_ICMP : IpProtocol.ICMP)))
        {
            // RFC 6146 1.1: TCP, UDP and ICMP only.
            return -DropReason.UNSUPPORTED_PROTOCOL;
        }
        if (!first)
        {
            return 0;
        }
        final int available = end - l4;
        if (protocol == Nat64Protocol.ICMP)
        {
            return icmp(buffer, l4, available, fromIpv6);
        }
        if (available < (protocol == Nat64Protocol.TCP ? TCP_MIN : UDP_LENGTH))
        {
            return -DropReason.BAD_TRANSPORT_HEADER;
        }
        srcPort = buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        dstPort = buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (protocol == Nat64Protocol.TCP)
        {
            tcpFlags = buffer.getByte(l4 + TCP_FLAGS_OFFSET) & 0xFF;
        }
        return 0;
    }

    private int icmp(final MutableDirectBuffer buffer, final int l4, final int available, final boolean fromIpv6)
    {
        if (available < ICMP_HEADER)
        {
            return -DropReason.BAD_TRANSPORT_HEADER;
        }
        final int type = buffer.getByte(l4) & 0xFF;
        if (isEcho(type, fromIpv6))
        {
            srcPort = buffer.getShort(l4 + ECHO_ID_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            dstPort = srcPort;
            return 0;
        }
        if (!(fromIpv6 ? Icmpv6Message.isErrorType(type) : Icmpv4Message.isErrorType(type)))
        {
            // RFC 6146 3.5.3 / RFC 7915 4.2, 5.2: other informational messages are not translated.
            return -DropReason.UNTRANSLATABLE_ICMP;
        }
        if (fragmented)
        {
            return -DropReason.FRAGMENTED_ICMP;
        }
        icmpError = true;
        return fromIpv6 ? inner6(buffer, l4 + ICMP_HEADER, available - ICMP_HEADER) :
            inner4(buffer, l4 + ICMP_HEADER, available - ICMP_HEADER);
    }

    private int inner6(final MutableDirectBuffer buffer, final int inner, final int available)
    {
        if (available < Ipv6Header.HEADER_LENGTH + ICMP_HEADER ||
            ((buffer.getByte(inner) >> 4) & 0xF) != Ipv6Header.VERSION)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        innerSrcHigh = buffer.getLong(inner + Ipv6Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        innerSrcLow = buffer.getLong(inner + Ipv6Header.SOURCE_OFFSET + 8, ByteOrder.BIG_ENDIAN);
        innerDstHigh = buffer.getLong(inner + Ipv6Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        innerDstLow = buffer.getLong(inner + Ipv6Header.DESTINATION_OFFSET + 8, ByteOrder.BIG_ENDIAN);
        return innerTransport(buffer, Ipv6Header.nextHeader(buffer, inner), inner + Ipv6Header.HEADER_LENGTH, true);
    }

    private int inner4(final MutableDirectBuffer buffer, final int inner, final int available)
    {
        if (available < Ipv4Header.MIN_HEADER_LENGTH || ((buffer.getByte(inner) >> 4) & 0xF) != Ipv4Header.VERSION)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        final int headerLength = (buffer.getByte(inner) & 0xF) << 2;
        final int flagsFragment = buffer.getShort(inner + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET,
            ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (headerLength < Ipv4Header.MIN_HEADER_LENGTH || available < headerLength + ICMP_HEADER ||
            (flagsFragment & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        innerSrc4 = buffer.getInt(inner + Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        innerDst4 = buffer.getInt(inner + Ipv4Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        return innerTransport(buffer, buffer.getByte(inner + Ipv4Header.PROTOCOL_OFFSET) & 0xFF, inner + headerLength,
            false);
    }

    private int innerTransport(
        final MutableDirectBuffer buffer, final int ipProtocol, final int l4, final boolean fromIpv6)
    {
        innerProtocol = Nat64Protocol.fromIpProtocol(ipProtocol);
        if (innerProtocol == Nat64Protocol.NONE ||
            (innerProtocol == Nat64Protocol.ICMP && ipProtocol != (fromIpv6 ? IpProtocol.IPV6_ICMP : IpProtocol.ICMP)))
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        if (innerProtocol == Nat64Protocol.ICMP)
        {
            final int type = buffer.getByte(l4) & 0xFF;
            if (!isEcho(type, fromIpv6))
            {
                // RFC 7915 4.3, 5.3: an error about an error is not translated; other queries have no session.
                return -(fromIpv6 ? (Icmpv6Message.isErrorType(type) ? DropReason.NESTED_ICMP_ERROR :
                    DropReason.BAD_INNER_PACKET) : (Icmpv4Message.isErrorType(type) ? DropReason.NESTED_ICMP_ERROR :
                    DropReason.BAD_INNER_PACKET));
            }
            innerSrcPort = buffer.getShort(l4 + ECHO_ID_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            innerDstPort = innerSrcPort;
            return 0;
        }
        innerSrcPort = buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        innerDstPort = buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return 0;
    }

    private static boolean isEcho(final int type, final boolean icmpv6)
    {
        return icmpv6 ? type == Icmpv6Message.TYPE_ECHO_REQUEST || type == Icmpv6Message.TYPE_ECHO_REPLY :
            type == Icmpv4Message.TYPE_ECHO_REQUEST || type == Icmpv4Message.TYPE_ECHO_REPLY;
    }
}
