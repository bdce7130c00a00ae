package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Rfc6791Pool;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6ExtensionHeaders;
import io.xlat.core.codec.Ipv6FragmentHeader;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.codec.TcpHeader;
import io.xlat.core.codec.UdpHeader;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;

/**
 * Translates IPv6 to IPv4 (RFC 7915 section 5).
 * <p>
 * Order of the checks: the fixed header and the extension-header chain are validated; an unmappable destination
 * is dropped silently (the packet is not for the IPv4 side); the hop limit is decremented, and a packet whose hop
 * limit would reach zero gets an ICMPv6 Time Exceeded (5.1); a Routing header with Segments Left gets a Parameter
 * Problem (5.1); then the source is mapped (RFC 6791 pool for ICMPv6 errors), the upper layer checked and the
 * packet written, fragmented when it exceeds {@link SiitConfig#mtu4()} with DF clear, or refused with a Packet
 * Too Big when DF is set (5.1.1).
 * <p>
 * One instance per thread; nothing here allocates, logs or throws per packet.
 */
final class Ipv6ToIpv4Translator
{
    /** RFC 7600 4.8: the IPv4 dummy address, source of ICMPv4 errors when no other address is available. */
    static final int IPV4_DUMMY_ADDRESS = 0xC0000008;

    private static final int IPV4_HEADER = Ipv6ToIpv4HeaderWriter.IPV4_HEADER_LENGTH;
    private static final int HEADER_SHRINK = Ipv6Header.HEADER_LENGTH - IPV4_HEADER;

    private final SiitConfig config;
    private final TranslatorCounters counters;
    private final AddressMapper mapper;
    private final Rfc6791Pool rfc6791;
    private final Ipv6Header header = new Ipv6Header();
    private final Ipv6ExtensionHeaders extensions = new Ipv6ExtensionHeaders();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();
    private final Icmpv6ToIcmpv4 icmp;
    private final Icmpv6ErrorWriter errors;
    private final Ipv6ToIpv4Fragmenter fragmenter;
    /** The straight-line common case; it also holds the Identification counter both paths draw from. */
    private final Ipv6ToIpv4FastPath fastPath;
    /** The mapped source of the packet being translated, or NOT_MAPPED. */
    private long mappedSource;
    private final boolean generateIdentification;
    /** The mapper when it is a {@link SiitAddressMapper}, called with the addresses as longs; otherwise null. */
    private final SiitAddressMapper siitMapper;
    /** The IPv6 addresses of the packet being translated, read once from it. */
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;

    Ipv6ToIpv4Translator(final SiitConfig config, final TranslatorCounters counters)
    {
        this.config = config;
        this.counters = counters;
        this.mapper = config.mapper();
        this.siitMapper = mapper instanceof SiitAddressMapper siit ? siit : null;
        this.rfc6791 = config.hasRfc6791v4() ?
            Rfc6791Pool.of(Ipv4Prefix.of(config.rfc6791v4Address(), config.rfc6791v4Length())) : null;
        this.icmp = new Icmpv6ToIcmpv4(config);
        this.errors = new Icmpv6ErrorWriter(config);
        this.fragmenter = new Ipv6ToIpv4Fragmenter(counters);
        this.fastPath = new Ipv6ToIpv4FastPath(config,
            null != siitMapper && siitMapper.isPool6Only() ? siitMapper : null, counters);
        this.generateIdentification = config.generateIpv4Identification();
    }

    /**
     * Translates one IPv6 packet.
     *
     * @param buffer holding the packet; only read.
     * @param offset of the IPv6 header.
     * @param length bytes available from {@code offset}.
     * @param result reset, then filled with the packets to emit.
     * @return the number of packets in {@code result}, or minus a {@link DropReason}.
     */
    int translate(final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        result.reset();
        if (buffer == result.buffer())
        {
            // In place: the fast path rewrites the packet where it is; anything else goes after it.
            result.reserveTo(offset + length);
        }
        final int fast = fastPath.translate(buffer, offset, length, result);
        return fast != Ipv6ToIpv4FastPath.NOT_HANDLED ? fast : translateGeneral(buffer, offset, length, result);
    }

    /**
     * Everything the fast path leaves: kept out of {@link #translate} so that method stays small enough for the JIT
     * to inline into its caller, leaving one call (the fast path's) per common-case packet.
     */
    private int translateGeneral(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        final int valid = header.wrap(buffer, offset, length).validate();
        if (valid < 0)
        {
            return drop(valid);
        }
        // Version, Traffic Class, Flow Label, Payload Length, Next Header and Hop Limit in one load (validate()
        // checked that the 40 bytes are there).
        final long first = buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
        final int packetLength = Ipv6Header.HEADER_LENGTH + (int)((first >>> 16) & 0xFFFF);
        final int hopLimit = (int)first & 0xFF;
        final int upperOffset = extensions.walk(buffer, offset, packetLength);
        if (upperOffset < 0)
        {
            return drop(upperOffset);
        }
        // The addresses are read once, for the mapping and for the checksum updates.
        destinationHigh = buffer.getLong(offset + Ipv6Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        destinationLow = buffer.getLong(offset + Ipv6Header.DESTINATION_OFFSET + 8, ByteOrder.BIG_ENDIAN);
        final long destination = null != siitMapper ?
            siitMapper.ipv6ToIpv4(destinationHigh, destinationLow, false) :
            mapper.ipv6ToIpv4(buffer, offset + Ipv6Header.DESTINATION_OFFSET, false);
        if (destination == AddressMapper.NOT_MAPPED)
        {
            return discard(DropReason.UNTRANSLATABLE_DESTINATION, buffer, offset, packetLength, result);
        }
        if (extensions.hasFragmentHeader())
        {
            fragment.wrap(buffer, extensions.fragmentHeaderOffset(), Ipv6FragmentHeader.HEADER_LENGTH);
            if (IpProtocol.isIpv6ExtensionHeader(fragment.nextHeader()))
            {
                // RFC 7915 5.1.1: an extension header (AH included, ESP excepted) after the Fragment header:
                // "the packet SHOULD be dropped and logged".
                return discard(DropReason.UNSUPPORTED_PROTOCOL, buffer, offset, packetLength, result);
            }
        }
        final boolean hasTransportHeader = !extensions.hasFragmentHeader() || fragment.fragmentOffset() == 0;
        final int icmpType = extensions.upperLayerProtocol() == IpProtocol.IPV6_ICMP && hasTransportHeader &&
            upperOffset < offset + packetLength ? buffer.getByte(upperOffset) & 0xFF : -1;
        final boolean isIcmpError = Icmpv6Message.isErrorType(icmpType);
        // RFC 7915 5.1 Source Address: a packet whose source cannot be mapped is not ours to translate, so it is
        // dropped before it can draw a Time Exceeded or Parameter Problem (as Jool does); an ICMPv6 error's source
        // falls back to the RFC 6791 pool later.
        sourceHigh = buffer.getLong(offset + Ipv6Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        sourceLow = buffer.getLong(offset + Ipv6Header.SOURCE_OFFSET + 8, ByteOrder.BIG_ENDIAN);
        mappedSource = null != siitMapper ? siitMapper.ipv6ToIpv4(sourceHigh, sourceLow, true) :
            mapper.ipv6ToIpv4(buffer, offset + Ipv6Header.SOURCE_OFFSET, true);
        if (mappedSource == AddressMapper.NOT_MAPPED && !isIcmpError)
        {
            return discard(DropReason.UNTRANSLATABLE_SOURCE, buffer, offset, packetLength, result);
        }

        // RFC 7915 5.1 TTL: the translator is a router; the hop limit is decremented and checked for zero.
        if (hopLimit <= 1)
        {
            return sendError(DropReason.TTL_EXPIRED, buffer, offset, packetLength, isIcmpError,
                Icmpv6Message.TYPE_TIME_EXCEEDED, Icmpv6Message.CODE_HOP_LIMIT_EXCEEDED, 0, result);
        }
        // RFC 7915 5.1 / RFC 8200 4.4: Segments Left non-zero: do not translate, Parameter Problem code 0.
        if (extensions.hasRoutingHeader() && extensions.segmentsLeft() != 0)
        {
            return sendError(DropReason.SEGMENTS_LEFT, buffer, offset, packetLength, isIcmpError,
                Icmpv6Message.TYPE_PARAMETER_PROBLEM, Icmpv6Message.CODE_ERRONEOUS_HEADER_FIELD,
                extensions.segmentsLeftPointer(), result);
        }
        return translateRouted(buffer, offset, packetLength, upperOffset, icmpType, (int)destination,
            (int)(first >>> 52) & 0xFF, hopLimit, result);
    }

    /**
     * The rest of RFC 7915 5.1 once the packet may be forwarded: upper layer, source, size against mtu4, write.
     */
    private int translateRouted(
        final MutableDirectBuffer buffer,
        final int offset,
        final int packetLength,
        final int upperOffset,
        final int icmpType,
        final int destination,
        final int trafficClass,
        final int hopLimit,
        final TranslationResult result)
    {
        final boolean isIcmpError = Icmpv6Message.isErrorType(icmpType);
        final boolean hasFragmentHeader = extensions.hasFragmentHeader();
        final int protocolOffset = extensions.headerCount() > 0 && !hasFragmentHeader ?
            firstUntranslatedHeader(buffer, offset, upperOffset) : upperOffset;
        final int protocol = protocolOffset == upperOffset ? extensions.upperLayerProtocol() : IpProtocol.AH;
        final int l4Length = offset + packetLength - protocolOffset;
        final boolean fragmented = hasFragmentHeader && (fragment.moreFragments() || fragment.fragmentOffset() != 0);
        final int transport = checkTransport(protocol, l4Length, !hasFragmentHeader || fragment.fragmentOffset() == 0,
            fragmented, icmpType);
        if (transport < 0)
        {
            return drop(transport);
        }
        long source = mappedSource;
        if (source == AddressMapper.NOT_MAPPED)
        {
            // RFC 6791 / RFC 7915 5.1: an ICMPv6 error from an address that cannot be mapped.
            source = rfc6791Source() & 0xFFFFFFFFL;
        }
        final int totalLength = IPV4_HEADER + l4Length;
        if (!isIcmpError && !hasFragmentHeader && totalLength > config.mtu4() &&
            totalLength > Ipv6ToIpv4HeaderWriter.DF_THRESHOLD)
        {
            // RFC 7915 5.1.1: DF set and too big: drop, ICMPv6 Packet Too Big with the MTU adjusted by the header
            // difference; never below 1280, which IPv6 hosts ignore (RFC 8200 5), so that they send 1280-byte
            // packets that leave with DF clear and get fragmented (RFC 7915 5, 6).
            final int mtu = Math.max(SiitConfig.IPV6_MINIMUM_MTU, config.mtu4() + HEADER_SHRINK);
            return sendError(DropReason.PACKET_TOO_BIG, buffer, offset, packetLength, false,
                Icmpv6Message.TYPE_PACKET_TOO_BIG, 0, mtu, result);
        }
        final int tos = config.resetTos() ? config.newTos() : trafficClass;
        final int ttl = hopLimit - 1;
        final int verdict = isIcmpError ?
            writeIcmpError(buffer, offset, upperOffset, l4Length, tos, ttl, (int)source, destination, result) :
            writePacket(buffer, offset, protocolOffset, protocol, l4Length, tos, ttl, (int)source, destination, result);
        if (verdict < 0)
        {
            return drop(verdict);
        }
        counters.increment(TranslatorCounters.TRANSLATED_6TO4);
        return result.count();
    }

    /**
     * Writes a translated non-error packet at the result's limit and commits it (or its fragments): the reusable
     * rewrite of RFC 7915 5.1 and 5.5 given mapped addresses.
     */
    private int writePacket(
        final MutableDirectBuffer buffer,
        final int offset,
        final int protocolOffset,
        final int protocol,
        final int l4Length,
        final int tos,
        final int ttl,
        final int source,
        final int destination,
        final TranslationResult result)
    {
        final int totalLength = IPV4_HEADER + l4Length;
        final boolean fragmented = extensions.hasFragmentHeader();
        final int flags = fragmented ?
            Ipv6ToIpv4HeaderWriter.fragmentFlags(fragment.fragmentOffset(), fragment.moreFragments()) :
            Ipv6ToIpv4HeaderWriter.unfragmentedFlags(totalLength);
        final int mtu4 = config.mtu4();
        if (result.remaining() < totalLength)
        {
            return -DropReason.OUTPUT_TOO_SMALL;
        }
        if (totalLength > mtu4)
        {
            final int room = Ipv6ToIpv4Fragmenter.check(result, totalLength, mtu4,
                fragmented ? fragment.fragmentOffset() : 0);
            if (room < 0)
            {
                return room;
            }
        }
        final int identification;
        if (fragmented)
        {
            identification = fragment.identification();
        }
        else
        {
            // RFC 7915 5.1: Identification zero, or generated (MAY, operator switch) for DF-clear packets; a
            // packet the translator fragments itself needs one for reassembly (RFC 791, RFC 6864 4.1).
            identification = needsIdentification(flags, totalLength, mtu4) ? fastPath.nextIdentification++ : 0;
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.limit();
        Ipv6ToIpv4HeaderWriter.writeHeader(out, o, tos, totalLength, identification, flags, ttl,
            Ipv6ToIpv4HeaderWriter.protocol(protocol), source, destination);
        final int l4 = o + IPV4_HEADER;
        out.putBytes(l4, buffer, protocolOffset, l4Length);
        if (!fragmented || fragment.fragmentOffset() == 0)
        {
            if (protocol == IpProtocol.IPV6_ICMP)
            {
                Icmpv6ToIcmpv4.translateEcho(out, l4, Checksum.ipv6PseudoHeaderSum(
                    sourceHigh, sourceLow, destinationHigh, destinationLow, IpProtocol.IPV6_ICMP, l4Length));
            }
            else if (Ipv6ToIpv4HeaderWriter.transportChecksumOffset(protocol) >= 0)
            {
                Ipv6ToIpv4HeaderWriter.updateTransportChecksum(out, l4, protocol,
                    Checksum.add(Checksum.addressSum6(sourceHigh, sourceLow),
                        Checksum.addressSum6(destinationHigh, destinationLow)),
                    Ipv6ToIpv4HeaderWriter.addressSum4(source, destination));
            }
        }
        return commitOrFragment(result, totalLength);
    }

    private int writeIcmpError(
        final MutableDirectBuffer buffer,
        final int offset,
        final int icmpOffset,
        final int icmpLength,
        final int tos,
        final int ttl,
        final int source,
        final int destination,
        final TranslationResult result)
    {
        // Room for the largest error and for its fragments on the smallest IPv4 MTU, checked before any write.
        if (result.remaining() < 2 * Icmpv6ToIcmpv4.MAX_ERROR_LENGTH)
        {
            return -DropReason.OUTPUT_TOO_SMALL;
        }
        final int pseudo6 = Checksum.ipv6PseudoHeaderSum(buffer, offset + Ipv6Header.SOURCE_OFFSET,
            offset + Ipv6Header.DESTINATION_OFFSET, IpProtocol.IPV6_ICMP, icmpLength);
        final MutableDirectBuffer out = result.buffer();
        final int o = result.limit();
        final int length = icmp.translateError(buffer, icmpOffset, icmpLength, pseudo6, out, o + IPV4_HEADER,
            Icmpv6ToIcmpv4.MAX_ERROR_LENGTH - IPV4_HEADER);
        if (length < 0)
        {
            return length;
        }
        final int totalLength = IPV4_HEADER + length;
        // RFC 7915 5.1 Identification (the message is at most 576 bytes, so DF is clear, RFC 7915 5).
        final int flags = Ipv6ToIpv4HeaderWriter.unfragmentedFlags(totalLength);
        final int identification = needsIdentification(flags, totalLength, config.mtu4()) ?
            fastPath.nextIdentification++ : 0;
        Ipv6ToIpv4HeaderWriter.writeHeader(out, o, tos, totalLength, identification, flags, ttl, IpProtocol.ICMP,
            source, destination);
        return commitOrFragment(result, totalLength);
    }

    private int commitOrFragment(final TranslationResult result, final int totalLength)
    {
        if (totalLength <= config.mtu4())
        {
            result.commit(totalLength, TranslationResult.KIND_TRANSLATED);
            return 1;
        }
        return fragmenter.fragment(result, totalLength, config.mtu4());
    }

    /**
     * Checks the upper-layer header the translation must touch (RFC 7915 5.2, 5.5).
     */
    private static int checkTransport(
        final int protocol, final int l4Length, final boolean hasTransportHeader, final boolean fragmented,
        final int icmpType)
    {
        if (protocol == IpProtocol.IPV6_ICMP)
        {
            if (fragmented)
            {
                // RFC 7915 5.2: the ICMPv4 checksum covers the whole message, which one fragment does not hold.
                return -DropReason.FRAGMENTED_ICMP;
            }
            if (l4Length < Icmpv6Message.HEADER_LENGTH)
            {
                return -DropReason.BAD_TRANSPORT_HEADER;
            }
            if (!Icmpv6Message.isErrorType(icmpType) && icmpType != Icmpv6Message.TYPE_ECHO_REQUEST &&
                icmpType != Icmpv6Message.TYPE_ECHO_REPLY)
            {
                // RFC 7915 5.2: MLD, ND and unknown informational messages are silently dropped.
                return -DropReason.UNTRANSLATABLE_ICMP;
            }
            return 0;
        }
        if (hasTransportHeader)
        {
            if (protocol == IpProtocol.TCP && l4Length < TcpHeader.MIN_HEADER_LENGTH)
            {
                return -DropReason.BAD_TRANSPORT_HEADER;
            }
            if (protocol == IpProtocol.UDP && l4Length < UdpHeader.HEADER_LENGTH)
            {
                return -DropReason.BAD_TRANSPORT_HEADER;
            }
        }
        return 0;
    }

    /**
     * RFC 7915 5.1 Protocol: Hop-by-Hop, Routing and Destination Options are skipped; the first other header
     * gives the protocol. The walker also skips AH, which RFC 7915 translates as the protocol (51, known to fail
     * at the receiver), so this finds where an AH would start. Bounded by the walker's validated chain.
     */
    private static int firstUntranslatedHeader(
        final MutableDirectBuffer buffer, final int offset, final int upperOffset)
    {
        int nextHeader = Ipv6Header.nextHeader(buffer, offset);
        int position = offset + Ipv6Header.HEADER_LENGTH;
        while (position < upperOffset && nextHeader != IpProtocol.AH)
        {
            final int length = ((buffer.getByte(position + 1) & 0xFF) + 1) << 3;
            nextHeader = buffer.getByte(position) & 0xFF;
            position += length;
        }
        return position;
    }

    /**
     * RFC 6791 / RFC 7915 5.1: source of a translated ICMPv6 error whose IPv6 source has no IPv4 counterpart:
     * a random address of the rfc6791v4 pool; without a pool the translator's own IPv4 address; without that the
     * RFC 7600 dummy address 192.0.0.8.
     */
    private int rfc6791Source()
    {
        if (null != rfc6791)
        {
            return rfc6791.selectRandom();
        }
        return config.hasSelf4() ? config.self4() : IPV4_DUMMY_ADDRESS;
    }

    private int sendError(
        final int reason,
        final MutableDirectBuffer buffer,
        final int offset,
        final int packetLength,
        final boolean invokingIsError,
        final int type,
        final int code,
        final long parameter,
        final TranslationResult result)
    {
        counters.drop(reason);
        if (errors.write(buffer, offset, packetLength, invokingIsError, type, code, parameter, result))
        {
            counters.increment(TranslatorCounters.ICMPV6_ERRORS_SENT);
            return result.count();
        }
        return -reason;
    }

    /**
     * Discards an untranslatable packet: silently, or, when {@link SiitConfig#icmpErrorsOnDrop()} is set, with an
     * ICMPv6 Destination Unreachable, Communication with Destination Administratively Prohibited (RFC 7915 5.4: type
     * 1, code 1, "unless the discarded packet is itself an ICMPv6 message"; the RFC 4443 2.4(e) limits and the need
     * for a self6 address are {@link Icmpv6ErrorWriter}'s).
     */
    private int discard(
        final int reason,
        final MutableDirectBuffer buffer,
        final int offset,
        final int packetLength,
        final TranslationResult result)
    {
        if (!config.icmpErrorsOnDrop())
        {
            return drop(reason);
        }
        // Any ICMPv6 message, fragments of one included (the upper layer of a fragment is its Fragment header's).
        final boolean icmpv6 = extensions.upperLayerProtocol() == IpProtocol.IPV6_ICMP;
        return sendError(reason, buffer, offset, packetLength, icmpv6, Icmpv6Message.TYPE_DEST_UNREACHABLE,
            Icmpv6Message.CODE_ADMIN_PROHIBITED, 0, result);
    }

    private int drop(final int reason)
    {
        final int code = reason < 0 ? -reason : reason;
        counters.drop(code);
        return -code;
    }

    private boolean needsIdentification(final int flags, final int totalLength, final int mtu4)
    {
        return totalLength > mtu4 || (generateIdentification && (flags & Ipv4Header.DONT_FRAGMENT_FLAG) == 0);
    }
}
