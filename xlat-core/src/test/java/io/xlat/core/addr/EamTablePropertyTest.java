package io.xlat.core.addr;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EamTablePropertyTest
{
    /**
     * Random tables whose prefixes crowd into 192.0.2.0/23-sized space (so they overlap a lot), queried in the
     * same space: every lookup must agree with a brute-force longest match over the entry list.
     */
    @Property(tries = 200)
    void lookupShouldAgreeWithABruteForceLongestMatch(
        @ForAll final long seed, @ForAll @IntRange(min = 1, max = 300) final int entries)
    {
        final Random random = new Random(seed);
        final List<Ipv6Prefix> v6 = new ArrayList<>();
        final List<Ipv4Prefix> v4 = new ArrayList<>();
        final EamTable.Builder builder = EamTable.builder();
        for (int i = 0; i < entries; i++)
        {
            final int len4 = 20 + random.nextInt(13);
            final int ipv4 = (0xC000_0000 | random.nextInt(1 << 12)) & Ipv4Prefix.mask(len4);
            final int len6 = 96 + len4;
            final long high = 0x2001_0db8_0000_0000L | random.nextInt(2);
            final long low = ((long)random.nextInt(1 << 12) << 32 | (random.nextInt(1 << 12) & 0xFFFF_FFFFL)) &
                Ipv6Prefix.maskLow(len6);
            final Ipv4Prefix p4 = Ipv4Prefix.of(ipv4, len4);
            final Ipv6Prefix p6 = Ipv6Prefix.of(high, low, len6);
            if (v4.contains(p4) || v6.contains(p6))
            {
                continue;
            }
            builder.add(p6, p4);
            v4.add(p4);
            v6.add(p6);
        }
        final EamTable table = builder.build();

        for (int q = 0; q < 500; q++)
        {
            final int ipv4 = 0xC000_0000 | random.nextInt(1 << 12);
            assertEquals(bruteForce4(v4, ipv4), table.findByIpv4(ipv4), Ipv4Addresses.format(ipv4));

            final long high = 0x2001_0db8_0000_0000L | random.nextInt(2);
            final long low = (long)random.nextInt(1 << 12) << 32 | (random.nextInt(1 << 12) & 0xFFFF_FFFFL);
            assertEquals(bruteForce6(v6, high, low), table.findByIpv6(high, low), Ipv6Addresses.format(high, low));
        }
    }

    private static int bruteForce4(final List<Ipv4Prefix> prefixes, final int ipv4)
    {
        int best = -1;
        for (int i = 0; i < prefixes.size(); i++)
        {
            final Ipv4Prefix p = prefixes.get(i);
            final int mask = p.length() == 0 ? 0 : (int)(0xFFFF_FFFFL << (32 - p.length()));
            if ((ipv4 & mask) == p.address() && (best < 0 || p.length() > prefixes.get(best).length()))
            {
                best = i;
            }
        }
        return best;
    }

    private static int bruteForce6(final List<Ipv6Prefix> prefixes, final long high, final long low)
    {
        int best = -1;
        for (int i = 0; i < prefixes.size(); i++)
        {
            final Ipv6Prefix p = prefixes.get(i);
            boolean match = true;
            for (int bit = 0; bit < p.length() && match; bit++)
            {
                final long word = bit < 64 ? high : low;
                final long prefixWord = bit < 64 ? p.high() : p.low();
                final int shift = 63 - (bit & 63);
                match = ((word >>> shift) & 1) == ((prefixWord >>> shift) & 1);
            }
            if (match && (best < 0 || p.length() > prefixes.get(best).length()))
            {
                best = i;
            }
        }
        return best;
    }
}
