package io.xlat.examples.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class VirtioNetHeaderTest
{
    /** Lays out a struct virtio_net_hdr the way a C compiler on this host would: 16-bit fields in host order. */
    private static byte[] header(final int flags, final int gsoType, final int hdrLen, final int gsoSize,
        final int csumStart, final int csumOffset)
    {
        final ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        b.put((byte)flags).put((byte)gsoType).putShort((short)hdrLen).putShort((short)gsoSize)
            .putShort((short)csumStart).putShort((short)csumOffset).putShort((short)1);
        return b.array();
    }

    @Test
    void shouldReadEveryFieldInHostByteOrder()
    {
        final byte[] raw = header(0x01, 0x81, 54, 1448, 20, 16);
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(raw), 0);
        assertEquals(1, h.flags());
        assertTrue(h.needsChecksum());
        assertEquals(0x81, h.gsoType());
        assertTrue(h.isGso());
        assertEquals(54, h.hdrLen());
        assertEquals(1448, h.gsoSize());
        assertEquals(20, h.csumStart());
        assertEquals(16, h.csumOffset());
    }

    @Test
    void shouldWriteFieldsThatACStructReaderUnderstands()
    {
        final byte[] raw = new byte[12];
        new VirtioNetHeader().wrap(new UnsafeBuffer(raw), 0)
            .flags(VirtioNetHeader.FLAG_NEEDS_CSUM).gsoType(VirtioNetHeader.GSO_TCPV6).hdrLen(74).gsoSize(1428)
            .csumStart(40).csumOffset(16);
        assertArrayEquals(Arrays.copyOf(header(1, 4, 74, 1428, 40, 16), 10), Arrays.copyOf(raw, 10));
    }

    @Test
    void shouldSeeNoGsoInAZeroHeaderOrOneWithOnlyTheEcnBit()
    {
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(new byte[10]), 0);
        assertFalse(h.isGso());
        assertFalse(h.needsChecksum());
        h.gsoType(VirtioNetHeader.GSO_ECN);
        assertFalse(h.isGso());
        h.gsoType(VirtioNetHeader.GSO_TCPV4).clear();
        assertEquals(0, h.gsoType());
    }

    /** Replaces the TCP/UDP checksum of a correct packet with what Linux leaves for CHECKSUM_PARTIAL. */
    private static byte[] partial(final byte[] packet, final int l4Offset, final int checksumOffset,
        final int pseudoSum)
    {
        final byte[] copy = packet.clone();
        copy[l4Offset + checksumOffset] = (byte)(pseudoSum >>> 8);
        copy[l4Offset + checksumOffset + 1] = (byte)pseudoSum;
        return copy;
    }

    @Test
    void shouldCompleteAPartialTcpOverIpv4ChecksumToTheFullOne()
    {
        final byte[] good = PacketBuilder.ipv4("192.0.2.1", "198.51.100.7").tcp(40000, 80).seq(1).ack(2)
            .flags(PacketBuilder.ACK | PacketBuilder.PSH).payloadOfLength(333).build();
        final int l4Length = good.length - 20;
        final int pseudo = RefChecksum.ipv4PseudoHeaderSum(PacketBuilder.address("192.0.2.1", 4),
            PacketBuilder.address("198.51.100.7", 4), 6, l4Length);
        final byte[] packet = partial(good, 20, 16, pseudo);
        assertNotEquals(Arrays.toString(good), Arrays.toString(packet));
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(header(1, 0, 0, 0, 20, 16)), 0);
        assertEquals(0, h.completeChecksum(new UnsafeBuffer(packet), 0, packet.length));
        assertArrayEquals(good, packet);
        assertEquals(0, RefChecksum.problems(packet).size(), RefChecksum.problems(packet).toString());
    }

    @Test
    void shouldCompleteAPartialUdpOverIpv6ChecksumAtAnOffsetInTheBuffer()
    {
        final byte[] good = PacketBuilder.ipv6("2001:db8::1", "2001:db8:1::2").udp(5353, 53).payloadOfLength(91)
            .build();
        final int pseudo = RefChecksum.ipv6PseudoHeaderSum(PacketBuilder.address("2001:db8::1", 16),
            PacketBuilder.address("2001:db8:1::2", 16), 17, good.length - 40);
        final byte[] packet = partial(good, 40, 6, pseudo);
        final byte[] buffer = new byte[packet.length + 13];
        System.arraycopy(packet, 0, buffer, 13, packet.length);
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(header(1, 0, 0, 0, 40, 6)), 0);
        assertEquals(0, h.completeChecksum(new UnsafeBuffer(buffer), 13, packet.length));
        assertArrayEquals(good, Arrays.copyOfRange(buffer, 13, buffer.length));
    }

    @Test
    void shouldLeaveAPacketAloneWhenTheChecksumIsNotPartial()
    {
        final byte[] packet = PacketBuilder.ipv4("192.0.2.1", "192.0.2.2").udp(1, 2).payloadOfLength(10).build();
        final byte[] before = packet.clone();
        packet[26] = 0x12;
        before[26] = 0x12;
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(header(0, 0, 0, 0, 20, 6)), 0);
        assertEquals(0, h.completeChecksum(new UnsafeBuffer(packet), 0, packet.length));
        assertArrayEquals(before, packet);
    }

    @Test
    void shouldRefuseChecksumOffsetsBeyondThePacket()
    {
        final byte[] packet = new byte[40];
        final VirtioNetHeader h = new VirtioNetHeader().wrap(new UnsafeBuffer(header(1, 0, 0, 0, 30, 16)), 0);
        assertEquals(VirtioNetHeader.BAD_CHECKSUM_OFFSETS, h.completeChecksum(new UnsafeBuffer(packet), 0, 40));
        assertArrayEquals(new byte[40], packet);
    }
}
