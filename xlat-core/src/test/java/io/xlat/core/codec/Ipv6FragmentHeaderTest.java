package io.xlat.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.core.stats.DropReason;

class Ipv6FragmentHeaderTest
{
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();

    @Test
    void shouldReadTheFragmentHeaderOfAGoldenPacket()
    {
        final UnsafeBuffer buffer = GoldenPackets.exact(GoldenPackets.UDP_V6_WITH_EXTENSIONS);
        fragment.wrap(buffer, 64, buffer.capacity() - 64);
        assertEquals(8, fragment.validate());
        assertEquals(IpProtocol.UDP, fragment.nextHeader());
        assertEquals(0, fragment.fragmentOffset());
        assertFalse(fragment.moreFragments());
        assertEquals(0xdeadbeef, fragment.identification());
    }

    @Test
    void shouldWriteOffsetAndFlagAtTheirRfc8200Positions()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        buffer.setMemory(0, 8, (byte)0xff);
        fragment.wrap(buffer, 0, 8).nextHeader(6).clearReserved().fragmentOffset(185).moreFragments(true)
            .identification(0x01020304);
        // 185 * 8 = 1480 = 0x05c8, plus M = 0x05c9; the two reserved bits are cleared.
        assertEquals("060005c901020304", GoldenPackets.hex(buffer, 0, 8));
        assertEquals(185, fragment.fragmentOffset());
        assertEquals(1480, fragment.fragmentOffsetBytes());
        assertTrue(fragment.moreFragments());

        fragment.moreFragments(false);
        assertEquals(185, fragment.fragmentOffset());
        assertFalse(fragment.moreFragments());
    }

    @Test
    void shouldReportATruncatedFragmentHeader()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[7]);
        assertEquals(-DropReason.TRUNCATED_EXTENSION_HEADER, fragment.wrap(buffer, 0, 7).validate());
    }
}
