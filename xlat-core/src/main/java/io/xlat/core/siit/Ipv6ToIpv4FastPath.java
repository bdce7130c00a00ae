package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.Rfc6052;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The common case of IPv6 to IPv4 (RFC 7915 5.1, 5.2 echo, 5.5) in straight-line code: no extension headers, next
 * header TCP (20-byte header at least), UDP (8 bytes at least) or ICMPv6 Echo Request / Reply, hop limit above 1,
 * both addresses under pool6 and mappable (RFC 6052 2.2), and a translated packet within mtu4 (RFC 7915 5.1.1:
 * neither fragmented nor refused).
 * <p>
 * Anything else returns {@link #NOT_HANDLED} before writing anything, and {@link Ipv6ToIpv4Translator} takes the
 * packet through its general code, which gives the same output for the packets handled here
 * ({@code SiitFastPathPropertyTest}). The Identification counter lives here and the general code draws from it
 * too, so both paths give one sequence (RFC 7915 5.1, {@link SiitConfig#generateIpv4Identification()}).
 */
final class Ipv6ToIpv4FastPath
{
    /** Returned for a packet this path does not handle; not a packet count nor minus a drop reason. */
    static final int NOT_HANDLED = Integer.MIN_VALUE;

    private static final int IPV6 = 40;
    private static final int IPV4 = Ipv6ToIpv4HeaderWriter.IPV4_HEADER_LENGTH;
    private static final int L4_MIN = 8;
    private static final int TCP_CHECKSUM_OFFSET = 16;
    /** The part of the low half of a /96 pool6 address that belongs to the prefix (u-octet included). */
    private static final long PREFIX96_LOW_MASK = 0xFFFF_FFFF_0000_0000L;

    /** The next Identification to generate; shared with {@link Ipv6ToIpv4Translator}'s general path. */
    int nextIdentification = (int)System.nanoTime();

    private final SiitAddressMapper mapper;
    private final TranslatorCounters counters;
    private final boolean resetTos;
    private final int newTos;
    private final int mtu4;
    private final boolean generateIdentification;
    /**
     * Whether pool6 is a /96 without the RFC 6052 3.1 rule and with a zero u-octet, so that an address maps
     * exactly when its first 96 bits are the prefix (what {@link SiitAddressMapper#ipv6ToIpv4} decides then).
     */
    private final boolean inline96;
    private final long prefixHigh;
    private final long prefixLow;
    /** For {@link #inline96}: (new - old) pseudo-header address sum of TCP/UDP, 1..0xFFFF. */
    private final int delta96;
    /** For {@link #inline96}: the prefix words of both addresses plus the ICMPv6 next header, folded. */
    private final int icmpPseudoBase96;

    Ipv6ToIpv4FastPath(final SiitConfig config, final SiitAddressMapper mapper, final TranslatorCounters counters)
    {
        this.mapper = mapper;
        this.counters = counters;
        this.resetTos = config.resetTos();
        this.newTos = config.newTos();
        this.mtu4 = config.mtu4();
        this.generateIdentification = config.generateIpv4Identification();
        final Ipv6Prefix pool6 = null == mapper ? null : mapper.pool6();
        final long high = null == pool6 ? 0 : pool6.high();
        final long low = null == pool6 ? 0 : pool6.low();
        this.inline96 = null != pool6 && pool6.length() == 96 && !mapper.enforcesWkpGlobalRule() &&
            (low & Rfc6052.U_OCTET_MASK) == 0;
        this.prefixHigh = high;
        this.prefixLow = low;
        // RFC 1624 eqn. 3 with old = 2 * prefix + IPv4 words and new = IPv4 words: the change is -2 * prefix.
        final int prefixSum = Checksum.addressSum6(high, low);
        final int minusTwice = ~Checksum.add(prefixSum, prefixSum) & 0xFFFF;
        this.delta96 = minusTwice == 0 ? 0xFFFF : minusTwice;
        this.icmpPseudoBase96 = Checksum.fold(2 * ((high >>> 32) + (high & 0xFFFF_FFFFL) + (low >>> 32)) +
            IpProtocol.IPV6_ICMP);
    }

    /**
     * Translates the packet if it is the common case (a null mapper handles nothing).
     *
     * @return 1 (one packet in {@code result}, counted), or {@link #NOT_HANDLED} with nothing written.
     */
    int translate(final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        if (null == mapper || length < IPV6 + L4_MIN || !(buffer instanceof UnsafeBuffer))
        {
            return NOT_HANDLED;
        }
        final UnsafeBuffer in = (UnsafeBuffer)buffer;
        final long w0 = in.getLong(offset, ByteOrder.BIG_ENDIAN);
        final int l4Offset = offset + IPV6;
        final long l4Word = in.getLong(l4Offset, ByteOrder.BIG_ENDIAN);
        final MutableDirectBuffer resultBuffer = result.buffer();
        // In place (the packet lies in the result's buffer): the IPv4 header is written over the last 20 bytes of
        // the IPv6 header, and the payload does not move.
        final boolean inPlace = buffer == resultBuffer && result.count() == 0;
        if (!PlainIpv6.isCommonCase(w0, l4Word, length, mtu4, inPlace ? Integer.MAX_VALUE : result.remaining()) ||
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
        final int source;
        final int destination;
        // For a prefix other than an inlined /96: both IPv6 addresses' sum, all the checksum updates need of them
        // (computed here, so the four longs are dead from now on and need no register).
        final int addressSum6;
        if (inline96)
        {
            // RFC 6052 2.2 for a /96: the prefix, u-octet (zero in the prefix) and the IPv4 address in bits 96..127.
            // Both addresses 0.0.0.0 is left to the general path (the checksum shortcut below needs a non-zero sum).
            if (((sourceHigh ^ prefixHigh) | (destinationHigh ^ prefixHigh) | ((sourceLow ^ prefixLow) &
                PREFIX96_LOW_MASK) | ((destinationLow ^ prefixLow) & PREFIX96_LOW_MASK)) != 0 ||
                ((int)sourceLow | (int)destinationLow) == 0)
            {
                return NOT_HANDLED;
            }
            source = (int)sourceLow;
            destination = (int)destinationLow;
            addressSum6 = 0;
        }
        else
        {
            final long mappedDestination = mapper.ipv6ToIpv4(destinationHigh, destinationLow, false);
            final long mappedSource = mapper.ipv6ToIpv4(sourceHigh, sourceLow, true);
            if (mappedDestination == AddressMapper.NOT_MAPPED || mappedSource == AddressMapper.NOT_MAPPED)
            {
                return NOT_HANDLED;
            }
            source = (int)mappedSource;
            destination = (int)mappedDestination;
            addressSum6 = Checksum.add(Checksum.addressSum6(sourceHigh, sourceLow),
                Checksum.addressSum6(destinationHigh, destinationLow));
        }
        // RFC 7915 5.1: TOS = traffic class (or the configured value), DF only above 1260 bytes (RFC 7915 5),
        // Identification generated for DF-clear packets when configured, TTL = hop limit - 1, protocol, checksum.
        final int tos = resetTos ? newTos & 0xFF : (int)(w0 >>> 52) & 0xFF;
        final int flags = PlainIpv6.dontFragment(totalLength);
        final int identification = generateIdentification && flags == 0 ? nextIdentification++ & 0xFFFF : 0;
        final UnsafeBuffer out = (UnsafeBuffer)resultBuffer;
        final int o = inPlace ? l4Offset - IPV4 : result.limit();
        PlainIpv6.writeIpv4Header(out, o, w0, tos, identification, flags, source, destination);
        if (nextHeader == IpProtocol.IPV6_ICMP)
        {
            // RFC 7915 5.2 "Echo Request and Echo Reply": 128 -> 8, 129 -> 0; the ICMPv6 pseudo-header leaves the
            // sum (as Icmpv6ToIcmpv4.translateEcho).
            final int oldWord = (int)(l4Word >>> 48);
            final int type4 = (oldWord >>> 8) == Icmpv6Message.TYPE_ECHO_REQUEST ?
                Icmpv4Message.TYPE_ECHO_REQUEST : Icmpv4Message.TYPE_ECHO_REPLY;
            final int newWord = (type4 << 8) | (oldWord & 0xFF);
            // The pseudo-header sum as Checksum.ipv6PseudoHeaderSum gives it: the same non-zero accumulator (it
            // holds l4Length >= 8), with the prefix words taken from a constant for a /96, and from the folded
            // address sum otherwise. For a /96 the old type word joins the same accumulator (folded once, equal to
            // Checksum.add of the folded sum).
            final int pseudo6AndOld = inline96 ?
                Checksum.fold16(icmpPseudoBase96 + (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) +
                (destination & 0xFFFF) + l4Length + oldWord) :
                Checksum.add(Checksum.fold16(addressSum6 + IpProtocol.IPV6_ICMP + l4Length), oldWord);
            final int field = Checksum.update((int)(l4Word >>> 32) & 0xFFFF, pseudo6AndOld, newWord);
            if (!inPlace)
            {
                out.putBytes(o + IPV4, in, l4Offset, l4Length);
            }
            out.putInt(o + IPV4, (newWord << 16) | field, ByteOrder.BIG_ENDIAN);
        }
        else if (nextHeader == IpProtocol.TCP)
        {
            // RFC 7915 5.5: RFC 1624 update for the pseudo-header address change (read before the copy is written).
            final int field = in.getShort(l4Offset + TCP_CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int updated = updateAddresses(field, source, destination, addressSum6);
            if (!inPlace)
            {
                out.putBytes(o + IPV4, in, l4Offset, l4Length);
            }
            out.putShort(o + IPV4 + TCP_CHECKSUM_OFFSET, (short)updated, ByteOrder.BIG_ENDIAN);
        }
        else
        {
            // RFC 7915 5.5 as Ipv6ToIpv4HeaderWriter.updateTransportChecksum: a zero UDP checksum stays zero.
            final int field = (int)l4Word & 0xFFFF;
            if (!inPlace)
            {
                out.putBytes(o + IPV4, in, l4Offset, l4Length);
            }
            if (field != 0)
            {
                out.putShort(o + IPV4 + 6, (short)Checksum.udpField(updateAddresses(field, source, destination,
                    addressSum6)), ByteOrder.BIG_ENDIAN);
            }
        }
        // At o: inside the input when in place, else at the limit (where commit would put it).
        result.commitAt(o, totalLength, TranslationResult.KIND_TRANSLATED);
        counters.increment(TranslatorCounters.TRANSLATED_6TO4);
        return 1;
    }

    /**
     * RFC 7915 5.5 / RFC 1624 eqn. 3 for the pseudo-header address change: the value
     * {@code Checksum.update(field, addressSum6 of both, addressSum4)} gives, from the constant delta for an inlined
     * /96 (whose addresses are not both 0.0.0.0, so the general accumulator is not zero either).
     */
    private int updateAddresses(final int field, final int source, final int destination, final int addressSum6)
    {
        if (inline96)
        {
            return ~Checksum.fold16((~field & 0xFFFF) + delta96) & 0xFFFF;
        }
        return Checksum.update(field, addressSum6, Ipv6ToIpv4HeaderWriter.addressSum4(source, destination));
    }
}
