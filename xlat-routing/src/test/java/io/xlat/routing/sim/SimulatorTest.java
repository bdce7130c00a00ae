package io.xlat.routing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.routing.bgp.BgpOrigination;
import io.xlat.routing.bgp.DampingParameters;
import io.xlat.routing.policy.BgpFlapGuard;
import io.xlat.routing.policy.PlatFailover;
import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.rib.Rib;
import io.xlat.routing.rib.Route;
import io.xlat.routing.rib.RouteType;
import org.junit.jupiter.api.Test;

class SimulatorTest
{
    private static final IpPrefix NET = IpPrefix.parse("198.51.100.0/24");
    private static final Route OSPF = Route.of(RouteType.OSPF, NET, "core");

    private static SimulationReport run(final boolean guard, final List<SimEvent> events)
    {
        final Rib rib = new Rib().add(OSPF);
        if (guard)
        {
            BgpFlapGuard.apply(rib, List.of(NET));
        }
        return new Simulator(rib, new BgpOrigination(List.of(NET)), DampingParameters.DEFAULTS).run(events);
    }

    @Test
    void shouldWithdrawAndReannounceOnEveryOspfOutageWithoutTheGuard()
    {
        final SimulationReport r = run(false, Scenarios.flaps(OSPF, 0, 30, 30, 3));
        assertEquals(List.of(
            new AdvertisementChange(0, NET, false), new AdvertisementChange(30, NET, true),
            new AdvertisementChange(60, NET, false), new AdvertisementChange(90, NET, true),
            new AdvertisementChange(120, NET, false), new AdvertisementChange(150, NET, true)),
            r.advertisementChanges());
        assertEquals(3, r.withdrawals(NET));
    }

    @Test
    void shouldGetTheFlappingPrefixSuppressedUpstreamWithoutTheGuard()
    {
        final SimulationReport r = run(false, Scenarios.flaps(OSPF, 0, 30, 30, 3));
        final NetworkDamping d = r.damping(NET);
        assertTrue(d.suppressed());
        assertEquals(120, d.suppressions().get(0).fromSeconds());
        // Penalty after three withdrawals 60 s apart, computed independently.
        final double h = 900;
        final double p = (1000 * Math.pow(0.5, 60 / h) + 1000) * Math.pow(0.5, 60 / h) + 1000;
        assertEquals(Math.round(p), d.finalPenalty());
        final long expectedReuse = 120 + (long)Math.ceil(h * Math.log(p / 750) / Math.log(2));
        assertEquals(expectedReuse, d.suppressions().get(0).untilSeconds());
        assertTrue(d.suppressions().get(0).durationSeconds() > 25 * 60, "suppressed for about half an hour");
    }

    @Test
    void shouldKeepTheAdvertisementThroughOspfOutagesWithTheGuard()
    {
        final SimulationReport r = run(true, Scenarios.flaps(OSPF, 0, 30, 30, 3));
        assertTrue(r.advertisementChanges().isEmpty());
        assertEquals(0, r.withdrawals(NET));
        assertFalse(r.anySuppressed());
        assertEquals(0, r.damping(NET).withdrawals());
        // The guard is what carries the prefix during the outage, and OSPF wins again afterwards.
        assertEquals(BgpFlapGuard.ORIGIN, r.activeRouteChanges().get(0).after().gateway());
        assertEquals(OSPF, r.activeRouteChanges().get(1).after());
    }

    @Test
    void shouldTreatALossAndRestoreAtTheSameInstantAsNoFlap()
    {
        final SimulationReport r = run(false, List.of(SimEvent.lost(10, OSPF), SimEvent.restored(10, OSPF)));
        assertTrue(r.advertisementChanges().isEmpty());
    }

    @Test
    void shouldFailOverToTheBackupPlatWhenThePrimaryRoutesGoAway()
    {
        final IpPrefix pool4 = IpPrefix.parse("203.0.113.0/24");
        final IpPrefix nat64 = IpPrefix.parse("64:ff9b::/96");
        final List<PlatNode> plats = List.of(new PlatNode("plat-b", "ether6", 100), new PlatNode("plat-a", "ether5",
            10));
        final Rib rib = new Rib();
        final List<Route> routes = PlatFailover.routes(plats, List.of(pool4, nat64));
        routes.forEach(rib::add);
        assertEquals("plat-a", rib.active(pool4).gateway());
        final List<Route> primary = routes.stream().filter(x -> x.gateway().equals("plat-a")).toList();
        final SimulationReport r = new Simulator(rib, new BgpOrigination(List.of()), DampingParameters.DEFAULTS)
            .run(List.of(SimEvent.lost(100, primary.get(0)), SimEvent.lost(100, primary.get(1)),
                SimEvent.restored(400, primary.get(0)), SimEvent.restored(400, primary.get(1))));
        assertEquals(4, r.activeRouteChanges().size());
        for (final ActiveRouteChange c : r.activeRouteChanges().subList(0, 2))
        {
            assertEquals(100, c.atSeconds());
            assertEquals("plat-a", c.before().gateway());
            assertEquals("plat-b", c.after().gateway());
        }
        for (final ActiveRouteChange c : r.activeRouteChanges().subList(2, 4))
        {
            assertEquals(400, c.atSeconds());
            assertEquals("plat-a", c.after().gateway());
        }
    }

    @Test
    void shouldReportNoActiveRouteWhenEveryPlatIsGone()
    {
        final IpPrefix pool4 = IpPrefix.parse("203.0.113.0/24");
        final Route only = Route.of(RouteType.OSPF, pool4, "plat-a").withMetric(10);
        final SimulationReport r = new Simulator(new Rib().add(only), new BgpOrigination(List.of()),
            DampingParameters.DEFAULTS).run(List.of(SimEvent.lost(5, only)));
        assertNull(r.activeRouteChanges().get(0).after());
    }
}
