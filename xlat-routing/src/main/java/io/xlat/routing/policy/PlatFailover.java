package io.xlat.routing.policy;

import java.util.ArrayList;
import java.util.List;

import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.rib.Route;
import io.xlat.routing.rib.RouteType;

/**
 * Two or more PLAT nodes announce pool4 and the NAT64 prefix into OSPF; the router reaches them over interfaces
 * with different OSPF costs, so the routes via the cheapest node are active and the others take over, in cost
 * order, when its routes go away (RFC 2328 16.1: the path with the least cost wins). Equal costs would make OSPF
 * share the load (ECMP) between NAT64 nodes whose state is not shared, breaking sessions, so they are refused.
 */
public final class PlatFailover
{
    private PlatFailover()
    {
    }

    /**
     * Checks that the nodes can fail over deterministically.
     *
     * @param nodes the PLAT nodes.
     * @throws IllegalArgumentException naming duplicate names or interfaces or equal costs.
     */
    public static void validate(final List<PlatNode> nodes)
    {
        for (int i = 0; i < nodes.size(); i++)
        {
            for (int j = 0; j < i; j++)
            {
                final PlatNode a = nodes.get(j);
                final PlatNode b = nodes.get(i);
                if (a.name().equals(b.name()))
                {
                    throw new IllegalArgumentException("PLAT name " + a.name() + " is given twice");
                }
                if (a.iface().equals(b.iface()))
                {
                    throw new IllegalArgumentException("PLAT " + a.name() + " and " + b.name()
                        + " share interface " + a.iface() + ": give each node its own interface");
                }
                if (a.cost() == b.cost())
                {
                    throw new IllegalArgumentException("PLAT " + a.name() + " and " + b.name() + " both have cost="
                        + a.cost() + ": equal costs load-share instead of failing over; give the backup a higher "
                        + "cost");
                }
            }
        }
    }

    /**
     * The nodes in takeover order.
     *
     * @param nodes the PLAT nodes.
     * @return sorted by cost, primary first.
     */
    public static List<PlatNode> byPreference(final List<PlatNode> nodes)
    {
        final List<PlatNode> sorted = new ArrayList<>(nodes);
        sorted.sort((a, b) -> Integer.compare(a.cost(), b.cost()));
        return sorted;
    }

    /**
     * The OSPF routes the router learns: one per node and announced prefix, metric = the node's cost.
     *
     * @param nodes    the PLAT nodes.
     * @param prefixes pool4 and the NAT64 prefix.
     * @return the routes, node by node.
     */
    public static List<Route> routes(final List<PlatNode> nodes, final List<IpPrefix> prefixes)
    {
        final List<Route> out = new ArrayList<>();
        for (final PlatNode n : nodes)
        {
            for (final IpPrefix p : prefixes)
            {
                out.add(Route.of(RouteType.OSPF, p, n.name()).withMetric(n.cost()));
            }
        }
        return out;
    }
}
