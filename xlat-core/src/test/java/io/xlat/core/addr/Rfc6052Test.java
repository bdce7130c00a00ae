package io.xlat.core.addr;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Rfc6052Test
{
    private static final int IPV4 = 0xC000_0221; // 192.0.2.33

    /**
     * RFC 6052 section 2.4, the table of Network-Specific Prefixes with 192.0.2.33, plus the Well-Known Prefix
     * example of the same section. The IPv6 column is the RFC's own text; it is parsed by java.net.InetAddress so
     * the expectation does not depend on our parser.
     */
    @ParameterizedTest(name = "{0} + 192.0.2.33 = {1}")
    @CsvSource({
        "2001:db8::/32,         2001:db8:c000:221::",
        "2001:db8:100::/40,     2001:db8:1c0:2:21::",
        "2001:db8:122::/48,     2001:db8:122:c000:2:2100::",
        "2001:db8:122:300::/56, 2001:db8:122:3c0:0:221::",
        "2001:db8:122:344::/64, 2001:db8:122:344:c0:2:2100::",
        "2001:db8:122:344::/96, 2001:db8:122:344::192.0.2.33",
        "64:ff9b::/96,          64:ff9b::192.0.2.33",
    })
    void shouldEmbedAndExtractEveryRfc6052Section24Example(final String prefixText, final String expectedText)
        throws Exception
    {
        final Ipv6Prefix prefix = Ipv6Prefix.parse(prefixText);
        final byte[] expected = InetAddress.getByName(expectedText).getAddress();
        final byte[] ipv4 = InetAddress.getByName("192.0.2.33").getAddress();

        final UnsafeBuffer out = new UnsafeBuffer(new byte[16 + 8]);
        out.setMemory(0, out.capacity(), (byte)0x5A);
        Rfc6052.embed(prefix.high(), prefix.low(), prefix.length(), IPV4, out, 4);
        final byte[] actual = new byte[16];
        out.getBytes(4, actual);
        assertArrayEquals(expected, actual);
        assertEquals(0x5A5A_5A5A, out.getInt(0), "canary before the address");
        assertEquals(0x5A5A_5A5A, out.getInt(20), "canary after the address");

        final UnsafeBuffer in = new UnsafeBuffer(expected);
        final int extracted = Rfc6052.extract(in, 0, prefix.length());
        assertEquals(ipv4[0] & 0xFF, extracted >>> 24);
        assertEquals(IPV4, extracted);
        assertTrue(Rfc6052.isWellFormed(
            in.getLong(0, ByteOrder.BIG_ENDIAN), in.getLong(8, ByteOrder.BIG_ENDIAN), prefix.length()));
        assertTrue(prefix.contains(in.getLong(0, ByteOrder.BIG_ENDIAN), in.getLong(8, ByteOrder.BIG_ENDIAN)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 32, 40, 48, 56, 64, 96 })
    void shouldAcceptOnlyTheSixPrefixLengthsOfSection22(final int length)
    {
        assertTrue(Rfc6052.isValidPrefixLength(length));
    }

    @ParameterizedTest
    @ValueSource(ints = { -8, 0, 8, 24, 31, 33, 72, 80, 88, 104, 128 })
    void shouldRefuseOtherPrefixLengths(final int length)
    {
        assertFalse(Rfc6052.isValidPrefixLength(length));
    }

    @Test
    void shouldNameThePrefixWhenTheLengthIsNotAllowed()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> Rfc6052.checkPrefix(Ipv6Prefix.parse("2001:db8::/80")));
        assertTrue(ex.getMessage().contains("2001:db8::/80"), ex.getMessage());
        assertTrue(ex.getMessage().contains("length 80"), ex.getMessage());
    }

    @Test
    void shouldRefuseASlash96PrefixWithTheUOctetSet()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> Rfc6052.checkPrefix(Ipv6Prefix.parse("2001:db8:0:0:100::/96")));
        assertTrue(ex.getMessage().contains("u-octet"), ex.getMessage());
    }

    @Test
    void shouldWriteAZeroUOctetEvenWhenTheSlash96PrefixArgumentHasOne()
    {
        final long low = 0xFF00_0001_0000_0000L;
        assertEquals(0x0000_0001_C000_0221L, Rfc6052.embedLow(low, 96, IPV4));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8:c000:221:100::,      32",
        "2001:db8:c000:221:0:1::,      32",
        "2001:db8:1c0:2:121::,         40",
        "2001:db8:1c0:2:21::1,         40",
        "2001:db8:122:c000:102:2100::, 48",
        "2001:db8:122:3c0:100:221::,   56",
        "2001:db8:122:344:c0:2:2100:1, 64",
        "2001:db8:122:344:1c0:2:2100:0, 64",
        "2001:db8:122:344:100::c000:221, 96",
    })
    void shouldReportAddressesWithANonZeroUOctetOrSuffixAsMalformed(final String text, final int length)
        throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(InetAddress.getByName(text).getAddress());
        assertFalse(Rfc6052.isWellFormed(
            buffer.getLong(0, ByteOrder.BIG_ENDIAN), buffer.getLong(8, ByteOrder.BIG_ENDIAN), length));
        // Extraction itself ignores the u-octet and the suffix (documented): still 192.0.2.33.
        assertEquals(IPV4, Rfc6052.extract(buffer, 0, length));
    }

    @Test
    void shouldIgnorePrefixBitsBeyondTheLengthWhenEmbedding()
    {
        final long[] dirty = Ipv6Addresses.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
        final long[] expected = Ipv6Addresses.parse("2001:db8:c000:221::");
        assertEquals(expected[0], Rfc6052.embedHigh(dirty[0], 32, IPV4));
        assertEquals(expected[1], Rfc6052.embedLow(dirty[1], 32, IPV4));
    }
}
