package io.xlat.routing.sim;

import java.util.ArrayList;
import java.util.List;

import io.xlat.routing.rib.Route;

/**
 * Ready-made event sequences.
 */
public final class Scenarios
{
    /** Most outages one scenario may hold; keeps a typo in a CLI flag from building a huge list. */
    public static final int MAX_OUTAGES = 10_000;

    private Scenarios()
    {
    }

    /**
     * A route that goes down and comes back repeatedly: lost at {@code start}, restored {@code downSeconds} later,
     * lost again {@code upSeconds} after that, and so on, {@code outages} times.
     *
     * @param route       the route (present in the RIB before the first event).
     * @param start       time of the first loss.
     * @param downSeconds length of each outage, greater than 0.
     * @param upSeconds   time between a restore and the next loss, greater than 0.
     * @param outages     1..{@link #MAX_OUTAGES}.
     * @return the events in time order.
     * @throws IllegalArgumentException naming a bad value.
     */
    public static List<SimEvent> flaps(
        final Route route, final long start, final long downSeconds, final long upSeconds, final int outages)
    {
        if (outages < 1 || outages > MAX_OUTAGES)
        {
            throw new IllegalArgumentException("outages=" + outages + " is outside 1.." + MAX_OUTAGES);
        }
        if (downSeconds <= 0 || upSeconds <= 0)
        {
            throw new IllegalArgumentException("down=" + downSeconds + "s and up=" + upSeconds
                + "s must both be greater than 0");
        }
        final List<SimEvent> events = new ArrayList<>();
        long t = start;
        for (int i = 0; i < outages; i++)
        {
            events.add(SimEvent.lost(t, route));
            events.add(SimEvent.restored(t + downSeconds, route));
            t += downSeconds + upSeconds;
        }
        return events;
    }
}
