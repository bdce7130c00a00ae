package io.xlat.core.addr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "192.0.2.0/28,     192.0.2.0/28,     0xC0000200, 28",
        "192.0.2.33,       192.0.2.33/32,    0xC0000221, 32",
        "0.0.0.0/0,        0.0.0.0/0,        0x00000000, 0",
        "198.51.100.0/24,  198.51.100.0/24,  0xC6336400, 24",
        "255.255.255.255/32, 255.255.255.255/32, 0xFFFFFFFF, 32",
        "128.0.0.0/1,      128.0.0.0/1,      0x80000000, 1",
    })
    void shouldParseIpv4Prefixes(final String text, final String canonical, final long address, final int length)
    {
        final Ipv4Prefix prefix = Ipv4Prefix.parse(text);
        assertEquals(canonical, prefix.toString());
        assertEquals((int)address, prefix.address());
        assertEquals(length, prefix.length());
        assertEquals(prefix, Ipv4Prefix.parse(canonical));
        assertEquals(prefix.hashCode(), Ipv4Prefix.parse(canonical).hashCode());
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1/24        | host bits set",
        "192.0.2.0/33        | greater than 32",
        "192.0.2.0/          | is not a number",
        "192.0.2.0/x         | is not a number",
        "192.0.2.0/-1        | is not a number",
        "192.0.2.0/024       | leading zero",
        "192.0.2/24          | 3 octets",
        "192.0.2.256/32      | above 255",
        "192.0.2.1.1         | after the fourth octet",
        "192.0.02.1          | leading zero",
        "192..2.1            | octet 2 is missing",
        "1234.0.2.1          | more than 3 digits",
        "''                  | octet 1 is missing",
        "192.0.2.0/24/24     | is not a number",
    })
    void shouldRefuseBadIpv4PrefixesQuotingTheText(final String text, final String reason)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse(text));
        assertTrue(ex.getMessage().contains("\"" + text + "\""), ex.getMessage());
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "64:ff9b::/96,                64:ff9b::/96,            96",
        "64:FF9B:0:0:0:0:0:0/96,      64:ff9b::/96,            96",
        "2001:db8::1,                 2001:db8::1/128,         128",
        "::/0,                        ::/0,                    0",
        "2001:db8:122:344::/64,       2001:db8:122:344::/64,   64",
        "2001:db8:100::/40,           2001:db8:100::/40,       40",
        "64:ff9b::192.0.2.0/120,      64:ff9b::c000:200/120,   120",
        "8000::/1,                    8000::/1,                1",
    })
    void shouldParseIpv6Prefixes(final String text, final String canonical, final int length)
    {
        final Ipv6Prefix prefix = Ipv6Prefix.parse(text);
        assertEquals(canonical, prefix.toString());
        assertEquals(length, prefix.length());
        assertEquals(prefix, Ipv6Prefix.parse(canonical));
        assertEquals(prefix.hashCode(), Ipv6Prefix.parse(canonical).hashCode());
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "64:ff9b::1/96          | host bits set",
        "2001:db8::/129         | greater than 128",
        "2001:db8::/1000        | is not a number",
        "2001:db8::/            | is not a number",
        "fe80::%eth0/64         | zone",
        "2001:db8:::/64         | ':::'",
        "2001:db8::g/128        | unexpected 'g'",
        "2001:db8::/64/64       | is not a number",
        "2001:db8:4000::/33     | host bits set",
    })
    void shouldRefuseBadIpv6PrefixesQuotingTheText(final String text, final String reason)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Ipv6Prefix.parse(text));
        assertTrue(ex.getMessage().contains("\"" + text + "\""), ex.getMessage());
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
    }

    @Test
    void shouldSuggestTheNetworkWhenHostBitsAreSet()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Ipv6Prefix.parse("2001:db8::1/64"));
        assertTrue(ex.getMessage().contains("2001:db8::/64"), ex.getMessage());
        final IllegalArgumentException ex4 =
            assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("192.0.2.77/28"));
        assertTrue(ex4.getMessage().contains("192.0.2.64/28"), ex4.getMessage());
    }

    @Test
    void shouldTellWhetherAnAddressIsInsideIpv4Prefix()
    {
        final Ipv4Prefix prefix = Ipv4Prefix.parse("192.0.2.0/28");
        assertTrue(prefix.contains(Ipv4Addresses.parse("192.0.2.0")));
        assertTrue(prefix.contains(Ipv4Addresses.parse("192.0.2.15")));
        assertFalse(prefix.contains(Ipv4Addresses.parse("192.0.2.16")));
        assertFalse(prefix.contains(Ipv4Addresses.parse("64.0.2.0")));
        assertTrue(Ipv4Prefix.parse("0.0.0.0/0").contains(-1));
        assertTrue(prefix.contains(Ipv4Prefix.parse("192.0.2.8/29")));
        assertFalse(Ipv4Prefix.parse("192.0.2.8/29").contains(prefix));
    }

    @Test
    void shouldTellWhetherAnAddressIsInsideIpv6Prefix()
    {
        final Ipv6Prefix prefix = Ipv6Prefix.parse("2001:db8:122:344::/64");
        final long[] inside = Ipv6Addresses.parse("2001:db8:122:344:ffff::1");
        final long[] outside = Ipv6Addresses.parse("2001:db8:122:345::1");
        assertTrue(prefix.contains(inside[0], inside[1]));
        assertFalse(prefix.contains(outside[0], outside[1]));

        final Ipv6Prefix slash100 = Ipv6Prefix.parse("2001:db8::1000:0/100");
        final long[] in100 = Ipv6Addresses.parse("2001:db8::1fff:ffff");
        final long[] out100 = Ipv6Addresses.parse("2001:db8::2000:0");
        assertTrue(slash100.contains(in100[0], in100[1]));
        assertFalse(slash100.contains(out100[0], out100[1]));
        assertTrue(Ipv6Prefix.parse("::/0").contains(-1L, -1L));
    }

    @Test
    void shouldDistinguishPrefixesByLength()
    {
        assertNotEquals(Ipv6Prefix.parse("2001:db8::/32"), Ipv6Prefix.parse("2001:db8::/33"));
        assertNotEquals(Ipv4Prefix.parse("192.0.2.0/24"), Ipv4Prefix.parse("192.0.2.0/25"));
    }

    @Test
    void shouldRefuseBadPartsInFactoryMethods()
    {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.of(0xC0000201, 24));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.of(0, 33));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Prefix.of(0, 1, 64));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Prefix.of(0, 0, 129));
        assertEquals("2001:db8::/32", Ipv6Prefix.of(0x2001_0db8_0000_0000L, 0, 32).toString());
    }

    @Test
    void shouldFormatAndParseIpv4Addresses()
    {
        assertEquals("192.0.2.33", Ipv4Addresses.format(0xC0000221));
        assertEquals("255.255.255.255", Ipv4Addresses.format(-1));
        assertEquals("0.0.0.0", Ipv4Addresses.format(0));
        assertEquals(0xCB007101, Ipv4Addresses.parse("203.0.113.1"));
        assertEquals(0xFFFF_FFFFL, Ipv4Addresses.toUnsigned(-1));
    }
}
