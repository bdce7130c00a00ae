package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv6ExtensionHeaders;
import io.xlat.core.codec.Ipv6FragmentHeader;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.stats.DropReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * ICMPv6 to ICMPv4 translation (RFC 7915 5.2, 5.3; RFC 4884): type/code mapping, Parameter Problem pointer
 * mapping, Packet Too Big MTU arithmetic, and ICMPv6 errors with their inner IPv6 packet translated to IPv4.
 * <p>
 * The ICMPv4 checksum has no pseudo-header and the ICMPv6 one has, so every checksum here is updated from the old
 * field (RFC 1624 eqn. 3): minus the ICMPv6 pseudo-header and the words that leave the message, plus the words
 * that enter it. An input whose checksum was wrong leaves wrong by the same amount.
 * <p>
 * One instance per translator: it owns a reusable extension-header walker for inner packets.
 */
final class Icmpv6ToIcmpv4
{
    /** Largest translated ICMPv4 error, IPv4 header included (RFC 7915 5.2, RFC 1812 4.3.2.3). */
    static final int MAX_ERROR_LENGTH = 576;
    /** Minimum "original datagram" length when an RFC 4884 extension follows it (RFC 4884 4.1, 5.1). */
    static final int RFC4884_MIN_ORIGINAL = 128;
    /** Returned by the mapping functions for "silently drop". */
    static final int DROP = -1;

    private static final int IPV4_HEADER = Ipv6ToIpv4HeaderWriter.IPV4_HEADER_LENGTH;
    private static final int HEADER_SHRINK = Ipv6Header.HEADER_LENGTH - IPV4_HEADER;

    private final SiitConfig config;
    private final AddressMapper mapper;
    private final Ipv6ExtensionHeaders innerExtensions = new Ipv6ExtensionHeaders();
    private int innerSource;
    private int innerDestination;

    Icmpv6ToIcmpv4(final SiitConfig config)
    {
        this.config = config;
        this.mapper = config.mapper();
    }

    /**
     * Maps an ICMPv6 type and code to ICMPv4 (RFC 7915 5.2).
     *
     * @param type6 ICMPv6 type.
     * @param code6 ICMPv6 code.
     * @return {@code (type4 << 8) | code4}, or {@link #DROP} for messages that are silently dropped.
     */
    static int mapTypeCode(final int type6, final int code6)
    {
        switch (type6)
        {
            case Icmpv6Message.TYPE_ECHO_REQUEST:
                return (Icmpv4Message.TYPE_ECHO_REQUEST << 8) | code6;
            case Icmpv6Message.TYPE_ECHO_REPLY:
                return (Icmpv4Message.TYPE_ECHO_REPLY << 8) | code6;
            case Icmpv6Message.TYPE_DEST_UNREACHABLE:
                return mapDestinationUnreachable(code6);
            case Icmpv6Message.TYPE_PACKET_TOO_BIG:
                return (Icmpv4Message.TYPE_DEST_UNREACHABLE << 8) | Icmpv4Message.CODE_FRAGMENTATION_NEEDED;
            case Icmpv6Message.TYPE_TIME_EXCEEDED:
                // RFC 7915 5.2: "The Code is unchanged."
                return (Icmpv4Message.TYPE_TIME_EXCEEDED << 8) | code6;
            case Icmpv6Message.TYPE_PARAMETER_PROBLEM:
                if (code6 == Icmpv6Message.CODE_ERRONEOUS_HEADER_FIELD)
                {
                    return Icmpv4Message.TYPE_PARAMETER_PROBLEM << 8;
                }
                if (code6 == Icmpv6Message.CODE_UNRECOGNIZED_NEXT_HEADER)
                {
                    return (Icmpv4Message.TYPE_DEST_UNREACHABLE << 8) | Icmpv4Message.CODE_PROTOCOL_UNREACHABLE;
                }
                return DROP;
            default:
                // MLD (130-132), ND (133-137), unknown informational and unknown error types: silently drop.
                return DROP;
        }
    }

    private static int mapDestinationUnreachable(final int code6)
    {
        final int unreachable = Icmpv4Message.TYPE_DEST_UNREACHABLE << 8;
        switch (code6)
        {
            case Icmpv6Message.CODE_NO_ROUTE:
            case Icmpv6Message.CODE_BEYOND_SCOPE:
            case Icmpv6Message.CODE_ADDRESS_UNREACHABLE:
                return unreachable | Icmpv4Message.CODE_HOST_UNREACHABLE;
            case Icmpv6Message.CODE_ADMIN_PROHIBITED:
                return unreachable | Icmpv4Message.CODE_HOST_ADMIN_PROHIBITED;
            case Icmpv6Message.CODE_PORT_UNREACHABLE:
                return unreachable | Icmpv4Message.CODE_PORT_UNREACHABLE;
            default:
                // RFC 7915 5.2 "Other Code values: Silently drop" (5 and 6 included: RFC 4443 codes with no
                // ICMPv4 counterpart listed).
                return DROP;
        }
    }

    /**
     * Maps a Parameter Problem pointer from the IPv6 header to the IPv4 header (RFC 7915 5.2, Figure 6).
     *
     * @param pointer6 the 32-bit ICMPv6 pointer.
     * @return the ICMPv4 pointer, or {@link #DROP} for "n/a" and unlisted values.
     */
    static int mapPointer(final long pointer6)
    {
        if (pointer6 == 0 || pointer6 == 1)
        {
            return (int)pointer6;
        }
        if (pointer6 == 4 || pointer6 == 5)
        {
            return 2;
        }
        if (pointer6 == 6)
        {
            return 9;
        }
        if (pointer6 == 7)
        {
            return 8;
        }
        if (pointer6 >= 8 && pointer6 <= 23)
        {
            return 12;
        }
        if (pointer6 >= 24 && pointer6 <= 39)
        {
            return 16;
        }
        return DROP;
    }

    /**
     * Computes the MTU of the ICMPv4 Fragmentation Needed translated from a Packet Too Big (RFC 7915 5.2):
     * {@code min(advertised - d, mtu4, mtu6 - d)}, where {@code d} is the header size difference: 20, or 28 when
     * the packet in error carries a Fragment header (the RFC's "taking into account whether or not the packet in
     * error includes a Fragment header"). Saturated to the 16-bit field.
     *
     * @param advertised             the PTB's 32-bit MTU.
     * @param mtu4                   MTU of the IPv4 next hop.
     * @param mtu6                   MTU of the IPv6 next hop.
     * @param innerHasFragmentHeader whether the packet in error has a Fragment header.
     * @return the ICMPv4 next-hop MTU, 0..65535.
     */
    static int packetTooBigMtu(
        final long advertised, final int mtu4, final int mtu6, final boolean innerHasFragmentHeader)
    {
        final int delta = innerHasFragmentHeader ? HEADER_SHRINK + Ipv6FragmentHeader.HEADER_LENGTH : HEADER_SHRINK;
        final long mtu = Math.min(advertised - delta, Math.min(mtu4, (long)mtu6 - delta));
        return (int)Math.max(0, Math.min(0xFFFF, mtu));
    }

    /**
     * Turns an ICMPv6 Echo Request/Reply already copied to {@code out} into ICMPv4 in place: new type, checksum
     * minus the pseudo-header and the type change (RFC 7915 5.2).
     *
     * @param out        buffer holding the copied message (at least 4 bytes).
     * @param icmpOffset where the message starts.
     * @param pseudo6    sum of the ICMPv6 pseudo-header the old checksum covered.
     */
    static void translateEcho(final MutableDirectBuffer out, final int icmpOffset, final int pseudo6)
    {
        final int oldWord = out.getShort(icmpOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int type4 = (oldWord >>> 8) == Icmpv6Message.TYPE_ECHO_REQUEST ?
            Icmpv4Message.TYPE_ECHO_REQUEST : Icmpv4Message.TYPE_ECHO_REPLY;
        final int newWord = (type4 << 8) | (oldWord & 0xFF);
        final int field = out.getShort(icmpOffset + Icmpv4Message.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        out.putByte(icmpOffset, (byte)type4);
        out.putShort(icmpOffset + Icmpv4Message.CHECKSUM_OFFSET,
            (short)Checksum.update(field, Checksum.add(pseudo6, oldWord), newWord), ByteOrder.BIG_ENDIAN);
    }

    /**
     * Translates an ICMPv6 error message (RFC 7915 5.2, 5.3, RFC 4884) and writes the ICMPv4 message (without
     * the outer IPv4 header) to {@code out}.
     *
     * @param in         buffer holding the ICMPv6 message.
     * @param icmpOffset where it starts.
     * @param icmpLength its length (at least 8).
     * @param pseudo6    sum of its ICMPv6 pseudo-header.
     * @param out        destination buffer.
     * @param outOffset  where to write the ICMPv4 message.
     * @param maxLength  largest ICMPv4 message allowed (576 minus the outer IPv4 header).
     * @return the ICMPv4 message length, or minus a {@link DropReason}.
     */
    int translateError(
        final DirectBuffer in,
        final int icmpOffset,
        final int icmpLength,
        final int pseudo6,
        final MutableDirectBuffer out,
        final int outOffset,
        final int maxLength)
    {
        final int type6 = in.getByte(icmpOffset) & 0xFF;
        final int code6 = in.getByte(icmpOffset + 1) & 0xFF;
        final int mapped = mapTypeCode(type6, code6);
        if (mapped == DROP)
        {
            return -DropReason.UNTRANSLATABLE_ICMP;
        }
        int pointer4 = 0;
        if (type6 == Icmpv6Message.TYPE_PARAMETER_PROBLEM && code6 == Icmpv6Message.CODE_ERRONEOUS_HEADER_FIELD)
        {
            pointer4 = mapPointer(in.getInt(icmpOffset + Icmpv6Message.POINTER_OFFSET, ByteOrder.BIG_ENDIAN) &
                0xFFFFFFFFL);
            if (pointer4 == DROP)
            {
                return -DropReason.UNTRANSLATABLE_ICMP;
            }
        }

        // RFC 4884: Destination Unreachable and Time Exceeded may carry a length (64-bit words) and extensions.
        final int rest = icmpLength - Icmpv6Message.HEADER_LENGTH;
        int original6 = rest;
        if (type6 == Icmpv6Message.TYPE_DEST_UNREACHABLE || type6 == Icmpv6Message.TYPE_TIME_EXCEEDED)
        {
            final int words = in.getByte(icmpOffset + Icmpv6Message.LENGTH_OFFSET) & 0xFF;
            // RFC 4884 5.1: a length pointing past the message means the message is treated as having none.
            if (words != 0 && (words << 3) <= rest)
            {
                original6 = words << 3;
            }
        }
        int extensionLength = rest - original6;

        final int inner = icmpOffset + Icmpv6Message.HEADER_LENGTH;
        final int innerVerdict = checkInner(in, inner, original6);
        if (innerVerdict < 0)
        {
            return innerVerdict;
        }
        final int innerUpperOffset = innerExtensions.upperLayerOffset();
        final int available4 = original6 - (innerUpperOffset - inner);

        // Sizes: the original datagram field, zero padded to 32 bits and at least 128 bytes when extensions
        // follow; truncated to fit 576 bytes, giving up the extensions only when 128 bytes would not fit.
        final int natural = IPV4_HEADER + available4;
        int original4;
        if (extensionLength > 0)
        {
            original4 = Math.max(RFC4884_MIN_ORIGINAL, (natural + 3) & ~3);
            final int room = maxLength - Icmpv4Message.HEADER_LENGTH - extensionLength;
            if (room >= RFC4884_MIN_ORIGINAL)
            {
                original4 = Math.min(original4, room & ~3);
            }
            else
            {
                extensionLength = 0;
                original4 = Math.min(natural, maxLength - Icmpv4Message.HEADER_LENGTH);
            }
        }
        else
        {
            original4 = Math.min(natural, maxLength - Icmpv4Message.HEADER_LENGTH);
        }
        final int copied = Math.min(available4, original4 - IPV4_HEADER);

        writeErrorHeader(in, icmpOffset, type6, mapped, pointer4, extensionLength > 0 ? original4 >>> 2 : 0, out,
            outOffset);
        final int inner4 = outOffset + Icmpv4Message.HEADER_LENGTH;
        writeInnerPacket(in, inner, out, inner4, copied);
        out.setMemory(inner4 + IPV4_HEADER + copied, original4 - IPV4_HEADER - copied, (byte)0);
        if (extensionLength > 0)
        {
            out.putBytes(inner4 + original4, in, inner + original6, extensionLength);
        }
        final int length = Icmpv4Message.HEADER_LENGTH + original4 + extensionLength;

        // RFC 1624 over the whole message: out with the pseudo-header and every old word, in with every new one.
        final int oldField = in.getShort(icmpOffset + Icmpv6Message.CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int oldWords = Checksum.subtract(Checksum.sum(in, icmpOffset, icmpLength, 0), oldField);
        final int newWords = Checksum.sum(out, outOffset, length, 0);
        out.putShort(outOffset + Icmpv4Message.CHECKSUM_OFFSET,
            (short)Checksum.update(oldField, Checksum.add(oldWords, pseudo6), newWords), ByteOrder.BIG_ENDIAN);
        return length;
    }

    private void writeErrorHeader(
        final DirectBuffer in,
        final int icmpOffset,
        final int type6,
        final int mapped,
        final int pointer4,
        final int lengthWords,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        out.putShort(outOffset, (short)mapped, ByteOrder.BIG_ENDIAN);
        out.putShort(outOffset + Icmpv4Message.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        out.putInt(outOffset + Icmpv4Message.REST_OF_HEADER_OFFSET, 0, ByteOrder.BIG_ENDIAN);
        if (type6 == Icmpv6Message.TYPE_PACKET_TOO_BIG)
        {
            final long advertised = in.getInt(icmpOffset + Icmpv6Message.MTU_OFFSET, ByteOrder.BIG_ENDIAN) &
                0xFFFFFFFFL;
            final int mtu = packetTooBigMtu(advertised, config.mtu4(), config.mtu6(),
                innerExtensions.hasFragmentHeader());
            out.putShort(outOffset + Icmpv4Message.MTU_OFFSET, (short)mtu, ByteOrder.BIG_ENDIAN);
        }
        else if ((mapped >>> 8) == Icmpv4Message.TYPE_PARAMETER_PROBLEM)
        {
            out.putByte(outOffset + Icmpv4Message.POINTER_OFFSET, (byte)pointer4);
        }
        else
        {
            // RFC 4884: ICMPv4 length in 32-bit words at octet 5 (Destination Unreachable, Time Exceeded).
            out.putByte(outOffset + Icmpv4Message.LENGTH_OFFSET, (byte)lengthWords);
        }
    }

    /**
     * Checks the packet in error and walks its extension headers into {@link #innerExtensions}: it must be IPv6
     * with a readable header chain, not an ICMPv6 error itself (RFC 7915 5.3: stop at the first embedded header),
     * and not an untranslatable ICMPv6 message.
     */
    private int checkInner(final DirectBuffer in, final int inner, final int original6)
    {
        if (original6 < Ipv6Header.HEADER_LENGTH || Ipv6Header.version(in, inner) != Ipv6Header.VERSION)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        // RFC 7915 5.3: the packet in error is likely truncated, so its Payload Length is not checked against it.
        if (innerExtensions.walk(in, inner, original6) < 0)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        final int extensionsLength = innerExtensions.extensionHeadersLength();
        if (Ipv6Header.payloadLength(in, inner) < extensionsLength)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        if (innerExtensions.hasFragmentHeader() &&
            IpProtocol.isIpv6ExtensionHeader(in.getByte(innerExtensions.fragmentHeaderOffset()) & 0xFF))
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        // RFC 7915 5.3: the packet in error went the other way, so its source is mapped in the destination role
        // (it is the IPv4 side's host) and its destination in the source role.
        final long source = mapper.ipv6ToIpv4(in, inner + Ipv6Header.SOURCE_OFFSET, false);
        final long destination = mapper.ipv6ToIpv4(in, inner + Ipv6Header.DESTINATION_OFFSET, true);
        if (source == AddressMapper.NOT_MAPPED || destination == AddressMapper.NOT_MAPPED)
        {
            return -DropReason.BAD_INNER_PACKET;
        }
        innerSource = (int)source;
        innerDestination = (int)destination;
        final int upperOffset = innerExtensions.upperLayerOffset();
        if (innerExtensions.upperLayerProtocol() == IpProtocol.IPV6_ICMP && hasTransportHeader(in) &&
            upperOffset < inner + original6)
        {
            final int innerType = in.getByte(upperOffset) & 0xFF;
            if (Icmpv6Message.isErrorType(innerType))
            {
                return -DropReason.NESTED_ICMP_ERROR;
            }
            if (innerType != Icmpv6Message.TYPE_ECHO_REQUEST && innerType != Icmpv6Message.TYPE_ECHO_REPLY)
            {
                return -DropReason.UNTRANSLATABLE_ICMP;
            }
        }
        return 0;
    }

    private boolean hasTransportHeader(final DirectBuffer in)
    {
        if (!innerExtensions.hasFragmentHeader())
        {
            return true;
        }
        final int word = in.getShort(innerExtensions.fragmentHeaderOffset() + Ipv6FragmentHeader.FRAGMENT_OFFSET_OFFSET,
            ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return (word >>> 3) == 0;
    }

    /**
     * Writes the packet in error as IPv4 (RFC 7915 5.3): translated like the outer packet but without decrementing
     * the hop limit, addresses mapped with their roles reversed (its source is the IPv4 side's host), extension
     * headers removed, and its own TCP/UDP/ICMP checksum updated where the field is present. Nothing is written
     * before every check has passed, so a dropped packet leaves the output untouched.
     */
    private void writeInnerPacket(
        final DirectBuffer in, final int inner, final MutableDirectBuffer out, final int inner4, final int copied)
    {
        final int source = innerSource;
        final int destination = innerDestination;
        final int upper = innerExtensions.upperLayerProtocol();
        final int upperOffset = innerExtensions.upperLayerOffset();
        final int upperLength = Ipv6Header.payloadLength(in, inner) - innerExtensions.extensionHeadersLength();
        final int totalLength = IPV4_HEADER + upperLength;
        final int identification;
        final int flags;
        if (innerExtensions.hasFragmentHeader())
        {
            final int fragment = innerExtensions.fragmentHeaderOffset();
            final int word = in.getShort(fragment + Ipv6FragmentHeader.FRAGMENT_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN);
            identification = in.getInt(fragment + Ipv6FragmentHeader.IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN);
            flags = Ipv6ToIpv4HeaderWriter.fragmentFlags((word & 0xFFFF) >>> 3,
                (word & Ipv6FragmentHeader.MORE_FRAGMENTS_FLAG) != 0);
        }
        else
        {
            identification = 0;
            flags = Ipv6ToIpv4HeaderWriter.unfragmentedFlags(totalLength);
        }
        final int trafficClass = (in.getShort(inner, ByteOrder.BIG_ENDIAN) >>> 4) & 0xFF;
        final int hopLimit = in.getByte(inner + Ipv6Header.HOP_LIMIT_OFFSET) & 0xFF;
        Ipv6ToIpv4HeaderWriter.writeHeader(out, inner4, config.resetTos() ? config.newTos() : trafficClass,
            totalLength, identification, flags, hopLimit, Ipv6ToIpv4HeaderWriter.protocol(upper), source, destination);
        final int l4 = inner4 + IPV4_HEADER;
        out.putBytes(l4, in, upperOffset, copied);
        if (hasTransportHeader(in))
        {
            fixInnerChecksum(in, inner, out, l4, copied, upper, upperLength, source, destination);
        }
    }

    private static void fixInnerChecksum(
        final DirectBuffer in,
        final int inner,
        final MutableDirectBuffer out,
        final int l4,
        final int copied,
        final int upper,
        final int upperLength,
        final int source,
        final int destination)
    {
        if (upper == IpProtocol.IPV6_ICMP)
        {
            if (copied >= Icmpv4Message.CHECKSUM_OFFSET + 2)
            {
                final int pseudo = Checksum.ipv6PseudoHeaderSum(in, inner + Ipv6Header.SOURCE_OFFSET,
                    inner + Ipv6Header.DESTINATION_OFFSET, IpProtocol.IPV6_ICMP, upperLength);
                translateEcho(out, l4, pseudo);
            }
            else if (copied >= 1)
            {
                final int type6 = out.getByte(l4) & 0xFF;
                out.putByte(l4, (byte)(type6 == Icmpv6Message.TYPE_ECHO_REQUEST ?
                    Icmpv4Message.TYPE_ECHO_REQUEST : Icmpv4Message.TYPE_ECHO_REPLY));
            }
            return;
        }
        final int fieldOffset = Ipv6ToIpv4HeaderWriter.transportChecksumOffset(upper);
        if (fieldOffset >= 0 && copied >= fieldOffset + 2)
        {
            Ipv6ToIpv4HeaderWriter.updateTransportChecksum(out, l4, upper,
                Ipv6ToIpv4HeaderWriter.addressSum6(in, inner), Ipv6ToIpv4HeaderWriter.addressSum4(source, destination));
        }
    }
}
