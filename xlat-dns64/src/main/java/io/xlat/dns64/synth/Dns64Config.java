package io.xlat.dns64.synth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.Rfc6052;

/**
 * DNS64 settings, named as BIND9's {@code dns64} statement names them: the prefixes ({@code dns64 PREFIX}), the
 * {@code clients} that get DNS64 at all, the {@code mapped} IPv4 addresses that may be synthesized, and the
 * {@code exclude} IPv6 ranges whose AAAA records count as absent. Immutable once built.
 * <p>
 * Defaults, as in BIND9 and RFC 6147: prefix {@code 64:ff9b::/96} when none is given (RFC 6147 5.2), clients
 * {@code any}, mapped {@code any}, exclude {@code ::ffff:0:0/96} (RFC 6147 5.1.4 "SHOULD include the ::ffff/96
 * network in that range by default").
 * <p>
 * RFC 6052 3.1 says the Well-Known Prefix MUST NOT be used to represent non-global IPv4 addresses. That rule is
 * NOT applied by default here, as BIND9 and Unbound do not apply it either in their DNS64: they synthesize any A
 * record that {@code mapped} accepts; and RFC 7050 2.2 needs {@code ipv4only.arpa} (192.0.0.170 and 192.0.0.171,
 * both non-global) synthesized under the Well-Known Prefix for Pref64 discovery to work. Operators who want the
 * strict rule opt in with {@link Builder#wkpGlobalOnly(boolean)} (CLI {@code --wkp-global-only}); the NAT64 then
 * still decides what it translates.
 */
public final class Dns64Config
{
    /** Most prefixes one configuration holds. */
    public static final int MAX_PREFIXES = 16;
    /** TTL cap for synthesized records when the AAAA negative response has no SOA (RFC 6147 5.1.7). */
    public static final int DEFAULT_NO_SOA_TTL = 600;
    /** UDP payload size advertised in the OPT record of responses written (DNS Flag Day 2020 value). */
    public static final int DEFAULT_EDNS_UDP_SIZE = 1232;

    private final Ipv6Prefix[] prefixes;
    private final long[] prefixHigh;
    private final long[] prefixLow;
    private final int[] prefixLength;
    private final AddressMatchList clients;
    private final AddressMatchList mapped;
    private final AddressMatchList exclude;
    private final boolean wkpGlobalOnly;
    private final int noSoaTtl;
    private final int ednsUdpSize;

    private Dns64Config(final Builder builder)
    {
        final List<Ipv6Prefix> list = builder.prefixes.isEmpty() ? List.of(Ipv6Prefix.WELL_KNOWN) : builder.prefixes;
        prefixes = list.toArray(new Ipv6Prefix[0]);
        prefixHigh = new long[prefixes.length];
        prefixLow = new long[prefixes.length];
        prefixLength = new int[prefixes.length];
        for (int i = 0; i < prefixes.length; i++)
        {
            prefixHigh[i] = prefixes[i].high();
            prefixLow[i] = prefixes[i].low();
            prefixLength[i] = prefixes[i].length();
        }
        clients = builder.clients;
        mapped = builder.mapped;
        exclude = builder.exclude;
        wkpGlobalOnly = builder.wkpGlobalOnly;
        noSoaTtl = builder.noSoaTtl;
        ednsUdpSize = builder.ednsUdpSize;
    }

    /**
     * Starts a configuration.
     *
     * @return a builder with the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Number of prefixes.
     *
     * @return 1..{@link #MAX_PREFIXES}.
     */
    public int prefixCount()
    {
        return prefixes.length;
    }

    /**
     * A prefix.
     *
     * @param index 0..prefixCount()-1.
     * @return the prefix.
     */
    public Ipv6Prefix prefix(final int index)
    {
        return prefixes[index];
    }

    /**
     * High half of a prefix.
     *
     * @param index 0..prefixCount()-1.
     * @return bytes 0..7.
     */
    public long prefixHigh(final int index)
    {
        return prefixHigh[index];
    }

    /**
     * Low half of a prefix.
     *
     * @param index 0..prefixCount()-1.
     * @return bytes 8..15.
     */
    public long prefixLow(final int index)
    {
        return prefixLow[index];
    }

    /**
     * Length of a prefix.
     *
     * @param index 0..prefixCount()-1.
     * @return 32, 40, 48, 56, 64 or 96.
     */
    public int prefixLength(final int index)
    {
        return prefixLength[index];
    }

    /**
     * Which clients get DNS64 (BIND9 {@code clients}).
     *
     * @return the list.
     */
    public AddressMatchList clients()
    {
        return clients;
    }

    /**
     * Which IPv4 addresses of A records are synthesized (BIND9 {@code mapped}).
     *
     * @return the list.
     */
    public AddressMatchList mapped()
    {
        return mapped;
    }

    /**
     * Which AAAA addresses count as absent (BIND9 {@code exclude}, RFC 6147 5.1.4).
     *
     * @return the list.
     */
    public AddressMatchList exclude()
    {
        return exclude;
    }

    /**
     * Whether the RFC 6052 3.1 rule is applied: no synthesis of non-global IPv4 addresses under 64:ff9b::/96.
     *
     * @return the switch (default false, as in BIND9 and Unbound).
     */
    public boolean wkpGlobalOnly()
    {
        return wkpGlobalOnly;
    }

    /**
     * TTL cap used when the AAAA negative response carried no SOA (RFC 6147 5.1.7: 600 s).
     *
     * @return seconds.
     */
    public int noSoaTtl()
    {
        return noSoaTtl;
    }

    /**
     * UDP payload size put in the OPT record of responses.
     *
     * @return bytes.
     */
    public int ednsUdpSize()
    {
        return ednsUdpSize;
    }

    @Override
    public String toString()
    {
        return "Dns64Config{prefixes=" + List.of(prefixes) + ", clients=" + clients + ", mapped=" + mapped +
            ", exclude=" + exclude + ", wkpGlobalOnly=" + wkpGlobalOnly + ", noSoaTtl=" + noSoaTtl +
            ", ednsUdpSize=" + ednsUdpSize + "}";
    }

    /**
     * Builds a {@link Dns64Config}; {@link #build()} validates everything and names the bad value.
     */
    public static final class Builder
    {
        private final List<Ipv6Prefix> prefixes = new ArrayList<>();
        private AddressMatchList clients = AddressMatchList.ANY;
        private AddressMatchList mapped = AddressMatchList.ANY;
        private AddressMatchList exclude = AddressMatchList.parse("::ffff:0:0/96");
        private boolean wkpGlobalOnly;
        private int noSoaTtl = DEFAULT_NO_SOA_TTL;
        private int ednsUdpSize = DEFAULT_EDNS_UDP_SIZE;

        private Builder()
        {
        }

        /**
         * Adds a prefix (RFC 6052 2.2 lengths 32, 40, 48, 56, 64, 96).
         *
         * @param prefix e.g. {@code 64:ff9b::/96}.
         * @return this builder.
         */
        public Builder prefix(final Ipv6Prefix prefix)
        {
            prefixes.add(Rfc6052.checkPrefix(prefix));
            return this;
        }

        /**
         * Adds a prefix from text.
         *
         * @param prefix e.g. {@code "2001:db8:64::/96"}.
         * @return this builder.
         */
        public Builder prefix(final String prefix)
        {
            return prefix(Ipv6Prefix.parse(prefix));
        }

        /**
         * Sets the clients that get DNS64 (default {@code any}).
         *
         * @param clients the list.
         * @return this builder.
         */
        public Builder clients(final AddressMatchList clients)
        {
            this.clients = clients;
            return this;
        }

        /**
         * Sets the IPv4 addresses that may be synthesized (default {@code any}).
         *
         * @param mapped the list.
         * @return this builder.
         */
        public Builder mapped(final AddressMatchList mapped)
        {
            this.mapped = mapped;
            return this;
        }

        /**
         * Sets the IPv6 ranges whose AAAA records count as absent (default {@code ::ffff:0:0/96}).
         *
         * @param exclude the list.
         * @return this builder.
         */
        public Builder exclude(final AddressMatchList exclude)
        {
            this.exclude = exclude;
            return this;
        }

        /**
         * Applies RFC 6052 3.1 strictly: A records with non-global IPv4 addresses (RFC 1918, RFC 5735/6890 special
         * ranges, documentation ranges, 192.0.0.170/171 of ipv4only.arpa) get no AAAA under 64:ff9b::/96. Off by
         * default (see the class comment); network-specific prefixes are never restricted.
         *
         * @param globalOnly the switch.
         * @return this builder.
         */
        public Builder wkpGlobalOnly(final boolean globalOnly)
        {
            this.wkpGlobalOnly = globalOnly;
            return this;
        }

        /**
         * Sets the TTL cap used when the AAAA negative response has no SOA (RFC 6147 5.1.7, default 600).
         *
         * @param seconds 0..2147483647.
         * @return this builder.
         */
        public Builder noSoaTtl(final int seconds)
        {
            this.noSoaTtl = seconds;
            return this;
        }

        /**
         * Sets the UDP payload size advertised in responses (default 1232).
         *
         * @param size 512..65535.
         * @return this builder.
         */
        public Builder ednsUdpSize(final int size)
        {
            this.ednsUdpSize = size;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration.
         * @throws IllegalArgumentException naming the bad value.
         */
        public Dns64Config build()
        {
            if (prefixes.size() > MAX_PREFIXES)
            {
                throw new IllegalArgumentException("prefixes=" + prefixes + ": at most " + MAX_PREFIXES);
            }
            if (new HashSet<>(prefixes).size() != prefixes.size())
            {
                throw new IllegalArgumentException("prefixes=" + prefixes + ": listed twice");
            }
            if (null == clients || null == mapped || null == exclude)
            {
                throw new IllegalArgumentException("clients=" + clients + ", mapped=" + mapped + ", exclude=" +
                    exclude + ": none may be null");
            }
            if (noSoaTtl < 0)
            {
                throw new IllegalArgumentException("noSoaTtl=" + noSoaTtl + ": must be >= 0");
            }
            if (ednsUdpSize < 512 || ednsUdpSize > 65535)
            {
                throw new IllegalArgumentException("ednsUdpSize=" + ednsUdpSize + ": must be in 512..65535");
            }
            return new Dns64Config(this);
        }
    }
}
