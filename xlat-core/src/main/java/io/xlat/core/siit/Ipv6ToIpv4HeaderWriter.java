package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.codec.TcpHeader;
import io.xlat.core.codec.UdpHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The reusable steps of the IPv6-to-IPv4 header rewrite (RFC 7915 5.1, 5.5), given already-mapped addresses, so
 * that stateful NAT64 (RFC 6146) can supply its own addresses and ports.
 * <p>
 * Static, allocation-free, and trusting: callers have validated lengths.
 */
final class Ipv6ToIpv4HeaderWriter
{
    /** RFC 7915 5: a translated packet of at most this many bytes leaves with DF clear, larger ones with DF set. */
    static final int DF_THRESHOLD = 1260;
    /** IPv4 header length written by the translator: IHL 5, no options (RFC 7915 5.1). */
    static final int IPV4_HEADER_LENGTH = Ipv4Header.MIN_HEADER_LENGTH;

    private static final int VERSION_IHL = 0x45;

    private Ipv6ToIpv4HeaderWriter()
    {
    }

    /**
     * Writes a 20-byte IPv4 header with a freshly computed header checksum (RFC 7915 5.1: "Header Checksum:
     * computed once the IPv4 header has been created").
     *
     * @param out            destination buffer.
     * @param offset         where the IPv4 header starts.
     * @param tos            Type of Service.
     * @param totalLength    Total Length (header + payload).
     * @param identification Identification, low 16 bits used.
     * @param flagsFragment  the 16-bit flags + fragment offset word.
     * @param ttl            Time to Live.
     * @param protocol       Protocol.
     * @param source         IPv4 source.
     * @param destination    IPv4 destination.
     */
    static void writeHeader(
        final MutableDirectBuffer out,
        final int offset,
        final int tos,
        final int totalLength,
        final int identification,
        final int flagsFragment,
        final int ttl,
        final int protocol,
        final int source,
        final int destination)
    {
        // The header is built in registers and stored as two longs and an int, with its checksum (RFC 791 3.1)
        // summed from the same words: summing the bytes back from the buffer would re-read narrow stores that
        // have not retired yet (a store-forwarding stall) and walk them a second time.
        final int versionTos = (VERSION_IHL << 8) | (tos & 0xFF);
        final int length16 = totalLength & 0xFFFF;
        final int id16 = identification & 0xFFFF;
        final int flags16 = flagsFragment & 0xFFFF;
        final int ttlProtocol = ((ttl & 0xFF) << 8) | (protocol & 0xFF);
        final long sum = (long)versionTos + length16 + id16 + flags16 + ttlProtocol +
            (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF);
        final int checksum = Checksum.finish(Checksum.fold(sum));
        out.putLong(offset + Ipv4Header.VERSION_IHL_OFFSET,
            ((long)versionTos << 48) | ((long)length16 << 32) | ((long)id16 << 16) | flags16, ByteOrder.BIG_ENDIAN);
        out.putLong(offset + Ipv4Header.TTL_OFFSET,
            ((long)ttlProtocol << 48) | ((long)checksum << 32) | (source & 0xFFFF_FFFFL), ByteOrder.BIG_ENDIAN);
        out.putInt(offset + Ipv4Header.DESTINATION_OFFSET, destination, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Recomputes the checksum of a 20-byte IPv4 header in place.
     *
     * @param out    buffer holding the header.
     * @param offset where the header starts.
     */
    static void refreshHeaderChecksum(final MutableDirectBuffer out, final int offset)
    {
        out.putShort(offset + Ipv4Header.HEADER_CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        final int sum = Checksum.sum(out, offset, IPV4_HEADER_LENGTH, 0);
        out.putShort(offset + Ipv4Header.HEADER_CHECKSUM_OFFSET, (short)Checksum.finish(sum), ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the flags + fragment offset word of a translated packet that had no Fragment header: MF clear,
     * offset 0, DF set only when the IPv4 packet exceeds 1260 bytes (RFC 7915 5 and 5.1).
     *
     * @param totalLength the IPv4 total length.
     * @return the word.
     */
    static int unfragmentedFlags(final int totalLength)
    {
        return totalLength > DF_THRESHOLD ? Ipv4Header.DONT_FRAGMENT_FLAG : 0;
    }

    /**
     * Returns the flags + fragment offset word of a translated IPv6 fragment: DF clear, MF copied from the M
     * flag, offset copied (RFC 7915 5.1.1).
     *
     * @param fragmentOffset offset in 8-byte units.
     * @param moreFragments  the M flag.
     * @return the word.
     */
    static int fragmentFlags(final int fragmentOffset, final boolean moreFragments)
    {
        final int more = moreFragments ? Ipv4Header.MORE_FRAGMENTS_FLAG : 0;
        return more | (fragmentOffset & Ipv4Header.FRAGMENT_OFFSET_MASK);
    }

    /**
     * Maps an IPv6 upper-layer protocol to the IPv4 Protocol field: ICMPv6 (58) becomes ICMP (1), everything else
     * is copied (RFC 7915 5.1).
     *
     * @param upperLayer the IPv6 upper-layer next header.
     * @return the IPv4 protocol.
     */
    static int protocol(final int upperLayer)
    {
        return upperLayer == IpProtocol.IPV6_ICMP ? IpProtocol.ICMP : upperLayer;
    }

    /**
     * Returns the offset of the checksum field within a TCP or UDP header, or -1 for protocols whose checksum does
     * not cover addresses or that the translator does not update (RFC 7915 5.5: TCP and UDP MUST, others
     * OPTIONAL).
     *
     * @param protocol the transport protocol.
     * @return the field offset or -1.
     */
    static int transportChecksumOffset(final int protocol)
    {
        if (protocol == IpProtocol.TCP)
        {
            return TcpHeader.CHECKSUM_OFFSET;
        }
        if (protocol == IpProtocol.UDP)
        {
            return UdpHeader.CHECKSUM_OFFSET;
        }
        return -1;
    }

    /**
     * Updates a TCP or UDP checksum in place by RFC 1624 for a pseudo-header change (RFC 7915 5.5). The length
     * and protocol words of the IPv6 and IPv4 pseudo-headers are equal, so only the address sums differ; NAT64
     * adds its port change to both sums. A corrupt checksum stays corrupt by the same amount. A UDP checksum of
     * zero is left zero: over IPv6 it is only legal for RFC 6935 tunnels, and over IPv4 it means "no checksum",
     * so forwarding it keeps the sender's meaning (RFC 6936 5, middleboxes forward zero-checksum datagrams).
     *
     * @param out        buffer holding the transport header.
     * @param l4Offset   where the transport header starts.
     * @param protocol   {@link IpProtocol#TCP} or {@link IpProtocol#UDP}.
     * @param oldSum     sum of the words leaving the checksum's coverage (old addresses, old ports).
     * @param newSum     sum of the words entering it.
     */
    static void updateTransportChecksum(
        final MutableDirectBuffer out, final int l4Offset, final int protocol, final int oldSum, final int newSum)
    {
        final int fieldOffset = l4Offset + transportChecksumOffset(protocol);
        final int old = out.getShort(fieldOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (protocol == IpProtocol.UDP)
        {
            if (old == 0)
            {
                return;
            }
            out.putShort(fieldOffset, (short)Checksum.udpField(Checksum.update(old, oldSum, newSum)),
                ByteOrder.BIG_ENDIAN);
            return;
        }
        out.putShort(fieldOffset, (short)Checksum.update(old, oldSum, newSum), ByteOrder.BIG_ENDIAN);
    }

    /**
     * Sum of both IPv6 addresses of the header at {@code ipv6Offset}.
     *
     * @param buffer     buffer holding the IPv6 header.
     * @param ipv6Offset where it starts.
     * @return the folded sum of source and destination.
     */
    static int addressSum6(final DirectBuffer buffer, final int ipv6Offset)
    {
        return Checksum.add(Checksum.addressSum6(buffer, ipv6Offset + Ipv6Header.SOURCE_OFFSET),
            Checksum.addressSum6(buffer, ipv6Offset + Ipv6Header.DESTINATION_OFFSET));
    }

    /**
     * Sum of two IPv4 addresses.
     *
     * @param source      the source.
     * @param destination the destination.
     * @return the folded sum.
     */
    static int addressSum4(final int source, final int destination)
    {
        return Checksum.add(Checksum.addressSum4(source), Checksum.addressSum4(destination));
    }
}
