package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.core.stats.DropReason;

class Ipv6HeaderTest
{
    private final Ipv6Header header = new Ipv6Header();

    private Ipv6Header wrap(final UnsafeBuffer buffer)
    {
        return header.wrap(buffer, 0, buffer.capacity());
    }

    @Test
    void shouldReadEveryFieldOfARealEchoRequest()
    {
        wrap(GoldenPackets.exact(GoldenPackets.ECHO_V6));
        assertEquals(40, header.validate());
        assertEquals(6, header.version());
        assertEquals(0, header.trafficClass());
        assertEquals(0, header.flowLabel());
        assertEquals(12, header.payloadLength());
        assertEquals(IpProtocol.IPV6_ICMP, header.nextHeader());
        assertEquals(64, header.hopLimit());
        assertEquals(0x2001_0db8_0000_0000L, header.sourceHigh());
        assertEquals(1L, header.sourceLow());
        assertEquals(0x0064_ff9b_0000_0000L, header.destinationHigh());
        assertEquals(0xc633_640aL, header.destinationLow());
    }

    @Test
    void shouldReadTrafficClassAndFlowLabelAcrossNibbles()
    {
        wrap(GoldenPackets.exact(GoldenPackets.UDP_V6_WITH_EXTENSIONS));
        assertEquals(40, header.validate());
        assertEquals(0x2e, header.trafficClass());
        assertEquals(0x12345, header.flowLabel());
        assertEquals(IpProtocol.HOPOPT, header.nextHeader());
        assertEquals(50, header.payloadLength());
    }

    @Test
    void shouldReadSingleFieldsStatically()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.ECHO_V6);
        assertEquals(6, Ipv6Header.version(buffer, 0));
        assertEquals(12, Ipv6Header.payloadLength(buffer, 0));
        assertEquals(58, Ipv6Header.nextHeader(buffer, 0));
    }

    @Test
    void shouldWriteFieldsAtTheirRfc8200Positions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);
        wrap(buffer).version(6).trafficClass(0xb8).flowLabel(0xabcde).payloadLength(0x0102).nextHeader(44)
            .hopLimit(255).source(0x2001_0db8_0001_0002L, 0x0003_0004_0005_0006L)
            .destination(0x0064_ff9b_0000_0000L, 0x0000_0000_c000_0201L);
        assertEquals("6b8abcde01022cff" + "20010db8000100020003000400050006" +
            "0064ff9b0000000000000000c0000201", GoldenPackets.hex(buffer, 0, 40));
        assertEquals(0xb8, header.trafficClass());
        assertEquals(0xabcde, header.flowLabel());

        header.trafficClass(0x01);
        assertEquals(0xabcde, header.flowLabel());
        assertEquals(6, header.version());
        header.versionClassFlow(0x2e, 0x12345);
        assertEquals("62e12345", GoldenPackets.hex(buffer, 0, 4));
    }

    @Test
    void shouldAcceptAnEmptyPayloadWithNoNextHeader()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);
        wrap(buffer).versionClassFlow(0, 0).nextHeader(IpProtocol.NONE);
        assertEquals(40, header.validate());
    }

    @Test
    void shouldReportTruncatedForFewerThanFortyBytes()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.ECHO_V6);
        assertEquals(-DropReason.TRUNCATED, header.wrap(buffer, 0, 39).validate());
    }

    @Test
    void shouldReportBadVersionForAnIpv4Nibble()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.ECHO_V6);
        buffer.putByte(0, (byte)0x40);
        assertEquals(-DropReason.BAD_VERSION, wrap(buffer).validate());
    }

    @Test
    void shouldReportBadPayloadLengthBeyondTheBuffer()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.ECHO_V6);
        buffer.putByte(5, (byte)13);
        assertEquals(-DropReason.BAD_PAYLOAD_LENGTH, wrap(buffer).validate());
    }

    @Test
    void shouldReportBadPayloadLengthForAJumbogram()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.UDP_V6_WITH_EXTENSIONS);
        buffer.putByte(4, (byte)0);
        buffer.putByte(5, (byte)0);
        assertEquals(-DropReason.BAD_PAYLOAD_LENGTH, wrap(buffer).validate());
    }
}
