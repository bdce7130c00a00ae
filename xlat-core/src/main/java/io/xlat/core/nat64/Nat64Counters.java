package io.xlat.core.nat64;

import io.xlat.core.stats.DropReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one {@link Nat64State}: table events and the refusals it returned, per {@link DropReason}.
 * Single writer (the shard's thread, plain read plus opaque write); any thread may read with opaque reads.
 */
public final class Nat64Counters
{
    /** BIB entries created (dynamic and static). */
    public static final int BIB_CREATED = 0;
    /** BIB entries removed. */
    public static final int BIB_REMOVED = 1;
    /** Sessions created. */
    public static final int SESSIONS_CREATED = 2;
    /** Sessions removed by expiry. */
    public static final int SESSIONS_EXPIRED = 3;
    /** Established TCP sessions that idled out and moved to TRANS (probe due). */
    public static final int TCP_PROBES = 4;
    /** Unsolicited IPv4 SYNs held (address-dependent filtering). */
    public static final int SYNS_HELD = 5;
    /** Held SYNs that timed out (ICMP Port Unreachable due). */
    public static final int HELD_SYN_TIMEOUTS = 6;
    /** Held SYNs released by the IPv6 SYN of a simultaneous open. */
    public static final int SIMULTANEOUS_OPENS = 7;
    private static final int EVENT_COUNT = 8;

    private static final String[] LABELS =
    {
        "bib_created", "bib_removed", "sessions_created", "sessions_expired", "tcp_probes", "syns_held",
        "held_syn_timeouts", "simultaneous_opens",
    };

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] events = new long[EVENT_COUNT];
    private final long[] refusals = new long[DropReason.COUNT];

    void increment(final int event)
    {
        LONGS.setOpaque(events, event, events[event] + 1);
    }

    void refused(final int reason)
    {
        LONGS.setOpaque(refusals, reason, refusals[reason] + 1);
    }

    /**
     * Reads an event counter.
     *
     * @param event one of the constants.
     * @return its value.
     */
    public long events(final int event)
    {
        return (long)LONGS.getOpaque(events, event);
    }

    /**
     * Reads how many packets the state refused for a reason.
     *
     * @param reason a {@link DropReason} code.
     * @return the count.
     */
    public long refusals(final int reason)
    {
        return (long)LONGS.getOpaque(refusals, reason);
    }

    /**
     * Returns the label of an event.
     *
     * @param event one of the constants.
     * @return its snake_case label.
     */
    public static String label(final int event)
    {
        return LABELS[event];
    }

    /**
     * Number of event counters.
     *
     * @return the count.
     */
    public static int eventCount()
    {
        return EVENT_COUNT;
    }
}
