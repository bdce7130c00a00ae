package io.xlat.core.nat64;

import io.xlat.core.addr.Ipv4Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Pool4Test
{
    @Test
    void shouldParseAPrefixWithAPortRangeForEveryProtocol()
    {
        final Pool4 pool = Pool4.parse("192.0.2.0/28:1024-65535");
        assertEquals(16, pool.addressCount());
        assertEquals(Ipv4Addresses.parse("192.0.2.0"), pool.address(0));
        assertEquals(Ipv4Addresses.parse("192.0.2.15"), pool.address(15));
        for (int p = 0; p < Nat64Protocol.COUNT; p++)
        {
            assertEquals(64512, pool.portCount(p, 3));
            assertEquals(1024, pool.port(p, 3, 0));
            assertEquals(65535, pool.port(p, 3, 64511));
        }
        assertTrue(pool.contains(Nat64Protocol.UDP, Ipv4Addresses.parse("192.0.2.7"), 1024));
        assertFalse(pool.contains(Nat64Protocol.UDP, Ipv4Addresses.parse("192.0.2.7"), 1023));
        assertFalse(pool.contains(Nat64Protocol.UDP, Ipv4Addresses.parse("192.0.2.16"), 2000));
    }

    @Test
    void shouldApplyDefaultRangesAndProtocolPrefixes()
    {
        final Pool4 pool = Pool4.parse("198.51.100.7", "udp:203.0.113.1:40000-40009", "icmp:203.0.113.1:1-5");
        final int a = pool.indexOf(Ipv4Addresses.parse("198.51.100.7"));
        assertEquals(64512, pool.portCount(Nat64Protocol.TCP, a));
        assertEquals(65536, pool.portCount(Nat64Protocol.ICMP, a));
        final int b = pool.indexOf(Ipv4Addresses.parse("203.0.113.1"));
        assertEquals(0, pool.portCount(Nat64Protocol.TCP, b));
        assertEquals(10, pool.portCount(Nat64Protocol.UDP, b));
        assertEquals(5, pool.portCount(Nat64Protocol.ICMP, b));
        assertEquals(-1, pool.indexOf(Ipv4Addresses.parse("203.0.113.2")));
    }

    @Test
    void shouldFindEveryAddressIndexLikeALinearScanForContiguousAndGappedPools()
    {
        final String[][] pools = {
            {"192.0.2.0/28"},
            {"127.255.255.254/31", "128.0.0.0/31"},
            {"192.0.2.0/30", "192.0.2.8/30"},
            {"198.51.100.7", "203.0.113.1"},
            {"255.255.255.254/31"},
            {"0.0.0.0/31"},
        };
        for (final String[] spec : pools)
        {
            final Pool4 pool = Pool4.parse(spec);
            final int n = pool.addressCount();
            final java.util.Random random = new java.util.Random(n);
            for (int probe = -3; probe < 2000; probe++)
            {
                final int address = probe < n + 3 ? pool.address(0) + probe : random.nextInt();
                int expected = -1;
                for (int a = 0; a < n; a++)
                {
                    if (pool.address(a) == address)
                    {
                        expected = a;
                    }
                }
                assertEquals(expected, pool.indexOf(address), java.util.Arrays.toString(spec) + " " +
                    Ipv4Addresses.format(address));
            }
        }
    }

    @Test
    void shouldConcatenateSeveralRangesOfOneAddressInPortOrder()
    {
        final Pool4 pool = Pool4.parse("tcp:192.0.2.1:5000-5001", "tcp:192.0.2.1:100-102");
        assertEquals(5, pool.portCount(Nat64Protocol.TCP, 0));
        final int[] expected = {100, 101, 102, 5000, 5001};
        for (int k = 0; k < expected.length; k++)
        {
            assertEquals(expected[k], pool.port(Nat64Protocol.TCP, 0, k));
        }
        assertEquals(100, pool.lowestPort(Nat64Protocol.TCP, 0));
        assertEquals(5001, pool.highestPort(Nat64Protocol.TCP, 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.0/33|pool4=192.0.2.0/33: ",
        "192.0.2.1/28|pool4=192.0.2.1/28: ",
        "192.0.2.0/28:2000-1000|pool4=192.0.2.0/28:2000-1000: port range 2000-1000 has min > max",
        "192.0.2.0/28:1-70000|pool4=192.0.2.0/28:1-70000: port 70000 is not in 0..65535",
        "192.0.2.0/28:80|pool4=192.0.2.0/28:80: port range \"80\" is not PORTMIN-PORTMAX",
        "sctp:192.0.2.0/28|pool4=sctp:192.0.2.0/28: unknown protocol \"sctp\"",
        "10.0.0.0/8|pool4=10.0.0.0/8: prefix /8 is larger than /16",
    })
    void shouldRejectBadEntriesNamingTheValue(final String spec, final String messageStart)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Pool4.parse(spec));
        assertTrue(ex.getMessage().startsWith(messageStart), ex.getMessage());
    }

    @Test
    void shouldRejectOverlapsWithinOneProtocolButAllowThemAcrossProtocols()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> Pool4.parse("192.0.2.0/28:1024-2000", "192.0.2.8/30:2000-3000"));
        assertTrue(ex.getMessage().contains("pool4=192.0.2.8/30:2000-3000: tcp ports overlap"), ex.getMessage());
        final Pool4 pool = Pool4.parse("tcp:192.0.2.0/28:1024-2000", "udp:192.0.2.0/28:1024-2000");
        assertEquals(977, pool.portCount(Nat64Protocol.UDP, 0));
        assertEquals(0, pool.portCount(Nat64Protocol.ICMP, 0));
    }

    @Test
    void shouldRejectAnEmptyPool()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Pool4.parse());
        assertTrue(ex.getMessage().startsWith("pool4=: empty pool"), ex.getMessage());
    }

    @Test
    void shardsShouldOwnDisjointSlicesCoveringEveryPortWithBothParities()
    {
        final Pool4 pool = Pool4.parse("192.0.2.0/29:1024-65535");
        final int shards = 3;
        for (int a = 0; a < pool.addressCount(); a++)
        {
            final int address = pool.address(a);
            final int[] perShard = new int[shards];
            final int[][] parity = new int[shards][2];
            for (int port = 1024; port <= 65535; port++)
            {
                final int owner = Pool4.owner(address, port, shards);
                perShard[owner]++;
                parity[owner][port & 1]++;
            }
            int total = 0;
            for (int s = 0; s < shards; s++)
            {
                assertEquals(perShard[s], pool.ownedPortCount(Nat64Protocol.UDP, a, s, shards));
                assertTrue(parity[s][0] > 10_000 && parity[s][1] > 10_000, "both parities in every slice");
                total += perShard[s];
            }
            assertEquals(64512, total);
        }
    }

    @Test
    void shouldParseStaticBibEntriesAndRejectBadOnes()
    {
        final StaticBibEntry e = StaticBibEntry.parse("tcp:192.0.2.1#8080=2001:db8::10#80");
        assertEquals(Nat64Protocol.TCP, e.protocol());
        assertEquals(Ipv4Addresses.parse("192.0.2.1"), e.v4Address());
        assertEquals(8080, e.v4Port());
        assertEquals(0x2001_0db8_0000_0000L, e.v6High());
        assertEquals(0x10L, e.v6Low());
        assertEquals(80, e.v6Port());
        assertEquals("tcp:192.0.2.1#8080=2001:db8::10#80", e.toString());
        assertThrows(IllegalArgumentException.class, () -> StaticBibEntry.parse("gre:192.0.2.1#1=2001:db8::1#1"));
        assertThrows(IllegalArgumentException.class, () -> StaticBibEntry.parse("tcp:192.0.2.1=2001:db8::1#1"));
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> StaticBibEntry.parse("udp:192.0.2.1#70000=2001:db8::1#1"));
        assertTrue(ex.getMessage().startsWith("static-bib=udp:192.0.2.1#70000=2001:db8::1#1: port 70000"),
            ex.getMessage());
    }
}
