package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.addr.Ipv4Classification;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Translates IPv4 to IPv6 (RFC 7915 section 4), acting as a router: the TTL is decremented, and the ICMPv4 errors a
 * router sends (Time Exceeded, Source Route Failed, Fragmentation Needed) are written back to the sender.
 * <p>
 * Order of checks: header validation and checksum (RFC 1812 5.2.2: routers verify it), illegal source (RFC 7915
 * 4.1, RFC 1812 5.3.7), destination then source mapping, TTL, source route, transport checks, size. Helpers:
 * {@link Ipv4ToIpv6HeaderWriter} (header), {@link Ipv4ToIpv6Checksums} (transport checksums),
 * {@link Icmpv4ToIcmpv6} (ICMP), {@link Ipv4Fragmenter} (lowest-IPv6-MTU fragmentation) and
 * {@link Icmpv4ErrorWriter} (errors the translator originates).
 */
final class Ipv4ToIpv6Translator
{
    private static final int IPV6 = Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH;
    private static final int FRAG = Ipv4ToIpv6HeaderWriter.FRAGMENT_HEADER_LENGTH;
    private static final int MAX_HEADERS = IPV6 + FRAG;
    private static final int IGMP = 2;
    /** Version 4, IHL 5: the first byte of an IPv4 header without options. */
    private static final int VERSION_IHL_NO_OPTIONS = 0x45;

    private final SiitConfig config;
    /** {@link SiitConfig#mapper()}, held here to save an indirection per packet. */
    private final AddressMapper mapper;
    /** The mapper when it maps with pool6 alone (no EAMT entries), decided once; otherwise null. */
    private final SiitAddressMapper pool6Only;
    private final TranslatorCounters counters;
    /** The straight-line common case, when {@link #pool6Only} is set; otherwise null. */
    private final Ipv4ToIpv6FastPath fastPath;
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv4ToIpv6HeaderWriter headerWriter = new Ipv4ToIpv6HeaderWriter();
    private final Ipv4Fragmenter fragmenter = new Ipv4Fragmenter(headerWriter);
    private final Icmpv4ToIcmpv6 icmp;
    private final Icmpv4ErrorWriter errorWriter;
    /**
     * Mapped source (0..15) and destination (16..31) when the mapper writes them (always for ICMPv4 errors), kept
     * aside until the packet is known to be translated, so a drop never writes into the result buffer.
     */
    private final UnsafeBuffer addresses = new UnsafeBuffer(new byte[2 * 16]);
    /**
     * The mapped addresses as longs, computed by {@link #mapWithPool6(int)} or read once from {@link #addresses}, for
     * the header and the checksum updates.
     */
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;

    Ipv4ToIpv6Translator(final SiitConfig config, final TranslatorCounters counters)
    {
        this.config = config;
        this.mapper = config.mapper();
        this.pool6Only = mapper instanceof SiitAddressMapper siit && siit.isPool6Only() ? siit : null;
        this.counters = counters;
        this.fastPath = null != pool6Only ? new Ipv4ToIpv6FastPath(config, pool6Only, counters) : null;
        this.icmp = new Icmpv4ToIcmpv6(config, headerWriter);
        this.errorWriter = new Icmpv4ErrorWriter(config);
    }

    int translate(final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        result.reset();
        if (buffer == result.buffer())
        {
            // In place: the fast path rewrites the packet where it is; anything else goes after it.
            result.reserveTo(offset + length);
        }
        final int fast = null == fastPath ? Ipv4ToIpv6FastPath.NOT_HANDLED :
            fastPath.translate(buffer, offset, length, result);
        return fast != Ipv4ToIpv6FastPath.NOT_HANDLED ? fast : translateGeneral(buffer, offset, length, result);
    }

    /**
     * Everything the fast path leaves: kept out of {@link #translate} so that method stays small enough for the JIT
     * to inline into its caller, leaving one call (the fast path's) per common-case packet.
     */
    private int translateGeneral(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        // RFC 1812 5.2.2: a router verifies the header checksum; RFC 7915 4.1 translates valid headers only.
        final int headerLength = validateHeader(buffer, offset, length);
        if (headerLength < 0)
        {
            return drop(-headerLength);
        }
        final int source = ipv4.source();
        final int totalLength = ipv4.totalLength();
        final int protocol = ipv4.protocol();
        final int l4Offset = offset + headerLength;
        final int l4Length = totalLength - headerLength;
        final boolean icmpError = protocol == IpProtocol.ICMP && ipv4.fragmentOffset() == 0 && l4Length >= 1 &&
            Icmpv4Message.isErrorType(buffer.getByte(l4Offset) & 0xFF);
        // RFC 7915 4.1 "Source Address", RFC 1812 5.3.7: drop illegal sources, except in ICMPv4 errors, whose
        // "illegal" source is translated for the purpose of troubleshooting.
        if (!icmpError && isIllegalSource(source))
        {
            return drop(DropReason.ILLEGAL_SOURCE);
        }
        if (result.remaining() < MAX_HEADERS)
        {
            return drop(DropReason.OUTPUT_TOO_SMALL);
        }
        final int unmapped = mapAddresses(source, icmpError);
        if (unmapped != 0)
        {
            return discard(buffer, offset, icmpError, unmapped, result);
        }
        final int ttl = ipv4.ttl();
        if (ttl <= 1)
        {
            // RFC 7915 4.1 "Hop Limit": the translator is a router; RFC 792 Time Exceeded, code 0.
            return sendError(buffer, offset, totalLength, icmpError, DropReason.TTL_EXPIRED,
                Icmpv4Message.TYPE_TIME_EXCEEDED, Icmpv4Message.CODE_TTL_EXCEEDED, 0, result);
        }
        if (hasUnexpiredSourceRoute(buffer, offset, headerLength))
        {
            // RFC 7915 4.1: unexpired source route -> discard, Destination Unreachable / Source Route Failed.
            return sendError(buffer, offset, totalLength, icmpError, DropReason.SOURCE_ROUTE,
                Icmpv4Message.TYPE_DEST_UNREACHABLE, Icmpv4Message.CODE_SOURCE_ROUTE_FAILED, 0, result);
        }
        if (protocol == IGMP)
        {
            // RFC 7915 4.2 "IGMP messages": single-hop or multicast routing, SHOULD be silently dropped.
            return drop(DropReason.UNSUPPORTED_PROTOCOL);
        }
        final int trafficClass = config.resetTrafficClass() ? 0 : ipv4.tos();
        if (protocol == IpProtocol.ICMP)
        {
            return translateIcmp(buffer, offset, l4Offset, l4Length, trafficClass, ttl - 1, result);
        }
        return translatePayload(buffer, offset, l4Offset, l4Length, protocol, trafficClass, ttl - 1, 0, result);
    }

    /**
     * Validates the IPv4 header as {@link Ipv4Header#validate(boolean)} with the checksum does (RFC 1812 5.2.2), and
     * wraps {@link #ipv4} over it. The common header, version 4 with no options, is checked from three loads and its
     * checksum summed from the same words; anything else goes through the flyweight, which returns the same 20 for
     * such a header and the drop reason otherwise.
     *
     * @return the header length, or minus a drop reason.
     */
    private int validateHeader(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        ipv4.wrap(buffer, offset, length);
        if (length >= Ipv4Header.MIN_HEADER_LENGTH)
        {
            final long w0 = buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
            final long w1 = buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
            final long w2 = buffer.getInt(offset + 16, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            final int totalLength = (int)(w0 >>> 32) & 0xFFFF;
            if ((int)(w0 >>> 56) == VERSION_IHL_NO_OPTIONS && totalLength >= Ipv4Header.MIN_HEADER_LENGTH &&
                totalLength <= length &&
                Checksum.fold((w0 >>> 32) + (w0 & 0xFFFF_FFFFL) + (w1 >>> 32) + (w1 & 0xFFFF_FFFFL) + w2) ==
                Checksum.NEGATIVE_ZERO)
            {
                return Ipv4Header.MIN_HEADER_LENGTH;
            }
        }
        return ipv4.validate(true);
    }

    /**
     * Maps both addresses into {@link #addresses} (RFC 7915 4.1 "Source Address" / "Destination Address": RFC 6052
     * or EAMT, RFC 7757, through the mapper).
     *
     * @return 0, or the drop reason.
     */
    private int mapAddresses(final int source, final boolean icmpError)
    {
        if (null != pool6Only && !icmpError)
        {
            return mapWithPool6(source);
        }
        if (!mapper.ipv4ToIpv6(ipv4.destination(), false, addresses, 16))
        {
            return DropReason.UNTRANSLATABLE_DESTINATION;
        }
        // RFC 7757 4 (hairpinning): when both addresses are EAM-mapped, the mapper takes the source through pool6.
        if (!mapper.ipv4SourceToIpv6(source, ipv4.destination(), addresses, 0))
        {
            if (!icmpError || !config.hasRfc6791v6())
            {
                return DropReason.UNTRANSLATABLE_SOURCE;
            }
            writeRfc6791Source(addresses, 0, source);
        }
        sourceHigh = addresses.getLong(0, ByteOrder.BIG_ENDIAN);
        sourceLow = addresses.getLong(8, ByteOrder.BIG_ENDIAN);
        destinationHigh = addresses.getLong(16, ByteOrder.BIG_ENDIAN);
        destinationLow = addresses.getLong(24, ByteOrder.BIG_ENDIAN);
        return 0;
    }

    /**
     * Maps both addresses with pool6 in registers (RFC 6052 2.2), as the mapper would without EAMT entries. Not
     * used for ICMPv4 errors, whose translation reads the addresses from {@link #addresses}.
     *
     * @return 0, or the drop reason.
     */
    private int mapWithPool6(final int source)
    {
        final SiitAddressMapper pool6 = pool6Only;
        final int destination = ipv4.destination();
        if (!pool6.pool6Maps(destination))
        {
            return DropReason.UNTRANSLATABLE_DESTINATION;
        }
        if (!pool6.pool6Maps(source))
        {
            return DropReason.UNTRANSLATABLE_SOURCE;
        }
        destinationHigh = pool6.pool6High(destination);
        destinationLow = pool6.pool6Low(destination);
        sourceHigh = pool6.pool6High(source);
        sourceLow = pool6.pool6Low(source);
        return 0;
    }

    private int translateIcmp(
        final MutableDirectBuffer buffer,
        final int offset,
        final int l4Offset,
        final int l4Length,
        final int trafficClass,
        final int hopLimit,
        final TranslationResult result)
    {
        if (ipv4.isFragment())
        {
            // RFC 7915 4.2: the ICMPv6 checksum covers a pseudo-header with the whole message length, unknown
            // from one fragment, so a fragmented ICMPv4 message cannot be translated statelessly.
            return drop(DropReason.FRAGMENTED_ICMP);
        }
        if (l4Length < Icmpv4Message.HEADER_LENGTH)
        {
            return drop(DropReason.BAD_TRANSPORT_HEADER);
        }
        final int typeCode6 = Icmpv4ToIcmpv6.translateTypeCode(
            buffer.getByte(l4Offset) & 0xFF, buffer.getByte(l4Offset + 1) & 0xFF);
        if (typeCode6 == Icmpv4ToIcmpv6.NOT_TRANSLATED)
        {
            return drop(DropReason.UNTRANSLATABLE_ICMP); // RFC 7915 4.2: silently drop
        }
        final int type6 = typeCode6 >>> 8;
        if (type6 == Icmpv6Message.TYPE_ECHO_REQUEST || type6 == Icmpv6Message.TYPE_ECHO_REPLY)
        {
            return translatePayload(buffer, offset, l4Offset, l4Length, IpProtocol.ICMP, trafficClass, hopLimit,
                type6, result);
        }
        if (result.remaining() < Icmpv4ToIcmpv6.MAX_ICMPV6_ERROR)
        {
            return drop(DropReason.OUTPUT_TOO_SMALL);
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.limit();
        final int icmp6Length = icmp.translateError(buffer, l4Offset, l4Length, typeCode6, out, o, addresses);
        if (icmp6Length < 0)
        {
            return drop(-icmp6Length);
        }
        // RFC 7915 4.3: the translated error never exceeds 1280 bytes, so it is never fragmented; no Fragment
        // header (the outer ICMPv4 error was not a fragment).
        headerWriter.writeHeader(out, o, trafficClass, icmp6Length, IpProtocol.IPV6_ICMP, hopLimit);
        result.commit(IPV6 + icmp6Length, TranslationResult.KIND_TRANSLATED);
        counters.increment(TranslatorCounters.TRANSLATED_4TO6);
        return result.count();
    }

    /**
     * Translates a packet whose payload is copied as is apart from its transport checksum (TCP, UDP, ICMP echo,
     * anything else): size rules of RFC 7915 4 / 4.1, then header, Fragment header or fragments, then checksum.
     */
    private int translatePayload(
        final MutableDirectBuffer buffer,
        final int offset,
        final int l4Offset,
        final int l4Length,
        final int protocol,
        final int trafficClass,
        final int hopLimit,
        final int echoType6,
        final TranslationResult result)
    {
        // The flags/offset word is read once; the getters would each read it again.
        final int flagsFragment = ipv4.flagsAndFragmentOffset();
        final int fragmentOffset = flagsFragment & Ipv4Header.FRAGMENT_OFFSET_MASK;
        final boolean moreFragments = (flagsFragment & Ipv4Header.MORE_FRAGMENTS_FLAG) != 0;
        final boolean isFragment = moreFragments || fragmentOffset != 0;
        final boolean firstFragment = fragmentOffset == 0;
        final int udpZeroVerdict = firstFragment ? checkTransport(buffer, l4Offset, l4Length, protocol, isFragment) : 0;
        if (udpZeroVerdict < 0)
        {
            return udpZeroVerdict == -DropReason.BAD_TRANSPORT_HEADER ? drop(DropReason.BAD_TRANSPORT_HEADER) :
                discard(buffer, offset, false, -udpZeroVerdict, result);
        }
        final int packetLength = IPV6 + (isFragment ? FRAG : 0) + l4Length;
        final boolean fragmentHere;
        final int maxPacket;
        if ((flagsFragment & Ipv4Header.DONT_FRAGMENT_FLAG) != 0)
        {
            if (packetLength > config.mtu6())
            {
                // RFC 7915 4 / 6, RFC 1191: Fragmentation Needed with the largest IPv4 packet that fits once
                // translated: mtu6 - 20 (- 8 more when a Fragment header is added).
                final int nextHopMtu = config.mtu6() - (packetLength - l4Length - Ipv4Header.MIN_HEADER_LENGTH);
                return sendError(buffer, offset, ipv4.totalLength(), false, DropReason.PACKET_TOO_BIG,
                    Icmpv4Message.TYPE_DEST_UNREACHABLE, Icmpv4Message.CODE_FRAGMENTATION_NEEDED, nextHopMtu, result);
            }
            fragmentHere = false;
            maxPacket = config.mtu6();
        }
        else
        {
            // RFC 7915 4: DF clear -> IPv6 packets no larger than lowest-ipv6-mtu (and never beyond our own
            // link MTU); a DF-clear packet that fits gets no Fragment header (no atomic fragments).
            maxPacket = Math.min(config.mtu6(), config.lowestIpv6Mtu());
            fragmentHere = packetLength > maxPacket;
        }
        final int count = fragmentHere ? Ipv4Fragmenter.fragmentCount(l4Length, maxPacket) : 1;
        final int needed = fragmentHere ? l4Length + count * (IPV6 + FRAG) : packetLength;
        if (count > TranslationResult.MAX_PACKETS || result.remaining() < needed)
        {
            return drop(DropReason.OUTPUT_TOO_SMALL);
        }

        final MutableDirectBuffer out = result.buffer();
        final int o = result.limit();
        final int nextHeader = Ipv4ToIpv6HeaderWriter.nextHeader(protocol);
        final int identification = ipv4.identification();
        Ipv6Addresses.write(out, o + Ipv6Header.SOURCE_OFFSET, sourceHigh, sourceLow);
        Ipv6Addresses.write(out, o + Ipv6Header.DESTINATION_OFFSET, destinationHigh, destinationLow);
        if (fragmentHere)
        {
            headerWriter.writeHeader(out, o, trafficClass, 0, IpProtocol.FRAGMENT, hopLimit);
            final int written = fragmenter.fragment(buffer, l4Offset, l4Length, nextHeader, fragmentOffset,
                moreFragments, identification, maxPacket, result);
            for (int i = 0; i < written; i++)
            {
                counters.increment(TranslatorCounters.FRAGMENTS_EMITTED);
            }
        }
        else
        {
            final int headers = IPV6 + (isFragment ? FRAG : 0);
            headerWriter.writeHeader(out, o, trafficClass, packetLength - IPV6,
                isFragment ? IpProtocol.FRAGMENT : nextHeader, hopLimit);
            if (isFragment)
            {
                // RFC 7915 4.1: Fragment header with the IPv4 offset, MF and identification.
                headerWriter.writeFragmentHeader(out, o + IPV6, nextHeader, fragmentOffset, moreFragments,
                    identification);
            }
            out.putBytes(o + headers, buffer, l4Offset, l4Length);
            result.commit(packetLength, TranslationResult.KIND_TRANSLATED);
        }
        if (firstFragment)
        {
            fixChecksum(buffer, l4Offset, l4Length, protocol, echoType6, out, o, fragmentHere || isFragment);
        }
        counters.increment(TranslatorCounters.TRANSLATED_4TO6);
        return result.count();
    }

    /**
     * Checks the transport header of a whole datagram or first fragment before anything is written.
     *
     * @return 0, or minus a drop reason.
     */
    private int checkTransport(
        final MutableDirectBuffer buffer,
        final int l4Offset,
        final int l4Length,
        final int protocol,
        final boolean isFragment)
    {
        if (protocol == IpProtocol.TCP)
        {
            // The checksum field must be there to be updated (a shorter first fragment is an RFC 1858 tiny
            // fragment); a whole segment needs its full 20-byte header.
            final int minimum = isFragment ? Ipv4ToIpv6Checksums.TCP_CHECKSUM_OFFSET + 2 :
                Ipv4ToIpv6Checksums.TCP_MIN_HEADER;
            return l4Length < minimum ? -DropReason.BAD_TRANSPORT_HEADER : 0;
        }
        if (protocol == IpProtocol.UDP)
        {
            if (l4Length < Ipv4ToIpv6Checksums.UDP_HEADER)
            {
                return -DropReason.BAD_TRANSPORT_HEADER;
            }
            if (buffer.getShort(l4Offset + Ipv4ToIpv6Checksums.UDP_CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) == 0)
            {
                // RFC 7915 4.5: zero UDP checksum. A stateless translator cannot compute it for a fragment.
                if (isFragment)
                {
                    return -DropReason.FRAGMENTED_UDP_ZERO_CHECKSUM;
                }
                if (!config.amendUdpChecksumZero())
                {
                    return -DropReason.UDP_ZERO_CHECKSUM;
                }
                final int udpLength = buffer.getShort(l4Offset + Ipv4ToIpv6Checksums.UDP_LENGTH_OFFSET,
                    ByteOrder.BIG_ENDIAN) & 0xFFFF;
                if (udpLength < Ipv4ToIpv6Checksums.UDP_HEADER || udpLength > l4Length)
                {
                    return -DropReason.BAD_TRANSPORT_HEADER;
                }
            }
        }
        return 0;
    }

    private void fixChecksum(
        final MutableDirectBuffer buffer,
        final int l4Offset,
        final int l4Length,
        final int protocol,
        final int echoType6,
        final MutableDirectBuffer out,
        final int o,
        final boolean hasFragmentHeader)
    {
        final int l4Out = o + IPV6 + (hasFragmentHeader ? FRAG : 0);
        if (protocol == IpProtocol.ICMP)
        {
            if (echoType6 != 0)
            {
                Ipv4ToIpv6Checksums.fixEcho(out, l4Out, echoType6, Checksum.ipv6PseudoHeaderSum(
                    sourceHigh, sourceLow, destinationHigh, destinationLow, IpProtocol.IPV6_ICMP, l4Length));
            }
            return;
        }
        if (protocol == IpProtocol.UDP &&
            out.getShort(l4Out + Ipv4ToIpv6Checksums.UDP_CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) == 0)
        {
            // RFC 7915 4.5 option 2: compute the checksum the IPv4 sender left out (IPv6 requires one).
            final int udpLength = buffer.getShort(l4Offset + Ipv4ToIpv6Checksums.UDP_LENGTH_OFFSET,
                ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int field = Ipv4ToIpv6Checksums.computeUdp(buffer, l4Offset, udpLength, out, o);
            out.putShort(l4Out + Ipv4ToIpv6Checksums.UDP_CHECKSUM_OFFSET, (short)field, ByteOrder.BIG_ENDIAN);
            return;
        }
        // RFC 7915 4.5: incremental update for the pseudo-header change (no change for checksum-neutral mapping).
        Ipv4ToIpv6Checksums.fixTransport(out, l4Out, l4Length, protocol,
            Ipv4ToIpv6Checksums.addressSum4(ipv4.source(), ipv4.destination()),
            Checksum.add(Checksum.addressSum6(sourceHigh, sourceLow),
                Checksum.addressSum6(destinationHigh, destinationLow)));
    }

    /**
     * Sends an ICMPv4 error from the translator instead of the packet, where RFC 7915 4.4 and RFC 1812 4.3.2.7
     * allow one: never about an ICMPv4 error, a non-first fragment, or a packet to a multicast/broadcast address.
     */
    private int sendError(
        final MutableDirectBuffer buffer,
        final int offset,
        final int totalLength,
        final boolean icmpError,
        final int reason,
        final int type,
        final int code,
        final int restOfHeader,
        final TranslationResult result)
    {
        final int destination = ipv4.destination();
        final boolean allowed = !icmpError && ipv4.fragmentOffset() == 0 &&
            !Ipv4Classification.isMulticast(destination) && !Ipv4Classification.isLimitedBroadcast(destination);
        counters.drop(reason);
        if (allowed && errorWriter.write(buffer, offset, totalLength, type, code, restOfHeader, result))
        {
            counters.increment(TranslatorCounters.ICMPV4_ERRORS_SENT);
            return result.count();
        }
        return -reason;
    }

    /**
     * Discards an untranslatable packet: silently, or, when {@link SiitConfig#icmpErrorsOnDrop()} is set, with an
     * ICMPv4 Destination Unreachable, Communication Administratively Prohibited (RFC 7915 4.4: type 3, code 13).
     */
    private int discard(
        final MutableDirectBuffer buffer,
        final int offset,
        final boolean icmpError,
        final int reason,
        final TranslationResult result)
    {
        if (!config.icmpErrorsOnDrop())
        {
            return drop(reason);
        }
        return sendError(buffer, offset, ipv4.totalLength(), icmpError, reason, Icmpv4Message.TYPE_DEST_UNREACHABLE,
            Icmpv4Message.CODE_COMMUNICATION_ADMIN_PROHIBITED, 0, result);
    }

    /**
     * Tells whether a Loose or Strict Source and Record Route option still has addresses to visit: its pointer
     * (1-based) is not beyond its length (RFC 791 3.1). Options were validated by {@link Ipv4Header#validate()}.
     */
    private static boolean hasUnexpiredSourceRoute(
        final MutableDirectBuffer buffer, final int offset, final int headerLength)
    {
        if (headerLength <= Ipv4Header.MIN_HEADER_LENGTH)
        {
            return false;
        }
        final int optionsOffset = offset + Ipv4Header.OPTIONS_OFFSET;
        final int optionsLength = headerLength - Ipv4Header.MIN_HEADER_LENGTH;
        return isUnexpired(buffer, Ipv4Header.findOption(
            buffer, optionsOffset, optionsLength, Ipv4Header.OPTION_LOOSE_SOURCE_ROUTE)) ||
            isUnexpired(buffer, Ipv4Header.findOption(
                buffer, optionsOffset, optionsLength, Ipv4Header.OPTION_STRICT_SOURCE_ROUTE));
    }

    private static boolean isUnexpired(final MutableDirectBuffer buffer, final int option)
    {
        if (option < 0)
        {
            return false;
        }
        final int optionLength = buffer.getByte(option + 1) & 0xFF;
        return optionLength >= 3 && (buffer.getByte(option + 2) & 0xFF) <= optionLength;
    }

    /**
     * RFC 7915 4.1 "Source Address": "If the translator gets an illegal source address (e.g., 0.0.0.0, 127.0.0.1,
     * etc.), the translator SHOULD silently drop the packet"; RFC 1812 5.3.7 lists them: 0/8, 127/8, multicast and
     * class E (which holds the limited broadcast).
     */
    static boolean isIllegalSource(final int source)
    {
        final int top = source >>> 24;
        return top == 0 || top == 127 || top >= 224;
    }

    /**
     * RFC 6791 (as RFC 7915 5.2 does for the other direction): an ICMPv4 error whose source cannot be mapped
     * (e.g. a router with a private address under the Well-Known Prefix) gets a source from the rfc6791v6 pool.
     * The host bits are the IPv4 source (deterministic, so an operator can tell routers apart in traceroute).
     */
    private void writeRfc6791Source(final MutableDirectBuffer out, final int index, final int source)
    {
        final int length = config.rfc6791v6Length();
        final long maskHigh = length <= 0 ? 0L : length >= 64 ? -1L : -1L << (64 - length);
        final long maskLow = length <= 64 ? 0L : length >= 128 ? -1L : -1L << (128 - length);
        final long host = source & 0xFFFFFFFFL;
        out.putLong(index, config.rfc6791v6High() & maskHigh, ByteOrder.BIG_ENDIAN);
        out.putLong(index + 8, (config.rfc6791v6Low() & maskLow) | (host & ~maskLow), ByteOrder.BIG_ENDIAN);
    }

    private int drop(final int reason)
    {
        counters.drop(reason);
        return -reason;
    }
}
