package io.xlat.core.nat64;

import io.xlat.core.codec.TcpHeader;

/**
 * The TCP state machine of RFC 6146 3.5.2.2 as pure functions over small ints: {@link #next(int, int)} gives the
 * state after an event, {@link #timer(int, int)} the timeout class the session is (re)armed with, or
 * {@link #KEEP_TIMER} when the RFC leaves its lifetime alone. All of it lives in one table, {@link #TABLE}.
 * <pre>
 *  state           V6 SYN        V4 SYN        V6 FIN          V4 FIN          V6/V4 RST     other
 *  CLOSED          V6 INIT/T     V4 INIT/T(*)  -               -               -             -
 *  V4 INIT         ESTABLISHED/E keep          keep            keep            keep          keep
 *  V6 INIT         V6 INIT/T     ESTABLISHED/E keep            keep            keep          keep
 *  ESTABLISHED     ESTABLISHED/E ESTABLISHED/E V6 FIN RCV      V4 FIN RCV      TRANS/T       ESTABLISHED/E
 *  V4 FIN RCV      V4 FIN RCV/E  V4 FIN RCV/E  V4+V6 FIN/T     V4 FIN RCV/E    V4 FIN RCV/E  V4 FIN RCV/E
 *  V6 FIN RCV      V6 FIN RCV/E  V6 FIN RCV/E  V6 FIN RCV/E    V4+V6 FIN/T     V6 FIN RCV/E  V6 FIN RCV/E
 *  V4+V6 FIN RCV   keep          keep          keep            keep            keep          keep
 *  TRANS           ESTABLISHED/E ESTABLISHED/E ESTABLISHED/E   ESTABLISHED/E   keep          ESTABLISHED/E
 *  /E = TCP_EST (2 h 4 min), /T = TCP_TRANS (4 min), "keep" = same state, lifetime untouched
 *  (*) T with endpoint-independent filtering; held for TCP_INCOMING_SYN (6 s) otherwise ({@link Nat64State})
 * </pre>
 * Expiry (RFC 6146 3.5.2.2): ESTABLISHED moves to TRANS (the NAT64 SHOULD probe an endpoint); every other state is
 * deleted, and a held V4 INIT is answered with ICMP Port Unreachable by the translator.
 * <p>
 * A segment with several flags counts once, by priority RST, SYN, FIN ({@link #event(boolean, int)}): RST because
 * it ends the connection whatever else it carries.
 */
public final class Nat64Tcp
{
    /** No session (fictional state). */
    public static final int CLOSED = 0;
    /** An IPv4 SYN was received; waiting for the IPv6 SYN. */
    public static final int V4_INIT = 1;
    /** An IPv6 SYN was translated; waiting for the IPv4 SYN. */
    public static final int V6_INIT = 2;
    /** Open in both directions. */
    public static final int ESTABLISHED = 3;
    /** An IPv4 FIN was received. */
    public static final int V4_FIN_RCV = 4;
    /** An IPv6 FIN was received. */
    public static final int V6_FIN_RCV = 5;
    /** FINs seen in both directions. */
    public static final int V4_FIN_V6_FIN_RCV = 6;
    /** Lifetime shortened to TCP_TRANS after an RST or an established timeout. */
    public static final int TRANS = 7;
    /** Number of states. */
    public static final int STATE_COUNT = 8;

    /** IPv6 packet with SYN. */
    public static final int V6_SYN = 0;
    /** IPv4 packet with SYN. */
    public static final int V4_SYN = 1;
    /** IPv6 packet with FIN. */
    public static final int V6_FIN = 2;
    /** IPv4 packet with FIN. */
    public static final int V4_FIN = 3;
    /** IPv6 packet with RST. */
    public static final int V6_RST = 4;
    /** IPv4 packet with RST. */
    public static final int V4_RST = 5;
    /** IPv6 packet with none of SYN, FIN, RST. */
    public static final int V6_OTHER = 6;
    /** IPv4 packet with none of SYN, FIN, RST. */
    public static final int V4_OTHER = 7;
    /** Number of events. */
    public static final int EVENT_COUNT = 8;

    /** {@link #timer(int, int)} result: leave the session's lifetime and timeout class as they are. */
    public static final int KEEP_TIMER = -1;

    private static final int E = Nat64Timeouts.TCP_EST;
    private static final int T = Nat64Timeouts.TCP_TRANS;
    private static final int K = KEEP_TIMER;

    /**
     * RFC 6146 3.5.2.2, one row per state, one {next state, timer} pair per event in event order
     * (V6 SYN, V4 SYN, V6 FIN, V4 FIN, V6 RST, V4 RST, V6 other, V4 other). A CLOSED row entry with next state
     * CLOSED means "no session is created".
     */
    private static final int[][] TABLE =
    {
        // CLOSED
        {V6_INIT, T, V4_INIT, T, CLOSED, K, CLOSED, K, CLOSED, K, CLOSED, K, CLOSED, K, CLOSED, K},
        // V4 INIT
        {ESTABLISHED, E, V4_INIT, K, V4_INIT, K, V4_INIT, K, V4_INIT, K, V4_INIT, K, V4_INIT, K, V4_INIT, K},
        // V6 INIT
        {V6_INIT, T, ESTABLISHED, E, V6_INIT, K, V6_INIT, K, V6_INIT, K, V6_INIT, K, V6_INIT, K, V6_INIT, K},
        // ESTABLISHED
        {ESTABLISHED, E, ESTABLISHED, E, V6_FIN_RCV, K, V4_FIN_RCV, K, TRANS, T, TRANS, T, ESTABLISHED, E,
            ESTABLISHED, E},
        // V4 FIN RCV
        {V4_FIN_RCV, E, V4_FIN_RCV, E, V4_FIN_V6_FIN_RCV, T, V4_FIN_RCV, E, V4_FIN_RCV, E, V4_FIN_RCV, E,
            V4_FIN_RCV, E, V4_FIN_RCV, E},
        // V6 FIN RCV
        {V6_FIN_RCV, E, V6_FIN_RCV, E, V6_FIN_RCV, E, V4_FIN_V6_FIN_RCV, T, V6_FIN_RCV, E, V6_FIN_RCV, E,
            V6_FIN_RCV, E, V6_FIN_RCV, E},
        // V4 FIN + V6 FIN RCV
        {V4_FIN_V6_FIN_RCV, K, V4_FIN_V6_FIN_RCV, K, V4_FIN_V6_FIN_RCV, K, V4_FIN_V6_FIN_RCV, K,
            V4_FIN_V6_FIN_RCV, K, V4_FIN_V6_FIN_RCV, K, V4_FIN_V6_FIN_RCV, K, V4_FIN_V6_FIN_RCV, K},
        // TRANS
        {ESTABLISHED, E, ESTABLISHED, E, ESTABLISHED, E, ESTABLISHED, E, TRANS, K, TRANS, K, ESTABLISHED, E,
            ESTABLISHED, E},
    };

    private static final String[] STATE_LABELS =
    {
        "CLOSED", "V4_INIT", "V6_INIT", "ESTABLISHED", "V4_FIN_RCV", "V6_FIN_RCV", "V4_FIN_V6_FIN_RCV", "TRANS",
    };

    private static final String[] EVENT_LABELS =
    {
        "V6_SYN", "V4_SYN", "V6_FIN", "V4_FIN", "V6_RST", "V4_RST", "V6_OTHER", "V4_OTHER",
    };

    private Nat64Tcp()
    {
    }

    /**
     * The state after an event (RFC 6146 3.5.2.2).
     *
     * @param state one of the state constants.
     * @param event one of the event constants.
     * @return the next state; from {@link #CLOSED}, {@link #CLOSED} means the packet creates no session.
     */
    public static int next(final int state, final int event)
    {
        return TABLE[state][event << 1];
    }

    /**
     * The timeout class a transition (re)arms the session with (RFC 6146 3.5.2.2).
     *
     * @param state one of the state constants.
     * @param event one of the event constants.
     * @return {@link Nat64Timeouts#TCP_EST}, {@link Nat64Timeouts#TCP_TRANS}, or {@link #KEEP_TIMER}.
     */
    public static int timer(final int state, final int event)
    {
        return TABLE[state][(event << 1) + 1];
    }

    /**
     * Classifies a TCP segment into an event.
     *
     * @param fromIpv6 true for a packet arriving on the IPv6 side.
     * @param flags    the TCP flags byte ({@link TcpHeader#flags()}).
     * @return one of the event constants; RST wins over SYN, SYN over FIN.
     */
    public static int event(final boolean fromIpv6, final int flags)
    {
        final int v4 = fromIpv6 ? 0 : 1;
        if ((flags & TcpHeader.RST_FLAG) != 0)
        {
            return V6_RST + v4;
        }
        if ((flags & TcpHeader.SYN_FLAG) != 0)
        {
            return V6_SYN + v4;
        }
        if ((flags & TcpHeader.FIN_FLAG) != 0)
        {
            return V6_FIN + v4;
        }
        return V6_OTHER + v4;
    }

    /**
     * Whether an event comes from the IPv6 side.
     *
     * @param event one of the event constants.
     * @return true for the V6 events.
     */
    public static boolean isFromIpv6(final int event)
    {
        return (event & 1) == 0;
    }

    /**
     * Returns the name of a state, for dumps.
     *
     * @param state one of the state constants.
     * @return e.g. {@code V4_FIN_RCV}.
     */
    public static String stateLabel(final int state)
    {
        return STATE_LABELS[state];
    }

    /**
     * Returns the name of an event, for dumps and test names.
     *
     * @param event one of the event constants.
     * @return e.g. {@code V6_SYN}.
     */
    public static String eventLabel(final int event)
    {
        return EVENT_LABELS[event];
    }
}
