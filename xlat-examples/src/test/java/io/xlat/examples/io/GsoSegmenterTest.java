package io.xlat.examples.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class GsoSegmenterTest
{
    private static final int CWR = 0x80;

    private static byte[] payload(final int length)
    {
        final byte[] p = new byte[length];
        for (int i = 0; i < length; i++)
        {
            p[i] = (byte)(i * 13 + i / 256);
        }
        return p;
    }

    /** The IPv4 TCP packet the sender's stack would have sent for bytes [from, from + length) of the stream. */
    private static byte[] ipv4Tcp(final int id, final long seq, final int flags, final byte[] data)
    {
        return PacketBuilder.ipv4("192.0.2.1", "198.51.100.9").id(id).df(true).tcp(43210, 443).seq(seq)
            .ack(0x01020304L).flags(flags).window(501).tcpOptions(1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9)
            .payload(data).build();
    }

    private static byte[] ipv6Tcp(final long seq, final int flags, final byte[] data)
    {
        return PacketBuilder.ipv6("2001:db8::1", "2001:db8:64::c633:6409").flowLabel(0x12345).tcp(50000, 80)
            .seq(seq).ack(77).flags(flags).payload(data).build();
    }

    private static byte[][] cut(final byte[] superPacket, final int gsoType, final int gsoSize, final int offset)
    {
        final byte[] buffer = new byte[offset + superPacket.length];
        System.arraycopy(superPacket, 0, buffer, offset, superPacket.length);
        final GsoSegmenter segmenter = new GsoSegmenter();
        final int count = segmenter.prepare(new UnsafeBuffer(buffer), offset, superPacket.length, gsoType, gsoSize);
        assertTrue(count > 0, "prepare returned " + count);
        final byte[][] out = new byte[count][];
        final UnsafeBuffer target = new UnsafeBuffer(new byte[70_000]);
        for (int i = 0; i < count; i++)
        {
            final int n = segmenter.segment(i, target, 5, 70_000 - 5);
            assertEquals(segmenter.segmentLength(i), n);
            out[i] = new byte[n];
            target.getBytes(5, out[i]);
        }
        return out;
    }

    @Test
    void shouldCutAnIpv4TcpSuperPacketIntoTheSegmentsTheSenderWouldHaveSent()
    {
        final byte[] data = payload(4000);
        final long seq = 0xFFFF_FF00L;
        final int flags = PacketBuilder.ACK | PacketBuilder.PSH | PacketBuilder.FIN | CWR;
        final byte[] superPacket = ipv4Tcp(0xFFFE, seq, flags, data);
        final byte[][] segments = cut(superPacket, VirtioNetHeader.GSO_TCPV4 | VirtioNetHeader.GSO_ECN, 1448, 3);
        assertEquals(3, segments.length);
        // Sequence numbers wrap past 2^32, identifications past 2^16; CWR on the first only, FIN/PSH on the last.
        assertArrayEquals(ipv4Tcp(0xFFFE, seq, PacketBuilder.ACK | CWR, Arrays.copyOfRange(data, 0, 1448)),
            segments[0]);
        assertArrayEquals(ipv4Tcp(0xFFFF, (seq + 1448) & 0xFFFF_FFFFL, PacketBuilder.ACK,
            Arrays.copyOfRange(data, 1448, 2896)), segments[1]);
        assertArrayEquals(ipv4Tcp(0x0000, (seq + 2896) & 0xFFFF_FFFFL,
            PacketBuilder.ACK | PacketBuilder.PSH | PacketBuilder.FIN, Arrays.copyOfRange(data, 2896, 4000)),
            segments[2]);
    }

    @Test
    void shouldCutAnIpv6TcpSuperPacketWhateverItsPartialChecksumHeld()
    {
        final byte[] data = payload(2900);
        final byte[] superPacket = ipv6Tcp(1000, PacketBuilder.ACK | PacketBuilder.PSH, data);
        superPacket[40 + 16] = 0x11;
        superPacket[40 + 17] = 0x22;
        final byte[][] segments = cut(superPacket, VirtioNetHeader.GSO_TCPV6, 1428, 0);
        assertEquals(3, segments.length);
        assertArrayEquals(ipv6Tcp(1000, PacketBuilder.ACK, Arrays.copyOfRange(data, 0, 1428)), segments[0]);
        assertArrayEquals(ipv6Tcp(2428, PacketBuilder.ACK, Arrays.copyOfRange(data, 1428, 2856)), segments[1]);
        assertArrayEquals(ipv6Tcp(3856, PacketBuilder.ACK | PacketBuilder.PSH, Arrays.copyOfRange(data, 2856, 2900)),
            segments[2]);
    }

    @Test
    void shouldCutAUdpSuperPacketIntoDatagramsWithTheirOwnLengthAndChecksum()
    {
        final byte[] data = payload(3000);
        final byte[] superPacket = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").udp(4433, 443).payload(data)
            .build();
        final byte[][] segments = cut(superPacket, VirtioNetHeader.GSO_UDP_L4, 1200, 0);
        assertEquals(3, segments.length);
        for (int i = 0; i < 3; i++)
        {
            final byte[] expected = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").udp(4433, 443)
                .payload(Arrays.copyOfRange(data, i * 1200, Math.min(3000, (i + 1) * 1200))).build();
            assertArrayEquals(expected, segments[i], "segment " + i);
        }
    }

    @Test
    void shouldPassAPacketWithoutGsoThroughUnchanged()
    {
        final byte[] packet = PacketBuilder.ipv4("192.0.2.1", "192.0.2.2").echoRequest(1, 2).payloadOfLength(56)
            .build();
        final byte[][] segments = cut(packet, VirtioNetHeader.GSO_NONE, 0, 9);
        assertEquals(1, segments.length);
        assertArrayEquals(packet, segments[0]);
    }

    @Test
    void shouldRefuseInconsistentOrUnsupportedSuperPackets()
    {
        final GsoSegmenter segmenter = new GsoSegmenter();
        final byte[] v6 = ipv6Tcp(1, PacketBuilder.ACK, payload(3000));
        final byte[] v4 = ipv4Tcp(1, 1, PacketBuilder.ACK, payload(3000));
        assertEquals(GsoSegmenter.MALFORMED, segmenter.prepare(new UnsafeBuffer(v6), 0, v6.length,
            VirtioNetHeader.GSO_TCPV4, 1400), "TCPV4 on an IPv6 packet");
        assertEquals(GsoSegmenter.MALFORMED, segmenter.prepare(new UnsafeBuffer(v4), 0, v4.length,
            VirtioNetHeader.GSO_TCPV4, 0), "gso_size 0");
        assertEquals(GsoSegmenter.MALFORMED, segmenter.prepare(new UnsafeBuffer(v4), 0, v4.length - 1,
            VirtioNetHeader.GSO_TCPV4, 1400), "total length beyond the bytes read");
        assertEquals(GsoSegmenter.UNSUPPORTED, segmenter.prepare(new UnsafeBuffer(v4), 0, v4.length,
            VirtioNetHeader.GSO_UDP, 1400), "UFO");
        final byte[] withExtension = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").destinationOptions(1, 4, 0, 0,
            0, 0).tcp(1, 2).payload(payload(3000)).build();
        assertEquals(GsoSegmenter.UNSUPPORTED, segmenter.prepare(new UnsafeBuffer(withExtension), 0,
            withExtension.length, VirtioNetHeader.GSO_TCPV6, 1400), "extension header");
        assertEquals(0, segmenter.segments());
    }

    @Test
    void shouldReportASegmentThatDoesNotFitTheOutputCapacity()
    {
        final byte[] v4 = ipv4Tcp(1, 1, PacketBuilder.ACK, payload(3000));
        final GsoSegmenter segmenter = new GsoSegmenter();
        assertEquals(3, segmenter.prepare(new UnsafeBuffer(v4), 0, v4.length, VirtioNetHeader.GSO_TCPV4, 1000));
        // 20 bytes of IPv4, 20 of TCP and 12 of TCP options, then 1000 of payload.
        assertEquals(PacketChannel.TOO_LONG, segmenter.segment(0, new UnsafeBuffer(new byte[1500]), 0, 1051));
        assertEquals(1052, segmenter.segment(0, new UnsafeBuffer(new byte[1500]), 0, 1052));
    }

    @Property(tries = 200)
    void everySegmentHasValidChecksumsAndTheirPayloadsRebuildTheStream(
        @ForAll @IntRange(min = 1, max = 20_000) final int payloadLength,
        @ForAll @IntRange(min = 1, max = 9000) final int gsoSize,
        @ForAll final boolean ipv6)
    {
        final byte[] data = payload(payloadLength);
        final byte[] superPacket = ipv6 ? ipv6Tcp(5, PacketBuilder.ACK, data) : ipv4Tcp(9, 5, PacketBuilder.ACK, data);
        final byte[][] segments = cut(superPacket, ipv6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4,
            gsoSize, 1);
        assertEquals((payloadLength + gsoSize - 1) / gsoSize, segments.length);
        final int headers = superPacket.length - payloadLength;
        final byte[] rebuilt = new byte[payloadLength];
        int at = 0;
        for (final byte[] segment : segments)
        {
            final List<String> problems = RefChecksum.problems(segment);
            assertTrue(problems.isEmpty(), problems.toString());
            assertTrue(segment.length - headers <= gsoSize);
            System.arraycopy(segment, headers, rebuilt, at, segment.length - headers);
            at += segment.length - headers;
        }
        assertArrayEquals(data, rebuilt);
    }
}
