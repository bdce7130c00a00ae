package io.xlat.routing.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.xlat.routing.bgp.BgpOrigination;
import io.xlat.routing.bgp.DampingParameters;
import io.xlat.routing.bgp.FlapDamping;
import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.rib.Rib;
import io.xlat.routing.rib.Route;

/**
 * Replays {@link SimEvent}s against a RIB. After each event it compares the advertised networks
 * ({@link BgpOrigination}) and active routes with the state before, records the differences, and feeds every
 * withdrawal into one RFC 2439 {@link FlapDamping} per network, as the upstream peer would.
 * <p>
 * Events at the same time are applied in list order before the comparison, so a loss and restore at the same
 * instant is no flap. The RIB is changed in place.
 */
public final class Simulator
{
    /** Most events one run accepts (a bound on work; scenarios from the CLI are far smaller). */
    public static final int MAX_EVENTS = 1_000_000;

    private final Rib rib;
    private final BgpOrigination origination;
    private final DampingParameters damping;

    /**
     * Simulates a router.
     *
     * @param rib         its RIB, with the routes present before the first event.
     * @param origination the networks it originates.
     * @param damping     the upstream peer's damping parameters.
     */
    public Simulator(final Rib rib, final BgpOrigination origination, final DampingParameters damping)
    {
        this.rib = rib;
        this.origination = origination;
        this.damping = damping;
    }

    /**
     * Runs the events.
     *
     * @param events events; sorted by time here (stable), so equal times keep their order.
     * @return what happened.
     * @throws IllegalArgumentException when there are more than {@link #MAX_EVENTS} events.
     */
    public SimulationReport run(final List<SimEvent> events)
    {
        if (events.size() > MAX_EVENTS)
        {
            throw new IllegalArgumentException("events=" + events.size() + " is more than " + MAX_EVENTS);
        }
        final List<SimEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(SimEvent::atSeconds));
        final Map<IpPrefix, FlapDamping> dampingByNetwork = new LinkedHashMap<>();
        final Map<IpPrefix, Boolean> advertised = new LinkedHashMap<>();
        for (final IpPrefix n : origination.networks())
        {
            dampingByNetwork.put(n, new FlapDamping(damping));
            advertised.put(n, BgpOrigination.advertised(rib, n));
        }
        final Set<IpPrefix> touched = new LinkedHashSet<>();
        for (final SimEvent e : sorted)
        {
            touched.add(e.route().prefix());
        }
        final Map<IpPrefix, Route> active = new LinkedHashMap<>();
        for (final IpPrefix p : touched)
        {
            active.put(p, rib.active(p));
        }
        final List<AdvertisementChange> changes = new ArrayList<>();
        final List<ActiveRouteChange> routeChanges = new ArrayList<>();
        int i = 0;
        while (i < sorted.size())
        {
            final long now = sorted.get(i).atSeconds();
            while (i < sorted.size() && sorted.get(i).atSeconds() == now)
            {
                apply(sorted.get(i));
                i++;
            }
            for (final Map.Entry<IpPrefix, Route> entry : active.entrySet())
            {
                final Route after = rib.active(entry.getKey());
                if (!Objects.equals(after, entry.getValue()))
                {
                    routeChanges.add(new ActiveRouteChange(now, entry.getKey(), entry.getValue(), after));
                    entry.setValue(after);
                }
            }
            for (final Map.Entry<IpPrefix, Boolean> entry : advertised.entrySet())
            {
                final boolean advertisedNow = BgpOrigination.advertised(rib, entry.getKey());
                if (advertisedNow != entry.getValue())
                {
                    changes.add(new AdvertisementChange(now, entry.getKey(), advertisedNow));
                    entry.setValue(advertisedNow);
                    if (!advertisedNow)
                    {
                        dampingByNetwork.get(entry.getKey()).withdraw(now);
                    }
                }
            }
        }
        final List<NetworkDamping> outcome = new ArrayList<>();
        for (final Map.Entry<IpPrefix, FlapDamping> entry : dampingByNetwork.entrySet())
        {
            final FlapDamping d = entry.getValue();
            final List<long[]> trace = d.penaltyTrace();
            final long last = trace.isEmpty() ? 0 : trace.get(trace.size() - 1)[1];
            outcome.add(new NetworkDamping(entry.getKey(), d.withdrawals(), last, trace, d.suppressions()));
        }
        return new SimulationReport(List.copyOf(changes), List.copyOf(routeChanges), List.copyOf(outcome));
    }

    private void apply(final SimEvent e)
    {
        if (e.kind() == SimEvent.Kind.LOST)
        {
            rib.remove(e.route());
        }
        else
        {
            rib.add(e.route());
        }
    }
}
