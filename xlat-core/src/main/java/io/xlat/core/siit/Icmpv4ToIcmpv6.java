package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.stats.DropReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * ICMPv4 to ICMPv6 (RFC 7915 4.2, 4.3; RFC 4884): the type/code table, the Parameter Problem pointer table
 * (Figure 3), the Packet Too Big MTU arithmetic, and the translation of ICMPv4 error messages with their inner
 * packet and RFC 4884 extensions.
 * <p>
 * ICMPv6 error checksum: the message changes in several regions at once (header word, the inner header replaced
 * by a longer one, inner transport checksum, padding, extension moved, truncation), so the update is done with
 * RFC 1624 eqn. 3 where {@code m} is the sum of the whole old ICMPv4 message (checksum field excluded) and
 * {@code m'} the sum of the whole new ICMPv6 message plus its pseudo-header. That is still an update from the old
 * field, so a corrupt ICMPv4 checksum gives an ICMPv6 checksum off by the same amount; it sums at most 576 + 1280
 * bytes, only for error messages.
 */
final class Icmpv4ToIcmpv6
{
    /** Returned by the table methods for messages that are silently dropped. */
    static final int NOT_TRANSLATED = -1;
    /** Largest translated ICMPv6 error, IPv6 header included (RFC 7915 4.2 via RFC 4443 2.4(c)). */
    static final int MAX_ICMPV6_ERROR = SiitConfig.IPV6_MINIMUM_MTU;
    /** RFC 4884: the original datagram field is at least 128 bytes when an extension follows. */
    static final int RFC4884_MIN_ORIGINAL = 128;

    /** RFC 1191 section 7 plateau table, largest first. */
    private static final int[] PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};

    private final SiitConfig config;
    private final Icmpv4InnerPacket inner;
    private final Icmpv6Message icmpv6 = new Icmpv6Message();

    Icmpv4ToIcmpv6(final SiitConfig config, final Ipv4ToIpv6HeaderWriter headerWriter)
    {
        this.config = config;
        this.inner = new Icmpv4InnerPacket(config, headerWriter);
    }

    /**
     * Maps an ICMPv4 type and code to ICMPv6 (RFC 7915 4.2).
     *
     * @param type ICMPv4 type.
     * @param code ICMPv4 code.
     * @return {@code (icmpv6Type << 8) | icmpv6Code}, or {@link #NOT_TRANSLATED} (silently dropped).
     */
    static int translateTypeCode(final int type, final int code)
    {
        switch (type)
        {
            case Icmpv4Message.TYPE_ECHO_REQUEST:
                return (Icmpv6Message.TYPE_ECHO_REQUEST << 8) | code;
            case Icmpv4Message.TYPE_ECHO_REPLY:
                return (Icmpv6Message.TYPE_ECHO_REPLY << 8) | code;
            case Icmpv4Message.TYPE_DEST_UNREACHABLE:
                return destinationUnreachable(code);
            case Icmpv4Message.TYPE_TIME_EXCEEDED:
                // "Set the Type to 3 ... The Code is unchanged."
                return (Icmpv6Message.TYPE_TIME_EXCEEDED << 8) | code;
            case Icmpv4Message.TYPE_PARAMETER_PROBLEM:
                // Code 0 (pointer) and 2 (bad length) -> 0 with the pointer translated; 1 and others dropped.
                return code == 0 || code == 2 ? Icmpv6Message.TYPE_PARAMETER_PROBLEM << 8 : NOT_TRANSLATED;
            default:
                // Information 15/16, timestamp 13/14, mask 17/18, router adv/sol 9/10, redirect 5, alternate host
                // address 6, source quench 4, unknown types: single-hop or obsolete, silently dropped.
                return NOT_TRANSLATED;
        }
    }

    private static int destinationUnreachable(final int code)
    {
        final int du = Icmpv6Message.TYPE_DEST_UNREACHABLE << 8;
        switch (code)
        {
            case 0: case 1: case 5: case 6: case 7: case 8: case 11: case 12:
                return du | Icmpv6Message.CODE_NO_ROUTE;
            case 2:
                // Protocol Unreachable -> Parameter Problem, unrecognized next header, pointer 6.
                return (Icmpv6Message.TYPE_PARAMETER_PROBLEM << 8) | Icmpv6Message.CODE_UNRECOGNIZED_NEXT_HEADER;
            case 3:
                return du | Icmpv6Message.CODE_PORT_UNREACHABLE;
            case 4:
                return Icmpv6Message.TYPE_PACKET_TOO_BIG << 8;
            case 9: case 10: case 13: case 15:
                return du | Icmpv6Message.CODE_ADMIN_PROHIBITED;
            default:
                // 14 (host precedence violation) and unknown codes.
                return NOT_TRANSLATED;
        }
    }

    /**
     * Translates a Parameter Problem pointer (RFC 7915 4.2, Figure 3).
     *
     * @param pointer the ICMPv4 pointer, an octet of the IPv4 header.
     * @return the octet of the IPv6 header, or {@link #NOT_TRANSLATED} for "n/a" and unlisted values.
     */
    static int translatePointer(final int pointer)
    {
        switch (pointer)
        {
            case 0: // Version/IHL -> Version/Traffic Class
                return 0;
            case 1: // Type Of Service -> Traffic Class/Flow Label
                return 1;
            case 2: case 3: // Total Length -> Payload Length
                return 4;
            case 8: // Time to Live -> Hop Limit
                return 7;
            case 9: // Protocol -> Next Header
                return 6;
            case 12: case 13: case 14: case 15: // Source Address
                return 8;
            case 16: case 17: case 18: case 19: // Destination Address
                return 24;
            default: // 4-7 identification/flags/offset, 10-11 checksum: n/a; options: not listed
                return NOT_TRANSLATED;
        }
    }

    /**
     * Computes the Packet Too Big MTU from a Fragmentation Needed (RFC 7915 4.2, Destination Unreachable code 4):
     * {@code min(advertised + 20, mtu6, mtu4 + 20)}; when the advertised MTU is 0 (a router predating RFC 1191),
     * the greatest RFC 1191 plateau below the returned Total Length stands in for the advertised value. The
     * result is never below 1280, the IPv6 minimum MTU (RFC 8200 5).
     *
     * @param advertised       the ICMPv4 next-hop MTU field.
     * @param innerTotalLength the Total Length of the returned IPv4 header (0 if absent).
     * @param mtu4             the translator's IPv4 next-hop MTU.
     * @param mtu6             the translator's IPv6 next-hop MTU.
     * @return the MTU for the ICMPv6 Packet Too Big.
     */
    static int packetTooBigMtu(final int advertised, final int innerTotalLength, final int mtu4, final int mtu6)
    {
        // RFC 7915 4.2: the plateau estimates the IPv4 path MTU, so it takes the +20 like an advertised value
        // (as Jool does: a 1500-byte datagram gives plateau 1492, IPv6 MTU 1512, then the min() rules).
        int mtu = (advertised == 0 ? plateau(innerTotalLength) : advertised) + 20;
        mtu = Math.min(mtu, mtu6);
        mtu = Math.min(mtu, mtu4 + 20);
        return Math.max(mtu, SiitConfig.IPV6_MINIMUM_MTU);
    }

    /**
     * Returns the greatest RFC 1191 plateau below {@code totalLength} (RFC 7915 4.2), or 68 if none is.
     *
     * @param totalLength the Total Length of the datagram that did not fit.
     * @return the likely IPv4 path MTU.
     */
    static int plateau(final int totalLength)
    {
        for (final int p : PLATEAUS)
        {
            if (p < totalLength)
            {
                return p;
            }
        }
        return SiitConfig.IPV4_MINIMUM_MTU;
    }

    /**
     * Translates an ICMPv4 error message into an ICMPv6 one written after the IPv6 header at {@code ipv6Offset},
     * whose addresses are already in place; the caller writes the rest of that header.
     *
     * @param in         buffer holding the ICMPv4 message.
     * @param icmpOffset its first byte.
     * @param icmpLength its length (at least 8).
     * @param typeCode6  from {@link #translateTypeCode(int, int)}.
     * @param out        output buffer.
     * @param ipv6Offset first byte of the outer IPv6 header in {@code out}.
     * @param addresses  the outer IPv6 source and destination (32 bytes), copied to {@code ipv6Offset + 8} once
     *                   nothing can fail any more: a dropped error leaves {@code out} untouched.
     * @return the ICMPv6 message length, or minus a {@link DropReason}.
     */
    int translateError(
        final DirectBuffer in,
        final int icmpOffset,
        final int icmpLength,
        final int typeCode6,
        final MutableDirectBuffer out,
        final int ipv6Offset,
        final DirectBuffer addresses)
    {
        final int type6 = typeCode6 >>> 8;
        final int icmp6Offset = ipv6Offset + Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH;
        final int innerOffset = icmpOffset + Icmpv4Message.HEADER_LENGTH;
        final int available = icmpLength - Icmpv4Message.HEADER_LENGTH;

        // RFC 4884 4/5: a non-zero length (32-bit words) that fits says where the original datagram ends and an
        // extension structure begins. ICMPv6 Packet Too Big and Parameter Problem have no length field, so their
        // extension cannot be carried and is left out.
        if (type6 == Icmpv6Message.TYPE_PARAMETER_PROBLEM && (typeCode6 & 0xFF) == 0 &&
            translatePointer(in.getByte(icmpOffset + Icmpv4Message.POINTER_OFFSET) & 0xFF) == NOT_TRANSLATED)
        {
            return -DropReason.UNTRANSLATABLE_ICMP; // RFC 7915 4.2: pointer "n/a" or not listed: silently drop.
        }
        final int words = in.getByte(icmpOffset + Icmpv4Message.LENGTH_OFFSET) & 0xFF;
        final boolean lengthValid = words != 0 && words * 4 <= available;
        final int originalLength = lengthValid ? words * 4 : available;
        final int extensionLength = available - originalLength;
        final int budget = MAX_ICMPV6_ERROR - Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH - Icmpv6Message.HEADER_LENGTH;
        boolean keepExtension = lengthValid && extensionLength > 0 &&
            (type6 == Icmpv6Message.TYPE_DEST_UNREACHABLE || type6 == Icmpv6Message.TYPE_TIME_EXCEEDED);
        int innerBudget = budget;
        if (keepExtension)
        {
            // RFC 7915 4.2: the extension "SHOULD be simply truncated" when too big; truncating it would break
            // its own checksum, so an extension that does not fit beside a 128-byte original is left out whole.
            innerBudget = ((budget - extensionLength) / 8) * 8;
            if (innerBudget < RFC4884_MIN_ORIGINAL)
            {
                keepExtension = false;
                innerBudget = budget;
            }
        }

        final int innerWritten = inner.translate(
            in, innerOffset, originalLength, out, icmp6Offset + Icmpv6Message.HEADER_LENGTH, innerBudget);
        if (innerWritten < 0)
        {
            return innerWritten;
        }
        out.putBytes(ipv6Offset + 8, addresses, 0, 32);
        int bodyLength = innerWritten;
        int lengthField = 0;
        if (keepExtension)
        {
            // RFC 4884 4: pad the original datagram to a 64-bit boundary and at least 128 bytes; length in 64-bit
            // words; the extension follows unchanged (RFC 7915 4.2 "ICMP Error Payload").
            final int padded = Math.max(RFC4884_MIN_ORIGINAL, (innerWritten + 7) & ~7);
            final int innerStart = icmp6Offset + Icmpv6Message.HEADER_LENGTH;
            out.setMemory(innerStart + innerWritten, padded - innerWritten, (byte)0);
            out.putBytes(innerStart + padded, in, innerOffset + originalLength, extensionLength);
            bodyLength = padded + extensionLength;
            lengthField = padded / 8;
        }
        final int icmp6Length = Icmpv6Message.HEADER_LENGTH + bodyLength;
        icmpv6.wrap(out, icmp6Offset, icmp6Length)
            .type(type6)
            .code(typeCode6 & 0xFF)
            .checksum(0)
            .restOfHeader(restOfHeader(in, icmpOffset, available, typeCode6, lengthField));

        final int oldField = in.getShort(icmpOffset + Icmpv4Message.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int oldSum = Checksum.sum(in, icmpOffset + 4, icmpLength - 4, Checksum.sum(in, icmpOffset, 2, 0));
        final int pseudo = Checksum.ipv6PseudoHeaderSum(
            out, ipv6Offset + 8, ipv6Offset + 24, IpProtocol.IPV6_ICMP, icmp6Length);
        final int newSum = Checksum.sum(out, icmp6Offset, icmp6Length, pseudo);
        icmpv6.checksum(Checksum.update(oldField, oldSum, newSum));
        return icmp6Length;
    }

    private int restOfHeader(
        final DirectBuffer in, final int icmpOffset, final int available, final int typeCode6, final int lengthField)
    {
        final int type6 = typeCode6 >>> 8;
        if (type6 == Icmpv6Message.TYPE_PACKET_TOO_BIG)
        {
            final int advertised = in.getShort(icmpOffset + Icmpv4Message.MTU_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int innerTotalLength = available >= 4 ?
                Ipv4Header.totalLength(in, icmpOffset + Icmpv4Message.HEADER_LENGTH) : 0;
            return packetTooBigMtu(advertised, innerTotalLength, config.mtu4(), config.mtu6());
        }
        if (type6 == Icmpv6Message.TYPE_PARAMETER_PROBLEM)
        {
            if ((typeCode6 & 0xFF) == Icmpv6Message.CODE_UNRECOGNIZED_NEXT_HEADER)
            {
                return 6; // RFC 7915 4.2: Protocol Unreachable points at the IPv6 Next Header field.
            }
            return translatePointer(in.getByte(icmpOffset + Icmpv4Message.POINTER_OFFSET) & 0xFF);
        }
        return lengthField << 24; // Destination Unreachable, Time Exceeded: RFC 4884 length in the first octet.
    }
}
