package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.stats.DropReason;

class Icmpv4MessageTest
{
    private final Icmpv4Message icmp = new Icmpv4Message();

    @Test
    void shouldReadARealEchoRequest()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.ECHO_V4);
        icmp.wrap(buffer, 20, buffer.capacity() - 20);
        assertEquals(8, icmp.validate());
        assertEquals(Icmpv4Message.ECHO_REQUEST, icmp.type());
        assertEquals(0, icmp.code());
        assertEquals(0x5435, icmp.checksum());
        assertEquals(0x1234, icmp.identifier());
        assertEquals(1, icmp.sequence());
        assertEquals(0x12340001, icmp.restOfHeader());
        assertFalse(icmp.isError());
        assertEquals(8, Icmpv4Message.type(buffer, 20));
        assertEquals(0, Icmpv4Message.code(buffer, 20));
        assertEquals(0xFFFF, Checksum.sum(buffer, 20, buffer.capacity() - 20, 0), "ICMPv4 has no pseudo-header");
    }

    @Test
    void shouldReadTheNextHopMtuOfFragmentationNeeded()
    {
        // RFC 1191 4: unused (16 bits) then Next-Hop MTU (16 bits); here with RFC 4884 length 7 in byte 5.
        final UnsafeBuffer buffer = GoldenPackets.exact("03040000000705dc");
        icmp.wrap(buffer, 0, 8);
        assertEquals(Icmpv4Message.CODE_FRAGMENTATION_NEEDED, icmp.code());
        assertEquals(1500, icmp.mtu());
        assertEquals(7, icmp.rfc4884Length());
        assertTrue(icmp.isError());
    }

    @Test
    void shouldReadTheParameterProblemPointer()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact("0c00000014000000");
        icmp.wrap(buffer, 0, 8);
        assertEquals(Icmpv4Message.PARAMETER_PROBLEM, icmp.type());
        assertEquals(20, icmp.pointer());
    }

    @Test
    void shouldWriteFieldsAtTheirRfc792Positions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        icmp.wrap(buffer, 0, 8).type(3).code(4).checksum(0xabcd).pointer(0x11).rfc4884Length(0x22).mtu(1280);
        assertEquals("0304abcd11220500", GoldenPackets.hex(buffer, 0, 8));
        icmp.type(0).identifier(0xbeef).sequence(0x0102);
        assertEquals("0004abcdbeef0102", GoldenPackets.hex(buffer, 0, 8));
        icmp.restOfHeader(0x01020304);
        assertEquals("0004abcd01020304", GoldenPackets.hex(buffer, 0, 8));
    }

    @ParameterizedTest
    @CsvSource({"0,false", "3,true", "4,true", "5,true", "8,false", "9,false", "11,true", "12,true", "13,false",
        "17,false", "255,false"})
    void shouldClassifyErrorTypesAsRfc1122Does(final int type, final boolean error)
    {
        assertEquals(error, Icmpv4Message.isErrorType(type));
    }

    @Test
    void shouldReportATruncatedHeader()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[7]);
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, icmp.wrap(buffer, 0, 7).validate());
    }
}
