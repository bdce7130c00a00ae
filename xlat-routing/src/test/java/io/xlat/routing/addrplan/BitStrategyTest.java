package io.xlat.routing.addrplan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BitStrategyTest
{
    private static List<Long> first(final BitStrategy s, final int width, final int n)
    {
        final List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            out.add(s.value(i, width));
        }
        return out;
    }

    @Test
    void shouldCountMirroredForLeftmost()
    {
        // RFC 3531 3.1 on four bits: 0000, 1000, 0100, 1100, 0010, ...
        assertEquals(List.of(0b0000L, 0b1000L, 0b0100L, 0b1100L, 0b0010L, 0b1010L), first(BitStrategy.LEFTMOST, 4,
            6));
    }

    @Test
    void shouldCountPlainlyForRightmost()
    {
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), first(BitStrategy.RIGHTMOST, 4, 5));
    }

    @Test
    void shouldStartInTheCentreAndSpreadLeftThenRightForCentermost()
    {
        // The 8-bit centermost counting table (RFC 3531 3.3 as charted by cyberpillar.com): 0, 8, 16, 24, 4, 12, ...
        assertEquals(List.of(0L, 8L, 16L, 24L, 4L, 12L, 20L, 28L, 32L, 40L), first(BitStrategy.CENTERMOST, 8, 10));
        assertEquals(List.of(0L, 0b00100L, 0b01000L, 0b01100L, 0b00010L), first(BitStrategy.CENTERMOST, 5, 5));
    }

    @Property(tries = 200)
    void shouldMatchAnIndependentBitReversalForLeftmost(
        @ForAll @IntRange(min = 1, max = 20) final int width, @ForAll @IntRange(min = 0, max = 1 << 20) final int n)
    {
        final long index = n & ((1L << width) - 1);
        assertEquals(Integer.reverse((int)index) >>> (32 - width), BitStrategy.LEFTMOST.value(index, width));
    }

    @Property(tries = 60)
    void shouldGiveEveryFieldValueExactlyOnce(@ForAll @IntRange(min = 1, max = 12) final int width)
    {
        for (final BitStrategy s : BitStrategy.values())
        {
            final Set<Long> seen = new HashSet<>();
            for (long i = 0; i < 1L << width; i++)
            {
                seen.add(s.value(i, width));
            }
            assertEquals(1L << width, seen.size(), s + " width " + width);
        }
    }
}
