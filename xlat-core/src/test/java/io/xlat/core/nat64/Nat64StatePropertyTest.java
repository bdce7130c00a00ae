package io.xlat.core.nat64;

import io.xlat.core.stats.DropReason;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model-based test: random sequences of outbound and inbound packets (TCP with random flags, UDP, ICMP) from a few
 * IPv6 hosts to a few IPv4 remotes, clock steps (forwards, backwards) and expiry runs are applied both to
 * {@link Nat64State} and to a reference model written with HashMaps. Verdicts (refusal reason, or found / created /
 * held / released), TCP states, deadlines and table sizes must agree at every step, and a mapping, once made, must
 * be the one every later packet of that IPv6 transport address gets, for every remote (endpoint-independent), and
 * never shared with another live mapping. The model takes the TCP transition table from {@link Nat64Tcp}, which
 * {@link Nat64TcpTest} checks against the RFC separately; everything else is re-derived here.
 */
class Nat64StatePropertyTest
{
    private static final long NET = 0x2001_0db8_0000_0000L;
    private static final int POOL = 0xC000_0201;
    private static final int PORTS = 8;
    private static final int[] REMOTES = {0xC633_640A, 0xC633_6414, 0xCB00_7107};
    private static final int SESSIONS = 12;
    private static final int BIBS = 10;
    private static final int LIMIT = 5;
    private static final long[] TIMEOUTS = {50, 30, 200, 40, 6};

    record K6(int protocol, long host, int port)
    {
    }

    record K4(int protocol, int address, int port)
    {
    }

    record SKey(K6 bib, int remote, int remotePort)
    {
    }

    static final class MSession
    {
        int state;
        int timeoutClass;
        long seen;
        boolean held;
    }

    static final class Model
    {
        final int filtering;
        final Map<K6, K4> bib = new HashMap<>();
        final Map<K4, K6> bib4 = new HashMap<>();
        final Map<SKey, MSession> sessions = new HashMap<>();
        long now;
        int outcome;

        Model(final int filtering)
        {
            this.filtering = filtering;
        }

        long clock(final long t)
        {
            now = Math.max(now, Math.max(0, t));
            return now;
        }

        long sessionsOf(final long host)
        {
            return sessions.keySet().stream().filter(k -> k.bib().host() == host).count();
        }

        long sessionsOf(final K6 k)
        {
            return sessions.keySet().stream().filter(s -> s.bib().equals(k)).count();
        }

        long bibsOf(final int protocol)
        {
            return bib.keySet().stream().filter(k -> k.protocol() == protocol).count();
        }

        int update(final MSession s, final int protocol, final int event)
        {
            outcome = Nat64State.FOUND;
            if (protocol != Nat64Protocol.TCP)
            {
                s.timeoutClass = Nat64Timeouts.classOf(protocol);
                s.seen = now;
                return 0;
            }
            if (s.held)
            {
                if (event == Nat64Tcp.V6_SYN)
                {
                    s.held = false;
                    outcome = Nat64State.RELEASED;
                }
                else if (!Nat64Tcp.isFromIpv6(event))
                {
                    return -DropReason.FILTERED;
                }
            }
            final int timer = Nat64Tcp.timer(s.state, event);
            s.state = Nat64Tcp.next(s.state, event);
            if (timer != Nat64Tcp.KEEP_TIMER)
            {
                s.timeoutClass = timer;
                s.seen = now;
            }
            return 0;
        }

        int outbound(final K6 k, final int remote, final int remotePort, final int event, final long t)
        {
            clock(t);
            final SKey key = new SKey(k, remote, remotePort);
            final MSession existing = sessions.get(key);
            if (existing != null)
            {
                return update(existing, k.protocol(), event);
            }
            if (k.protocol() == Nat64Protocol.TCP && event != Nat64Tcp.V6_SYN)
            {
                return -DropReason.BAD_TCP_STATE;
            }
            if (sessionsOf(k.host()) >= LIMIT)
            {
                return -DropReason.SESSION_LIMIT;
            }
            if (sessions.size() >= SESSIONS || (!bib.containsKey(k) && bib.size() >= BIBS))
            {
                return -DropReason.TABLE_FULL;
            }
            if (!bib.containsKey(k) && bibsOf(k.protocol()) >= PORTS)
            {
                return -DropReason.POOL4_EXHAUSTED;
            }
            final boolean tcp = k.protocol() == Nat64Protocol.TCP;
            final MSession s = new MSession();
            s.state = tcp ? Nat64Tcp.V6_INIT : Nat64Tcp.CLOSED;
            s.timeoutClass = tcp ? Nat64Timeouts.TCP_TRANS : Nat64Timeouts.classOf(k.protocol());
            s.seen = now;
            sessions.put(key, s);
            outcome = Nat64State.CREATED;
            return 1;
        }

        int inbound(final K4 k4, final int remote, final int remotePort, final int event, final long t)
        {
            clock(t);
            final K6 k = bib4.get(k4);
            if (k == null)
            {
                return -DropReason.NO_BIB_ENTRY;
            }
            final MSession existing = sessions.get(new SKey(k, remote, remotePort));
            if (existing != null)
            {
                return update(existing, k.protocol(), event);
            }
            final boolean allowed = filtering == Nat64Config.ENDPOINT_INDEPENDENT ||
                sessions.keySet().stream().anyMatch(s -> s.bib().equals(k) && s.remote() == remote);
            final boolean tcp = k.protocol() == Nat64Protocol.TCP;
            if (tcp && event != Nat64Tcp.V4_SYN)
            {
                return -DropReason.BAD_TCP_STATE;
            }
            if (!tcp && !allowed)
            {
                return -DropReason.FILTERED;
            }
            if (sessionsOf(k.host()) >= LIMIT)
            {
                return -DropReason.SESSION_LIMIT;
            }
            if (sessions.size() >= SESSIONS)
            {
                return -DropReason.TABLE_FULL;
            }
            final MSession s = new MSession();
            s.held = tcp && !allowed;
            s.state = tcp ? Nat64Tcp.V4_INIT : Nat64Tcp.CLOSED;
            s.timeoutClass = tcp ? (s.held ? Nat64Timeouts.TCP_INCOMING_SYN : Nat64Timeouts.TCP_TRANS) :
                Nat64Timeouts.classOf(k.protocol());
            s.seen = now;
            sessions.put(new SKey(k, remote, remotePort), s);
            outcome = s.held ? Nat64State.HELD : Nat64State.CREATED;
            return 1;
        }

        int expire(final long t)
        {
            clock(t);
            int removed = 0;
            for (final SKey key : new ArrayList<>(sessions.keySet()))
            {
                final MSession s = sessions.get(key);
                if (now - s.seen < TIMEOUTS[s.timeoutClass])
                {
                    continue;
                }
                if (s.timeoutClass == Nat64Timeouts.TCP_EST && s.state == Nat64Tcp.ESTABLISHED)
                {
                    s.state = Nat64Tcp.TRANS;
                    s.timeoutClass = Nat64Timeouts.TCP_TRANS;
                    s.seen = now;
                    continue;
                }
                sessions.remove(key);
                removed++;
                if (sessionsOf(key.bib()) == 0)
                {
                    bib4.remove(bib.remove(key.bib()));
                }
            }
            return removed;
        }
    }

    @Property(tries = 300)
    void realTablesShouldAgreeWithAReferenceModel(
        @ForAll final long seed, @ForAll @IntRange(min = 1, max = 300) final int steps,
        @ForAll @IntRange(min = 0, max = 1) final int filtering)
    {
        final Random random = new Random(seed);
        final Nat64Timeouts timeouts = Nat64Timeouts.builder().udp(TIMEOUTS[0]).icmp(TIMEOUTS[1])
            .tcpEstablished(TIMEOUTS[2]).tcpTransitory(TIMEOUTS[3]).tcpIncomingSyn(TIMEOUTS[4]).build();
        final Nat64State real = new Nat64State(Nat64Config.builder().seed(seed).sessionCapacity(SESSIONS)
            .bibCapacity(BIBS).subscriberCapacity(8).maxSessionsPerSubscriber(LIMIT).filtering(filtering)
            .timeouts(timeouts).build(), Pool4.parse("192.0.2.1:2000-2007"));
        final Model model = new Model(filtering);
        long t = 0;
        for (int step = 0; step < steps; step++)
        {
            final int op = random.nextInt(10);
            final String where = "step " + step + " op " + op;
            if (op < 4)
            {
                final K6 k = new K6(random.nextInt(3), 1 + random.nextInt(3), 1000 + random.nextInt(3));
                final int remote = REMOTES[random.nextInt(REMOTES.length)];
                final int remotePort = k.protocol() == Nat64Protocol.ICMP ? 0 : 80 + random.nextInt(2);
                final int tcpEvent = Nat64Tcp.V6_SYN + 2 * random.nextInt(4);
                final int expected = model.outbound(k, remote, remotePort, tcpEvent, t);
                // A prefetch (of this packet, as a burst would) must change nothing the model can see.
                real.prefetchOutbound(k.protocol(), NET, k.host(), k.port(), remote);
                final int actual = real.outbound(k.protocol(), NET, k.host(), k.port(), remote, remotePort,
                    tcpEvent, t);
                checkVerdict(where, expected, actual, model, real);
                if (actual >= 0)
                {
                    checkMapping(where, model, real, k, real.sessionBib(actual));
                }
            }
            else if (op < 7)
            {
                final K4 k4 = pickTarget(random, model);
                final int remote = REMOTES[random.nextInt(REMOTES.length)];
                final int remotePort = k4.protocol() == Nat64Protocol.ICMP ? 0 : 80 + random.nextInt(2);
                final int tcpEvent = Nat64Tcp.V4_SYN + 2 * random.nextInt(4);
                final int expected = model.inbound(k4, remote, remotePort, tcpEvent, t);
                real.prefetchInbound(k4.protocol(), k4.address(), k4.port(), remote);
                final int actual = real.inbound(k4.protocol(), k4.address(), k4.port(), remote, remotePort,
                    tcpEvent, t);
                checkVerdict(where, expected, actual, model, real);
            }
            else if (op < 9)
            {
                t += random.nextInt(8) == 0 ? -30 : random.nextInt(40);
            }
            else
            {
                assertEquals(model.expire(t), real.expire(t, Integer.MAX_VALUE), where + " expired");
            }
            assertEquals(model.sessions.size(), real.sessionCount(), where + " sessions");
            assertEquals(model.bib.size(), real.bibCount(), where + " BIB entries");
            assertEquals(model.now, real.now(), where + " monotonic clock");
        }
        for (final Map.Entry<SKey, MSession> e : model.sessions.entrySet())
        {
            final SKey key = e.getKey();
            final int s = real.findOutbound(key.bib().protocol(), NET, key.bib().host(), key.bib().port(),
                key.remote(), key.remotePort());
            assertTrue(s >= 0, "session of " + key);
            assertEquals(e.getValue().state, real.sessionTcpState(s), "state of " + key);
            assertEquals(e.getValue().held, real.sessionIsHeld(s), "held " + key);
            assertEquals(e.getValue().seen + TIMEOUTS[e.getValue().timeoutClass], real.sessionDeadline(s),
                "deadline of " + key);
        }
    }

    private static void checkVerdict(
        final String where, final int expected, final int actual, final Model model, final Nat64State real)
    {
        if (expected < 0)
        {
            assertEquals(DropReason.label(expected), DropReason.label(Math.min(actual, 0)), where);
            return;
        }
        assertTrue(actual >= 0, where + ": expected success, got " + DropReason.label(actual));
        assertEquals(model.outcome, real.outcome(), where + " outcome");
    }

    private static void checkMapping(
        final String where, final Model model, final Nat64State real, final K6 k, final int b)
    {
        final K4 got = new K4(k.protocol(), real.bibV4Address(b), real.bibV4Port(b));
        final K4 known = model.bib.get(k);
        if (known != null)
        {
            assertEquals(known, got, where + ": a mapping is stable and endpoint-independent");
            return;
        }
        assertEquals(POOL, got.address(), where);
        assertTrue(got.port() >= 2000 && got.port() < 2000 + PORTS, where + " in pool4");
        assertTrue(!model.bib4.containsKey(got), where + ": " + got + " already mapped to " + model.bib4.get(got));
        if (k.protocol() == Nat64Protocol.UDP)
        {
            final Set<Integer> freeWithParity = new HashSet<>();
            for (int p = 2000; p < 2000 + PORTS; p++)
            {
                if ((p & 1) == (k.port() & 1) && !model.bib4.containsKey(new K4(k.protocol(), POOL, p)))
                {
                    freeWithParity.add(p);
                }
            }
            assertTrue(freeWithParity.isEmpty() || (got.port() & 1) == (k.port() & 1), where + " parity kept");
        }
        model.bib.put(k, got);
        model.bib4.put(got, k);
    }

    private static K4 pickTarget(final Random random, final Model model)
    {
        final List<K4> known = new ArrayList<>(model.bib4.keySet());
        known.sort((a, b) -> Objects.compare(a.toString(), b.toString(), String::compareTo));
        if (known.isEmpty() || random.nextInt(5) == 0)
        {
            return new K4(random.nextInt(3), POOL, 2000 + random.nextInt(PORTS));
        }
        return known.get(random.nextInt(known.size()));
    }
}
