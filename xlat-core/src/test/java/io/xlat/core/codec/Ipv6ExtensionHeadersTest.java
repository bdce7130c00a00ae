package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.core.stats.DropReason;

class Ipv6ExtensionHeadersTest
{
    private static final String FIXED_TAIL = "4020010db80000000000000000000000010064ff9b0000000000000000c633640a";
    private static final String UDP_EMPTY = "1388000700080000";

    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();

    /** Builds an exact-size IPv6 packet: fixed header with the given next header, then the given bytes. */
    private static UnsafeBuffer packet(final int nextHeader, final String payloadHex)
    {
        final int payloadLength = payloadHex.length() / 2;
        final String fixed = String.format("60000000%04x%02x", payloadLength, nextHeader) + FIXED_TAIL;
        return GoldenPackets.exact(fixed + payloadHex);
    }

    private int walk(final UnsafeBuffer buffer)
    {
        assertEquals(40, ipv6.wrap(buffer, 0, buffer.capacity()).validate());
        return walker.walk(ipv6);
    }

    @Test
    void shouldWalkHopByHopDestinationOptionsAndFragmentToUdp()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.UDP_V6_WITH_EXTENSIONS);
        assertEquals(72, walk(buffer));
        assertEquals(IpProtocol.UDP, walker.upperLayerProtocol());
        assertEquals(72, walker.upperLayerOffset());
        assertEquals(32, walker.extensionHeadersLength());
        assertEquals(3, walker.headerCount());
        assertTrue(walker.hasFragmentHeader());
        assertEquals(64, walker.fragmentHeaderOffset());
        assertFalse(walker.hasRoutingHeader());
        assertEquals(Ipv6ExtensionHeaders.ABSENT, walker.segmentsLeftPointer());
        assertEquals(5000, UdpHeader.sourcePort(buffer, walker.upperLayerOffset()));
    }

    @Test
    void shouldStopAtTheUpperLayerWhenThereAreNoExtensionHeaders()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.ECHO_V6);
        assertEquals(40, walk(buffer));
        assertEquals(IpProtocol.IPV6_ICMP, walker.upperLayerProtocol());
        assertEquals(0, walker.extensionHeadersLength());
        assertFalse(walker.hasFragmentHeader());
    }

    @Test
    void shouldRecordARoutingHeaderWithSegmentsLeftAndItsPointer()
    {
        // Routing header: next UDP, length 2 (24 bytes), type 0, segments left 1, reserved, one address.
        final String routing = "1102000100000000" + "20010db8000000000000000000000002";
        final UnsafeBuffer buffer = packet(IpProtocol.ROUTING, routing + UDP_EMPTY);
        assertEquals(64, walk(buffer));
        assertTrue(walker.hasRoutingHeader());
        assertEquals(40, walker.routingHeaderOffset());
        assertEquals(0, walker.routingType());
        assertEquals(1, walker.segmentsLeft());
        assertEquals(43, walker.segmentsLeftPointer(), "RFC 7915 5.1: pointer to the Segments Left field");
        assertEquals(IpProtocol.UDP, walker.upperLayerProtocol());
    }

    @Test
    void shouldComputeThePointerRelativeToTheIpv6HeaderAtAnOffset()
    {
        final String routing = "1100040300000000";
        final UnsafeBuffer inner = packet(IpProtocol.DSTOPTS, "2b00010400000000" + routing + UDP_EMPTY);
        final byte[] shifted = new byte[inner.capacity() + 28];
        inner.getBytes(0, shifted, 28, inner.capacity());
        assertEquals(28 + 56, walker.walk(new UnsafeBuffer(shifted), 28, inner.capacity()));
        assertEquals(4, walker.routingType());
        assertEquals(3, walker.segmentsLeft());
        assertEquals(40 + 8 + 3, walker.segmentsLeftPointer());
    }

    @Test
    void shouldSkipAnAuthenticationHeaderByItsOwnLengthRule()
    {
        // AH: next UDP, payload len 4 -> (4 + 2) * 4 = 24 bytes (RFC 4302 2.2).
        final String ah = "1104000000000100000000010000000000000000" + "00000000";
        final UnsafeBuffer buffer = packet(IpProtocol.AH, ah + UDP_EMPTY);
        assertEquals(64, walk(buffer));
        assertEquals(IpProtocol.UDP, walker.upperLayerProtocol());
    }

    @Test
    void shouldStopAtNoNextHeader()
    {
        final UnsafeBuffer buffer = packet(IpProtocol.DSTOPTS, "3b00010400000000");
        assertEquals(48, walk(buffer));
        assertEquals(IpProtocol.NONE, walker.upperLayerProtocol());
    }

    @Test
    void shouldStopAfterTheFragmentHeaderOfANonFirstFragment()
    {
        // Fragment offset 2 (16 bytes), M=0: what follows is data, even if it looks like a header.
        final UnsafeBuffer buffer = packet(IpProtocol.FRAGMENT, "3c000010000000070000000000000000");
        assertEquals(48, walk(buffer));
        assertEquals(IpProtocol.DSTOPTS, walker.upperLayerProtocol());
        assertEquals(40, walker.fragmentHeaderOffset());
        assertEquals(1, walker.headerCount());
    }

    @Test
    void shouldAcceptTheMaximumNumberOfHeaders()
    {
        final StringBuilder chain = new StringBuilder();
        for (int i = 0; i < Ipv6ExtensionHeaders.MAX_HEADERS - 1; i++)
        {
            chain.append("3c00010400000000");
        }
        chain.append("1100010400000000").append(UDP_EMPTY);
        assertEquals(40 + 8 * Ipv6ExtensionHeaders.MAX_HEADERS, walk(packet(IpProtocol.DSTOPTS, chain.toString())));
    }

    @Test
    void shouldReportATooLongChain()
    {
        final StringBuilder chain = new StringBuilder();
        for (int i = 0; i < Ipv6ExtensionHeaders.MAX_HEADERS; i++)
        {
            chain.append("3c00010400000000");
        }
        chain.append("1100010400000000").append(UDP_EMPTY);
        assertEquals(-DropReason.EXTENSION_CHAIN_TOO_LONG, walk(packet(IpProtocol.DSTOPTS, chain.toString())));
    }

    @Test
    void shouldReportHopByHopAfterTheFirstHeader()
    {
        final UnsafeBuffer buffer = packet(IpProtocol.DSTOPTS, "0000010400000000" + "1100010400000000");
        assertEquals(-DropReason.UNSUPPORTED_PROTOCOL, walk(buffer));
    }

    @Test
    void shouldReportAHeaderLongerThanThePacket()
    {
        // Destination Options claiming 16 bytes with only 8 present.
        final UnsafeBuffer buffer = packet(IpProtocol.DSTOPTS, "1101010400000000");
        assertEquals(-DropReason.TRUNCATED_EXTENSION_HEADER, walk(buffer));
    }

    @Test
    void shouldReportFewerThanEightBytesLeftForAHeader()
    {
        final UnsafeBuffer buffer = packet(IpProtocol.FRAGMENT, "11000000dead");
        assertEquals(-DropReason.TRUNCATED_EXTENSION_HEADER, walk(buffer));
    }

    @Test
    void shouldReportAnEmptyPayloadWhereAHeaderIsPromised()
    {
        final UnsafeBuffer buffer = packet(IpProtocol.ROUTING, "");
        assertEquals(-DropReason.TRUNCATED_EXTENSION_HEADER, walk(buffer));
    }

    @Test
    void shouldIgnoreBytesBeyondThePayloadLength()
    {
        // The walk is bounded by 40 + Payload Length, not by the buffer: trailing bytes are link padding.
        final UnsafeBuffer buffer = packet(IpProtocol.DSTOPTS, "1101010400000000" + "0000000000000000");
        buffer.putByte(5, (byte)8);
        assertEquals(-DropReason.TRUNCATED_EXTENSION_HEADER, walk(buffer));
    }

    @Test
    void shouldResetBetweenWalks()
    {
        walk(packet(IpProtocol.ROUTING, "1100000100000000" + UDP_EMPTY));
        assertTrue(walker.hasRoutingHeader());
        walk(GoldenPackets.exact(GoldenPackets.ECHO_V6));
        assertFalse(walker.hasRoutingHeader());
        assertEquals(0, walker.segmentsLeft());
    }
}
