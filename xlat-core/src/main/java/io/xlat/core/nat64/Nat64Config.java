package io.xlat.core.nat64;

import java.security.SecureRandom;

/**
 * Sizing and policy of the NAT64 state, validated once at start ({@link Builder#build()}).
 * <p>
 * Capacities are fixed: every table is allocated in full when a {@link Nat64State} is created. For a
 * {@link Nat64Shards} they are totals, divided evenly among the shards. The default BIB capacity is half the session
 * capacity (on average two sessions per mapping); a workload of one session per mapping (many short TCP connections,
 * DNS over UDP) should raise it to the session capacity. The IPv6 hosts holding mappings are stored once each
 * ({@link Builder#hostCapacity(int)}, by default the subscriber capacity, a sixteenth of the session capacity); with
 * /128 subscribers (the default) the host table also counts each host's sessions and the subscriber table is not
 * allocated. With the defaults the state takes 48.25 bytes per session, and 62.25 with the BIB capacity raised to
 * the session capacity ({@link Nat64State#allocatedBytes()}).
 */
public final class Nat64Config
{
    /** Endpoint-independent filtering (RFC 4787 REQ-8, RFC 6146 3.5.1): any remote may use an existing mapping. */
    public static final int ENDPOINT_INDEPENDENT = 0;
    /** Address-dependent filtering: only remotes the IPv6 host already sent to (RFC 4787 REQ-8). */
    public static final int ADDRESS_DEPENDENT = 1;

    private final int sessionCapacity;
    private final int bibCapacity;
    private final int subscriberCapacity;
    private final int hostCapacity;
    private final int subscriberPrefixLength;
    private final int maxSessionsPerSubscriber;
    private final int filtering;
    private final boolean dropExternalTcp;
    private final boolean preservePort;
    private final long seed;
    private final Nat64Timeouts timeouts;

    private Nat64Config(final Builder b)
    {
        this.sessionCapacity = b.sessionCapacity;
        this.bibCapacity = b.bibCapacity > 0 ? b.bibCapacity : Math.max(1, b.sessionCapacity / 2);
        this.subscriberCapacity = b.subscriberCapacity > 0 ?
            b.subscriberCapacity : Math.max(Math.min(b.sessionCapacity, 1024), b.sessionCapacity / 16);
        this.hostCapacity = b.hostCapacity > 0 ? b.hostCapacity : subscriberCapacity;
        this.subscriberPrefixLength = b.subscriberPrefixLength;
        this.maxSessionsPerSubscriber =
            b.maxSessionsPerSubscriber > 0 ? b.maxSessionsPerSubscriber : b.sessionCapacity;
        this.filtering = b.filtering;
        this.dropExternalTcp = b.dropExternalTcp;
        this.preservePort = b.preservePort;
        this.seed = b.seedSet ? b.seed : new SecureRandom().nextLong();
        this.timeouts = b.timeouts;
    }

    /**
     * Starts a builder with the defaults: 65536 sessions, endpoint-independent filtering, /128 subscribers without a
     * limit, RFC timeouts, a random secret.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * A copy for one of {@code shards} shards: capacities and the per-subscriber limit stay exact because a
     * subscriber lives on one shard, so only the table sizes are divided; the secret is shared so port choice is
     * the same function everywhere.
     *
     * @param shards number of shards.
     * @return the per-shard configuration.
     */
    Nat64Config perShard(final int shards)
    {
        final Builder b = builder()
            .sessionCapacity(ceilDiv(sessionCapacity, shards))
            .bibCapacity(ceilDiv(bibCapacity, shards))
            .subscriberCapacity(ceilDiv(subscriberCapacity, shards))
            .hostCapacity(ceilDiv(hostCapacity, shards))
            .subscriberPrefixLength(subscriberPrefixLength)
            .maxSessionsPerSubscriber(maxSessionsPerSubscriber)
            .filtering(filtering)
            .dropExternalTcp(dropExternalTcp)
            .preservePort(preservePort)
            .seed(seed)
            .timeouts(timeouts);
        return b.build();
    }

    private static int ceilDiv(final int a, final int b)
    {
        return (a + b - 1) / b;
    }

    /**
     * Session table capacity.
     *
     * @return entries.
     */
    public int sessionCapacity()
    {
        return sessionCapacity;
    }

    /**
     * BIB capacity (all protocols together).
     *
     * @return entries.
     */
    public int bibCapacity()
    {
        return bibCapacity;
    }

    /**
     * Capacity of the per-subscriber counter table.
     *
     * @return entries.
     */
    public int subscriberCapacity()
    {
        return subscriberCapacity;
    }

    /**
     * Capacity of the IPv6 host table: distinct IPv6 addresses holding BIB entries.
     *
     * @return entries.
     */
    public int hostCapacity()
    {
        return hostCapacity;
    }

    /**
     * Prefix length that defines a subscriber.
     *
     * @return 0..128.
     */
    public int subscriberPrefixLength()
    {
        return subscriberPrefixLength;
    }

    /**
     * Most sessions one subscriber may hold.
     *
     * @return the limit.
     */
    public int maxSessionsPerSubscriber()
    {
        return maxSessionsPerSubscriber;
    }

    /**
     * Filtering behaviour for UDP, ICMP and unsolicited TCP SYNs.
     *
     * @return {@link #ENDPOINT_INDEPENDENT} or {@link #ADDRESS_DEPENDENT}.
     */
    public int filtering()
    {
        return filtering;
    }

    /**
     * Whether externally initiated TCP connections are dropped outright (RFC 6146 3.5.2.2 policy).
     *
     * @return true to drop every unsolicited IPv4 SYN.
     */
    public boolean dropExternalTcp()
    {
        return dropExternalTcp;
    }

    /**
     * Whether the IPv6 source port is tried first as the pool4 port.
     *
     * @return true for port preservation.
     */
    public boolean preservePort()
    {
        return preservePort;
    }

    /**
     * The secret of the RFC 6056 port-selection and table hashes.
     *
     * @return the seed given to the builder, or a random one.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * The session lifetimes.
     *
     * @return the timeouts.
     */
    public Nat64Timeouts timeouts()
    {
        return timeouts;
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder
    {
        private int sessionCapacity = 65536;
        private int bibCapacity;
        private int subscriberCapacity;
        private int hostCapacity;
        private int subscriberPrefixLength = 128;
        private int maxSessionsPerSubscriber;
        private int filtering = ENDPOINT_INDEPENDENT;
        private boolean dropExternalTcp;
        private boolean preservePort;
        private long seed;
        private boolean seedSet;
        private Nat64Timeouts timeouts = Nat64Timeouts.defaults();

        private Builder()
        {
        }

        /**
         * Sets the session capacity.
         *
         * @param value 1..2^28.
         * @return this.
         */
        public Builder sessionCapacity(final int value)
        {
            sessionCapacity = value;
            return this;
        }

        /**
         * Sets the BIB capacity; 0 means half the session capacity.
         *
         * @param value 0..2^28.
         * @return this.
         */
        public Builder bibCapacity(final int value)
        {
            bibCapacity = value;
            return this;
        }

        /**
         * Sets the capacity of the subscriber table; 0 means a sixteenth of the session capacity (at least
         * min(session capacity, 1024)). Not allocated for /128 subscribers, whose sessions the host table counts
         * (see {@link #hostCapacity(int)}).
         *
         * @param value 0..2^28.
         * @return this.
         */
        public Builder subscriberCapacity(final int value)
        {
            subscriberCapacity = value;
            return this;
        }

        /**
         * Sets the capacity of the IPv6 host table (each IPv6 address holding BIB entries is stored once, the BIB
         * refers to it by index); 0 means the subscriber capacity. A full host table refuses mappings for new hosts
         * with TABLE_FULL.
         *
         * @param value 0..2^28.
         * @return this.
         */
        public Builder hostCapacity(final int value)
        {
            hostCapacity = value;
            return this;
        }

        /**
         * Sets the prefix length that defines a subscriber.
         *
         * @param value 0..128, e.g. 128 per host, 64 or 56 per customer.
         * @return this.
         */
        public Builder subscriberPrefixLength(final int value)
        {
            subscriberPrefixLength = value;
            return this;
        }

        /**
         * Sets the per-subscriber session limit; 0 means no limit beyond the capacity.
         *
         * @param value 0 or more.
         * @return this.
         */
        public Builder maxSessionsPerSubscriber(final int value)
        {
            maxSessionsPerSubscriber = value;
            return this;
        }

        /**
         * Sets the filtering behaviour.
         *
         * @param value {@link #ENDPOINT_INDEPENDENT} or {@link #ADDRESS_DEPENDENT}.
         * @return this.
         */
        public Builder filtering(final int value)
        {
            filtering = value;
            return this;
        }

        /**
         * Drops every externally initiated TCP connection.
         *
         * @param value true to drop.
         * @return this.
         */
        public Builder dropExternalTcp(final boolean value)
        {
            dropExternalTcp = value;
            return this;
        }

        /**
         * Tries the IPv6 source port first when allocating a pool4 port.
         *
         * @param value true for port preservation.
         * @return this.
         */
        public Builder preservePort(final boolean value)
        {
            preservePort = value;
            return this;
        }

        /**
         * Fixes the secret of port selection and hashing, for reproducible runs and tests.
         *
         * @param value any long.
         * @return this.
         */
        public Builder seed(final long value)
        {
            seed = value;
            seedSet = true;
            return this;
        }

        /**
         * Sets the session lifetimes.
         *
         * @param value the timeouts.
         * @return this.
         */
        public Builder timeouts(final Nat64Timeouts value)
        {
            timeouts = value;
            return this;
        }

        /**
         * Validates and freezes the configuration.
         *
         * @return the configuration.
         * @throws IllegalArgumentException naming the first bad value.
         */
        public Nat64Config build()
        {
            final int max = 1 << 28;
            if (sessionCapacity < 1 || sessionCapacity > max)
            {
                throw new IllegalArgumentException("sessionCapacity=" + sessionCapacity + ": must be in 1.." + max);
            }
            if (bibCapacity < 0 || bibCapacity > max)
            {
                throw new IllegalArgumentException("bibCapacity=" + bibCapacity + ": must be in 0.." + max);
            }
            if (subscriberCapacity < 0 || subscriberCapacity > max)
            {
                throw new IllegalArgumentException(
                    "subscriberCapacity=" + subscriberCapacity + ": must be in 0.." + max);
            }
            if (hostCapacity < 0 || hostCapacity > max)
            {
                throw new IllegalArgumentException("hostCapacity=" + hostCapacity + ": must be in 0.." + max);
            }
            if (subscriberPrefixLength < 0 || subscriberPrefixLength > 128)
            {
                throw new IllegalArgumentException(
                    "subscriberPrefixLength=" + subscriberPrefixLength + ": must be in 0..128");
            }
            if (maxSessionsPerSubscriber < 0)
            {
                throw new IllegalArgumentException(
                    "maxSessionsPerSubscriber=" + maxSessionsPerSubscriber + ": must be 0 (no limit) or more");
            }
            if (filtering != ENDPOINT_INDEPENDENT && filtering != ADDRESS_DEPENDENT)
            {
                throw new IllegalArgumentException("filtering=" + filtering + ": must be 0 (EIF) or 1 (ADF)");
            }
            if (null == timeouts)
            {
                throw new IllegalArgumentException("timeouts=null");
            }
            return new Nat64Config(this);
        }
    }
}
