package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.stats.DropReason;

class Ipv4HeaderTest
{
    private final Ipv4Header header = new Ipv4Header();

    private Ipv4Header wrap(final UnsafeBuffer buffer)
    {
        return header.wrap(buffer, 0, buffer.capacity());
    }

    private static UnsafeBuffer dnsQueryWith(final int index, final int value)
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        buffer.putByte(index, (byte)value);
        return buffer;
    }

    @Test
    void shouldReadEveryFieldOfARealDnsQuery()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        wrap(buffer);
        assertEquals(20, header.validate(true));
        assertEquals(4, header.version());
        assertEquals(5, header.ihl());
        assertEquals(20, header.headerLength());
        assertEquals(0, header.optionsLength());
        assertEquals(0, header.tos());
        assertEquals(57, header.totalLength());
        assertEquals(0x4f2a, header.identification());
        assertTrue(header.dontFragment());
        assertFalse(header.moreFragments());
        assertEquals(0, header.fragmentOffset());
        assertFalse(header.isFragment());
        assertEquals(64, header.ttl());
        assertEquals(IpProtocol.UDP, header.protocol());
        assertEquals(0xff1f, header.headerChecksum());
        assertEquals(0xc0000201, header.source());
        assertEquals(0xc6336435, header.destination());
        assertFalse(header.hasSourceRoute());
        assertSame(buffer, header.buffer());
        assertEquals(0, header.offset());
        assertEquals(57, header.length());
    }

    @Test
    void shouldReadSingleFieldsStatically()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        assertEquals(4, Ipv4Header.version(buffer, 0));
        assertEquals(20, Ipv4Header.headerLength(buffer, 0));
        assertEquals(57, Ipv4Header.totalLength(buffer, 0));
        assertEquals(17, Ipv4Header.protocol(buffer, 0));
        assertEquals(0xc0000201, Ipv4Header.source(buffer, 0));
        assertEquals(0xc6336435, Ipv4Header.destination(buffer, 0));
    }

    @Test
    void shouldComputeTheSameHeaderChecksumAsTheCapture()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        wrap(buffer);
        assertEquals(0xff1f, header.computeHeaderChecksum());
        header.headerChecksum(0x1234).updateHeaderChecksum();
        assertEquals(0xff1f, header.headerChecksum());
    }

    @Test
    void shouldWriteFieldsAtTheirRfc791Positions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);
        wrap(buffer).version(4).ihl(5).tos(0xb8).totalLength(0x0539).identification(0xbeef)
            .dontFragment(true).moreFragments(true).fragmentOffset(0x1abc).ttl(1).protocol(6)
            .headerChecksum(0xa5a5).source(0xc0000201).destination(0xcb007107);
        assertEquals("45b80539beef7abc0106a5a5c0000201cb007107", GoldenPackets.hex(buffer, 0, 20));
        assertTrue(header.isFragment());
        assertEquals(0x1abc * 8, header.fragmentOffsetBytes());

        header.dontFragment(false).moreFragments(false).fragmentOffset(0);
        assertEquals(0, header.flagsAndFragmentOffset());
        assertFalse(header.isFragment());
    }

    @Test
    void shouldTreatANonZeroOffsetWithoutMoreFragmentsAsAFragment()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);
        wrap(buffer).fragmentOffset(185);
        assertTrue(header.isFragment());
        assertFalse(header.moreFragments());
        assertEquals(1480, header.fragmentOffsetBytes());
    }

    @Test
    void shouldFindALooseSourceRouteOption()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.LSRR_V4);
        wrap(buffer);
        assertEquals(28, header.validate(true));
        assertEquals(8, header.optionsLength());
        assertTrue(header.hasSourceRoute());
        assertEquals(21, Ipv4Header.findOption(buffer, 20, 8, Ipv4Header.OPTION_LOOSE_SOURCE_ROUTE));
        assertEquals(Ipv4Header.NO_OPTION,
            Ipv4Header.findOption(buffer, 20, 8, Ipv4Header.OPTION_STRICT_SOURCE_ROUTE));
        assertEquals(21, Ipv4Header.findSourceRoute(buffer, 20, 8));
    }

    @Test
    void shouldNotLookForOptionsAfterEndOfOptionList()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.LSRR_V4);
        buffer.putByte(20, (byte)Ipv4Header.OPTION_END_OF_LIST);
        wrap(buffer);
        assertEquals(28, header.validate());
        assertFalse(header.hasSourceRoute());
        assertEquals(Ipv4Header.NO_OPTION, Ipv4Header.findSourceRoute(buffer, 20, 8));
    }

    @Test
    void shouldUpdateTheHeaderChecksumIncrementallyWhenTheTtlIsDecremented()
    {
        // RFC 1624 / RFC 1141: the TTL shares a 16-bit word with the protocol.
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        wrap(buffer);
        final int oldWord = (header.ttl() << 8) | header.protocol();
        header.ttl(header.ttl() - 1);
        final int newWord = (header.ttl() << 8) | header.protocol();
        header.headerChecksum(Checksum.updateWord(header.headerChecksum(), oldWord, newWord));
        assertEquals(header.computeHeaderChecksum(), header.headerChecksum());
        // 0xff1f + 0x0100 = 0x1001f, end-around carry: 0x0020.
        assertEquals(0x0020, header.headerChecksum());
        assertEquals(20, header.validate(true));
    }

    @Test
    void shouldFindAStrictSourceRouteOption()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.LSRR_V4);
        buffer.putByte(21, (byte)137);
        wrap(buffer);
        assertEquals(28, header.validate(false));
        assertTrue(header.hasSourceRoute());
    }

    @Test
    void shouldAcceptPaddingBytesAfterTotalLength()
    {
        final byte[] padded = new byte[64];
        System.arraycopy(GoldenPackets.bytes(GoldenPackets.DNS_QUERY_V4), 0, padded, 0, 57);
        assertEquals(20, header.wrap(new UnsafeBuffer(padded), 0, 64).validate(true));
    }

    @Test
    void shouldReportTruncatedForFewerThanTwentyBytes()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        assertEquals(-DropReason.TRUNCATED, header.wrap(buffer, 0, 19).validate());
        assertEquals(-DropReason.TRUNCATED, header.wrap(buffer, 0, 0).validate());
    }

    @Test
    void shouldReportBadVersionForAnIpv6Nibble()
    {
        assertEquals(-DropReason.BAD_VERSION, wrap(dnsQueryWith(0, 0x65)).validate());
    }

    @Test
    void shouldReportBadIhlBelowFive()
    {
        assertEquals(-DropReason.BAD_IHL, wrap(dnsQueryWith(0, 0x44)).validate());
    }

    @Test
    void shouldReportTruncatedWhenTheHeaderRunsPastTheBuffer()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.DNS_QUERY_V4);
        buffer.putByte(0, (byte)0x4f);
        assertEquals(-DropReason.TRUNCATED, header.wrap(buffer, 0, 40).validate());
    }

    @Test
    void shouldReportBadIhlWhenTheHeaderIsLongerThanTotalLength()
    {
        final UnsafeBuffer buffer = dnsQueryWith(0, 0x46);
        buffer.putByte(2, (byte)0);
        buffer.putByte(3, (byte)22);
        assertEquals(-DropReason.BAD_IHL, wrap(buffer).validate());
    }

    @Test
    void shouldReportBadTotalLengthBeyondTheBuffer()
    {
        assertEquals(-DropReason.BAD_TOTAL_LENGTH, wrap(dnsQueryWith(3, 58)).validate());
    }

    @Test
    void shouldReportBadOptionsForAZeroLengthByte()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.LSRR_V4);
        buffer.putByte(22, (byte)0);
        assertEquals(-DropReason.BAD_IPV4_OPTIONS, wrap(buffer).validate());
        assertEquals(-DropReason.BAD_IPV4_OPTIONS,
            Ipv4Header.findOption(buffer, 20, 8, Ipv4Header.OPTION_LOOSE_SOURCE_ROUTE));
    }

    @Test
    void shouldReportBadOptionsForALengthByteOfOne()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.LSRR_V4);
        buffer.putByte(22, (byte)1);
        assertEquals(-DropReason.BAD_IPV4_OPTIONS, wrap(buffer).validate());
    }

    @Test
    void shouldReportBadOptionsForAnOptionRunningPastTheHeader()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.LSRR_V4);
        buffer.putByte(22, (byte)8);
        assertEquals(-DropReason.BAD_IPV4_OPTIONS, wrap(buffer).validate());
    }

    @Test
    void shouldReportBadOptionsForAMissingLengthByte()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.LSRR_V4);
        buffer.putByte(22, (byte)6);
        buffer.putByte(27, (byte)68);
        assertEquals(-DropReason.BAD_IPV4_OPTIONS, wrap(buffer).validate());
    }

    @Test
    void shouldReportABadHeaderChecksumOnlyWhenAskedToVerify()
    {
        final UnsafeBuffer buffer = dnsQueryWith(11, 0x20);
        assertEquals(-DropReason.BAD_HEADER_CHECKSUM, wrap(buffer).validate(true));
        assertEquals(20, wrap(buffer).validate(false));
        assertEquals(20, wrap(buffer).validate());
    }

    @Test
    void shouldWorkAtANonZeroOffset()
    {
        final byte[] packet = GoldenPackets.bytes(GoldenPackets.DNS_QUERY_V4);
        final byte[] shifted = new byte[packet.length + 3];
        System.arraycopy(packet, 0, shifted, 3, packet.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(shifted);
        header.wrap(buffer, 3, packet.length);
        assertEquals(20, header.validate(true));
        assertEquals(0xff1f, header.computeHeaderChecksum());
        assertEquals(0xc6336435, header.destination());
    }
}
