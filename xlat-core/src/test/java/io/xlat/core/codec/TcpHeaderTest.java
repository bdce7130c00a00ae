package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.stats.DropReason;

class TcpHeaderTest
{
    private final TcpHeader tcp = new TcpHeader();

    @Test
    void shouldReadARealSynWithOptions()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.TCP_SYN_V4);
        tcp.wrap(buffer, 20, buffer.capacity() - 20);
        assertEquals(40, tcp.validate());
        assertEquals(40000, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals(0x12345678, tcp.sequenceNumber());
        assertEquals(0, tcp.acknowledgmentNumber());
        assertEquals(10, tcp.dataOffset());
        assertEquals(40, tcp.headerLength());
        assertEquals(TcpHeader.SYN_FLAG, tcp.flags());
        assertTrue(tcp.hasFlags(TcpHeader.SYN_FLAG));
        assertFalse(tcp.hasFlags(TcpHeader.SYN_FLAG | TcpHeader.ACK_FLAG));
        assertEquals(64240, tcp.window());
        assertEquals(0x457b, tcp.checksum());
        assertEquals(0, tcp.urgentPointer());
        assertEquals(40000, TcpHeader.sourcePort(buffer, 20));
        assertEquals(80, TcpHeader.destinationPort(buffer, 20));
    }

    @Test
    void shouldVerifyTheCapturedChecksumThroughTheChecksumOffset()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.TCP_SYN_V4);
        final int pseudo = Checksum.ipv4PseudoHeaderSum(0xc0000201, 0xc633640a, 6, 40);
        assertEquals(0xFFFF, Checksum.sum(buffer, 20, 40, pseudo));
        tcp.wrap(buffer, 20, 40).checksum(0);
        assertEquals(0x457b, Checksum.finish(Checksum.sum(buffer, 20, 40, pseudo)));
        assertEquals(16, TcpHeader.CHECKSUM_OFFSET);
    }

    @Test
    void shouldWriteFieldsAtTheirRfc9293Positions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);
        tcp.wrap(buffer, 0, 20).sourcePort(0x0102).destinationPort(0x0304).sequenceNumber(0x05060708)
            .acknowledgmentNumber(0x090a0b0c).dataOffset(5).flags(TcpHeader.ACK_FLAG | TcpHeader.FIN_FLAG)
            .window(0x0d0e).checksum(0x0f10).urgentPointer(0x1112);
        assertEquals("01020304050607080" + "90a0b0c5011" + "0d0e0f101112", GoldenPackets.hex(buffer, 0, 20));
        assertEquals(20, tcp.validate());
    }

    @Test
    void shouldReportFewerThanTwentyBytes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[19]);
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, tcp.wrap(buffer, 0, 19).validate());
    }

    @Test
    void shouldReportADataOffsetBelowFive()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.TCP_SYN_V4);
        buffer.putByte(32, (byte)0x40);
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, tcp.wrap(buffer, 20, 40).validate());
    }

    @Test
    void shouldReportADataOffsetBeyondTheSegment()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.TCP_SYN_V4);
        buffer.putByte(32, (byte)0xb0);
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, tcp.wrap(buffer, 20, 40).validate());
    }
}
