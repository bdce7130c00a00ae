package io.xlat.routing.sim;

import java.util.List;

import io.xlat.routing.rib.IpPrefix;

/**
 * The outcome of a simulation run.
 *
 * @param advertisementChanges withdrawals and re-announcements in time order.
 * @param activeRouteChanges   changes of the active route of every prefix touched by an event, in time order.
 * @param damping              per advertised network, the upstream damping outcome.
 */
public record SimulationReport(
    List<AdvertisementChange> advertisementChanges, List<ActiveRouteChange> activeRouteChanges,
    List<NetworkDamping> damping)
{
    /**
     * How many times a network was withdrawn.
     *
     * @param network the network.
     * @return the count.
     */
    public long withdrawals(final IpPrefix network)
    {
        return advertisementChanges.stream().filter(c -> c.network().equals(network) && !c.announced()).count();
    }

    /**
     * The damping outcome of one network.
     *
     * @param network the network.
     * @return the outcome, or null when the network was not configured.
     */
    public NetworkDamping damping(final IpPrefix network)
    {
        for (final NetworkDamping d : damping)
        {
            if (d.network().equals(network))
            {
                return d;
            }
        }
        return null;
    }

    /**
     * Whether any network was suppressed upstream.
     *
     * @return true when at least one was.
     */
    public boolean anySuppressed()
    {
        for (final NetworkDamping d : damping)
        {
            if (d.suppressed())
            {
                return true;
            }
        }
        return false;
    }
}
