package io.xlat.dns64.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.dns64.testing.WireBuilder;

class DnsNameTest
{
    private static UnsafeBuffer message(final int... nameBytes)
    {
        return WireBuilder.header(1, 0, 1, 0, 0, 0).raw(nameBytes).buffer();
    }

    @Test
    void shouldSkipAnUncompressedName()
    {
        final UnsafeBuffer m = WireBuilder.header(1, 0, 0, 0, 0, 0).name("www.example.com").buffer();
        assertEquals(m.capacity(), DnsName.skip(m, 0, m.capacity(), 12));
        assertEquals("www.example.com.", DnsName.toString(m, 0, m.capacity(), 12));
    }

    @Test
    void shouldFollowABackwardPointerAndStopAfterIt()
    {
        // example.com at 12, then "www" + pointer to 12 at 25.
        final UnsafeBuffer m = WireBuilder.header(1, 0, 0, 0, 0, 0).name("example.com")
            .raw(3, 'w', 'w', 'w', 0xC0, 12).buffer();
        assertEquals(m.capacity(), DnsName.skip(m, 0, m.capacity(), 25));
        assertEquals("www.example.com.", DnsName.toString(m, 0, m.capacity(), 25));
        assertEquals(17, DnsName.uncompressedLength(m, 0, m.capacity(), 25));
    }

    @Test
    void shouldRejectAPointerToItself()
    {
        final UnsafeBuffer m = message(0xC0, 12);
        assertEquals(DnsError.BAD_POINTER, DnsName.skip(m, 0, m.capacity(), 12));
    }

    @Test
    void shouldRejectALoopBetweenTwoPointers()
    {
        // label "a" then pointer to 15 (itself after label), pointer at 15 back to 12: a loop a -> a -> ...
        final UnsafeBuffer m = message(1, 'a', 0xC0, 12);
        assertEquals(DnsError.BAD_POINTER, DnsName.skip(m, 0, m.capacity(), 12));
    }

    @Test
    void shouldRejectAForwardPointer()
    {
        final UnsafeBuffer m = message(0xC0, 14, 0);
        assertEquals(DnsError.BAD_POINTER, DnsName.skip(m, 0, m.capacity(), 12));
    }

    @Test
    void shouldRejectAPointerIntoTheHeader()
    {
        final UnsafeBuffer m = message(0xC0, 4);
        assertEquals(DnsError.BAD_POINTER, DnsName.skip(m, 0, m.capacity(), 12));
    }

    @Test
    void shouldRejectAPointerChainLongerThanTheBudget()
    {
        // root at 12, then 40 pointers each to the previous one.
        final WireBuilder b = WireBuilder.header(1, 0, 0, 0, 0, 0).raw(0);
        for (int i = 0; i < 40; i++)
        {
            final int previous = i == 0 ? 12 : 13 + 2 * (i - 1);
            b.raw(0xC0, previous);
        }
        final UnsafeBuffer m = b.buffer();
        final int last = 13 + 2 * 39;
        assertEquals(DnsError.POINTER_BUDGET_EXCEEDED, DnsName.skip(m, 0, m.capacity(), last));
        final int withinBudget = 13 + 2 * (DnsName.MAX_POINTER_JUMPS - 1);
        assertEquals(withinBudget + 2, DnsName.skip(m, 0, m.capacity(), withinBudget));
    }

    @Test
    void shouldRejectExtendedLabelTypes()
    {
        assertEquals(DnsError.BAD_LABEL_TYPE, DnsName.skip(message(0x40, 0), 0, 14, 12));
        assertEquals(DnsError.BAD_LABEL_TYPE, DnsName.skip(message(0x80, 0), 0, 14, 12));
    }

    @Test
    void shouldRejectNamesLongerThan255Octets()
    {
        final WireBuilder b = WireBuilder.header(1, 0, 0, 0, 0, 0);
        for (int i = 0; i < 4; i++)
        {
            b.raw(63);
            for (int j = 0; j < 63; j++)
            {
                b.raw('x');
            }
        }
        b.raw(0);
        final UnsafeBuffer m = b.buffer();
        assertEquals(DnsError.NAME_TOO_LONG, DnsName.skip(m, 0, m.capacity(), 12));
    }

    @Test
    void shouldRejectANameLongerThan255OctetsBuiltFromPointers()
    {
        // 4 x 63-octet labels split across a pointer: 2 labels at 12, then 2 labels + pointer to 12.
        final WireBuilder b = WireBuilder.header(1, 0, 0, 0, 0, 0);
        for (int i = 0; i < 2; i++)
        {
            b.raw(63);
            for (int j = 0; j < 63; j++)
            {
                b.raw('y');
            }
        }
        b.raw(0);
        final int second = 12 + 2 * 64 + 1;
        for (int i = 0; i < 2; i++)
        {
            b.raw(63);
            for (int j = 0; j < 63; j++)
            {
                b.raw('z');
            }
        }
        b.raw(0xC0, 12);
        final UnsafeBuffer m = b.buffer();
        assertEquals(DnsError.NAME_TOO_LONG, DnsName.skip(m, 0, m.capacity(), second));
    }

    @Test
    void shouldRejectANameCutByTheEndOfTheMessage()
    {
        final UnsafeBuffer m = message(3, 'w', 'w');
        assertEquals(DnsError.TRUNCATED_NAME, DnsName.skip(m, 0, m.capacity(), 12));
        final UnsafeBuffer pointerHalf = message(0xC0);
        assertEquals(DnsError.TRUNCATED_NAME, DnsName.skip(pointerHalf, 0, pointerHalf.capacity(), 12));
        final UnsafeBuffer noRoot = message(1, 'a');
        assertEquals(DnsError.TRUNCATED_NAME, DnsName.skip(noRoot, 0, noRoot.capacity(), 12));
    }

    @Test
    void shouldCompareNamesIgnoringAsciiCaseAcrossCompression()
    {
        final UnsafeBuffer m = WireBuilder.header(1, 0, 0, 0, 0, 0).name("Example.COM")
            .raw(3, 'W', 'w', 'W', 0xC0, 12).buffer();
        final UnsafeBuffer plain = new UnsafeBuffer(WireBuilder.encode("www.example.com"));
        assertTrue(DnsName.equalsIgnoreCase(m, 0, m.capacity(), 25, plain));
        assertFalse(DnsName.equalsIgnoreCase(m, 0, m.capacity(), 12, plain));
        final UnsafeBuffer other = new UnsafeBuffer(WireBuilder.encode("www.example.co"));
        assertFalse(DnsName.equalsIgnoreCase(m, 0, m.capacity(), 25, other));
        // Case folding is ASCII only: '[' (0x5B) is not '{' (0x7B).
        final UnsafeBuffer a = new UnsafeBuffer(WireBuilder.encode("a[.b"));
        final UnsafeBuffer b = new UnsafeBuffer(WireBuilder.encode("A{.B"));
        assertFalse(DnsName.equalsIgnoreCase(a, 0, a.capacity(), 0, b));
    }

    @Test
    void shouldNotMatchMalformedNames()
    {
        final UnsafeBuffer loop = message(0xC0, 12);
        assertFalse(DnsName.equalsIgnoreCase(loop, 0, loop.capacity(), 12, loop, 0, loop.capacity(), 12));
    }

    @Test
    void shouldEncodeDottedNamesAndRefuseBadOnes()
    {
        assertEquals(1, DnsName.encode(".").length);
        assertEquals(13, DnsName.encode("example.com.").length);
        assertThrows(IllegalArgumentException.class, () -> DnsName.encode("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.encode("x".repeat(64) + ".com"));
    }
}
