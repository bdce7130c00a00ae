package io.xlat.core.nat64;

/**
 * Session lifetimes per timeout class, in milliseconds. Every session belongs to exactly one class, and all sessions
 * of a class share its timeout, which is what makes expiry O(1): one FIFO list per class ({@link Nat64Sessions}).
 * <p>
 * Defaults are the RFC values: UDP 5 min (RFC 6146 3.5.1: at least 2 min, default 5), ICMP query 60 s (3.5.3),
 * TCP established 2 h 4 min (3.5.2.2, RFC 5382 REQ-5), TCP transitory 4 min, and the 6 s hold of an unsolicited
 * IPv4 SYN (TCP_INCOMING_SYN). All are configurable; values below the RFC minima are accepted because an operator
 * (or a test) may explicitly want them, as RFC 6146 3.5.1 allows.
 */
public final class Nat64Timeouts
{
    /** Timeout class of UDP sessions. */
    public static final int UDP = 0;
    /** Timeout class of ICMP query sessions. */
    public static final int ICMP = 1;
    /** Timeout class of TCP sessions in ESTABLISHED, V4 FIN RCV and V6 FIN RCV. */
    public static final int TCP_EST = 2;
    /** Timeout class of TCP sessions in V6 INIT, V4 INIT (not held), V4 FIN + V6 FIN RCV and TRANS. */
    public static final int TCP_TRANS = 3;
    /** Timeout class of a held unsolicited IPv4 SYN (V4 INIT). */
    public static final int TCP_INCOMING_SYN = 4;
    /** Number of timeout classes. */
    public static final int CLASS_COUNT = 5;

    /** Upper bound of any timeout: 7 days. */
    public static final long MAX_TIMEOUT_MILLIS = 7L * 24 * 3600 * 1000;

    private static final String[] LABELS = {"udp", "icmp", "tcp_est", "tcp_trans", "tcp_incoming_syn"};

    private final long[] millis;

    private Nat64Timeouts(final long[] millis)
    {
        this.millis = millis;
    }

    /**
     * The RFC defaults.
     *
     * @return UDP 5 min, ICMP 60 s, TCP established 2 h 4 min, transitory 4 min, incoming SYN 6 s.
     */
    public static Nat64Timeouts defaults()
    {
        return builder().build();
    }

    /**
     * Starts a builder holding the RFC defaults.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The timeout of a class.
     *
     * @param timeoutClass one of the class constants.
     * @return milliseconds.
     */
    public long millis(final int timeoutClass)
    {
        return millis[timeoutClass];
    }

    /**
     * The timeout class of a UDP or ICMP session.
     *
     * @param protocol {@link Nat64Protocol#UDP} or {@link Nat64Protocol#ICMP}.
     * @return {@link #UDP} or {@link #ICMP}.
     */
    public static int classOf(final int protocol)
    {
        return protocol == Nat64Protocol.ICMP ? ICMP : UDP;
    }

    /**
     * Returns the name of a class.
     *
     * @param timeoutClass one of the class constants.
     * @return e.g. {@code tcp_est}.
     */
    public static String label(final int timeoutClass)
    {
        return LABELS[timeoutClass];
    }

    long[] copy()
    {
        return millis.clone();
    }

    /** Collects timeouts; {@link #build()} validates them. */
    public static final class Builder
    {
        private final long[] millis = {5 * 60_000L, 60_000L, (2 * 60 + 4) * 60_000L, 4 * 60_000L, 6_000L};

        private Builder()
        {
        }

        /**
         * Sets the UDP session lifetime.
         *
         * @param value milliseconds, 1..{@link #MAX_TIMEOUT_MILLIS}.
         * @return this.
         */
        public Builder udp(final long value)
        {
            millis[UDP] = value;
            return this;
        }

        /**
         * Sets the ICMP query session lifetime.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder icmp(final long value)
        {
            millis[ICMP] = value;
            return this;
        }

        /**
         * Sets the TCP established lifetime.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder tcpEstablished(final long value)
        {
            millis[TCP_EST] = value;
            return this;
        }

        /**
         * Sets the TCP transitory lifetime.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder tcpTransitory(final long value)
        {
            millis[TCP_TRANS] = value;
            return this;
        }

        /**
         * Sets how long an unsolicited IPv4 SYN is held.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder tcpIncomingSyn(final long value)
        {
            millis[TCP_INCOMING_SYN] = value;
            return this;
        }

        /**
         * Validates and freezes the timeouts.
         *
         * @return the timeouts.
         * @throws IllegalArgumentException naming the first timeout outside 1 ms..7 days.
         */
        public Nat64Timeouts build()
        {
            for (int c = 0; c < CLASS_COUNT; c++)
            {
                if (millis[c] < 1 || millis[c] > MAX_TIMEOUT_MILLIS)
                {
                    throw new IllegalArgumentException(
                        "timeout." + LABELS[c] + "=" + millis[c] + "ms: must be in 1.." + MAX_TIMEOUT_MILLIS);
                }
            }
            return new Nat64Timeouts(millis.clone());
        }
    }
}
