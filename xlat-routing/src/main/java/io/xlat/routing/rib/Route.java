package io.xlat.routing.rib;

import java.util.Objects;

/**
 * One route: a prefix, where it comes from, its distance (lower wins), a metric that breaks distance ties (an
 * OSPF cost, lower wins) and a gateway or origin label for reports.
 *
 * @param prefix   the destination.
 * @param type     where the route comes from.
 * @param distance 0..255; RouterOS never activates a route with distance 255.
 * @param metric   0 or more; compared only between routes of equal distance.
 * @param gateway  a next hop or origin label (e.g. a PLAT node name), never null.
 */
public record Route(IpPrefix prefix, RouteType type, int distance, int metric, String gateway)
{
    /** Distance RouterOS treats as "never use this route". */
    public static final int UNUSABLE_DISTANCE = 255;

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException naming a distance outside 0..255 or a negative metric.
     */
    public Route
    {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gateway, "gateway");
        if (distance < 0 || distance > 255)
        {
            throw new IllegalArgumentException("route " + prefix + ": distance=" + distance + " is outside 0..255");
        }
        if (metric < 0)
        {
            throw new IllegalArgumentException("route " + prefix + ": metric=" + metric + " is negative");
        }
    }

    /**
     * A route with its type's default distance and metric 0.
     *
     * @param type    where it comes from.
     * @param prefix  the destination.
     * @param gateway next hop or origin label.
     * @return the route.
     */
    public static Route of(final RouteType type, final IpPrefix prefix, final String gateway)
    {
        return new Route(prefix, type, type.defaultDistance(), 0, gateway);
    }

    /**
     * This route with another distance.
     *
     * @param newDistance 0..255.
     * @return a copy.
     */
    public Route withDistance(final int newDistance)
    {
        return new Route(prefix, type, newDistance, metric, gateway);
    }

    /**
     * This route with another metric.
     *
     * @param newMetric 0 or more.
     * @return a copy.
     */
    public Route withMetric(final int newMetric)
    {
        return new Route(prefix, type, distance, newMetric, gateway);
    }

    /**
     * A one-line description for reports.
     *
     * @return e.g. {@code 192.0.2.0/24 ospf via plat-a distance=110 metric=10}.
     */
    public String describe()
    {
        return prefix + " " + type.label() + " via " + gateway + " distance=" + distance + " metric=" + metric;
    }
}
