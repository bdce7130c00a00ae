package io.xlat.routing.sim;

import java.util.Objects;

import io.xlat.routing.rib.Route;

/**
 * A route lost or restored at a time.
 *
 * @param atSeconds seconds from the start, 0 or more.
 * @param kind      lost or restored.
 * @param route     the route (typically an OSPF route).
 */
public record SimEvent(long atSeconds, Kind kind, Route route)
{
    /** What happens to the route. */
    public enum Kind
    {
        /** The route disappears from the RIB (e.g. the OSPF neighbour went down). */
        LOST,
        /** The route comes back. */
        RESTORED
    }

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException naming a negative time.
     */
    public SimEvent
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(route, "route");
        if (atSeconds < 0)
        {
            throw new IllegalArgumentException("event time=" + atSeconds + "s is negative");
        }
    }

    /**
     * A route lost.
     *
     * @param atSeconds when.
     * @param route     the route.
     * @return the event.
     */
    public static SimEvent lost(final long atSeconds, final Route route)
    {
        return new SimEvent(atSeconds, Kind.LOST, route);
    }

    /**
     * A route restored.
     *
     * @param atSeconds when.
     * @param route     the route.
     * @return the event.
     */
    public static SimEvent restored(final long atSeconds, final Route route)
    {
        return new SimEvent(atSeconds, Kind.RESTORED, route);
    }
}
