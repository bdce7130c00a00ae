package io.xlat.core.addr;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Rfc6052PropertyTest
{
    @Provide
    Arbitrary<Integer> lengths()
    {
        return Arbitraries.of(32, 40, 48, 56, 64, 96);
    }

    @Property(tries = 3000)
    void embedThenExtractShouldGiveBackTheIpv4Address(
        @ForAll("lengths") final int length, @ForAll final long high, @ForAll final long low, @ForAll final int ipv4)
    {
        final long h = Rfc6052.embedHigh(high, length, ipv4);
        final long l = Rfc6052.embedLow(low, length, ipv4);
        assertEquals(ipv4, Rfc6052.extract(h, l, length));
        assertTrue(Rfc6052.isWellFormed(h, l, length));
    }

    @Property(tries = 3000)
    void theUOctetShouldAlwaysBeZero(
        @ForAll("lengths") final int length, @ForAll final long high, @ForAll final long low, @ForAll final int ipv4)
    {
        assertEquals(0, Rfc6052.embedLow(low, length, ipv4) >>> 56);
    }

    @Property(tries = 3000)
    void embeddingShouldMatchABitByBitReference(
        @ForAll("lengths") final int length, @ForAll final long high, @ForAll final long low, @ForAll final int ipv4)
    {
        final BigInteger expected = referenceEmbed(high, low, length, ipv4);
        final BigInteger actual = toBig(Rfc6052.embedHigh(high, length, ipv4), Rfc6052.embedLow(low, length, ipv4));
        assertEquals(expected, actual);
    }

    /**
     * RFC 6052 2.2 read literally: copy prefix bits 0..length-1 (except the u-octet, bits 64..71), then place
     * the 32 IPv4 bits one by one from bit {@code length}, jumping over bits 64..71; every other bit is zero.
     */
    private static BigInteger referenceEmbed(final long high, final long low, final int length, final int ipv4)
    {
        final BigInteger prefix = toBig(high, low);
        BigInteger result = BigInteger.ZERO;
        for (int bit = 0; bit < length; bit++)
        {
            if (prefix.testBit(127 - bit) && (bit < 64 || bit >= 72))
            {
                result = result.setBit(127 - bit);
            }
        }
        int position = length;
        for (int i = 31; i >= 0; i--)
        {
            if (position >= 64 && position < 72)
            {
                position = 72;
            }
            if (((ipv4 >>> i) & 1) == 1)
            {
                result = result.setBit(127 - position);
            }
            position++;
        }
        return result;
    }

    private static BigInteger toBig(final long high, final long low)
    {
        return new BigInteger(1, new byte[]
        {
            (byte)(high >>> 56), (byte)(high >>> 48), (byte)(high >>> 40), (byte)(high >>> 32),
            (byte)(high >>> 24), (byte)(high >>> 16), (byte)(high >>> 8), (byte)high,
            (byte)(low >>> 56), (byte)(low >>> 48), (byte)(low >>> 40), (byte)(low >>> 32),
            (byte)(low >>> 24), (byte)(low >>> 16), (byte)(low >>> 8), (byte)low,
        });
    }
}
