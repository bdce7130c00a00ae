package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv6FragmentHeader;
import io.xlat.core.codec.Ipv6Header;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the IPv6 header (and Fragment header) that replaces an IPv4 header (RFC 7915 4.1), given addresses that
 * are already in place at {@code +8} and {@code +24}.
 * <p>
 * Kept free of address mapping on purpose: stateless SIIT writes the addresses with its
 * {@link io.xlat.core.addr.AddressMapper}, stateful NAT64 with its BIB/session lookup, and both then call this.
 */
final class Ipv4ToIpv6HeaderWriter
{
    /** Length of the fixed IPv6 header. */
    static final int IPV6_HEADER_LENGTH = Ipv6Header.HEADER_LENGTH;
    /** Length of the IPv6 Fragment header. */
    static final int FRAGMENT_HEADER_LENGTH = Ipv6FragmentHeader.HEADER_LENGTH;

    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();

    /**
     * Returns the IPv6 next header for an IPv4 protocol: ICMPv4 (1) becomes ICMPv6 (58); everything else is copied
     * (RFC 7915 4.1 "Next Header", 4.5 last paragraph: all transport protocols are forwarded).
     *
     * @param protocol the IPv4 protocol number.
     * @return the IPv6 next header value.
     */
    static int nextHeader(final int protocol)
    {
        return protocol == IpProtocol.ICMP ? IpProtocol.IPV6_ICMP : protocol;
    }

    /**
     * Writes version, traffic class, flow label 0, payload length, next header and hop limit; the addresses at
     * {@code offset + 8} and {@code offset + 24} are left as they are (RFC 7915 4.1).
     *
     * @param out           output buffer.
     * @param offset        first byte of the IPv6 header.
     * @param trafficClass  traffic class (the IPv4 TOS, or 0 when configured to reset it).
     * @param payloadLength bytes after the 40-byte header (Fragment header included).
     * @param nextHeader    44 when a Fragment header follows, else the translated protocol.
     * @param hopLimit      already-decremented TTL (or the inner packet's TTL as is, RFC 7915 4.3).
     */
    void writeHeader(
        final MutableDirectBuffer out,
        final int offset,
        final int trafficClass,
        final int payloadLength,
        final int nextHeader,
        final int hopLimit)
    {
        // Version, Traffic Class, Flow Label 0 (RFC 7915 4.1), Payload Length, Next Header and Hop Limit are the
        // first 8 bytes: one store instead of four.
        final long word = ((long)((Ipv6Header.VERSION << 28) | ((trafficClass & 0xFF) << 20)) << 32) |
            ((long)(payloadLength & 0xFFFF) << 16) | ((nextHeader & 0xFF) << 8) | (hopLimit & 0xFF);
        out.putLong(offset, word, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Writes a Fragment header carrying an IPv4 fragment's fields (RFC 7915 4.1: next header from the protocol,
     * offset and M copied, identification = the 16-bit IPv4 identification in the low-order bits).
     *
     * @param out            output buffer.
     * @param offset         first byte of the Fragment header.
     * @param nextHeader     translated protocol.
     * @param fragmentOffset offset in 8-byte units.
     * @param more           the M flag.
     * @param identification the IPv4 identification, 0..65535.
     */
    void writeFragmentHeader(
        final MutableDirectBuffer out,
        final int offset,
        final int nextHeader,
        final int fragmentOffset,
        final boolean more,
        final int identification)
    {
        fragment.wrap(out, offset, FRAGMENT_HEADER_LENGTH)
            .nextHeader(nextHeader)
            .clearReserved()
            .fragmentOffset(fragmentOffset)
            .moreFragments(more)
            .identification(identification & 0xFFFF);
    }
}
