package io.xlat.core.addr;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv6AddressesPropertyTest
{
    /** Halves with many zero groups, so that "::" placement is exercised, mixed with fully random ones. */
    @Provide
    Arbitrary<Long> halves()
    {
        final Arbitrary<Long> sparse = Arbitraries.of(0L, 0xFFFFL, 1L).list().ofSize(4)
            .map(groups ->
            {
                long v = 0;
                for (final long g : groups)
                {
                    v = (v << 16) | g;
                }
                return v;
            });
        return Arbitraries.oneOf(Arbitraries.longs(), sparse);
    }

    @Property(tries = 3000)
    void parseOfFormatShouldGiveBackTheAddress(@ForAll("halves") final long high, @ForAll("halves") final long low)
    {
        final String text = Ipv6Addresses.format(high, low);
        final long[] parsed = Ipv6Addresses.parse(text);
        assertEquals(high, parsed[0]);
        assertEquals(low, parsed[1]);
    }

    @Property(tries = 2000)
    void formatShouldNameTheSameAddressForJavaNet(@ForAll("halves") final long high, @ForAll("halves") final long low)
        throws Exception
    {
        final String text = Ipv6Addresses.format(high, low);
        final byte[] expected = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        assertArrayEquals(expected, Ipv6AddressesTest.javaNetBytes(text), text);
    }

    @Property(tries = 2000)
    void formatShouldFollowRfc5952Shape(@ForAll("halves") final long high, @ForAll("halves") final long low)
    {
        final String text = Ipv6Addresses.format(high, low);
        assertEquals(text.toLowerCase(), text);
        assertTrue(text.indexOf("::") == text.lastIndexOf("::"), text);
        assertFalse(text.contains(":0:0:0:0:0:0:"), text);
        for (final String group : text.split(":"))
        {
            assertFalse(group.length() > 1 && group.startsWith("0"), text);
        }
        // The compressed run is the longest: no run of zero groups left in the text is as long as it.
        if (text.contains("::"))
        {
            final int groupsShown = text.replace("::", ":").split(":", -1).length -
                (text.startsWith("::") ? 1 : 0) - (text.endsWith("::") ? 1 : 0);
            final int compressed = 8 - groupsShown;
            assertTrue(compressed >= 2, text);
            final String[] sides = text.split("::", -1);
            assertTrue(longestZeroRun(sides[0]) < compressed, "an earlier run as long must win: " + text);
            assertTrue(longestZeroRun(sides[1]) <= compressed, "a longer run must win: " + text);
        }
    }

    private static int longestZeroRun(final String side)
    {
        int best = 0;
        int run = 0;
        for (final String group : side.split(":"))
        {
            run = "0".equals(group) ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
