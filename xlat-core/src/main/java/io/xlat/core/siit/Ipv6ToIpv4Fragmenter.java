package io.xlat.core.siit;

import java.nio.ByteOrder;

import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Splits a translated IPv4 packet with DF clear into fragments that fit the IPv4 egress MTU, as any IPv4 router
 * does (RFC 791 2.3 and 3.2; RFC 7915 5: "IPv4 routers ... will fragment the packets"). Used for translated
 * IPv6 fragments (DF always clear, RFC 7915 5.1.1) and for packets of at most 1260 bytes on links whose MTU is
 * smaller.
 * <p>
 * Owns a 64 KiB scratch buffer, allocated once: the packet is moved there and cut back into the result.
 */
final class Ipv6ToIpv4Fragmenter
{
    private static final int HEADER = Ipv6ToIpv4HeaderWriter.IPV4_HEADER_LENGTH;
    private static final int MAX_PACKET = 65_536 + 64;

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PACKET]);
    private final TranslatorCounters counters;

    Ipv6ToIpv4Fragmenter(final TranslatorCounters counters)
    {
        this.counters = counters;
    }

    /**
     * Tells whether a packet can be fragmented into the room left in {@code result}, before anything is written.
     *
     * @param result      the result the fragments would go to.
     * @param totalLength the unfragmented packet's length.
     * @param mtu         the IPv4 MTU, at least 68.
     * @param baseOffset  the packet's own fragment offset, in 8-byte units.
     * @return 0, or minus a {@link DropReason}.
     */
    static int check(final TranslationResult result, final int totalLength, final int mtu, final int baseOffset)
    {
        final int payload = totalLength - HEADER;
        final int chunk = (mtu - HEADER) & ~7;
        final int count = (payload + chunk - 1) / chunk;
        if (count > TranslationResult.MAX_PACKETS - result.count() || payload + count * HEADER > result.remaining() ||
            totalLength > MAX_PACKET)
        {
            return -DropReason.OUTPUT_TOO_SMALL;
        }
        if (baseOffset + (((count - 1) * chunk) >>> 3) > Ipv4Header.FRAGMENT_OFFSET_MASK)
        {
            // RFC 791: the fragment offset is 13 bits of 8-byte units; beyond that the datagram cannot exist.
            return -DropReason.BAD_TOTAL_LENGTH;
        }
        return 0;
    }

    /**
     * Fragments the IPv4 packet written (not committed) at {@code result.limit()}; {@link #check} has passed.
     *
     * @param result      holding the packet at its limit.
     * @param totalLength the packet's length (may exceed 65535 for a large IPv6 fragment: only the fragments'
     *                    lengths are written).
     * @param mtu         the IPv4 MTU, at least 68.
     * @return the number of fragments committed.
     */
    int fragment(final TranslationResult result, final int totalLength, final int mtu)
    {
        final MutableDirectBuffer out = result.buffer();
        final int start = result.limit();
        final int payload = totalLength - HEADER;
        final int chunk = (mtu - HEADER) & ~7;
        final int flags = out.getShort(start + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int baseOffset = flags & Ipv4Header.FRAGMENT_OFFSET_MASK;
        int count = 0;
        final int lastMore = flags & Ipv4Header.MORE_FRAGMENTS_FLAG;
        scratch.putBytes(0, out, start, totalLength);
        int done = 0;
        while (done < payload)
        {
            final int size = Math.min(chunk, payload - done);
            final boolean last = done + size == payload;
            final int o = result.limit();
            out.putBytes(o, scratch, 0, HEADER);
            out.putShort(o + Ipv4Header.TOTAL_LENGTH_OFFSET, (short)(HEADER + size), ByteOrder.BIG_ENDIAN);
            final int word = (last ? lastMore : Ipv4Header.MORE_FRAGMENTS_FLAG) | (baseOffset + (done >>> 3));
            out.putShort(o + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET, (short)word, ByteOrder.BIG_ENDIAN);
            Ipv6ToIpv4HeaderWriter.refreshHeaderChecksum(out, o);
            out.putBytes(o + HEADER, scratch, HEADER + done, size);
            result.commit(HEADER + size, TranslationResult.KIND_TRANSLATED);
            counters.increment(TranslatorCounters.FRAGMENTS_EMITTED);
            done += size;
            count++;
        }
        return count;
    }
}
