package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv6Header;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Splits a translated IPv4 packet with DF clear into IPv6 fragments that fit {@code min(mtu6, lowestIpv6Mtu)}
 * (RFC 7915 4 and 4.1): each fragment is a copy of the translated IPv6 header, a Fragment header with the IPv4
 * identification and the offset within the original datagram (so an IPv4 fragment is fragmented further at the
 * right place), and a slice of the payload that is a multiple of 8 bytes except in the last fragment.
 */
final class Ipv4Fragmenter
{
    private final Ipv4ToIpv6HeaderWriter headerWriter;

    Ipv4Fragmenter(final Ipv4ToIpv6HeaderWriter headerWriter)
    {
        this.headerWriter = headerWriter;
    }

    /**
     * Returns the payload bytes per fragment for a maximum packet size.
     *
     * @param maxPacket largest IPv6 packet, at least 1280.
     * @return fragment payload size, a multiple of 8.
     */
    static int chunkSize(final int maxPacket)
    {
        return ((maxPacket - Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH - Ipv4ToIpv6HeaderWriter.FRAGMENT_HEADER_LENGTH)
            / 8) * 8;
    }

    /**
     * Returns the bytes and packets the fragments of a payload need, as {@code bytes} (check against
     * {@link TranslationResult#remaining()}) and the fragment count.
     *
     * @param payloadLength bytes of IPv4 payload.
     * @param maxPacket     largest IPv6 packet.
     * @return the number of fragments.
     */
    static int fragmentCount(final int payloadLength, final int maxPacket)
    {
        final int chunk = chunkSize(maxPacket);
        return Math.max(1, (payloadLength + chunk - 1) / chunk);
    }

    /**
     * Writes the fragments into {@code result}; the first one's IPv6 header must already be at
     * {@code result.limit()} with its addresses, traffic class and hop limit (payload length and next header are
     * set here). The caller checked there is room.
     *
     * @param in             buffer holding the IPv4 payload.
     * @param payloadOffset  first payload byte.
     * @param payloadLength  payload bytes.
     * @param protocol       translated next header.
     * @param fragmentOffset IPv4 fragment offset of the payload, in 8-byte units (0 for a whole datagram).
     * @param more           the IPv4 MF flag (set on the last fragment only if the input was not the last one).
     * @param identification IPv4 identification.
     * @param maxPacket      largest IPv6 packet to emit.
     * @param result         output; one packet committed per fragment.
     * @return the number of fragments written.
     */
    int fragment(
        final DirectBuffer in,
        final int payloadOffset,
        final int payloadLength,
        final int protocol,
        final int fragmentOffset,
        final boolean more,
        final int identification,
        final int maxPacket,
        final TranslationResult result)
    {
        final MutableDirectBuffer out = result.buffer();
        final int first = result.limit();
        final int chunk = chunkSize(maxPacket);
        final int headers = Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH + Ipv4ToIpv6HeaderWriter.FRAGMENT_HEADER_LENGTH;
        int position = 0;
        int count = 0;
        do
        {
            final int o = result.limit();
            final int size = Math.min(chunk, payloadLength - position);
            final boolean last = position + size >= payloadLength;
            if (o != first)
            {
                out.putBytes(o, out, first, Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH);
            }
            out.putShort(o + Ipv6Header.PAYLOAD_LENGTH_OFFSET,
                (short)(Ipv4ToIpv6HeaderWriter.FRAGMENT_HEADER_LENGTH + size), ByteOrder.BIG_ENDIAN);
            out.putByte(o + Ipv6Header.NEXT_HEADER_OFFSET, (byte)IpProtocol.FRAGMENT);
            headerWriter.writeFragmentHeader(out, o + Ipv4ToIpv6HeaderWriter.IPV6_HEADER_LENGTH, protocol,
                fragmentOffset + (position >> 3), last ? more : true, identification);
            out.putBytes(o + headers, in, payloadOffset + position, size);
            result.commit(headers + size, TranslationResult.KIND_TRANSLATED);
            position += size;
            count++;
        }
        while (position < payloadLength && count < TranslationResult.MAX_PACKETS);
        return count;
    }
}
