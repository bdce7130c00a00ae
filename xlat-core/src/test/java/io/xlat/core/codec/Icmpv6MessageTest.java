package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.xlat.core.stats.DropReason;

class Icmpv6MessageTest
{
    private final Icmpv6Message icmp = new Icmpv6Message();

    @Test
    void shouldReadARealEchoRequest()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.ECHO_V6);
        icmp.wrap(buffer, 40, buffer.capacity() - 40);
        assertEquals(8, icmp.validate());
        assertEquals(Icmpv6Message.ECHO_REQUEST, icmp.type());
        assertEquals(0, icmp.code());
        assertEquals(0x05c8, icmp.checksum());
        assertEquals(0x4321, icmp.identifier());
        assertEquals(7, icmp.sequence());
        assertFalse(icmp.isError());
        assertEquals(128, Icmpv6Message.type(buffer, 40));
    }

    @Test
    void shouldReadAThirtyTwoBitPacketTooBigMtu()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact("02000000fffffff0");
        icmp.wrap(buffer, 0, 8);
        assertEquals(Icmpv6Message.PACKET_TOO_BIG, icmp.type());
        assertEquals(0xfffffff0L, icmp.mtu());
        assertTrue(icmp.isError());
    }

    @Test
    void shouldReadAThirtyTwoBitPointerAndTheRfc4884Length()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact("040000000000002b");
        icmp.wrap(buffer, 0, 8);
        assertEquals(43L, icmp.pointer());
        final UnsafeBuffer unreachable = GoldenPackets.exact("0104000011000000");
        icmp.wrap(unreachable, 0, 8);
        assertEquals(0x11, icmp.rfc4884Length());
        assertEquals(Icmpv6Message.CODE_PORT_UNREACHABLE, icmp.code());
    }

    @Test
    void shouldWriteFieldsAtTheirRfc4443Positions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        icmp.wrap(buffer, 0, 8).type(2).code(0).checksum(0x1234).mtu(1280);
        assertEquals("0200123400000500", GoldenPackets.hex(buffer, 0, 8));
        icmp.type(4).pointer(0xdeadbeefL);
        assertEquals("04001234deadbeef", GoldenPackets.hex(buffer, 0, 8));
        icmp.rfc4884Length(3);
        assertEquals("0400123403adbeef", GoldenPackets.hex(buffer, 0, 8));
        icmp.type(129).identifier(1).sequence(2);
        assertEquals("8100123400010002", GoldenPackets.hex(buffer, 0, 8));
    }

    @ParameterizedTest
    @CsvSource({"0,true", "1,true", "2,true", "3,true", "4,true", "127,true", "128,false", "129,false",
        "135,false", "255,false"})
    void shouldClassifyTypesBelow128AsErrors(final int type, final boolean error)
    {
        assertEquals(error, Icmpv6Message.isErrorType(type));
    }

    @Test
    void shouldReportATruncatedHeader()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4]);
        assertEquals(-DropReason.BAD_TRANSPORT_HEADER, icmp.wrap(buffer, 0, 4).validate());
    }
}
