package io.xlat.routing.bgp;

import java.util.ArrayList;
import java.util.List;

import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.rib.Rib;

/**
 * Which configured networks a RouterOS router advertises, given its RIB.
 * <p>
 * RouterOS v6: {@code /routing bgp network add network=X synchronize=yes} advertises X only while the routing
 * table holds an active route for exactly X. RouterOS v7 has no {@code synchronize}: a network listed in the
 * firewall address list named by {@code output.network} is advertised only while an active route for exactly that
 * prefix is in the RIB. Both therefore behave the same here: a network is advertised iff {@link Rib#active}
 * returns a route for it. When the only route is an OSPF route and OSPF loses it, the advertisement is withdrawn
 * upstream, which is what {@code BgpFlapGuard} prevents.
 */
public final class BgpOrigination
{
    private final List<IpPrefix> networks;

    /**
     * Originates the given networks.
     *
     * @param networks the configured networks, in the order to report them.
     */
    public BgpOrigination(final List<IpPrefix> networks)
    {
        this.networks = List.copyOf(networks);
    }

    /**
     * The configured networks.
     *
     * @return an immutable list.
     */
    public List<IpPrefix> networks()
    {
        return networks;
    }

    /**
     * Whether one network is advertised now.
     *
     * @param rib     the router's RIB.
     * @param network the network.
     * @return true while an active route for exactly the network exists.
     */
    public static boolean advertised(final Rib rib, final IpPrefix network)
    {
        return rib.active(network) != null;
    }

    /**
     * The networks advertised now.
     *
     * @param rib the router's RIB.
     * @return the advertised subset, in configuration order.
     */
    public List<IpPrefix> advertised(final Rib rib)
    {
        final List<IpPrefix> out = new ArrayList<>();
        for (final IpPrefix n : networks)
        {
            if (advertised(rib, n))
            {
                out.add(n);
            }
        }
        return out;
    }
}
