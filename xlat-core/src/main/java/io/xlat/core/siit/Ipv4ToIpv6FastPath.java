package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The common case of IPv4 to IPv6 (RFC 7915 4.1, 4.2 echo, 4.5) in straight-line code: an IPv4 header without
 * options that is not a fragment, TTL above 1, valid header checksum (RFC 1812 5.2.2), a legal source
 * (RFC 1812 5.3.7), both addresses mapped by pool6 alone (RFC 6052 2.2), TCP with its 20-byte header, UDP with a
 * checksum, or ICMP Echo / Echo Reply, and a translated packet that needs no fragmenting (RFC 7915 4: within mtu6
 * with DF set, within the lowest IPv6 MTU with DF clear).
 * <p>
 * Anything else returns {@link #NOT_HANDLED} before writing anything, and {@link Ipv4ToIpv6Translator} takes the
 * packet through its general code. What this writes is what the general code writes for the same packet, byte for
 * byte, counter for counter ({@code SiitFastPathPropertyTest}).
 * <p>
 * The header is read with two longs and an int, the new header written with five longs, the payload copied once,
 * and the transport checksum updated by RFC 1624 from sums kept in registers (for a /96 pool6 the address part of
 * the change is the constant twice-the-prefix-sum, zero for a checksum-neutral prefix).
 */
final class Ipv4ToIpv6FastPath
{
    /** Returned for a packet this path does not handle; not a packet count nor minus a drop reason. */
    static final int NOT_HANDLED = Integer.MIN_VALUE;

    private static final int IPV6 = Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH;
    private static final int IPV4 = 20;
    private static final int TCP_MIN = Ipv4ToIpv6Checksums.TCP_MIN_HEADER;
    private static final int L4_MIN = 8;
    /** Version 4 and IHL 5 in the top byte, flags MF and fragment offset in the low 14 bits of the first long. */
    private static final long FRAGMENT_BITS = 0x3FFF;
    private static final long DONT_FRAGMENT = 0x4000;
    /** Version 6, flow label 0: the top nibble of the first IPv6 word. */
    private static final long VERSION6 = 6L << 60;

    private final SiitAddressMapper mapper;
    private final TranslatorCounters counters;
    private final boolean resetTrafficClass;
    private final int mtu6;
    private final int mtuDfClear;
    /** Whether pool6 is a /96, whose address change to a TCP/UDP checksum is {@link #delta96}. */
    private final boolean prefix96;
    /** For a /96: (new - old) pseudo-header address sum, 1..0xFFFF (0xFFFF for a checksum-neutral prefix). */
    private final int delta96;
    /** For a /96: the ICMPv6 pseudo-header's constant part (both prefixes and the next header), folded. */
    private final int icmpPseudoBase96;
    /**
     * Whether every IPv4 address maps (a /96 without the RFC 6052 3.1 rule), to the high half {@link #high96} and
     * the low half {@link #low96} with the address in its last 32 bits, so no call to the mapper is needed.
     */
    private final boolean inline96;
    private final long high96;
    private final long low96;

    Ipv4ToIpv6FastPath(final SiitConfig config, final SiitAddressMapper mapper, final TranslatorCounters counters)
    {
        this.mapper = mapper;
        this.counters = counters;
        this.resetTrafficClass = config.resetTrafficClass();
        this.mtu6 = config.mtu6();
        this.mtuDfClear = Math.min(config.mtu6(), config.lowestIpv6Mtu());
        this.prefix96 = mapper.pool6().length() == 96;
        // The prefix part of an embedded address: mapping 0.0.0.0 leaves only it. Source and destination both
        // carry it, and with a /96 the IPv4 words are the rest of the sum.
        final long high = mapper.pool6High(0);
        final long low = mapper.pool6Low(0);
        final int prefixSum = Checksum.addressSum6(high, low);
        final int twice = Checksum.add(prefixSum, prefixSum);
        this.delta96 = twice == 0 ? 0xFFFF : twice;
        this.icmpPseudoBase96 = Checksum.fold(2 * ((high >>> 32) + (high & 0xFFFF_FFFFL) + (low >>> 32)) +
            IpProtocol.IPV6_ICMP);
        this.inline96 = prefix96 && !mapper.enforcesWkpGlobalRule();
        this.high96 = high;
        this.low96 = low;
    }

    /**
     * Translates the packet if it is the common case.
     *
     * @return 1 (one packet in {@code result}, counted), or {@link #NOT_HANDLED} with nothing written.
     */
    int translate(final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
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
        // Version 4 / IHL 5, not a fragment, TTL > 1, whole packet present, at least 8 transport bytes, legal
        // source (RFC 1812 5.3.7: not 0/8, 127/8, multicast or class E) and a valid header checksum.
        if ((int)(w0 >>> 56) != 0x45 || (w0 & FRAGMENT_BITS) != 0 || ttl <= 1 || totalLength > length ||
            totalLength < IPV4 + L4_MIN || sourceTop == 0 || sourceTop == 127 || sourceTop >= 224 ||
            Checksum.fold((w0 >>> 32) + (w0 & 0xFFFF_FFFFL) + (w1 >>> 32) + (w1 & 0xFFFF_FFFFL) +
            (destination & 0xFFFF_FFFFL)) != Checksum.NEGATIVE_ZERO)
        {
            return NOT_HANDLED;
        }
        final int l4Length = totalLength - IPV4;
        final int packetLength = IPV6 + l4Length;
        final MutableDirectBuffer resultBuffer = result.buffer();
        // In place (the packet lies in the result's buffer with 20 bytes of room in front): the IPv6 header is
        // written over those 20 bytes and the IPv4 header, and the payload does not move.
        final boolean inPlace = buffer == resultBuffer && offset >= IPV6 - IPV4 && result.count() == 0;
        if (packetLength > ((w0 & DONT_FRAGMENT) != 0 ? mtu6 : mtuDfClear) ||
            (!inPlace && result.remaining() < packetLength) ||
            !(resultBuffer instanceof UnsafeBuffer) ||
            (!inline96 && (!mapper.pool6Maps(destination) || !mapper.pool6Maps(source))))
        {
            return NOT_HANDLED;
        }
        final int l4Offset = offset + IPV4;
        final int protocol = (int)(w1 >>> 48) & 0xFF;
        final long l4Word = in.getLong(l4Offset, ByteOrder.BIG_ENDIAN);
        final int nextHeader;
        if (protocol == IpProtocol.TCP)
        {
            if (l4Length < TCP_MIN)
            {
                return NOT_HANDLED;
            }
            nextHeader = IpProtocol.TCP;
        }
        else if (protocol == IpProtocol.UDP)
        {
            if ((l4Word & 0xFFFF) == 0)
            {
                return NOT_HANDLED; // RFC 7915 4.5: zero UDP checksum, the general path computes one
            }
            nextHeader = IpProtocol.UDP;
        }
        else if (protocol == IpProtocol.ICMP)
        {
            final int type = (int)(l4Word >>> 56);
            if (type != Icmpv4Message.TYPE_ECHO_REQUEST && type != Icmpv4Message.TYPE_ECHO_REPLY)
            {
                return NOT_HANDLED;
            }
            nextHeader = IpProtocol.IPV6_ICMP;
        }
        else
        {
            return NOT_HANDLED;
        }
        final UnsafeBuffer out = (UnsafeBuffer)resultBuffer;
        final int o = inPlace ? offset - (IPV6 - IPV4) : result.limit();
        // RFC 6052 2.2: for a /96 the prefix, then the IPv4 address in bits 96..127.
        final long sourceHigh = inline96 ? high96 : mapper.pool6High(source);
        final long sourceLow = inline96 ? low96 | (source & 0xFFFF_FFFFL) : mapper.pool6Low(source);
        final long destinationHigh = inline96 ? high96 : mapper.pool6High(destination);
        final long destinationLow = inline96 ? low96 | (destination & 0xFFFF_FFFFL) : mapper.pool6Low(destination);
        // RFC 7915 4.1: version 6, traffic class = TOS (or 0), flow label 0, payload length, next header,
        // hop limit = TTL - 1.
        final long trafficClass = resetTrafficClass ? 0 : (w0 >>> 48) & 0xFF;
        out.putLong(o, VERSION6 | (trafficClass << 52) | ((long)l4Length << 16) | ((long)nextHeader << 8) |
            (ttl - 1), ByteOrder.BIG_ENDIAN);
        out.putLong(o + 8, sourceHigh, ByteOrder.BIG_ENDIAN);
        out.putLong(o + 16, sourceLow, ByteOrder.BIG_ENDIAN);
        out.putLong(o + 24, destinationHigh, ByteOrder.BIG_ENDIAN);
        out.putLong(o + 32, destinationLow, ByteOrder.BIG_ENDIAN);
        if (!inPlace)
        {
            out.putBytes(o + IPV6, in, l4Offset, l4Length);
        }
        // Other than for a /96, both IPv6 addresses' sum is all the checksum updates need of them (computed here,
        // so the four longs are dead from now on and need no register).
        final int addressSum6 = prefix96 ? 0 : Checksum.add(Checksum.addressSum6(sourceHigh, sourceLow),
            Checksum.addressSum6(destinationHigh, destinationLow));
        if (nextHeader == IpProtocol.TCP)
        {
            final int fieldOffset = o + IPV6 + Ipv4ToIpv6Checksums.TCP_CHECKSUM_OFFSET;
            final int field = in.getShort(l4Offset + Ipv4ToIpv6Checksums.TCP_CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN);
            out.putShort(fieldOffset, (short)updateAddresses(field & 0xFFFF, source, destination, addressSum6),
                ByteOrder.BIG_ENDIAN);
        }
        else if (nextHeader == IpProtocol.UDP)
        {
            // RFC 7915 4.5: a computed 0 is sent as 0xFFFF.
            out.putShort(o + IPV6 + Ipv4ToIpv6Checksums.UDP_CHECKSUM_OFFSET, (short)Checksum.udpField(
                updateAddresses((int)l4Word & 0xFFFF, source, destination, addressSum6)), ByteOrder.BIG_ENDIAN);
        }
        else
        {
            // RFC 7915 4.2 "Echo and Echo Reply": type 8 -> 128, 0 -> 129; the type word changes and the ICMPv6
            // pseudo-header joins the sum (as Ipv4ToIpv6Checksums.fixEcho).
            final int oldWord = (int)(l4Word >>> 48);
            final int type6 = (oldWord >>> 8) == Icmpv4Message.TYPE_ECHO_REQUEST ?
                Icmpv6Message.TYPE_ECHO_REQUEST : Icmpv6Message.TYPE_ECHO_REPLY;
            final int newWord = (type6 << 8) | (oldWord & 0xFF);
            // RFC 1624 eqn. 3 in one accumulator: ~HC + ~old + new + pseudo-header, folded once. The pseudo-header
            // sum is Checksum.ipv6PseudoHeaderSum's accumulator (non-zero: it holds l4Length >= 8) with the prefix
            // words from a constant for a /96 and from the folded address sum otherwise (both accumulators are
            // non-zero and congruent to Checksum.update's, so the folded field is the same).
            final int pseudo = prefix96 ?
                icmpPseudoBase96 + (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) +
                (destination & 0xFFFF) + l4Length :
                Checksum.fold16(addressSum6 + IpProtocol.IPV6_ICMP + l4Length);
            final int field = ~Checksum.fold16((~(int)(l4Word >>> 32) & 0xFFFF) + (~oldWord & 0xFFFF) + newWord +
                pseudo) & 0xFFFF;
            out.putInt(o + IPV6, (newWord << 16) | field, ByteOrder.BIG_ENDIAN);
        }
        // At o: inside the input when in place, else at the limit (where commit would put it).
        result.commitAt(o, packetLength, TranslationResult.KIND_TRANSLATED);
        counters.increment(TranslatorCounters.TRANSLATED_4TO6);
        return 1;
    }

    /**
     * RFC 7915 4.5 / RFC 1624 eqn. 3 for the pseudo-header address change: the value
     * {@code Checksum.update(field, addressSum4, addressSum6 of both)} gives, from the constant delta for a /96.
     */
    private int updateAddresses(final int field, final int source, final int destination, final int addressSum6)
    {
        if (prefix96)
        {
            // ~HC + delta with delta in 1..0xFFFF: a non-zero accumulator congruent to the general one, so fold
            // gives the same value.
            return ~Checksum.fold16((~field & 0xFFFF) + delta96) & 0xFFFF;
        }
        return Checksum.update(field, Ipv4ToIpv6Checksums.addressSum4(source, destination), addressSum6);
    }
}
