package io.xlat.routing.policy;

import java.util.ArrayList;
import java.util.List;

import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.rib.Rib;
import io.xlat.routing.rib.Route;
import io.xlat.routing.rib.RouteType;

/**
 * A static discard route with distance 254 for every advertised prefix.
 * <p>
 * Why: RouterOS originates a BGP network only while an active route covers it exactly (see
 * {@link io.xlat.routing.bgp.BgpOrigination}). When that route comes from OSPF, every OSPF outage withdraws the
 * prefix upstream, and repeated withdrawals get it damped there (RFC 2439) for up to an hour. The guard route is
 * always present but, at distance 254, loses to every real route (connected 0, static 1, eBGP 20, OSPF 110, iBGP
 * 200); it only becomes active while OSPF is gone, keeping the advertisement up. Traffic for addresses without a
 * more specific route is then discarded locally instead of looping. IPv4 uses a blackhole route; IPv6 on RouterOS
 * 6 has no blackhole type, so the guard is {@code type=unreachable} there (RouterOS 7 has {@code blackhole} for
 * both).
 */
public final class BgpFlapGuard
{
    /** The guard's distance: above every dynamic protocol, below 255 (which RouterOS never activates). */
    public static final int DISTANCE = 254;
    /** Gateway label of guard routes in the RIB model. */
    public static final String ORIGIN = "flap-guard";

    private BgpFlapGuard()
    {
    }

    /**
     * The guard routes for a set of advertised prefixes.
     *
     * @param advertised the prefixes.
     * @return one discard route with distance {@link #DISTANCE} per prefix.
     */
    public static List<Route> routes(final List<IpPrefix> advertised)
    {
        final List<Route> out = new ArrayList<>();
        for (final IpPrefix p : advertised)
        {
            out.add(Route.of(RouteType.BLACKHOLE, p, ORIGIN).withDistance(DISTANCE));
        }
        return out;
    }

    /**
     * Adds the guard routes to a RIB.
     *
     * @param rib        the RIB.
     * @param advertised the advertised prefixes.
     */
    public static void apply(final Rib rib, final List<IpPrefix> advertised)
    {
        for (final Route r : routes(advertised))
        {
            rib.add(r);
        }
    }

    /**
     * Whether a discard route's distance lets it guard without hijacking traffic: it must lose to every dynamic
     * protocol's default distance (above iBGP's 200) and still be usable (below 255).
     *
     * @param distance the route's distance.
     * @return true for 201..254.
     */
    public static boolean safeDistance(final int distance)
    {
        return distance > RouteType.IBGP.defaultDistance() && distance < Route.UNUSABLE_DISTANCE;
    }
}
