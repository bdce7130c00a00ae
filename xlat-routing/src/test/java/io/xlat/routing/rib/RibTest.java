package io.xlat.routing.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RibTest
{
    private static final IpPrefix NET = IpPrefix.parse("198.51.100.0/24");

    @Test
    void shouldUseRouterOsDefaultDistances()
    {
        assertEquals(0, RouteType.CONNECTED.defaultDistance());
        assertEquals(1, RouteType.STATIC.defaultDistance());
        assertEquals(110, RouteType.OSPF.defaultDistance());
        assertEquals(20, RouteType.EBGP.defaultDistance());
        assertEquals(200, RouteType.IBGP.defaultDistance());
    }

    @Test
    void shouldPickTheLowestDistanceAsActive()
    {
        final Rib rib = new Rib();
        final Route ospf = Route.of(RouteType.OSPF, NET, "r1");
        final Route ibgp = Route.of(RouteType.IBGP, NET, "r2");
        final Route guard = Route.of(RouteType.BLACKHOLE, NET, "guard").withDistance(254);
        rib.add(guard).add(ibgp).add(ospf);
        assertEquals(ospf, rib.active(NET));
        rib.remove(ospf);
        assertEquals(ibgp, rib.active(NET));
        rib.remove(ibgp);
        assertEquals(guard, rib.active(NET));
    }

    @Test
    void shouldBreakDistanceTiesByMetric()
    {
        final Rib rib = new Rib();
        final Route backup = Route.of(RouteType.OSPF, NET, "plat-b").withMetric(100);
        final Route primary = Route.of(RouteType.OSPF, NET, "plat-a").withMetric(10);
        rib.add(backup).add(primary);
        assertEquals(primary, rib.active(NET));
    }

    @Test
    void shouldNeverActivateDistance255()
    {
        final Rib rib = new Rib().add(Route.of(RouteType.BLACKHOLE, NET, "x").withDistance(255));
        assertNull(rib.active(NET));
    }

    @Test
    void shouldLookUpTheLongestPrefixWithAnActiveRoute()
    {
        final Rib rib = new Rib()
            .add(Route.of(RouteType.STATIC, IpPrefix.parse("0.0.0.0/0"), "upstream"))
            .add(Route.of(RouteType.OSPF, NET, "core"))
            .add(Route.of(RouteType.STATIC, IpPrefix.parse("198.51.100.128/25"), "x").withDistance(255));
        assertEquals("core", rib.lookup("198.51.100.200").gateway());
        assertEquals("upstream", rib.lookup("203.0.113.1").gateway());
        final Rib v6 = new Rib().add(Route.of(RouteType.OSPF, IpPrefix.parse("64:ff9b::/96"), "plat"));
        assertEquals("plat", v6.lookup("64:ff9b::c000:201").gateway());
        assertNull(v6.lookup("2001:db8::1"));
    }

    @Test
    void shouldRejectADistanceOutsideTheRangeNamingIt()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Route.of(RouteType.STATIC, NET, "x").withDistance(300));
        assertTrue(ex.getMessage().contains("distance=300"), ex.getMessage());
    }

    @Test
    void shouldOrderPrefixesIpv4FirstThenByAddress()
    {
        assertTrue(IpPrefix.parse("192.0.2.0/24").compareTo(IpPrefix.parse("198.51.100.0/24")) < 0);
        assertTrue(IpPrefix.parse("203.0.113.0/24").compareTo(IpPrefix.parse("2001:db8::/32")) < 0);
        assertTrue(IpPrefix.parse("2001:db8::/32").compareTo(IpPrefix.parse("2001:db8::/48")) < 0);
        assertTrue(IpPrefix.parse("128.0.0.0/1").compareTo(IpPrefix.parse("127.0.0.0/8")) > 0);
    }
}
