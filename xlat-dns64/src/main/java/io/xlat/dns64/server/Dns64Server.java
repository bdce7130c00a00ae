package io.xlat.dns64.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

/**
 * A forwarding DNS64 server (RFC 6147): answers clients over UDP and TCP on one or more addresses, forwards to one
 * or more upstream recursive resolvers and synthesizes AAAA (and PTR) answers with a
 * {@link io.xlat.dns64.synth.Dns64Synthesizer}.
 * <ul>
 *     <li>Threading: one Agrona agent on its own thread drives every channel through one NIO selector
 *     ({@link Dns64ServerAgent}); it blocks in {@code select} at most {@value #POLL_MS} ms when idle.</li>
 *     <li>Client UDP: each listener's datagrams move in batches through a {@link DatagramIo} chosen with
 *     {@link Dns64ServerConfig.Builder#datagramIo} ({@link ChannelDatagramIo} by default; one receive call per
 *     readable listener, one send call for the answers gathered meanwhile).</li>
 *     <li>Upstream: a pool of connected UDP sockets per upstream, opened at start on kernel-chosen random ephemeral
 *     ports (Linux randomizes {@code bind(0)}), one picked at random per query, with a random 16-bit ID (RFC 5452
 *     9.2); a timeout moves the query to the next upstream; a TC answer is retried over TCP; EDNS(0) with our UDP
 *     size is always advertised upstream.</li>
 *     <li>Clients: the {@code allow} ACL (REFUSED outside it: no open resolver); UDP answers no larger than the
 *     client's EDNS size (512 without EDNS), else cut with TC; TCP per RFC 7766 (length-prefixed, pipelined, idle
 *     timeout, bounded number of connections).</li>
 *     <li>A TTL-respecting wire cache with RFC 2308 negative caching; malformed queries get FORMERR (or are dropped
 *     when not even a header is there), upstream garbage SERVFAIL.</li>
 * </ul>
 * {@link #close()} stops the thread and closes every channel.
 */
public final class Dns64Server implements AutoCloseable
{
    /** Longest time the server thread blocks in select when idle. */
    public static final long POLL_MS = 10;

    private final Dns64ServerConfig config;
    private final Dns64ServerCounters counters = new Dns64ServerCounters();
    private final Dns64ServerAgent agent;
    private final AgentRunner runner;

    private Dns64Server(final Dns64ServerConfig config, final EpochClock clock) throws IOException
    {
        this.config = config;
        this.agent = new Dns64ServerAgent(config, counters, clock, POLL_MS);
        // The runner's thread keeps the runner for a moment after close (see ReleasingAgent): its error handler holds
        // the counters, not this server (and so not the agent).
        final Dns64ServerCounters errors = counters;
        this.runner = new AgentRunner(NoOpIdleStrategy.INSTANCE,
            (throwable) -> errors.drop(Dns64ServerCounters.DROP_INTERNAL_ERROR), null, new ReleasingAgent(agent));
    }

    /**
     * Opens every socket and starts the server thread.
     *
     * @param config the settings.
     * @return the running server.
     * @throws IOException when a socket cannot be opened or bound.
     */
    public static Dns64Server start(final Dns64ServerConfig config) throws IOException
    {
        final Dns64Server server = new Dns64Server(config, SystemEpochClock.INSTANCE);
        AgentRunner.startOnThread(server.runner);
        return server;
    }

    /**
     * The settings.
     *
     * @return the configuration the server started with.
     */
    public Dns64ServerConfig config()
    {
        return config;
    }

    /**
     * The counters (readable from any thread).
     *
     * @return the counters.
     */
    public Dns64ServerCounters counters()
    {
        return counters;
    }

    /**
     * The bound UDP address of a listener (useful with port 0).
     *
     * @param index 0..listen().size()-1.
     * @return the local address.
     */
    public InetSocketAddress udpAddress(final int index)
    {
        try
        {
            return agent.udpAddress(index);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The bound TCP address of a listener (the same port as its UDP socket).
     *
     * @param index 0..listen().size()-1.
     * @return the local address.
     */
    public InetSocketAddress tcpAddress(final int index)
    {
        try
        {
            return agent.tcpAddress(index);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The server thread (for tests that measure its allocations with {@code ThreadMXBean}).
     *
     * @return the agent thread, or null before it has started.
     */
    Thread agentThread()
    {
        return runner.thread();
    }

    /**
     * The agent (for tests that check what stays reachable after close).
     *
     * @return the agent.
     */
    Dns64ServerAgent agent()
    {
        return agent;
    }

    /**
     * A Prometheus text exposition snapshot of the counters.
     *
     * @return the text.
     */
    public String prometheus()
    {
        return counters.prometheus();
    }

    /**
     * Stops the server thread (waits for it) and closes every channel.
     */
    @Override
    public void close()
    {
        agent.selector().wakeup();
        runner.close();
    }

    /**
     * The agent as the runner holds it, letting go of it once it has closed. The runner's thread is still a GC root
     * for a moment after {@code close()} has seen it end ({@code Thread.isAlive()} turns false before the JVM drops
     * the thread), and a {@code Thread} keeps its task, the runner: without this, a server built right after another
     * closed (a reload) could find the old one's buffers, tens of megabytes, not yet collectable, and run out of heap.
     */
    static final class ReleasingAgent implements Agent
    {
        private final String roleName;
        private Dns64ServerAgent agent;

        ReleasingAgent(final Dns64ServerAgent agent)
        {
            this.roleName = agent.roleName();
            this.agent = agent;
        }

        @Override
        public void onStart()
        {
            agent.onStart();
        }

        @Override
        public int doWork() throws Exception
        {
            return agent.doWork();
        }

        @Override
        public void onClose()
        {
            try
            {
                agent.onClose();
            }
            finally
            {
                agent = null;
            }
        }

        @Override
        public String roleName()
        {
            return roleName;
        }
    }
}
