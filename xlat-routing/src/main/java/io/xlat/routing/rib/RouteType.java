package io.xlat.routing.rib;

/**
 * Where a route comes from, with the RouterOS default distance of each kind.
 */
public enum RouteType
{
    /** An address on an interface: distance 0. */
    CONNECTED(0, "connected"),
    /** A static route with a gateway: distance 1. */
    STATIC(1, "static"),
    /** A static route that discards traffic silently (v6 {@code type=blackhole}, v7 {@code blackhole}). */
    BLACKHOLE(1, "blackhole"),
    /** A static route that discards with ICMP unreachable (v6 IPv6 routes have this but no blackhole type). */
    UNREACHABLE(1, "unreachable"),
    /** Learnt from OSPF: distance 110. */
    OSPF(110, "ospf"),
    /** Learnt from an external BGP peer: distance 20. */
    EBGP(20, "ebgp"),
    /** Learnt from an internal BGP peer: distance 200. */
    IBGP(200, "ibgp");

    private final int defaultDistance;
    private final String label;

    RouteType(final int defaultDistance, final String label)
    {
        this.defaultDistance = defaultDistance;
        this.label = label;
    }

    /**
     * The RouterOS default distance.
     *
     * @return 0..255.
     */
    public int defaultDistance()
    {
        return defaultDistance;
    }

    /**
     * Whether the route discards traffic instead of forwarding it.
     *
     * @return true for blackhole and unreachable routes.
     */
    public boolean discards()
    {
        return this == BLACKHOLE || this == UNREACHABLE;
    }

    /**
     * A short lower-case name for tables.
     *
     * @return e.g. {@code ospf}.
     */
    public String label()
    {
        return label;
    }
}
