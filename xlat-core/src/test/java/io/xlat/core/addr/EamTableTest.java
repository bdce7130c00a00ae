package io.xlat.core.addr;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EamTableTest
{
    /** An EAMT in the style of RFC 7757 section 3: single addresses and small blocks, one under 64:ff9b::. */
    private static final EamTable RFC_STYLE = EamTable.builder()
        .add("2001:db8:aaaa::", "192.0.2.1")
        .add("2001:db8:bbbb:bbbb::/127", "192.0.2.2/31")
        .add("2001:db8:cccc:cccc::/124", "192.0.2.16/28")
        .add("2001:db8:dddd:dddd::/122", "192.0.2.128/26")
        .add("64:ff9b::/127", "192.0.2.192/31")
        .build();

    /** Overlapping entries: the longest match must win in each direction (RFC 7757 3.3). */
    private static final EamTable OVERLAPPING = EamTable.builder()
        .add("2001:db8:1::/120", "198.51.100.0/24")
        .add("2001:db8:2::/125", "198.51.100.8/29")
        .add("2001:db8:3::9", "198.51.100.9")
        .add("2001:db8:1::10/124", "203.0.113.16/28")
        .build();

    /** Expected values by hand: the IPv4 suffix (address minus the IPv4 prefix) added to the IPv6 prefix. */
    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "192.0.2.1,   2001:db8:aaaa::",
        "192.0.2.2,   2001:db8:bbbb:bbbb::",
        "192.0.2.3,   2001:db8:bbbb:bbbb::1",
        "192.0.2.16,  2001:db8:cccc:cccc::",
        "192.0.2.24,  2001:db8:cccc:cccc::8",
        "192.0.2.31,  2001:db8:cccc:cccc::f",
        "192.0.2.150, 2001:db8:dddd:dddd::16",
        "192.0.2.191, 2001:db8:dddd:dddd::3f",
        "192.0.2.193, 64:ff9b::1",
    })
    void shouldTranslateBothWaysThroughTheEntryThatCoversTheAddress(final String ipv4Text, final String ipv6Text)
        throws Exception
    {
        assertBothWays(RFC_STYLE, ipv4Text, ipv6Text);
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "198.51.100.9,   2001:db8:3::9",
        "198.51.100.10,  2001:db8:2::2",
        "198.51.100.8,   2001:db8:2::",
        "198.51.100.40,  2001:db8:1::28",
        "198.51.100.255, 2001:db8:1::ff",
        "203.0.113.18,   2001:db8:1::12",
    })
    void shouldPickTheLongestMatchInBothDirections(final String ipv4Text, final String ipv6Text) throws Exception
    {
        assertBothWays(OVERLAPPING, ipv4Text, ipv6Text);
    }

    @Test
    void shouldLetTheLongerIpv6PrefixWinEvenWhenItsIpv4SideIsElsewhere()
    {
        // 2001:db8:1::12 is inside 2001:db8:1::/120 (-> 198.51.100.18) and 2001:db8:1::10/124 (-> 203.0.113.18).
        final long[] address = Ipv6Addresses.parse("2001:db8:1::12");
        assertEquals(Ipv4Addresses.toUnsigned(Ipv4Addresses.parse("203.0.113.18")),
            OVERLAPPING.ipv6ToIpv4(address[0], address[1]));
        // The reverse of 198.51.100.18 still goes through the /24.
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        assertTrue(OVERLAPPING.ipv4ToIpv6(Ipv4Addresses.parse("198.51.100.18"), out, 0));
        assertEquals("2001:db8:1::12", Ipv6Addresses.format(out, 0));
    }

    @ParameterizedTest
    @CsvSource({ "192.0.2.0", "192.0.2.4", "192.0.2.15", "192.0.2.32", "192.0.2.194", "198.51.100.1" })
    void shouldMissIpv4AddressesNoEntryCovers(final String ipv4Text)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        out.setMemory(0, 16, (byte)0x77);
        assertFalse(RFC_STYLE.ipv4ToIpv6(Ipv4Addresses.parse(ipv4Text), out, 0));
        assertEquals(0x7777_7777_7777_7777L, out.getLong(0), "output untouched");
    }

    @ParameterizedTest
    @CsvSource({ "2001:db8:aaaa::1", "2001:db8:bbbb:bbbb::2", "2001:db8:cccc:cccc::10", "64:ff9b::2", "::" })
    void shouldMissIpv6AddressesNoEntryCovers(final String ipv6Text)
    {
        final long[] address = Ipv6Addresses.parse(ipv6Text);
        assertEquals(AddressMapper.NOT_MAPPED, RFC_STYLE.ipv6ToIpv4(address[0], address[1]));
    }

    @Test
    void shouldRefuseEntriesWhoseSuffixLengthsDifferNamingTheEntry()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> EamTable.builder().add("2001:db8::/64", "192.0.2.0/24"));
        assertTrue(ex.getMessage().contains("2001:db8::/64 192.0.2.0/24"), ex.getMessage());
        assertTrue(ex.getMessage().contains("suffix lengths differ"), ex.getMessage());
    }

    @Test
    void shouldRefuseASecondEntryForTheSameIpv4Prefix()
    {
        final EamTable.Builder builder = EamTable.builder().add("2001:db8:1::/120", "192.0.2.0/24");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> builder.add("2001:db8:2::/120", "192.0.2.0/24"));
        assertTrue(ex.getMessage().contains("2001:db8:2::/120 192.0.2.0/24"), ex.getMessage());
        assertTrue(ex.getMessage().contains("already mapped by entry \"2001:db8:1::/120 192.0.2.0/24\""),
            ex.getMessage());
    }

    @Test
    void shouldRefuseASecondEntryForTheSameIpv6Prefix()
    {
        final EamTable.Builder builder = EamTable.builder().add("2001:db8:1::/120", "192.0.2.0/24");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> builder.add("2001:db8:1::/120", "198.51.100.0/24"));
        assertTrue(ex.getMessage().contains("IPv6 prefix 2001:db8:1::/120"), ex.getMessage());
    }

    @Test
    void shouldNameTheEntryWhenAPrefixDoesNotParse()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> EamTable.builder().add("2001:db8::1/120", "192.0.2.0/24"));
        assertTrue(ex.getMessage().contains("EAMT entry \"2001:db8::1/120 192.0.2.0/24\""), ex.getMessage());
        assertTrue(ex.getMessage().contains("host bits"), ex.getMessage());
    }

    @Test
    void shouldMissEverythingWhenEmpty()
    {
        assertEquals(0, EamTable.EMPTY.size());
        assertEquals(-1, EamTable.EMPTY.findByIpv4(0));
        assertEquals(-1, EamTable.EMPTY.findByIpv6(0, 0));
    }

    @Test
    void shouldCoverEverythingWithADefaultRouteEntry()
    {
        final EamTable all = EamTable.builder().add("2001:db8::/96", "0.0.0.0/0").build();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        assertTrue(all.ipv4ToIpv6(-1, out, 0));
        assertEquals("2001:db8::ffff:ffff", Ipv6Addresses.format(out, 0));
        assertEquals(0xFFFF_FFFFL, all.ipv6ToIpv4(out, 0));
    }

    @Test
    void shouldListEntriesInInsertionOrder()
    {
        assertEquals(5, RFC_STYLE.size());
        assertEquals("2001:db8:cccc:cccc::/124", RFC_STYLE.ipv6Prefix(2).toString());
        assertEquals("192.0.2.16/28", RFC_STYLE.ipv4Prefix(2).toString());
    }

    private static void assertBothWays(final EamTable table, final String ipv4Text, final String ipv6Text)
        throws Exception
    {
        final byte[] ipv6 = InetAddress.getByName(ipv6Text).getAddress();
        final byte[] ipv4 = InetAddress.getByName(ipv4Text).getAddress();
        final int ipv4Int = ((ipv4[0] & 0xFF) << 24) | ((ipv4[1] & 0xFF) << 16) | ((ipv4[2] & 0xFF) << 8) |
            (ipv4[3] & 0xFF);

        final UnsafeBuffer out = new UnsafeBuffer(new byte[20]);
        assertTrue(table.ipv4ToIpv6(ipv4Int, out, 2));
        final byte[] actual = new byte[16];
        out.getBytes(2, actual);
        assertArrayEquals(ipv6, actual);

        assertEquals(ipv4Int & 0xFFFF_FFFFL, table.ipv6ToIpv4(new UnsafeBuffer(ipv6), 0));
    }
}
