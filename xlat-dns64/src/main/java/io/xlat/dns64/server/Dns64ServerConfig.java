package io.xlat.dns64.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.xlat.dns64.synth.AddressMatchList;
import io.xlat.dns64.synth.Dns64Config;

/**
 * Settings of a {@link Dns64Server}; {@link Builder#build()} validates them all and names the bad value.
 * <p>
 * Defaults: {@code allow} is loopback only ({@code 127.0.0.0/8; ::1/128}), so a server started without an ACL is
 * never an open resolver; upstream timeout 2000 ms and 3 attempts (each retry goes to the next upstream); cache of
 * 16384 entries of up to 1232 bytes; 4096 queries in flight; 8 UDP sockets per upstream; 64 TCP clients idle-closed
 * after 10 s (RFC 7766 6.2.3); UDP responses of up to 1232 bytes (and never above the client's EDNS size, 512
 * without EDNS).
 */
public final class Dns64ServerConfig
{
    private final List<InetSocketAddress> listen;
    private final List<InetSocketAddress> upstreams;
    private final Dns64Config dns64;
    private final AddressMatchList allow;
    private final int timeoutMs;
    private final int attempts;
    private final int cacheSize;
    private final int cacheEntryBytes;
    private final int maxPending;
    private final int socketsPerUpstream;
    private final int maxTcpClients;
    private final int tcpIdleTimeoutMs;
    private final int maxUdpResponse;
    private final int tcpUpstreamConnections;
    private final DatagramIo.Factory datagramIo;

    private Dns64ServerConfig(final Builder b)
    {
        listen = List.copyOf(b.listen);
        upstreams = List.copyOf(b.upstreams);
        dns64 = b.dns64;
        allow = b.allow;
        timeoutMs = b.timeoutMs;
        attempts = b.attempts;
        cacheSize = b.cacheSize;
        cacheEntryBytes = b.cacheEntryBytes;
        maxPending = b.maxPending;
        socketsPerUpstream = b.socketsPerUpstream;
        maxTcpClients = b.maxTcpClients;
        tcpIdleTimeoutMs = b.tcpIdleTimeoutMs;
        maxUdpResponse = b.maxUdpResponse;
        tcpUpstreamConnections = b.tcpUpstreamConnections;
        datagramIo = b.datagramIo;
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
     * Addresses to listen on, UDP and TCP each.
     *
     * @return the addresses (port 0 picks a free port; see {@link Dns64Server#udpAddress(int)}).
     */
    public List<InetSocketAddress> listen()
    {
        return listen;
    }

    /**
     * Upstream recursive resolvers.
     *
     * @return the resolvers, tried in turn.
     */
    public List<InetSocketAddress> upstreams()
    {
        return upstreams;
    }

    /**
     * DNS64 settings (prefixes, clients, mapped, exclude).
     *
     * @return the settings.
     */
    public Dns64Config dns64()
    {
        return dns64;
    }

    /**
     * Clients allowed to query at all; others get REFUSED.
     *
     * @return the ACL.
     */
    public AddressMatchList allow()
    {
        return allow;
    }

    /**
     * Time to wait for one upstream answer.
     *
     * @return milliseconds.
     */
    public int timeoutMs()
    {
        return timeoutMs;
    }

    /**
     * Upstream tries per query (each after a timeout goes to the next upstream).
     *
     * @return 1..16.
     */
    public int attempts()
    {
        return attempts;
    }

    /**
     * Cache entries (0 disables the cache).
     *
     * @return entries, rounded up to a power of two when used.
     */
    public int cacheSize()
    {
        return cacheSize;
    }

    /**
     * Largest response the cache stores.
     *
     * @return bytes per cache slot.
     */
    public int cacheEntryBytes()
    {
        return cacheEntryBytes;
    }

    /**
     * Client queries in flight at most.
     *
     * @return slots of the pending-query table.
     */
    public int maxPending()
    {
        return maxPending;
    }

    /**
     * UDP sockets opened per upstream at start (on kernel-chosen random ephemeral ports).
     *
     * @return sockets.
     */
    public int socketsPerUpstream()
    {
        return socketsPerUpstream;
    }

    /**
     * Concurrent TCP clients at most.
     *
     * @return connections.
     */
    public int maxTcpClients()
    {
        return maxTcpClients;
    }

    /**
     * Idle time after which a TCP client connection with nothing in flight is closed.
     *
     * @return milliseconds.
     */
    public int tcpIdleTimeoutMs()
    {
        return tcpIdleTimeoutMs;
    }

    /**
     * Largest UDP response sent (the client's EDNS size caps it further).
     *
     * @return bytes, 512..65535.
     */
    public int maxUdpResponse()
    {
        return maxUdpResponse;
    }

    /**
     * Concurrent upstream TCP connections for answers that came back truncated over UDP.
     *
     * @return connections.
     */
    public int tcpUpstreamConnections()
    {
        return tcpUpstreamConnections;
    }

    /**
     * How the UDP listeners move datagrams.
     *
     * @return the factory of each listener's {@link DatagramIo}.
     */
    public DatagramIo.Factory datagramIo()
    {
        return datagramIo;
    }

    @Override
    public String toString()
    {
        return "Dns64ServerConfig{listen=" + listen + ", upstreams=" + upstreams + ", dns64=" + dns64 +
            ", allow=" + allow + ", timeoutMs=" + timeoutMs + ", attempts=" + attempts + ", cacheSize=" +
            cacheSize + ", maxPending=" + maxPending + ", socketsPerUpstream=" + socketsPerUpstream +
            ", maxTcpClients=" + maxTcpClients + ", tcpIdleTimeoutMs=" + tcpIdleTimeoutMs + ", maxUdpResponse=" +
            maxUdpResponse + "}";
    }

    /**
     * Builds a {@link Dns64ServerConfig}.
     */
    public static final class Builder
    {
        private final List<InetSocketAddress> listen = new ArrayList<>();
        private final List<InetSocketAddress> upstreams = new ArrayList<>();
        private Dns64Config dns64 = Dns64Config.builder().build();
        private AddressMatchList allow = AddressMatchList.parse("127.0.0.0/8; ::1/128");
        private int timeoutMs = 2000;
        private int attempts = 3;
        private int cacheSize = 16384;
        private int cacheEntryBytes = 1232;
        private int maxPending = 4096;
        private int socketsPerUpstream = 8;
        private int maxTcpClients = 64;
        private int tcpIdleTimeoutMs = 10_000;
        private int maxUdpResponse = 1232;
        private int tcpUpstreamConnections = 16;
        private DatagramIo.Factory datagramIo = ChannelDatagramIo::new;

        private Builder()
        {
        }

        /**
         * Adds a listen address.
         *
         * @param address host and port (port 0: any free port).
         * @return this builder.
         */
        public Builder listen(final InetSocketAddress address)
        {
            listen.add(address);
            return this;
        }

        /**
         * Adds an upstream resolver.
         *
         * @param address host and port.
         * @return this builder.
         */
        public Builder upstream(final InetSocketAddress address)
        {
            upstreams.add(address);
            return this;
        }

        /**
         * Sets the DNS64 settings.
         *
         * @param config the settings.
         * @return this builder.
         */
        public Builder dns64(final Dns64Config config)
        {
            this.dns64 = config;
            return this;
        }

        /**
         * Sets the clients allowed to query (others get REFUSED).
         *
         * @param allow the ACL.
         * @return this builder.
         */
        public Builder allow(final AddressMatchList allow)
        {
            this.allow = allow;
            return this;
        }

        /**
         * Sets the upstream timeout.
         *
         * @param millis 10..60000.
         * @return this builder.
         */
        public Builder timeoutMs(final int millis)
        {
            this.timeoutMs = millis;
            return this;
        }

        /**
         * Sets the upstream tries per query.
         *
         * @param attempts 1..16.
         * @return this builder.
         */
        public Builder attempts(final int attempts)
        {
            this.attempts = attempts;
            return this;
        }

        /**
         * Sets the cache size in entries (0 disables caching).
         *
         * @param entries 0..4194304.
         * @return this builder.
         */
        public Builder cacheSize(final int entries)
        {
            this.cacheSize = entries;
            return this;
        }

        /**
         * Sets the largest cached response.
         *
         * @param bytes 512..65535.
         * @return this builder.
         */
        public Builder cacheEntryBytes(final int bytes)
        {
            this.cacheEntryBytes = bytes;
            return this;
        }

        /**
         * Sets the number of queries in flight.
         *
         * @param slots 1..60000.
         * @return this builder.
         */
        public Builder maxPending(final int slots)
        {
            this.maxPending = slots;
            return this;
        }

        /**
         * Sets the number of UDP sockets per upstream.
         *
         * @param sockets 1..256.
         * @return this builder.
         */
        public Builder socketsPerUpstream(final int sockets)
        {
            this.socketsPerUpstream = sockets;
            return this;
        }

        /**
         * Sets the TCP client limit.
         *
         * @param clients 0..4096 (0: no TCP listener).
         * @return this builder.
         */
        public Builder maxTcpClients(final int clients)
        {
            this.maxTcpClients = clients;
            return this;
        }

        /**
         * Sets the TCP idle timeout.
         *
         * @param millis 100..3600000.
         * @return this builder.
         */
        public Builder tcpIdleTimeoutMs(final int millis)
        {
            this.tcpIdleTimeoutMs = millis;
            return this;
        }

        /**
         * Sets the largest UDP response.
         *
         * @param bytes 512..65535.
         * @return this builder.
         */
        public Builder maxUdpResponse(final int bytes)
        {
            this.maxUdpResponse = bytes;
            return this;
        }

        /**
         * Sets how many upstream TCP connections (for truncated UDP answers) may be open at once.
         *
         * @param connections 1..1024.
         * @return this builder.
         */
        public Builder tcpUpstreamConnections(final int connections)
        {
            this.tcpUpstreamConnections = connections;
            return this;
        }

        /**
         * Sets how the UDP listeners move datagrams (default {@link ChannelDatagramIo}: portable, one system call
         * per datagram).
         *
         * @param factory creates each listener's I/O.
         * @return this builder.
         */
        public Builder datagramIo(final DatagramIo.Factory factory)
        {
            this.datagramIo = factory;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration.
         * @throws IllegalArgumentException naming the bad value.
         */
        public Dns64ServerConfig build()
        {
            if (listen.isEmpty())
            {
                throw new IllegalArgumentException("listen=[]: at least one listen address is needed");
            }
            if (upstreams.isEmpty())
            {
                throw new IllegalArgumentException("upstream=[]: at least one upstream resolver is needed");
            }
            for (final InetSocketAddress address : upstreams)
            {
                if (address.isUnresolved() || address.getPort() == 0)
                {
                    throw new IllegalArgumentException("upstream=" + address + ": needs an IP address and a port");
                }
            }
            if (null == dns64 || null == allow || null == datagramIo)
            {
                throw new IllegalArgumentException("dns64=" + dns64 + ", allow=" + allow + ", datagramIo=" +
                    datagramIo + ": none may be null");
            }
            check("timeoutMs", timeoutMs, 10, 60_000);
            check("attempts", attempts, 1, 16);
            check("cacheSize", cacheSize, 0, 4_194_304);
            check("cacheEntryBytes", cacheEntryBytes, 512, 65_535);
            check("maxPending", maxPending, 1, 60_000);
            check("socketsPerUpstream", socketsPerUpstream, 1, 256);
            check("maxTcpClients", maxTcpClients, 0, 4096);
            check("tcpIdleTimeoutMs", tcpIdleTimeoutMs, 100, 3_600_000);
            check("maxUdpResponse", maxUdpResponse, 512, 65_535);
            check("tcpUpstreamConnections", tcpUpstreamConnections, 1, 1024);
            return new Dns64ServerConfig(this);
        }

        private static void check(final String name, final int value, final int min, final int max)
        {
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(name + "=" + value + ": must be in " + min + ".." + max);
            }
        }
    }
}
