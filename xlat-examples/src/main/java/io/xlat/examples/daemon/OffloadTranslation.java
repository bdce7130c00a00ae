package io.xlat.examples.daemon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.siit.TranslationResult;
import io.xlat.examples.io.GsoSegmenter;
import io.xlat.examples.io.PacketChannel;
import io.xlat.examples.io.VirtioNetHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Translates packets read from a TUN device with offloads ({@code IFF_VNET_HDR} + {@code TUNSETOFFLOAD}): plain
 * packets, packets with a partial L4 checksum ({@link VirtioNetHeader#FLAG_NEEDS_CSUM}) and TCP GSO super-packets,
 * which cross the device once and are translated once instead of once per MTU-sized segment.
 * <p>
 * The rule throughout: the output must mean exactly what translating the segments one by one (the packets the
 * sender's stack would have put on a wire) means. So the translator always sees a real segment:
 * <ul>
 * <li>A super-packet: segment 0, cut by {@link GsoSegmenter} with a complete checksum, goes through the ordinary
 * translator, which gives the per-segment MTU verdict (RFC 7915 4.1, 5.1), the NAT64 session update, the new
 * headers. When that is one translated TCP packet, its headers are spliced in front of the whole payload, the
 * length fields restored (IPv4 header checksum recomputed) and the packet written with a virtio-net header for
 * the other family (gso_type TCPV4/TCPV6, csum_start and hdr_len moved by the IP header size difference,
 * gso_size and csum_offset kept), so the kernel cuts it on the far side exactly as it would cut the original.
 * Anything else (an ICMP error, fragments, a FIN/SYN/RST, no partial checksum, an output too long) is written as
 * the translator produced it and the remaining segments are cut and translated one by one.</li>
 * <li>A partial checksum: completed ({@link VirtioNetHeader#completeChecksum}), translated, and when the result
 * is one TCP/UDP packet of the same L4 length, turned back into a partial one: the field gets the input's
 * partial value plus the pseudo-header change, {@code S' = S + (pseudo' - pseudo)} in one's complement (RFC
 * 1624). Header changes inside the L4 header (NAT64 ports) need nothing: the kernel sums them. The input is
 * completed first so that ICMP errors and fragments quote and carry exactly what the plain path gives.</li>
 * </ul>
 * RFC 7915 5.1 sets DF on a translated IPv4 packet only above 1260 bytes. Every segment of a super-packet but the
 * last has the size of segment 0; when the last one falls on the other side of 1260, it is left out of the
 * offloaded super-packet and translated on its own.
 * <p>
 * The IPv4 Identification of segment {@code i} is the super-packet's plus {@code i} (the kernel's and
 * {@link GsoSegmenter}'s rule), where the per-segment path would draw one per packet from the translator; with
 * DF set the field carries no meaning (RFC 6864 4.1). No allocation, no exception per packet.
 */
public final class OffloadTranslation
{
    /** RFC 7915 5.1: a translated IPv4 packet leaves with DF set only when longer than this. */
    static final int DF_THRESHOLD = 1260;

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;
    private static final int TCP_FLAGS = 13;
    private static final int TCP_FIN_SYN_RST = 0x07;
    private static final int IPV6_HEADER = 40;
    private static final int MAX_IPV4_LENGTH = 65535;
    private static final int MAX_IPV6_PAYLOAD = 65535;

    private final PacketTranslator translator;
    private final PacketChannel ingress;
    private final PacketChannel egress;
    private final TranslationResult result;
    private final WorkerCounters counters;
    private final GsoSegmenter segmenter = new GsoSegmenter();
    private final UnsafeBuffer segment = new UnsafeBuffer(ByteBuffer.allocateDirect(TranslatorWorker.MAX_PACKET));

    /**
     * Creates the offload path of one worker.
     *
     * @param translator the worker's translator.
     * @param ingress    where packets are read and ICMP errors go back.
     * @param egress     where translated packets go; super-packets are written to it only when it carries a
     *                   virtio-net header ({@link PacketChannel#writeHeader()} not null).
     * @param result     the worker's result, reused per packet.
     * @param counters   the worker's counters.
     */
    public OffloadTranslation(
        final PacketTranslator translator,
        final PacketChannel ingress,
        final PacketChannel egress,
        final TranslationResult result,
        final WorkerCounters counters)
    {
        this.translator = translator;
        this.ingress = ingress;
        this.egress = egress;
        this.result = result;
        this.counters = counters;
    }

    /**
     * Translates one packet read with a virtio-net header and writes what it gives.
     *
     * @param buffer    the packet (IP header first); the partial checksum may be completed in place.
     * @param offset    index of the IP header.
     * @param length    bytes read.
     * @param header    the virtio-net header read with it.
     * @param nowMillis the worker's clock.
     */
    public void onPacket(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final VirtioNetHeader header,
        final long nowMillis)
    {
        onPacket(buffer, offset, length, header, nowMillis, result);
    }

    /**
     * {@link #onPacket(MutableDirectBuffer, int, int, VirtioNetHeader, long)}, with a packet that needs no offload
     * work (not GSO, checksum complete) translated into {@code plainResult}: the worker passes the result whose
     * buffer holds the packet, so that it is translated in place.
     *
     * @param buffer      the packet (IP header first); the partial checksum may be completed in place.
     * @param offset      index of the IP header.
     * @param length      bytes read.
     * @param header      the virtio-net header read with it.
     * @param nowMillis   the worker's clock.
     * @param plainResult where a plain packet's translation goes.
     */
    public void onPacket(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final VirtioNetHeader header,
        final long nowMillis,
        final TranslationResult plainResult)
    {
        if (header.isGso())
        {
            onSuperPacket(buffer, offset, length, header, nowMillis);
        }
        else if (header.needsChecksum())
        {
            onPartialChecksum(buffer, offset, length, header, nowMillis);
        }
        else if (translator.translate(buffer, offset, length, plainResult, nowMillis) > 0)
        {
            emitPlain(plainResult);
        }
    }

    private void onSuperPacket(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final VirtioNetHeader header,
        final long nowMillis)
    {
        final int segments = segmenter.prepare(buffer, offset, length, header.gsoType(), header.gsoSize());
        if (segments < 1)
        {
            // UFO, an IPv6 extension header or inconsistent lengths: nothing can cut it into real packets.
            counters.add(WorkerCounters.OFFLOAD_DROPPED, 1);
            return;
        }
        int next = 0;
        if (segments > 1 && isOffloadCandidate(buffer, offset, header))
        {
            next = offload(buffer, offset, length, header, segments, nowMillis);
        }
        counters.add(next == segments ? WorkerCounters.OFFLOADED : WorkerCounters.SEGMENTED, 1);
        final UnsafeBuffer scratch = segment;
        for (int i = next; i < segments; i++)
        {
            final int n = segmenter.segment(i, scratch, 0, scratch.capacity());
            if (n > 0 && translator.translate(scratch, 0, n, result, nowMillis) > 0)
            {
                emitPlain(result);
            }
        }
    }

    private boolean isOffloadCandidate(final DirectBuffer buffer, final int offset, final VirtioNetHeader header)
    {
        final int type = header.gsoType() & ~VirtioNetHeader.GSO_ECN;
        final int ipHeaderLength = ipHeaderLength(buffer, offset);
        // FIN, SYN and RST drive the NAT64 TCP state machine (RFC 6146 3.5.2) on the segment that carries them:
        // such a super-packet (one per connection at most) goes through segment by segment.
        return null != egress.writeHeader()
            && (type == VirtioNetHeader.GSO_TCPV4 || type == VirtioNetHeader.GSO_TCPV6)
            && header.needsChecksum()
            && header.csumStart() == ipHeaderLength
            && header.csumOffset() == TCP_CHECKSUM
            && (buffer.getByte(offset + ipHeaderLength + TCP_FLAGS) & TCP_FIN_SYN_RST) == 0;
    }

    /**
     * Translates segment 0 and, when the verdict allows, writes the super-packet (or all of it but its last
     * segment) translated once.
     *
     * @return the index of the first segment still to translate on its own.
     */
    private int offload(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final VirtioNetHeader header,
        final int segments,
        final long nowMillis)
    {
        final int inIp = ipHeaderLength(buffer, offset);
        final int inL4Length = length - inIp;
        final int tcpHeaderLength = ((buffer.getByte(offset + inIp + 12) & 0xF0) >>> 4) * 4;
        final int payloadLength = inL4Length - tcpHeaderLength;
        final int gsoSize = header.gsoSize();
        final int partial = buffer.getShort(offset + inIp + TCP_CHECKSUM, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int inPseudo = Checksum.add(addressSum(buffer, offset), inL4Length);

        final int firstLength = segmenter.segment(0, segment, 0, segment.capacity());
        if (firstLength <= 0 || translator.translate(segment, 0, firstLength, result, nowMillis) <= 0)
        {
            return 1;
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.offset(0);
        final int outIp = result.count() == 1 && result.kind(0) == TranslationResult.KIND_TRANSLATED ?
            transportOffset(out, o, result.length(0), TCP) : -1;
        if (outIp < 0 || result.length(0) - outIp != firstLength - inIp)
        {
            emitPlain(result);
            return 1;
        }
        final int outVersion = version(out, o);
        int carried = segments;
        if (outVersion == 4 && version(buffer, offset) == 6)
        {
            final int lastPayload = payloadLength - (segments - 1) * gsoSize;
            final int segmentHeaders = outIp + tcpHeaderLength;
            if ((segmentHeaders + gsoSize > DF_THRESHOLD) != (segmentHeaders + lastPayload > DF_THRESHOLD))
            {
                carried = segments - 1;
            }
        }
        final int carriedPayload = carried == segments ? payloadLength : carried * gsoSize;
        final int outL4Length = tcpHeaderLength + carriedPayload;
        final int outLength = outIp + outL4Length;
        if (carried < 2 || o + outLength > out.capacity()
            || (outVersion == 4 ? outLength > MAX_IPV4_LENGTH : outL4Length > MAX_IPV6_PAYLOAD))
        {
            emitPlain(result);
            return 1;
        }
        final int firstEnd = o + result.length(0);
        out.putBytes(firstEnd, buffer, offset + inIp + tcpHeaderLength + gsoSize, carriedPayload - gsoSize);
        fixHeaders(out, o, outIp, outLength, outVersion);
        final int outTcp = o + outIp;
        if (carried == segments)
        {
            // Segment 0 lost FIN/PSH to the segmenter; the super-packet's flags go out and the kernel puts PSH
            // back on the last segment only (FIN never gets here).
            out.putByte(outTcp + TCP_FLAGS, buffer.getByte(offset + inIp + TCP_FLAGS));
        }
        final int outPseudo = Checksum.add(addressSum(out, o), outL4Length);
        out.putShort(outTcp + TCP_CHECKSUM, (short)Checksum.add(partial, Checksum.subtract(outPseudo, inPseudo)),
            ByteOrder.BIG_ENDIAN);
        final VirtioNetHeader outHeader = egress.writeHeader();
        outHeader.clear()
            .flags(VirtioNetHeader.FLAG_NEEDS_CSUM)
            .gsoType((outVersion == 6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4)
                | (header.gsoType() & VirtioNetHeader.GSO_ECN))
            .gsoSize(gsoSize)
            .hdrLen(movedHdrLen(header.hdrLen(), outIp - inIp, outIp + tcpHeaderLength, outLength))
            .csumStart(outIp)
            .csumOffset(TCP_CHECKSUM);
        write(egress, out, o, outLength);
        return carried;
    }

    private void onPartialChecksum(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final VirtioNetHeader header,
        final long nowMillis)
    {
        final int inIp = ipHeaderLength(buffer, offset);
        final int protocol = transportProtocol(buffer, offset);
        final int field = protocol == TCP ? TCP_CHECKSUM : UDP_CHECKSUM;
        final boolean keepPartial = null != egress.writeHeader()
            && (protocol == TCP || protocol == UDP)
            && inIp > 0
            && transportOffset(buffer, offset, length, protocol) == inIp
            && header.csumStart() == inIp
            && header.csumOffset() == field
            && inIp + field + 2 <= length;
        final int partial = keepPartial ? buffer.getShort(offset + inIp + field, ByteOrder.BIG_ENDIAN) & 0xFFFF : 0;
        final int inPseudo = keepPartial ? Checksum.add(addressSum(buffer, offset), length - inIp) : 0;
        if (header.completeChecksum(buffer, offset, length) < 0)
        {
            counters.add(WorkerCounters.OFFLOAD_DROPPED, 1);
            return;
        }
        if (translator.translate(buffer, offset, length, result, nowMillis) <= 0)
        {
            return;
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.offset(0);
        final int outIp = keepPartial && result.count() == 1 && result.kind(0) == TranslationResult.KIND_TRANSLATED ?
            transportOffset(out, o, result.length(0), protocol) : -1;
        if (outIp < 0 || result.length(0) - outIp != length - inIp)
        {
            emitPlain(result);
            return;
        }
        final int outLength = result.length(0);
        final int outPseudo = Checksum.add(addressSum(out, o), outLength - outIp);
        out.putShort(o + outIp + field, (short)Checksum.add(partial, Checksum.subtract(outPseudo, inPseudo)),
            ByteOrder.BIG_ENDIAN);
        egress.writeHeader().clear()
            .flags(VirtioNetHeader.FLAG_NEEDS_CSUM)
            .hdrLen(movedHdrLen(header.hdrLen(), outIp - inIp, outIp + field + 2, outLength))
            .csumStart(outIp)
            .csumOffset(field);
        write(egress, out, o, outLength);
    }

    /**
     * Writes every packet of the result as a plain packet (zero virtio-net header): translated packets to the
     * egress, ICMP errors back to the ingress.
     */
    private void emitPlain(final TranslationResult out)
    {
        final int count = out.count();
        for (int i = 0; i < count; i++)
        {
            final PacketChannel channel = out.kind(i) == TranslationResult.KIND_ICMP_ERROR ? ingress : egress;
            final VirtioNetHeader header = channel.writeHeader();
            if (null != header)
            {
                header.clear();
            }
            write(channel, out.buffer(), out.offset(i), out.length(i));
        }
    }

    private void write(final PacketChannel channel, final DirectBuffer buffer, final int offset, final int length)
    {
        if (channel.write(buffer, offset, length) == length)
        {
            counters.add(WorkerCounters.SENT, 1);
        }
        else
        {
            counters.add(WorkerCounters.WRITE_FAILED, 1);
        }
    }

    private static void fixHeaders(
        final MutableDirectBuffer out, final int o, final int ipHeaderLength, final int length, final int version)
    {
        if (version == 4)
        {
            out.putShort(o + 2, (short)length, ByteOrder.BIG_ENDIAN);
            out.putShort(o + 10, (short)0, ByteOrder.BIG_ENDIAN);
            out.putShort(o + 10, (short)Checksum.finish(Checksum.sum(out, o, ipHeaderLength, 0)),
                ByteOrder.BIG_ENDIAN);
        }
        else
        {
            out.putShort(o + 4, (short)(length - IPV6_HEADER), ByteOrder.BIG_ENDIAN);
        }
    }

    /**
     * Moves the input's {@code hdr_len} (a hint: the kernel's linear part, at least the headers) by the IP header
     * size difference, kept between the headers and the packet length.
     */
    private static int movedHdrLen(final int hdrLen, final int delta, final int minimum, final int packetLength)
    {
        return Math.min(packetLength, Math.max(minimum, hdrLen + delta));
    }

    private static int version(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset) & 0xF0) >>> 4;
    }

    private static int ipHeaderLength(final DirectBuffer buffer, final int offset)
    {
        return version(buffer, offset) == 4 ? (buffer.getByte(offset) & 0x0F) * 4 : IPV6_HEADER;
    }

    private static int transportProtocol(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + (version(buffer, offset) == 4 ? 9 : 6)) & 0xFF;
    }

    /**
     * Where the L4 header of an unfragmented packet of the given protocol starts.
     *
     * @return the IP header length, or -1 for another protocol, a fragment, an IPv6 extension header.
     */
    private static int transportOffset(
        final DirectBuffer buffer, final int offset, final int length, final int protocol)
    {
        final int version = version(buffer, offset);
        if (version == 4 && length >= 20)
        {
            final int ihl = (buffer.getByte(offset) & 0x0F) * 4;
            final int fragment = buffer.getShort(offset + 6, ByteOrder.BIG_ENDIAN) & 0x3FFF;
            return fragment == 0 && ihl >= 20 && ihl <= length && (buffer.getByte(offset + 9) & 0xFF) == protocol ?
                ihl : -1;
        }
        if (version == 6 && length >= IPV6_HEADER)
        {
            return (buffer.getByte(offset + 6) & 0xFF) == protocol ? IPV6_HEADER : -1;
        }
        return -1;
    }

    /** The one's-complement sum of the source and destination addresses, the pseudo-header part that changes. */
    private static int addressSum(final DirectBuffer buffer, final int offset)
    {
        if (version(buffer, offset) == 4)
        {
            return Checksum.add(Checksum.addressSum4(buffer.getInt(offset + 12, ByteOrder.BIG_ENDIAN)),
                Checksum.addressSum4(buffer.getInt(offset + 16, ByteOrder.BIG_ENDIAN)));
        }
        return Checksum.add(Checksum.addressSum6(buffer, offset + 8), Checksum.addressSum6(buffer, offset + 24));
    }
}
