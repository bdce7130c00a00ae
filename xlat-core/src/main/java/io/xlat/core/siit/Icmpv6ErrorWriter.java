package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv6Header;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Originates the ICMPv6 errors of the IPv6-to-IPv4 direction (RFC 7915 5.1, 5.4): Time Exceeded when the hop
 * limit would reach zero, Parameter Problem for a Routing header with Segments Left, Packet Too Big when the
 * translated packet would exceed the IPv4 MTU with DF set.
 * <p>
 * The error goes from the translator's own address ({@link SiitConfig#self6High()}) back to the invoking packet's
 * source, with hop limit 64, quoting as much of the invoking packet as fits in 1280 bytes (RFC 4443 2.4(c)). Without
 * a configured self6 nothing is sent and the packet is only dropped: the translator has no other address it may
 * use as a source. The rules of RFC 4443 2.4(e) are applied: no error about an ICMPv6 error, about a packet sent to
 * a multicast address (except Packet Too Big), or about a packet whose source is unspecified or multicast.
 */
public final class Icmpv6ErrorWriter
{
    /** Largest ICMPv6 error the translator emits, IPv6 header included (RFC 4443 2.4(c)). */
    static final int MAX_ERROR_LENGTH = SiitConfig.IPV6_MINIMUM_MTU;
    /** Hop limit of originated errors. */
    static final int HOP_LIMIT = 64;

    private static final int ERROR_HEADERS_LENGTH = Ipv6Header.HEADER_LENGTH + Icmpv6Message.HEADER_LENGTH;

    private final SiitConfig config;

    /**
     * Creates a writer sending from the configured self6 address.
     *
     * @param config the translator settings.
     */
    public Icmpv6ErrorWriter(final SiitConfig config)
    {
        this.config = config;
    }

    /**
     * Writes an ICMPv6 error about the invoking packet into {@code result} and commits it as
     * {@link TranslationResult#KIND_ICMP_ERROR}.
     *
     * @param in              buffer holding the invoking IPv6 packet.
     * @param ipv6Offset      where the invoking packet starts.
     * @param packetLength    its length (40 + Payload Length).
     * @param invokingIsError whether the invoking packet is itself an ICMPv6 error message.
     * @param type            ICMPv6 type.
     * @param code            ICMPv6 code.
     * @param parameter       the 32-bit word after the checksum (MTU, pointer, or 0).
     * @param result          where to write.
     * @return true if the error was written; false if the RFC forbids it, self6 is missing or there is no room.
     */
    public boolean write(
        final DirectBuffer in,
        final int ipv6Offset,
        final int packetLength,
        final boolean invokingIsError,
        final int type,
        final int code,
        final long parameter,
        final TranslationResult result)
    {
        if (!config.hasSelf6() || invokingIsError || !mayAnswer(in, ipv6Offset, type))
        {
            return false;
        }
        final int quote = Math.min(packetLength, MAX_ERROR_LENGTH - ERROR_HEADERS_LENGTH);
        final int total = ERROR_HEADERS_LENGTH + quote;
        if (result.remaining() < total)
        {
            return false;
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.limit();
        out.putInt(o, Ipv6Header.VERSION << 28, ByteOrder.BIG_ENDIAN);
        out.putShort(o + Ipv6Header.PAYLOAD_LENGTH_OFFSET, (short)(total - Ipv6Header.HEADER_LENGTH),
            ByteOrder.BIG_ENDIAN);
        out.putByte(o + Ipv6Header.NEXT_HEADER_OFFSET, (byte)IpProtocol.IPV6_ICMP);
        out.putByte(o + Ipv6Header.HOP_LIMIT_OFFSET, (byte)HOP_LIMIT);
        out.putLong(o + Ipv6Header.SOURCE_OFFSET, config.self6High(), ByteOrder.BIG_ENDIAN);
        out.putLong(o + Ipv6Header.SOURCE_OFFSET + 8, config.self6Low(), ByteOrder.BIG_ENDIAN);
        out.putBytes(o + Ipv6Header.DESTINATION_OFFSET, in, ipv6Offset + Ipv6Header.SOURCE_OFFSET,
            Ipv6Header.ADDRESS_LENGTH);

        final int icmp = o + Ipv6Header.HEADER_LENGTH;
        out.putByte(icmp + Icmpv6Message.TYPE_OFFSET, (byte)type);
        out.putByte(icmp + Icmpv6Message.CODE_OFFSET, (byte)code);
        out.putShort(icmp + Icmpv6Message.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        out.putInt(icmp + Icmpv6Message.REST_OF_HEADER_OFFSET, (int)parameter, ByteOrder.BIG_ENDIAN);
        out.putBytes(icmp + Icmpv6Message.HEADER_LENGTH, in, ipv6Offset, quote);

        final int icmpLength = total - Ipv6Header.HEADER_LENGTH;
        final int pseudo = Checksum.ipv6PseudoHeaderSum(
            out, o + Ipv6Header.SOURCE_OFFSET, o + Ipv6Header.DESTINATION_OFFSET, IpProtocol.IPV6_ICMP, icmpLength);
        final int sum = Checksum.sum(out, icmp, icmpLength, pseudo);
        out.putShort(icmp + Icmpv6Message.CHECKSUM_OFFSET, (short)Checksum.finish(sum), ByteOrder.BIG_ENDIAN);
        result.commit(total, TranslationResult.KIND_ICMP_ERROR);
        return true;
    }

    /**
     * RFC 4443 2.4(e)(3) and (e)(6): no error about a packet to a multicast destination (Packet Too Big excepted)
     * or from a source that does not identify a single node (unspecified, multicast).
     */
    private static boolean mayAnswer(final DirectBuffer in, final int ipv6Offset, final int type)
    {
        final long sourceHigh = in.getLong(ipv6Offset + Ipv6Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        final long sourceLow = in.getLong(ipv6Offset + Ipv6Header.SOURCE_OFFSET + 8, ByteOrder.BIG_ENDIAN);
        if ((sourceHigh >>> 56) == 0xFF || (sourceHigh == 0 && sourceLow == 0))
        {
            return false;
        }
        final int destinationFirstByte = in.getByte(ipv6Offset + Ipv6Header.DESTINATION_OFFSET) & 0xFF;
        return destinationFirstByte != 0xFF || type == Icmpv6Message.TYPE_PACKET_TOO_BIG;
    }
}
