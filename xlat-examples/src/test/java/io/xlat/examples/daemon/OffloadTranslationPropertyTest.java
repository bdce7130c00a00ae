package io.xlat.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64State;
import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import io.xlat.examples.io.GsoSegmenter;
import io.xlat.examples.io.PacketChannel;
import io.xlat.examples.io.VirtioNetHeader;
import io.xlat.examples.plat.Nat64PacketTranslator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link OffloadTranslation}: "translate the super-packet once, then cut the output with
 * {@link GsoSegmenter} by the written virtio-net header" against "cut the input, translate each segment" (the
 * plain path), byte for byte with two translators of the same settings. Outer IPv4 Identifications are compared as
 * zero (RFC 6864 4.1; the per-segment translator draws one per packet from a counter seeded by the clock), and a
 * TCP checksum 0xFFFF as 0x0000 (the same one's-complement value, RFC 1624 3). Every partial checksum the offload
 * path writes is also completed and checked against a reference checksum computed from the bytes.
 */
class OffloadTranslationPropertyTest
{
    private static final int ACK = PacketBuilder.ACK;
    private static final int CWR = 0x80;
    private static final String CLIENT6 = "2001:db8:2::100";
    private static final String SERVER4 = "198.51.100.10";
    private static final String CLIENT4 = "192.0.2.33";
    private static final int CLIENT_PORT = 40000;
    private static final int SERVER_PORT = 80;
    private static final long NOW = 1_000_000L;

    /** A pair of identically configured translators and the addresses of one TCP flow through them. */
    private static final class Setup
    {
        final PacketTranslator reference;
        final PacketTranslator offloaded;
        final String prefix;
        final boolean nat64;
        String v4Local = CLIENT4;
        int v4LocalPort = CLIENT_PORT;

        Setup(final boolean nat64, final boolean neutral)
        {
            this.nat64 = nat64;
            this.prefix = neutral ? "64:ff9b::" : "2001:db8:64::";
            this.reference = translator(nat64, prefix + "/96");
            this.offloaded = translator(nat64, prefix + "/96");
        }

        String v6Client()
        {
            return nat64 ? CLIENT6 : prefix + "c000:221";
        }

        String v6Server()
        {
            return prefix + "c633:640a";
        }
    }

    private static PacketTranslator translator(final boolean nat64, final String pool6)
    {
        final SiitAddressMapper mapper = SiitAddressMapper.builder().pool6(pool6).allowWkpNonGlobal(true).build();
        if (nat64)
        {
            final Nat64State state = new Nat64State(Nat64Config.builder().seed(42).sessionCapacity(1024).build(),
                Pool4.parse("192.0.2.0/28"));
            return new Nat64PacketTranslator(new Nat64Translator(state, mapper,
                SiitConfig.builder().self4(0xCB007101)));
        }
        return new SiitPacketTranslator(SiitConfig.builder().mapper(mapper).self4(0xCB007101).build());
    }

    /** Records what is written, with a copy of the virtio-net header set for it. */
    private static final class HeaderChannel implements PacketChannel
    {
        final List<byte[]> packets = new ArrayList<>();
        final List<byte[]> headers = new ArrayList<>();
        private final UnsafeBuffer headerBytes = new UnsafeBuffer(new byte[VirtioNetHeader.HEADER_LENGTH]);
        private final VirtioNetHeader header = new VirtioNetHeader().wrap(headerBytes, 0);
        private final boolean carriesHeader;

        HeaderChannel(final boolean carriesHeader)
        {
            this.carriesHeader = carriesHeader;
        }

        @Override
        public int read(final MutableDirectBuffer buffer, final int offset, final int capacity)
        {
            return 0;
        }

        @Override
        public int write(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] packet = new byte[length];
            buffer.getBytes(offset, packet);
            packets.add(packet);
            headers.add(headerBytes.byteArray().clone());
            header.clear();
            return length;
        }

        @Override
        public VirtioNetHeader writeHeader()
        {
            return carriesHeader ? header : null;
        }

        @Override
        public int awaitReadable(final int timeoutMillis)
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }

    /** The plain path's output, and the offload path's output as the far side's kernel would cut it. */
    private record Outputs(List<byte[]> translated, List<byte[]> errors, HeaderChannel egress,
        WorkerCounters counters)
    {
    }

    private static byte[] data(final int length, final int seed)
    {
        final byte[] d = new byte[length];
        for (int i = 0; i < length; i++)
        {
            d[i] = (byte)(i * 31 + seed + i / 251);
        }
        return d;
    }

    /** Replaces a complete L4 checksum by the partial value the sender's kernel leaves (the pseudo-header sum). */
    private static byte[] partial(final byte[] packet, final int checksumOffset)
    {
        final byte[] p = packet.clone();
        final boolean v4 = (p[0] & 0xF0) == 0x40;
        final int ip = v4 ? (p[0] & 0x0F) * 4 : 40;
        final int protocol = p[v4 ? 9 : 6] & 0xFF;
        final int sum = v4
            ? RefChecksum.ipv4PseudoHeaderSum(Arrays.copyOfRange(p, 12, 16), Arrays.copyOfRange(p, 16, 20), protocol,
            p.length - ip)
            : RefChecksum.ipv6PseudoHeaderSum(Arrays.copyOfRange(p, 8, 24), Arrays.copyOfRange(p, 24, 40), protocol,
            p.length - ip);
        p[ip + checksumOffset] = (byte)(sum >>> 8);
        p[ip + checksumOffset + 1] = (byte)sum;
        return p;
    }

    private static byte[] header(final int flags, final int gsoType, final int gsoSize, final int csumStart,
        final int csumOffset, final int hdrLen)
    {
        final byte[] h = new byte[VirtioNetHeader.HEADER_LENGTH];
        new VirtioNetHeader().wrap(new UnsafeBuffer(h), 0).flags(flags).gsoType(gsoType).gsoSize(gsoSize)
            .csumStart(csumStart).csumOffset(csumOffset).hdrLen(hdrLen);
        return h;
    }

    private static void collect(final TranslationResult result, final int verdict, final List<byte[]> translated,
        final List<byte[]> errors)
    {
        for (int i = 0; verdict > 0 && i < result.count(); i++)
        {
            final byte[] p = new byte[result.length(i)];
            result.buffer().getBytes(result.offset(i), p);
            (result.kind(i) == TranslationResult.KIND_ICMP_ERROR ? errors : translated).add(p);
        }
    }

    /** The plain path: cut (or complete) the input, translate each packet. */
    private static Outputs plainPath(final PacketTranslator translator, final byte[] packet, final byte[] vnet)
    {
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(vnet), 0);
        final List<byte[]> translated = new ArrayList<>();
        final List<byte[]> errors = new ArrayList<>();
        final TranslationResult result = new TranslationResult();
        final UnsafeBuffer in = new UnsafeBuffer(packet.clone());
        if (!h.isGso())
        {
            assertEquals(0, h.completeChecksum(in, 0, packet.length));
            collect(result, translator.translate(in, 0, packet.length, result, NOW), translated, errors);
            return new Outputs(translated, errors, null, null);
        }
        final GsoSegmenter segmenter = new GsoSegmenter();
        final int segments = segmenter.prepare(in, 0, packet.length, h.gsoType(), h.gsoSize());
        assertTrue(segments > 0);
        final UnsafeBuffer segment = new UnsafeBuffer(new byte[70_000]);
        for (int i = 0; i < segments; i++)
        {
            final int n = segmenter.segment(i, segment, 0, segment.capacity());
            collect(result, translator.translate(segment, 0, n, result, NOW), translated, errors);
        }
        return new Outputs(translated, errors, null, null);
    }

    /** The offload path, its output cut by the virtio-net headers it wrote (checksums completed and checked). */
    private static Outputs offloadPath(final PacketTranslator translator, final byte[] packet, final byte[] vnet)
    {
        final HeaderChannel ingress = new HeaderChannel(true);
        final HeaderChannel egress = new HeaderChannel(true);
        final WorkerCounters counters = new WorkerCounters();
        final OffloadTranslation offload = new OffloadTranslation(translator, ingress, egress,
            new TranslationResult(), counters);
        // Exact-size input buffer: any read beyond the packet fails.
        offload.onPacket(new UnsafeBuffer(packet.clone()), 0, packet.length,
            new VirtioNetHeader().wrap(new UnsafeBuffer(vnet.clone()), 0), NOW);
        for (final byte[] h : ingress.headers)
        {
            assertArrayEquals(new byte[VirtioNetHeader.HEADER_LENGTH], h, "ICMP errors go out with a zero header");
        }
        final List<byte[]> translated = new ArrayList<>();
        for (int i = 0; i < egress.packets.size(); i++)
        {
            final byte[] p = egress.packets.get(i).clone();
            final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(egress.headers.get(i)), 0);
            if (h.needsChecksum())
            {
                final int ip = (p[0] & 0xF0) == 0x40 ? (p[0] & 0x0F) * 4 : 40;
                assertEquals(ip, h.csumStart(), "csum_start at the L4 header of the output");
                final byte[] whole = p.clone();
                assertEquals(0, h.completeChecksum(new UnsafeBuffer(whole), 0, whole.length));
                assertEquals(List.of(), RefChecksum.problems(whole), "the partial checksum completes to a valid one");
                if (!h.isGso())
                {
                    translated.add(whole);
                    continue;
                }
            }
            if (!h.isGso())
            {
                translated.add(p);
                continue;
            }
            final GsoSegmenter segmenter = new GsoSegmenter();
            final UnsafeBuffer out = new UnsafeBuffer(p);
            final int segments = segmenter.prepare(out, 0, p.length, h.gsoType(), h.gsoSize());
            assertTrue(segments > 1, "a written super-packet has several segments: " + segments);
            final UnsafeBuffer segment = new UnsafeBuffer(new byte[70_000]);
            for (int s = 0; s < segments; s++)
            {
                final int n = segmenter.segment(s, segment, 0, segment.capacity());
                translated.add(Arrays.copyOf(segment.byteArray(), n));
            }
        }
        return new Outputs(translated, ingress.packets, egress, counters);
    }

    /** Outer IPv4 Identification as zero (header checksum recomputed), TCP checksum 0xFFFF as 0x0000. */
    private static String normalized(final byte[] packet)
    {
        final byte[] p = packet.clone();
        int l4 = 40;
        int protocol = p[6] & 0xFF;
        if ((p[0] & 0xF0) == 0x40)
        {
            l4 = (p[0] & 0x0F) * 4;
            protocol = p[9] & 0xFF;
            p[4] = 0;
            p[5] = 0;
            p[10] = 0;
            p[11] = 0;
            final int sum = ~RefChecksum.onesComplementSum(p, 0, l4) & 0xFFFF;
            p[10] = (byte)(sum >>> 8);
            p[11] = (byte)sum;
        }
        if (protocol == 6 && p.length >= l4 + 18 && p[l4 + 16] == (byte)0xFF && p[l4 + 17] == (byte)0xFF)
        {
            p[l4 + 16] = 0;
            p[l4 + 17] = 0;
        }
        return HexFormat.of().formatHex(p);
    }

    private static List<String> normalized(final List<byte[]> packets)
    {
        final List<String> out = new ArrayList<>();
        for (final byte[] p : packets)
        {
            out.add(normalized(p));
        }
        return out;
    }

    private static Outputs assertSameAsPlainPath(final Setup setup, final byte[] packet, final byte[] vnet)
    {
        final Outputs plain = plainPath(setup.reference, packet, vnet);
        final Outputs offload = offloadPath(setup.offloaded, packet, vnet);
        assertEquals(normalized(plain.translated()), normalized(offload.translated()), "translated packets");
        assertEquals(normalized(plain.errors()), normalized(offload.errors()), "ICMP errors");
        for (final byte[] p : offload.translated())
        {
            assertEquals(List.of(), RefChecksum.problems(p));
        }
        return offload;
    }

    /** NAT64: opens the session in both translators (SYN out, SYN-ACK in) and learns the pool4 address and port. */
    private static void handshake(final Setup setup)
    {
        if (!setup.nat64)
        {
            return;
        }
        final byte[] syn = PacketBuilder.ipv6(CLIENT6, setup.v6Server()).tcp(CLIENT_PORT, SERVER_PORT)
            .flags(PacketBuilder.SYN).seq(999).build();
        final byte[] v4Syn = translateOne(setup.reference, syn);
        assertEquals(normalized(v4Syn), normalized(translateOne(setup.offloaded, syn)),
            "both translators open the same session");
        setup.v4Local = (v4Syn[12] & 0xFF) + "." + (v4Syn[13] & 0xFF) + "." + (v4Syn[14] & 0xFF) + "."
            + (v4Syn[15] & 0xFF);
        setup.v4LocalPort = ((v4Syn[20] & 0xFF) << 8) | (v4Syn[21] & 0xFF);
        final byte[] synAck = PacketBuilder.ipv4(SERVER4, setup.v4Local).df(true).tcp(SERVER_PORT, setup.v4LocalPort)
            .flags(PacketBuilder.SYN | ACK).seq(5000).ack(1000).build();
        assertEquals(normalized(translateOne(setup.reference, synAck)),
            normalized(translateOne(setup.offloaded, synAck)));
    }

    private static byte[] translateOne(final PacketTranslator translator, final byte[] packet)
    {
        final TranslationResult result = new TranslationResult();
        assertEquals(1, translator.translate(new UnsafeBuffer(packet.clone()), 0, packet.length, result, NOW));
        final byte[] p = new byte[result.length(0)];
        result.buffer().getBytes(result.offset(0), p);
        return p;
    }

    private static PacketBuilder tcp(final Setup setup, final boolean fromIpv4, final boolean df, final int ttl)
    {
        if (fromIpv4)
        {
            return PacketBuilder.ipv4(SERVER4, setup.v4Local).df(df).ttl(ttl).id(0x4321)
                .tcp(SERVER_PORT, setup.v4LocalPort);
        }
        return PacketBuilder.ipv6(setup.v6Client(), setup.v6Server()).hopLimit(ttl).tcp(CLIENT_PORT, SERVER_PORT);
    }

    private static byte[] superPacket(final Setup setup, final boolean fromIpv4, final boolean df, final int ttl,
        final int flags, final boolean options, final int payload)
    {
        final PacketBuilder builder = tcp(setup, fromIpv4, df, ttl).seq(0xFFFF_0000L).ack(7777).flags(flags)
            .window(1024);
        if (options)
        {
            builder.tcpOptions(1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9);
        }
        return partial(builder.payload(data(payload, flags)).build(), 16);
    }

    private static byte[] gsoHeader(final byte[] packet, final int gsoSize, final boolean ecn)
    {
        final boolean v4 = (packet[0] & 0xF0) == 0x40;
        final int ip = v4 ? (packet[0] & 0x0F) * 4 : 40;
        final int tcpLength = ((packet[ip + 12] & 0xF0) >>> 4) * 4;
        return header(VirtioNetHeader.FLAG_NEEDS_CSUM,
            (v4 ? VirtioNetHeader.GSO_TCPV4 : VirtioNetHeader.GSO_TCPV6) | (ecn ? VirtioNetHeader.GSO_ECN : 0),
            gsoSize, ip, 16, ip + tcpLength);
    }

    @Property(tries = 300)
    void translatingASuperPacketOnceThenCuttingItGivesWhatCuttingThenTranslatingGives(
        @ForAll final boolean nat64,
        @ForAll final boolean neutral,
        @ForAll final boolean fromIpv4,
        @ForAll @IntRange(min = 1, max = 1480) final int gsoSize,
        @ForAll @IntRange(min = 1, max = 60_000) final int payload,
        @ForAll @IntRange(min = 0, max = 15) final int variant)
    {
        final Setup setup = new Setup(nat64, neutral);
        handshake(setup);
        final boolean df = variant != 1;
        final int ttl = variant == 2 ? 1 : 64;
        final boolean ecn = variant == 3 || variant == 4;
        final int flags = ACK | (variant % 2 == 0 ? PacketBuilder.PSH : 0) | (ecn ? CWR : 0)
            | (variant == 5 ? PacketBuilder.FIN : 0);
        final byte[] packet = superPacket(setup, fromIpv4, df, ttl, flags, variant >= 8, payload);
        final Outputs out = assertSameAsPlainPath(setup, packet, gsoHeader(packet, gsoSize, ecn));
        Statistics.collect(out.counters().get(WorkerCounters.OFFLOADED) > 0 ? "offloaded"
            : out.egress().packets.stream().anyMatch((p) -> p.length > 1500) ? "offloaded, tail alone" : "segmented");
        Statistics.coverage((coverage) ->
        {
            coverage.check("offloaded").percentage((p) -> p > 20);
            coverage.check("segmented").percentage((p) -> p > 10);
        });
    }

    @Property(tries = 200)
    void aPartialChecksumPacketCompletesToWhatTranslatingTheCompletedPacketGives(
        @ForAll final boolean nat64,
        @ForAll final boolean neutral,
        @ForAll final boolean fromIpv4,
        @ForAll final boolean udp,
        @ForAll @IntRange(min = 0, max = 1600) final int payload)
    {
        final Setup setup = new Setup(nat64, neutral);
        handshake(setup);
        final byte[] packet;
        if (udp && !(nat64 && fromIpv4))
        {
            final PacketBuilder builder = fromIpv4 ? PacketBuilder.ipv4(SERVER4, CLIENT4).df(true).udp(53, 5353)
                : PacketBuilder.ipv6(setup.v6Client(), setup.v6Server()).udp(5353, 53);
            packet = partial(builder.payload(data(payload, 3)).build(), 6);
        }
        else
        {
            packet = partial(tcp(setup, fromIpv4, true, 64).seq(12345).ack(1).flags(ACK)
                .payload(data(payload, 5)).build(), 16);
        }
        final int ip = fromIpv4 ? 20 : 40;
        final boolean isUdp = packet[fromIpv4 ? 9 : 6] == 17;
        final byte[] vnet = header(VirtioNetHeader.FLAG_NEEDS_CSUM, VirtioNetHeader.GSO_NONE, 0, ip,
            isUdp ? 6 : 16, ip + (isUdp ? 8 : 20));
        assertSameAsPlainPath(setup, packet, vnet);
    }

    @Test
    void shouldWriteATypicalIpv4SuperPacketOnceAsATcpv6SuperPacket()
    {
        final Setup setup = new Setup(false, false);
        // 20 + 32 + 1400 bytes per IPv4 segment, 40 + 32 + 1400 per IPv6 segment: within mtu6 1500.
        final byte[] packet = superPacket(setup, true, true, 64, ACK | PacketBuilder.PSH | CWR, true, 14_000);
        final Outputs out = assertSameAsPlainPath(setup, packet, gsoHeader(packet, 1400, true));
        assertEquals(1, out.egress().packets.size());
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(out.egress().headers.get(0)), 0);
        assertEquals(VirtioNetHeader.GSO_TCPV6 | VirtioNetHeader.GSO_ECN, h.gsoType());
        assertEquals(1400, h.gsoSize());
        assertEquals(40, h.csumStart());
        assertEquals(16, h.csumOffset());
        assertEquals(40 + 32, h.hdrLen(), "hdr_len moved by the IP header size difference");
        assertEquals(packet.length + 20, out.egress().packets.get(0).length);
        assertEquals(10, out.translated().size());
        assertEquals(1, out.counters().get(WorkerCounters.OFFLOADED));
        assertEquals(0, out.counters().get(WorkerCounters.SEGMENTED));
    }

    @Test
    void shouldTranslateTheLastSegmentAloneWhenRfc7915GivesItAnotherDfFlag()
    {
        final Setup setup = new Setup(true, true);
        handshake(setup);
        // 1400-byte segments leave with DF set, the 100-byte tail without (RFC 7915 5.1: DF only above 1260).
        final byte[] packet = superPacket(setup, false, true, 64, ACK, false, 4 * 1400 + 100);
        final Outputs out = assertSameAsPlainPath(setup, packet, gsoHeader(packet, 1400, false));
        assertEquals(2, out.egress().packets.size(), "a super-packet of four segments, then the tail alone");
        assertEquals(20 + 20 + 4 * 1400, out.egress().packets.get(0).length);
        assertEquals(0, out.egress().packets.get(1)[6] & 0x40, "the tail has DF clear");
        assertEquals(1, out.counters().get(WorkerCounters.SEGMENTED));
    }

    @Test
    void shouldAnswerASuperPacketOfTooBigSegmentsWithOneIcmpErrorPerSegmentAsThePlainPath()
    {
        final Setup setup = new Setup(false, true);
        // 1480-byte IPv4 segments become 1500 + 20 bytes of IPv6: Fragmentation Needed, MTU 1480 (RFC 7915 4.1).
        final byte[] packet = superPacket(setup, true, true, 64, ACK, false, 3 * 1460);
        final Outputs out = assertSameAsPlainPath(setup, packet, gsoHeader(packet, 1460, false));
        assertEquals(0, out.egress().packets.size());
        assertEquals(3, out.errors().size());
        final byte[] error = out.errors().get(0);
        assertEquals(3, error[20], "Destination Unreachable");
        assertEquals(4, error[21], "Fragmentation Needed");
        assertEquals(1480, ((error[26] & 0xFF) << 8) | (error[27] & 0xFF));
    }
}
