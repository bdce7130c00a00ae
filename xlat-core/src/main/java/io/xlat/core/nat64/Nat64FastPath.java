package io.xlat.core.nat64;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.siit.PlainIpv6;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The common case of a NAT64 packet of a known session in straight-line code (RFC 6146 3.7 over RFC 7915), with
 * the session's addresses passed directly instead of through the per-packet {@link Nat64AddressMapper}.
 * Outbound: no extension headers, next header TCP (20-byte header at least), UDP (8 bytes at least) or ICMPv6 Echo
 * Request / Reply, hop limit above 1, and a translated packet within mtu4 (RFC 7915 5.1.1: neither fragmented nor
 * refused). Inbound: see {@link #inbound}. The port (or echo identifier) is rewritten in the same pass.
 * <p>
 * The output is, byte for byte, what the stateless translator followed by {@link Nat64Rewriter} writes for the
 * same packet (the checksum updates are applied in the same order, so even the 0x0000/0xFFFF representation of a
 * one's complement zero agrees; {@code Nat64FastPathTest} checks this against the general path). One difference:
 * the IPv4 Identification of DF-clear packets (RFC 7915 5.1, {@link SiitConfig#generateIpv4Identification()}) is
 * drawn from this class's own sequence, while packets taking the general path (fragments, ICMP errors, extension
 * headers) draw from the stateless translator's; both start at a random value. Anything else returns
 * {@link #NOT_HANDLED} before writing anything. Allocation-free;
 * single-threaded (one per translator).
 */
final class Nat64FastPath
{
    /** Returned for a packet this path does not handle; not a packet count nor minus a drop reason. */
    static final int NOT_HANDLED = Integer.MIN_VALUE;

    private static final int IPV6 = 40;
    private static final int IPV4 = 20;
    private static final int TCP_MIN = 20;
    private static final int L4_MIN = 8;
    private static final int TCP_CHECKSUM_OFFSET = 16;
    private static final int UDP_CHECKSUM_OFFSET = 6;
    private static final int ICMP_ID_OFFSET = 4;
    private static final int VERSION_IHL = 0x45;
    private static final long FRAGMENT_BITS = 0x3FFF;
    private static final long DONT_FRAGMENT = 0x4000;

    private final TranslatorCounters counters;
    private final boolean resetTos;
    private final int newTos;
    private final int mtu4;
    private final int mtu6;
    private final int mtuDfClear;
    private final boolean resetTrafficClass;
    private final boolean generateIdentification;
    private int nextIdentification = (int)System.nanoTime();

    Nat64FastPath(final SiitConfig config, final TranslatorCounters counters)
    {
        this.counters = counters;
        this.resetTos = config.resetTos();
        this.newTos = config.newTos();
        this.mtu4 = config.mtu4();
        this.mtu6 = config.mtu6();
        this.mtuDfClear = Math.min(config.mtu6(), config.lowestIpv6Mtu());
        this.resetTrafficClass = config.resetTrafficClass();
        this.generateIdentification = config.generateIpv4Identification();
    }

    /**
     * Reads the tuple of an outbound packet this path will handle (once its session is known, and unless it is
     * hairpinned), skipping the general parse's validation, which {@link PlainIpv6#isCommonCase} makes redundant.
     *
     * @param buffer holding the IPv6 packet.
     * @param offset of the IPv6 header.
     * @param length bytes of the packet.
     * @param result reset by the caller; the room the translation needs is checked.
     * @param tuple  filled when this returns true.
     * @return true when the packet is the common case and {@code tuple} was filled; false with nothing read.
     */
    boolean parseOutbound(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final Nat64Tuple tuple)
    {
        if (length < IPV6 + L4_MIN || !(buffer instanceof UnsafeBuffer) || !(result.buffer() instanceof UnsafeBuffer))
        {
            return false;
        }
        final long w0 = buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
        final long l4Word = buffer.getLong(offset + IPV6, ByteOrder.BIG_ENDIAN);
        if (!PlainIpv6.isCommonCase(w0, l4Word, length, mtu4, result.remaining()))
        {
            return false;
        }
        tuple.plain6(buffer, offset, w0, l4Word);
        return true;
    }

    /**
     * Translates an outbound packet of a known session if it is the common case.
     *
     * @param buffer      holding the IPv6 packet.
     * @param offset      of the IPv6 header.
     * @param length      bytes of the packet.
     * @param result      reset by the caller; gets the IPv4 packet.
     * @param source      the session's pool4 address (RFC 6146 3.7: the translated source).
     * @param destination the IPv4 address embedded in the IPv6 destination (RFC 6052 2.3).
     * @param oldPort     the IPv6 source port (or echo identifier).
     * @param newPort     the session's pool4 port.
     * @return 1 (one packet in {@code result}, counted), or {@link #NOT_HANDLED} with nothing written.
     */
    int outbound(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final int source, final int destination, final int oldPort, final int newPort)
    {
        if (length < IPV6 + L4_MIN || !(buffer instanceof UnsafeBuffer))
        {
            return NOT_HANDLED;
        }
        final UnsafeBuffer in = (UnsafeBuffer)buffer;
        final long w0 = in.getLong(offset, ByteOrder.BIG_ENDIAN);
        final int l4Offset = offset + IPV6;
        final long l4Word = in.getLong(l4Offset, ByteOrder.BIG_ENDIAN);
        final MutableDirectBuffer resultBuffer = result.buffer();
        if (!PlainIpv6.isCommonCase(w0, l4Word, length, mtu4, result.remaining()) ||
            !(resultBuffer instanceof UnsafeBuffer))
        {
            return NOT_HANDLED;
        }
        final int l4Length = (int)(w0 >>> 16) & 0xFFFF;
        final int nextHeader = (int)(w0 >>> 8) & 0xFF;
        final int totalLength = IPV4 + l4Length;
        final long sourceHigh = in.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
        final long sourceLow = in.getLong(offset + 16, ByteOrder.BIG_ENDIAN);
        final long destinationHigh = in.getLong(offset + 24, ByteOrder.BIG_ENDIAN);
        final long destinationLow = in.getLong(offset + 32, ByteOrder.BIG_ENDIAN);
        // RFC 7915 5.1: TOS = traffic class (or the configured value), DF only above 1260 bytes (RFC 7915 5),
        // Identification generated for DF-clear packets when configured, TTL = hop limit - 1, protocol, checksum.
        final int tos = resetTos ? newTos & 0xFF : (int)(w0 >>> 52) & 0xFF;
        final int flags = PlainIpv6.dontFragment(totalLength);
        final int identification = generateIdentification && flags == 0 ? nextIdentification++ & 0xFFFF : 0;
        final UnsafeBuffer out = (UnsafeBuffer)resultBuffer;
        final int o = result.limit();
        final int l4 = o + IPV4;
        PlainIpv6.writeIpv4Header(out, o, w0, tos, identification, flags, source, destination);
        out.putBytes(l4, in, l4Offset, l4Length);
        final boolean rewrite = oldPort != newPort;
        if (nextHeader == IpProtocol.IPV6_ICMP)
        {
            // RFC 7915 5.2 "Echo Request and Echo Reply": 128 -> 8, 129 -> 0; the ICMPv6 pseudo-header leaves the
            // sum. RFC 6146 3.7: the identifier becomes the pool4 one (ICMPv4 has no pseudo-header).
            final int oldWord = (int)(l4Word >>> 48);
            final int type4 = (oldWord >>> 8) == Icmpv6Message.TYPE_ECHO_REQUEST ?
                Icmpv4Message.TYPE_ECHO_REQUEST : Icmpv4Message.TYPE_ECHO_REPLY;
            final int newWord = (type4 << 8) | (oldWord & 0xFF);
            final int pseudo6 = Checksum.ipv6PseudoHeaderSum(sourceHigh, sourceLow, destinationHigh, destinationLow,
                IpProtocol.IPV6_ICMP, l4Length);
            int field = Checksum.update((int)(l4Word >>> 32) & 0xFFFF, Checksum.add(pseudo6, oldWord), newWord);
            if (rewrite && ((int)(l4Word >>> 16) & 0xFFFF) == oldPort)
            {
                field = Checksum.updateWord(field, oldPort, newPort);
                out.putShort(l4 + ICMP_ID_OFFSET, (short)newPort, ByteOrder.BIG_ENDIAN);
            }
            out.putInt(l4, (newWord << 16) | field, ByteOrder.BIG_ENDIAN);
        }
        else if (nextHeader == IpProtocol.TCP)
        {
            // RFC 7915 5.5: RFC 1624 update for the pseudo-header address change, then for the port (RFC 6146 3.7).
            int field = Checksum.update(in.getShort(l4Offset + TCP_CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF,
                Checksum.add(Checksum.addressSum6(sourceHigh, sourceLow),
                Checksum.addressSum6(destinationHigh, destinationLow)), addressSum4(source, destination));
            if (rewrite && (int)(l4Word >>> 48) == oldPort)
            {
                field = Checksum.updateWord(field, oldPort, newPort);
                out.putShort(l4, (short)newPort, ByteOrder.BIG_ENDIAN);
            }
            out.putShort(l4 + TCP_CHECKSUM_OFFSET, (short)field, ByteOrder.BIG_ENDIAN);
        }
        else
        {
            // RFC 7915 5.5: a zero UDP checksum stays zero (and then no port update touches it, RFC 768).
            int field = (int)l4Word & 0xFFFF;
            if (field != 0)
            {
                field = Checksum.udpField(Checksum.update(field,
                    Checksum.add(Checksum.addressSum6(sourceHigh, sourceLow),
                    Checksum.addressSum6(destinationHigh, destinationLow)), addressSum4(source, destination)));
            }
            if (rewrite && (int)(l4Word >>> 48) == oldPort)
            {
                out.putShort(l4, (short)newPort, ByteOrder.BIG_ENDIAN);
                if (field != 0)
                {
                    field = Checksum.udpField(Checksum.updateWord(field, oldPort, newPort));
                }
            }
            out.putShort(l4 + UDP_CHECKSUM_OFFSET, (short)field, ByteOrder.BIG_ENDIAN);
        }
        result.commit(totalLength, TranslationResult.KIND_TRANSLATED);
        counters.increment(TranslatorCounters.TRANSLATED_6TO4);
        return 1;
    }

    /**
     * Translates an inbound packet of a known session if it is the common case (RFC 6146 3.7 over RFC 7915 4.1,
     * 4.2 echo, 4.5): an IPv4 header without options that is not a fragment, TTL above 1, valid header checksum
     * (RFC 1812 5.2.2), a legal source (RFC 1812 5.3.7) that pool6 maps (RFC 6052 2.2), TCP with its 20-byte
     * header, UDP with a checksum, or ICMP Echo / Echo Reply, and no fragmenting needed (RFC 7915 4: within mtu6
     * with DF set, within the lowest IPv6 MTU with DF clear). The destination port (or echo identifier) is
     * rewritten to the IPv6 host's in the same pass.
     *
     * @param buffer   holding the IPv4 packet.
     * @param offset   of the IPv4 header.
     * @param length   bytes of the packet.
     * @param result   reset by the caller; gets the IPv6 packet.
     * @param pool6    the NAT64 prefix (maps the IPv4 source).
     * @param hostHigh the session's IPv6 host, high 64 bits (RFC 6146 3.7: the translated destination).
     * @param hostLow  the session's IPv6 host, low 64 bits.
     * @param oldPort  the pool4 destination port (or echo identifier).
     * @param newPort  the IPv6 host's port.
     * @return 1 (one packet in {@code result}, counted), or {@link #NOT_HANDLED} with nothing written.
     */
    int inbound(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final SiitAddressMapper pool6, final long hostHigh, final long hostLow, final int oldPort, final int newPort)
    {
        if (length < IPV4 + L4_MIN || !(buffer instanceof UnsafeBuffer))
        {
            return NOT_HANDLED;
        }
        final UnsafeBuffer in = (UnsafeBuffer)buffer;
        final long w0 = in.getLong(offset, ByteOrder.BIG_ENDIAN);
        final long w1 = in.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
        final int destination = in.getInt(offset + 16, ByteOrder.BIG_ENDIAN);
        final int totalLength = (int)(w0 >>> 32) & 0xFFFF;
        final int ttl = (int)(w1 >>> 56);
        final int source = (int)w1;
        final int sourceTop = source >>> 24;
        if ((int)(w0 >>> 56) != VERSION_IHL || (w0 & FRAGMENT_BITS) != 0 || ttl <= 1 || totalLength > length ||
            totalLength < IPV4 + L4_MIN || sourceTop == 0 || sourceTop == 127 || sourceTop >= 224 ||
            Checksum.fold((w0 >>> 32) + (w0 & 0xFFFF_FFFFL) + (w1 >>> 32) + (w1 & 0xFFFF_FFFFL) +
            (destination & 0xFFFF_FFFFL)) != Checksum.NEGATIVE_ZERO)
        {
            return NOT_HANDLED;
        }
        final int l4Length = totalLength - IPV4;
        final int packetLength = IPV6 + l4Length;
        final MutableDirectBuffer resultBuffer = result.buffer();
        if (packetLength > ((w0 & DONT_FRAGMENT) != 0 ? mtu6 : mtuDfClear) || result.remaining() < packetLength ||
            !(resultBuffer instanceof UnsafeBuffer) || !pool6.pool6Maps(source))
        {
            return NOT_HANDLED;
        }
        final int l4Offset = offset + IPV4;
        final int protocol = (int)(w1 >>> 48) & 0xFF;
        final long l4Word = in.getLong(l4Offset, ByteOrder.BIG_ENDIAN);
        final int nextHeader;
        if (protocol == IpProtocol.TCP && l4Length >= TCP_MIN)
        {
            nextHeader = IpProtocol.TCP;
        }
        else if (protocol == IpProtocol.UDP && (l4Word & 0xFFFF) != 0)
        {
            nextHeader = IpProtocol.UDP;
        }
        else if (protocol == IpProtocol.ICMP && ((int)(l4Word >>> 56) == Icmpv4Message.TYPE_ECHO_REQUEST ||
            (int)(l4Word >>> 56) == Icmpv4Message.TYPE_ECHO_REPLY))
        {
            nextHeader = IpProtocol.IPV6_ICMP;
        }
        else
        {
            // Zero UDP checksum (RFC 7915 4.5: the general path computes one), short TCP, other ICMP, others.
            return NOT_HANDLED;
        }
        final UnsafeBuffer out = (UnsafeBuffer)resultBuffer;
        final int o = result.limit();
        final int l4 = o + IPV6;
        final long sourceHigh = pool6.pool6High(source);
        final long sourceLow = pool6.pool6Low(source);
        // RFC 7915 4.1: version 6, traffic class = TOS (or 0), flow label 0, payload length, next header,
        // hop limit = TTL - 1; RFC 6146 3.7: source pool6 + remote, destination the session's IPv6 host.
        final long trafficClass = resetTrafficClass ? 0 : (w0 >>> 48) & 0xFF;
        out.putLong(o, (6L << 60) | (trafficClass << 52) | ((long)l4Length << 16) | ((long)nextHeader << 8) |
            (ttl - 1), ByteOrder.BIG_ENDIAN);
        out.putLong(o + 8, sourceHigh, ByteOrder.BIG_ENDIAN);
        out.putLong(o + 16, sourceLow, ByteOrder.BIG_ENDIAN);
        out.putLong(o + 24, hostHigh, ByteOrder.BIG_ENDIAN);
        out.putLong(o + 32, hostLow, ByteOrder.BIG_ENDIAN);
        out.putBytes(l4, in, l4Offset, l4Length);
        final boolean rewrite = oldPort != newPort;
        if (nextHeader == IpProtocol.IPV6_ICMP)
        {
            // RFC 7915 4.2 "Echo and Echo Reply": type 8 -> 128, 0 -> 129; the ICMPv6 pseudo-header joins the
            // sum. RFC 6146 3.7: the identifier becomes the IPv6 host's.
            final int oldWord = (int)(l4Word >>> 48);
            final int type6 = (oldWord >>> 8) == Icmpv4Message.TYPE_ECHO_REQUEST ?
                Icmpv6Message.TYPE_ECHO_REQUEST : Icmpv6Message.TYPE_ECHO_REPLY;
            final int newWord = (type6 << 8) | (oldWord & 0xFF);
            final int pseudo = Checksum.ipv6PseudoHeaderSum(sourceHigh, sourceLow, hostHigh, hostLow,
                IpProtocol.IPV6_ICMP, l4Length);
            int field = Checksum.update((int)(l4Word >>> 32) & 0xFFFF, oldWord, Checksum.add(newWord, pseudo));
            if (rewrite && ((int)(l4Word >>> 16) & 0xFFFF) == oldPort)
            {
                field = Checksum.updateWord(field, oldPort, newPort);
                out.putShort(l4 + ICMP_ID_OFFSET, (short)newPort, ByteOrder.BIG_ENDIAN);
            }
            out.putInt(l4, (newWord << 16) | field, ByteOrder.BIG_ENDIAN);
        }
        else
        {
            // RFC 7915 4.5: RFC 1624 update for the pseudo-header address change (a computed 0 is sent as 0xFFFF
            // for UDP), then for the destination port (RFC 6146 3.7).
            final boolean udp = nextHeader == IpProtocol.UDP;
            final int checksumOffset = udp ? UDP_CHECKSUM_OFFSET : TCP_CHECKSUM_OFFSET;
            int field = Checksum.update(in.getShort(l4Offset + checksumOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF,
                addressSum4(source, destination), Checksum.add(Checksum.addressSum6(sourceHigh, sourceLow),
                Checksum.addressSum6(hostHigh, hostLow)));
            if (udp)
            {
                field = Checksum.udpField(field);
            }
            if (rewrite && ((int)(l4Word >>> 32) & 0xFFFF) == oldPort)
            {
                out.putShort(l4 + 2, (short)newPort, ByteOrder.BIG_ENDIAN);
                field = Checksum.updateWord(field, oldPort, newPort);
                if (udp)
                {
                    field = Checksum.udpField(field);
                }
            }
            out.putShort(l4 + checksumOffset, (short)field, ByteOrder.BIG_ENDIAN);
        }
        result.commit(packetLength, TranslationResult.KIND_TRANSLATED);
        counters.increment(TranslatorCounters.TRANSLATED_4TO6);
        return 1;
    }

    private static int addressSum4(final int source, final int destination)
    {
        return Checksum.add(Checksum.addressSum4(source), Checksum.addressSum4(destination));
    }
}
