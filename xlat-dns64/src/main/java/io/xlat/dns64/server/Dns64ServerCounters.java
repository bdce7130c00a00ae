package io.xlat.dns64.server;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of a {@link Dns64Server}: written by the server thread only (plain read, release write, no lock), read
 * by any thread; {@link #prometheus()} renders a Prometheus text exposition snapshot (cold code).
 */
public final class Dns64ServerCounters
{
    /** Client queries received (UDP datagrams and TCP messages). */
    public static final int QUERIES = 0;
    /** Responses synthesized by DNS64 (AAAA from A, or PTR via CNAME). */
    public static final int SYNTHESIZED = 1;
    /** Answers served from the cache. */
    public static final int CACHE_HITS = 2;
    /** Queries not answered from the cache. */
    public static final int CACHE_MISSES = 3;
    /** Upstream queries that timed out. */
    public static final int UPSTREAM_TIMEOUTS = 4;
    /** Queries answered FORMERR because they were malformed. */
    public static final int FORMERR = 5;
    /** Queries refused by the ACL. */
    public static final int REFUSED = 6;
    /** Upstream UDP answers with TC retried over TCP. */
    public static final int TCP_RETRIES = 7;
    /** Responses truncated (TC) to fit the client's UDP payload size. */
    public static final int TRUNCATED = 8;
    /** TCP client connections accepted. */
    public static final int TCP_ACCEPTED = 9;
    /** Upstream queries sent (UDP or TCP). */
    public static final int UPSTREAM_QUERIES = 10;
    /** System calls that received client UDP datagrams (one per datagram, or one per batch with mmsg I/O). */
    public static final int UDP_RECEIVE_CALLS = 11;
    /** Client UDP datagrams received. */
    public static final int UDP_RECEIVED = 12;
    /** System calls that sent UDP answers to clients. */
    public static final int UDP_SEND_CALLS = 13;
    /** UDP answers sent to clients. */
    public static final int UDP_SENT = 14;

    /** Drop: datagram shorter than a DNS header. */
    public static final int DROP_SHORT = 0;
    /** Drop: no free pending-query slot (answered SERVFAIL). */
    public static final int DROP_PENDING_FULL = 1;
    /** Drop: an upstream datagram matching no pending query (late, spoofed or for another ID). */
    public static final int DROP_UPSTREAM_UNEXPECTED = 2;
    /** Drop: an upstream answer that was garbage (answered SERVFAIL). */
    public static final int DROP_UPSTREAM_GARBAGE = 3;
    /** Drop: a TCP connection refused because the connection limit was reached. */
    public static final int DROP_TCP_LIMIT = 4;
    /** Drop: a TCP connection closed after its idle timeout. */
    public static final int DROP_TCP_IDLE = 5;
    /** Drop: a TCP response that did not fit the connection's write buffer (connection closed). */
    public static final int DROP_TCP_BACKLOG = 6;
    /** Drop: a query longer than a pending slot holds. */
    public static final int DROP_QUERY_TOO_LARGE = 7;
    /** Drop: an I/O error on send or receive. */
    public static final int DROP_IO_ERROR = 8;
    /** Drop: the client went away (TCP closed) before its answer. */
    public static final int DROP_CLIENT_GONE = 9;
    /** Drop: an exception caught at the duty-cycle boundary. */
    public static final int DROP_INTERNAL_ERROR = 10;

    private static final String[] NAMES =
    {
        "queries", "synthesized", "cache_hits", "cache_misses", "upstream_timeouts", "formerr", "refused",
        "tcp_retries", "truncated", "tcp_accepted", "upstream_queries", "udp_receive_calls", "udp_received",
        "udp_send_calls", "udp_sent",
    };
    private static final String[] DROP_LABELS =
    {
        "short", "pending-full", "upstream-unexpected", "upstream-garbage", "tcp-limit", "tcp-idle", "tcp-backlog",
        "query-too-large", "io-error", "client-gone", "internal-error",
    };
    private static final String[] RCODE_LABELS =
    {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
        "NOTAUTH", "NOTZONE", "DSOTYPENI", "RCODE12", "RCODE13", "RCODE14", "RCODE15",
    };

    private final AtomicLongArray counters = new AtomicLongArray(NAMES.length);
    private final AtomicLongArray drops = new AtomicLongArray(DROP_LABELS.length);
    private final AtomicLongArray answers = new AtomicLongArray(RCODE_LABELS.length);

    /**
     * Adds one to a counter (server thread only).
     *
     * @param counter {@link #QUERIES} .. {@link #UDP_SENT}.
     */
    public void increment(final int counter)
    {
        counters.setRelease(counter, counters.getPlain(counter) + 1);
    }

    /**
     * Adds to a counter (server thread only).
     *
     * @param counter {@link #QUERIES} .. {@link #UDP_SENT}.
     * @param delta   the amount.
     */
    public void add(final int counter, final long delta)
    {
        counters.setRelease(counter, counters.getPlain(counter) + delta);
    }

    /**
     * Adds one to a drop reason (server thread only).
     *
     * @param reason {@link #DROP_SHORT} .. {@link #DROP_INTERNAL_ERROR}.
     */
    public void drop(final int reason)
    {
        drops.setRelease(reason, drops.getPlain(reason) + 1);
    }

    /**
     * Counts an answer sent by its RCODE (server thread only).
     *
     * @param rcode 0..15.
     */
    public void answer(final int rcode)
    {
        final int index = rcode & 0xF;
        answers.setRelease(index, answers.getPlain(index) + 1);
    }

    /**
     * Reads a counter.
     *
     * @param counter {@link #QUERIES} .. {@link #UDP_SENT}.
     * @return its value.
     */
    public long get(final int counter)
    {
        return counters.getAcquire(counter);
    }

    /**
     * Reads a drop counter.
     *
     * @param reason {@link #DROP_SHORT} .. {@link #DROP_INTERNAL_ERROR}.
     * @return its value.
     */
    public long drops(final int reason)
    {
        return drops.getAcquire(reason);
    }

    /**
     * Reads the answers sent with an RCODE.
     *
     * @param rcode 0..15.
     * @return the count.
     */
    public long answers(final int rcode)
    {
        return answers.getAcquire(rcode & 0xF);
    }

    /**
     * Renders all counters in the Prometheus text exposition format (version 0.0.4), names prefixed
     * {@code xlat_dns64_}.
     *
     * @return the text.
     */
    public String prometheus()
    {
        final StringBuilder out = new StringBuilder(2048);
        for (int i = 0; i < NAMES.length; i++)
        {
            final String name = "xlat_dns64_" + NAMES[i] + "_total";
            out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ')
                .append(get(i)).append('\n');
        }
        out.append("# TYPE xlat_dns64_answers_total counter\n");
        for (int i = 0; i < RCODE_LABELS.length; i++)
        {
            final long value = answers(i);
            if (value != 0 || i <= 5)
            {
                out.append("xlat_dns64_answers_total{rcode=\"").append(RCODE_LABELS[i]).append("\"} ")
                    .append(value).append('\n');
            }
        }
        out.append("# TYPE xlat_dns64_drops_total counter\n");
        for (int i = 0; i < DROP_LABELS.length; i++)
        {
            out.append("xlat_dns64_drops_total{reason=\"").append(DROP_LABELS[i]).append("\"} ")
                .append(drops(i)).append('\n');
        }
        return out.toString();
    }
}
