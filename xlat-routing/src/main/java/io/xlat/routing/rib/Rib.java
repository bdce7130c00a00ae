package io.xlat.routing.rib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes by prefix with RouterOS selection: per prefix the active route is the one with the lowest distance, then
 * the lowest metric, then the one added first; a route with distance 255 is never active. Lookups take the longest
 * prefix with an active route. Not thread-safe.
 */
public final class Rib
{
    private final Map<IpPrefix, List<Route>> routes = new TreeMap<>();

    /**
     * Adds a route (an identical route may be added twice; each copy is removed separately).
     *
     * @param route the route.
     * @return this RIB.
     */
    public Rib add(final Route route)
    {
        routes.computeIfAbsent(route.prefix(), k -> new ArrayList<>()).add(route);
        return this;
    }

    /**
     * Removes one copy of a route.
     *
     * @param route the route.
     * @return true when it was present.
     */
    public boolean remove(final Route route)
    {
        final List<Route> list = routes.get(route.prefix());
        if (list == null || !list.remove(route))
        {
            return false;
        }
        if (list.isEmpty())
        {
            routes.remove(route.prefix());
        }
        return true;
    }

    /**
     * Every route for one prefix, in the order added.
     *
     * @param prefix the prefix.
     * @return a copy, empty when none.
     */
    public List<Route> routes(final IpPrefix prefix)
    {
        final List<Route> list = routes.get(prefix);
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * Every prefix with at least one route, in {@link IpPrefix} order.
     *
     * @return a copy.
     */
    public List<IpPrefix> prefixes()
    {
        return List.copyOf(routes.keySet());
    }

    /**
     * The active route for exactly this prefix.
     *
     * @param prefix the prefix.
     * @return the route, or null when no usable route exists.
     */
    public Route active(final IpPrefix prefix)
    {
        final List<Route> list = routes.get(prefix);
        if (list == null)
        {
            return null;
        }
        Route best = null;
        for (final Route r : list)
        {
            if (r.distance() >= Route.UNUSABLE_DISTANCE)
            {
                continue;
            }
            if (best == null || r.distance() < best.distance()
                || (r.distance() == best.distance() && r.metric() < best.metric()))
            {
                best = r;
            }
        }
        return best;
    }

    /**
     * Longest-prefix lookup of an address.
     *
     * @param address an IPv4 or IPv6 address (or a prefix: the most specific active route containing it).
     * @return the active route of the longest matching prefix, or null.
     * @throws IllegalArgumentException when the text is not an address.
     */
    public Route lookup(final String address)
    {
        final IpPrefix target = IpPrefix.parse(address);
        Route best = null;
        for (final IpPrefix p : routes.keySet())
        {
            if (p.contains(target) && (best == null || p.length() > best.prefix().length()))
            {
                final Route r = active(p);
                if (r != null)
                {
                    best = r;
                }
            }
        }
        return best;
    }
}
