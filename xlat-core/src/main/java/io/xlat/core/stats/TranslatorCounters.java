package io.xlat.core.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one translator instance: packets translated per direction, ICMP errors originated, and one counter
 * per {@link DropReason}.
 * <p>
 * Single writer: only the thread that owns the translator bumps them (a plain read plus an opaque write, no lock,
 * no CAS). Any thread may read them with {@link #drops(int)} and friends, which use opaque reads so a monitoring
 * thread sees recent values without tearing.
 */
public final class TranslatorCounters
{
    /** Index of the IPv4 to IPv6 translated-packet counter. */
    public static final int TRANSLATED_4TO6 = 0;
    /** Index of the IPv6 to IPv4 translated-packet counter. */
    public static final int TRANSLATED_6TO4 = 1;
    /** Index of the counter of ICMPv4 errors the translator originated. */
    public static final int ICMPV4_ERRORS_SENT = 2;
    /** Index of the counter of ICMPv6 errors the translator originated. */
    public static final int ICMPV6_ERRORS_SENT = 3;
    /** Index of the counter of fragments the translator emitted because a packet exceeded the egress MTU. */
    public static final int FRAGMENTS_EMITTED = 4;
    /** Index of the counter of TCP probes a NAT64 sent for idle established sessions (RFC 6146 3.5.2.2). */
    public static final int TCP_PROBES_SENT = 5;
    private static final int EVENT_COUNT = 6;

    private static final String[] EVENT_LABELS =
    {
        "translated_4to6", "translated_6to4", "icmpv4_errors_sent", "icmpv6_errors_sent", "fragments_emitted",
        "tcp_probes_sent",
    };

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] events = new long[EVENT_COUNT];
    private final long[] drops = new long[DropReason.COUNT];

    /**
     * Counts one event.
     *
     * @param event one of the event indices of this class.
     */
    public void increment(final int event)
    {
        LONGS.setOpaque(events, event, events[event] + 1);
    }

    /**
     * Counts one drop.
     *
     * @param reason a {@link DropReason} code, or a negative verdict (its sign is ignored).
     */
    public void drop(final int reason)
    {
        final int code = reason < 0 ? -reason : reason;
        final int index = code < DropReason.COUNT ? code : DropReason.INTERNAL_ERROR;
        LONGS.setOpaque(drops, index, drops[index] + 1);
    }

    /**
     * Reads an event counter.
     *
     * @param event one of the event indices of this class.
     * @return its current value.
     */
    public long events(final int event)
    {
        return (long)LONGS.getOpaque(events, event);
    }

    /**
     * Reads a drop counter.
     *
     * @param reason a {@link DropReason} code.
     * @return how many packets were dropped for that reason.
     */
    public long drops(final int reason)
    {
        return (long)LONGS.getOpaque(drops, reason);
    }

    /**
     * Sums every drop counter.
     *
     * @return the total number of drops.
     */
    public long totalDrops()
    {
        long total = 0;
        for (int i = 1; i < DropReason.COUNT; i++)
        {
            total += drops(i);
        }
        return total;
    }

    /**
     * Returns the label of an event index.
     *
     * @param event one of the event indices of this class.
     * @return its snake_case label.
     */
    public static String eventLabel(final int event)
    {
        return EVENT_LABELS[event];
    }

    /**
     * Number of event counters.
     *
     * @return the number of event indices.
     */
    public static int eventCount()
    {
        return EVENT_COUNT;
    }
}
