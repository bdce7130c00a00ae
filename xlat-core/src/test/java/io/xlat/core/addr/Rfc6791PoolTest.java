package io.xlat.core.addr;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Rfc6791PoolTest
{
    @Test
    void shouldSelectEveryHostAddressButNotTheNetworkOrBroadcastAddress()
    {
        final Rfc6791Pool pool = Rfc6791Pool.parse("192.0.2.248/29");
        final Set<String> seen = new HashSet<>();
        for (int hash = 0; hash < 1000; hash++)
        {
            seen.add(Ipv4Addresses.format(pool.select(hash)));
        }
        assertEquals(Set.of("192.0.2.249", "192.0.2.250", "192.0.2.251", "192.0.2.252", "192.0.2.253",
            "192.0.2.254"), seen);
        assertEquals(6, pool.size());
    }

    @Test
    void shouldUseBothAddressesOfASlash31AndTheOnlyOneOfASlash32()
    {
        final Set<Integer> seen = new HashSet<>();
        final Rfc6791Pool pair = Rfc6791Pool.parse("198.51.100.6/31");
        for (int hash = 0; hash < 100; hash++)
        {
            seen.add(pair.select(hash));
        }
        assertEquals(Set.of(Ipv4Addresses.parse("198.51.100.6"), Ipv4Addresses.parse("198.51.100.7")), seen);

        final Rfc6791Pool single = Rfc6791Pool.parse("198.51.100.9");
        assertEquals(Ipv4Addresses.parse("198.51.100.9"), single.select(12345));
        assertEquals(Ipv4Addresses.parse("198.51.100.9"), single.selectRandom());
    }

    @Test
    void shouldSelectTheSameAddressForTheSameHash()
    {
        final Rfc6791Pool pool = Rfc6791Pool.parse("203.0.113.0/24");
        assertEquals(pool.select(42), pool.select(42));
        final Ipv4Prefix prefix = Ipv4Prefix.parse("203.0.113.0/24");
        for (int i = 0; i < 1000; i++)
        {
            final int selected = pool.selectRandom();
            assertTrue(prefix.contains(selected));
            assertNotEquals(Ipv4Addresses.parse("203.0.113.0"), selected);
            assertNotEquals(Ipv4Addresses.parse("203.0.113.255"), selected);
        }
    }

    @Test
    void shouldNameABadPool()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Rfc6791Pool.parse("192.0.2.1/24"));
        assertTrue(ex.getMessage().startsWith("rfc6791v4=192.0.2.1/24"), ex.getMessage());
        final IllegalArgumentException ex6 =
            assertThrows(IllegalArgumentException.class, () -> Rfc6791v6Pool.parse("2001:db8::1/64"));
        assertTrue(ex6.getMessage().startsWith("rfc6791v6=2001:db8::1/64"), ex6.getMessage());
    }

    @Test
    void shouldSelectIpv6AddressesInsideThePrefixSpreadOverIt()
    {
        final Rfc6791v6Pool pool = Rfc6791v6Pool.parse("2001:db8:ffff::/64");
        final Ipv6Prefix prefix = pool.prefix();
        final Set<Long> lows = new HashSet<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        for (int hash = 0; hash < 1000; hash++)
        {
            pool.select(hash, buffer, 0);
            assertTrue(prefix.contains(Ipv6Addresses.high(buffer, 0), Ipv6Addresses.low(buffer, 0)));
            assertNotEquals(0L, Ipv6Addresses.low(buffer, 0));
            lows.add(Ipv6Addresses.low(buffer, 0));
        }
        assertEquals(1000, lows.size());
        assertEquals(pool.selectLow(7), pool.selectLow(7));
    }

    @Test
    void shouldAlwaysSelectTheAddressOfASlash128()
    {
        final Rfc6791v6Pool pool = Rfc6791v6Pool.parse("2001:db8::6791");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        pool.selectRandom(buffer, 0);
        assertEquals("2001:db8::6791", Ipv6Addresses.format(buffer, 0));
        pool.select(99, buffer, 0);
        assertEquals("2001:db8::6791", Ipv6Addresses.format(buffer, 0));
    }

    @Test
    void shouldFillHostBitsAboveBit64ForShortPrefixes()
    {
        final Rfc6791v6Pool pool = Rfc6791v6Pool.parse("2001:db8:ff00::/40");
        final Ipv6Prefix prefix = pool.prefix();
        final Set<Long> highs = new HashSet<>();
        for (int hash = 0; hash < 100; hash++)
        {
            assertTrue(prefix.contains(pool.selectHigh(hash), pool.selectLow(hash)));
            highs.add(pool.selectHigh(hash));
        }
        assertTrue(highs.size() > 90, "high halves spread: " + highs.size());
    }
}
