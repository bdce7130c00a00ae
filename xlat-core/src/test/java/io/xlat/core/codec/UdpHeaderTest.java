package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.core.stats.DropReason;

class UdpHeaderTest
{
    private final UdpHeader udp = new UdpHeader();

    @Test
    void shouldReadARealDnsQuery()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        udp.wrap(buffer, 20, buffer.capacity() - 20);
        assertEquals(8, udp.validate());
        assertEquals(53124, udp.sourcePort());
        assertEquals(53, udp.destinationPort());
        assertEquals(37, udp.datagramLength());
        assertEquals(0x59e7, udp.checksum());
        assertEquals(53, UdpHeader.destinationPort(buffer, 20));
        assertEquals(6, UdpHeader.CHECKSUM_OFFSET);
    }

    @Test
    void shouldWriteFieldsAtTheirRfc768Positions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        udp.wrap(buffer, 0, 8).sourcePort(0xfffe).destinationPort(53).datagramLength(8).checksum(0xffff);
        assertEquals("fffe00350008ffff", GoldenPackets.hex(buffer, 0, 8));
        assertEquals(8, udp.validate());
    }

    @Test
    void shouldReportFewerThanEightBytes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[7]);
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, udp.wrap(buffer, 0, 7).validate());
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, udp.validate(true));
    }

    @Test
    void shouldReportALengthFieldBelowEight()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact("0001000200070000");
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, udp.wrap(buffer, 0, 8).validate());
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, udp.validate(true));
    }

    @Test
    void shouldReportALengthFieldBeyondTheBytesAvailableUnlessOnlyTheFirstFragmentIsPresent()
    {
        // A first fragment: the Length field covers the whole datagram (1480 bytes), only 16 are here.
        final UnsafeBuffer buffer = GoldenPackets.exact("0001000205c800000000000000000000");
        udp.wrap(buffer, 0, 16);
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, udp.validate());
        assertEquals(8, udp.validate(true));
    }

    @Test
    void shouldAcceptALengthFieldShorterThanTheBytesAvailable()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact("0001000200080000ffff");
        assertEquals(8, udp.wrap(buffer, 0, 10).validate());
    }
}
