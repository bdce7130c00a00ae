package io.xlat.core.nat64;

import io.xlat.core.codec.TcpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Nat64TcpTest
{
    /**
     * Every (state, event) pair of RFC 6146 3.5.2.2, transcribed from the RFC's prose: next state and the timer the
     * transition arms (EST = TCP_EST, TRANS = TCP_TRANS, KEEP = lifetime untouched).
     */
    @ParameterizedTest(name = "{0} + {1} -> {2} ({3})")
    @CsvSource({
        "CLOSED, V6_SYN, V6_INIT, TRANS",
        "CLOSED, V4_SYN, V4_INIT, TRANS",
        "CLOSED, V6_FIN, CLOSED, KEEP",
        "CLOSED, V4_FIN, CLOSED, KEEP",
        "CLOSED, V6_RST, CLOSED, KEEP",
        "CLOSED, V4_RST, CLOSED, KEEP",
        "CLOSED, V6_OTHER, CLOSED, KEEP",
        "CLOSED, V4_OTHER, CLOSED, KEEP",
        // V4 INIT: only the IPv6 SYN moves it; other packets are translated without touching the lifetime.
        "V4_INIT, V6_SYN, ESTABLISHED, EST",
        "V4_INIT, V4_SYN, V4_INIT, KEEP",
        "V4_INIT, V6_FIN, V4_INIT, KEEP",
        "V4_INIT, V4_FIN, V4_INIT, KEEP",
        "V4_INIT, V6_RST, V4_INIT, KEEP",
        "V4_INIT, V4_RST, V4_INIT, KEEP",
        "V4_INIT, V6_OTHER, V4_INIT, KEEP",
        "V4_INIT, V4_OTHER, V4_INIT, KEEP",
        // V6 INIT: the IPv4 SYN establishes; a repeated IPv6 SYN re-arms TCP_TRANS.
        "V6_INIT, V6_SYN, V6_INIT, TRANS",
        "V6_INIT, V4_SYN, ESTABLISHED, EST",
        "V6_INIT, V6_FIN, V6_INIT, KEEP",
        "V6_INIT, V4_FIN, V6_INIT, KEEP",
        "V6_INIT, V6_RST, V6_INIT, KEEP",
        "V6_INIT, V4_RST, V6_INIT, KEEP",
        "V6_INIT, V6_OTHER, V6_INIT, KEEP",
        "V6_INIT, V4_OTHER, V6_INIT, KEEP",
        // ESTABLISHED: FIN moves to x FIN RCV, RST to TRANS, anything else refreshes TCP_EST.
        "ESTABLISHED, V6_SYN, ESTABLISHED, EST",
        "ESTABLISHED, V4_SYN, ESTABLISHED, EST",
        "ESTABLISHED, V6_FIN, V6_FIN_RCV, KEEP",
        "ESTABLISHED, V4_FIN, V4_FIN_RCV, KEEP",
        "ESTABLISHED, V6_RST, TRANS, TRANS",
        "ESTABLISHED, V4_RST, TRANS, TRANS",
        "ESTABLISHED, V6_OTHER, ESTABLISHED, EST",
        "ESTABLISHED, V4_OTHER, ESTABLISHED, EST",
        // V4 FIN RCV: the IPv6 FIN closes both ways (TCP_TRANS); anything else refreshes TCP_EST.
        "V4_FIN_RCV, V6_SYN, V4_FIN_RCV, EST",
        "V4_FIN_RCV, V4_SYN, V4_FIN_RCV, EST",
        "V4_FIN_RCV, V6_FIN, V4_FIN_V6_FIN_RCV, TRANS",
        "V4_FIN_RCV, V4_FIN, V4_FIN_RCV, EST",
        "V4_FIN_RCV, V6_RST, V4_FIN_RCV, EST",
        "V4_FIN_RCV, V4_RST, V4_FIN_RCV, EST",
        "V4_FIN_RCV, V6_OTHER, V4_FIN_RCV, EST",
        "V4_FIN_RCV, V4_OTHER, V4_FIN_RCV, EST",
        // V6 FIN RCV: mirror image.
        "V6_FIN_RCV, V6_SYN, V6_FIN_RCV, EST",
        "V6_FIN_RCV, V4_SYN, V6_FIN_RCV, EST",
        "V6_FIN_RCV, V6_FIN, V6_FIN_RCV, EST",
        "V6_FIN_RCV, V4_FIN, V4_FIN_V6_FIN_RCV, TRANS",
        "V6_FIN_RCV, V6_RST, V6_FIN_RCV, EST",
        "V6_FIN_RCV, V4_RST, V6_FIN_RCV, EST",
        "V6_FIN_RCV, V6_OTHER, V6_FIN_RCV, EST",
        "V6_FIN_RCV, V4_OTHER, V6_FIN_RCV, EST",
        // V4 FIN + V6 FIN RCV: packets pass; only the timer ends it.
        "V4_FIN_V6_FIN_RCV, V6_SYN, V4_FIN_V6_FIN_RCV, KEEP",
        "V4_FIN_V6_FIN_RCV, V4_SYN, V4_FIN_V6_FIN_RCV, KEEP",
        "V4_FIN_V6_FIN_RCV, V6_FIN, V4_FIN_V6_FIN_RCV, KEEP",
        "V4_FIN_V6_FIN_RCV, V4_FIN, V4_FIN_V6_FIN_RCV, KEEP",
        "V4_FIN_V6_FIN_RCV, V6_RST, V4_FIN_V6_FIN_RCV, KEEP",
        "V4_FIN_V6_FIN_RCV, V4_RST, V4_FIN_V6_FIN_RCV, KEEP",
        "V4_FIN_V6_FIN_RCV, V6_OTHER, V4_FIN_V6_FIN_RCV, KEEP",
        "V4_FIN_V6_FIN_RCV, V4_OTHER, V4_FIN_V6_FIN_RCV, KEEP",
        // TRANS: any non-RST packet revives the connection; RST leaves it to die.
        "TRANS, V6_SYN, ESTABLISHED, EST",
        "TRANS, V4_SYN, ESTABLISHED, EST",
        "TRANS, V6_FIN, ESTABLISHED, EST",
        "TRANS, V4_FIN, ESTABLISHED, EST",
        "TRANS, V6_RST, TRANS, KEEP",
        "TRANS, V4_RST, TRANS, KEEP",
        "TRANS, V6_OTHER, ESTABLISHED, EST",
        "TRANS, V4_OTHER, ESTABLISHED, EST",
    })
    void shouldFollowRfc6146StateTable(final String state, final String event, final String next, final String timer)
    {
        final int s = stateOf(state);
        final int e = eventOf(event);
        assertEquals(next, Nat64Tcp.stateLabel(Nat64Tcp.next(s, e)));
        assertEquals(timerOf(timer), Nat64Tcp.timer(s, e));
    }

    @Test
    void tableShouldCoverEveryStateAndEventPair()
    {
        final Set<String> seen = new HashSet<>();
        for (int s = 0; s < Nat64Tcp.STATE_COUNT; s++)
        {
            for (int e = 0; e < Nat64Tcp.EVENT_COUNT; e++)
            {
                final int next = Nat64Tcp.next(s, e);
                final int timer = Nat64Tcp.timer(s, e);
                assertEquals(true, next >= 0 && next < Nat64Tcp.STATE_COUNT, "state in range");
                assertEquals(true, timer == Nat64Tcp.KEEP_TIMER || timer == Nat64Timeouts.TCP_EST ||
                    timer == Nat64Timeouts.TCP_TRANS, "timer is EST, TRANS or KEEP");
                seen.add(s + "/" + e);
            }
        }
        assertEquals(64, seen.size());
    }

    @Test
    void shouldClassifyFlagsWithRstFirstThenSynThenFin()
    {
        assertEquals(Nat64Tcp.V6_SYN, Nat64Tcp.event(true, TcpHeader.SYN_FLAG));
        assertEquals(Nat64Tcp.V4_SYN, Nat64Tcp.event(false, TcpHeader.SYN_FLAG | TcpHeader.ACK_FLAG));
        assertEquals(Nat64Tcp.V6_RST, Nat64Tcp.event(true, TcpHeader.RST_FLAG | TcpHeader.SYN_FLAG));
        assertEquals(Nat64Tcp.V4_RST, Nat64Tcp.event(false, TcpHeader.RST_FLAG | TcpHeader.FIN_FLAG));
        assertEquals(Nat64Tcp.V6_FIN, Nat64Tcp.event(true, TcpHeader.FIN_FLAG | TcpHeader.ACK_FLAG));
        assertEquals(Nat64Tcp.V4_SYN, Nat64Tcp.event(false, TcpHeader.SYN_FLAG | TcpHeader.FIN_FLAG));
        assertEquals(Nat64Tcp.V6_OTHER, Nat64Tcp.event(true, TcpHeader.ACK_FLAG | TcpHeader.PSH_FLAG));
        assertEquals(Nat64Tcp.V4_OTHER, Nat64Tcp.event(false, 0));
        for (int e = 0; e < Nat64Tcp.EVENT_COUNT; e++)
        {
            assertEquals(Nat64Tcp.eventLabel(e).startsWith("V6"), Nat64Tcp.isFromIpv6(e));
        }
    }

    static int stateOf(final String label)
    {
        for (int s = 0; s < Nat64Tcp.STATE_COUNT; s++)
        {
            if (Nat64Tcp.stateLabel(s).equals(label))
            {
                return s;
            }
        }
        throw new IllegalArgumentException(label);
    }

    static int eventOf(final String label)
    {
        for (int e = 0; e < Nat64Tcp.EVENT_COUNT; e++)
        {
            if (Nat64Tcp.eventLabel(e).equals(label))
            {
                return e;
            }
        }
        throw new IllegalArgumentException(label);
    }

    private static int timerOf(final String label)
    {
        switch (label)
        {
            case "EST":
                return Nat64Timeouts.TCP_EST;
            case "TRANS":
                return Nat64Timeouts.TCP_TRANS;
            default:
                return Nat64Tcp.KEEP_TIMER;
        }
    }
}
