package io.xlat.examples.clat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.dns64.pref64.Pref64Discovery;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Asks a resolver for {@code AAAA ipv4only.arpa} over UDP and derives the PLAT prefix from the answer (RFC 7050 3,
 * through {@link Pref64Discovery}), retrying with exponential backoff: at boot the resolver or the path to it may
 * not be up yet. Cold path: run at start, then again when the answer's TTL runs out ({@link ClatPrefixController}).
 */
public final class Rfc7050Client
{
    /**
     * A discovered prefix and how long it may be trusted.
     *
     * @param prefix     the first prefix of the answer.
     * @param ttlSeconds the smallest TTL of the AAAA RRset (RFC 7050 3: when to ask again).
     */
    public record Answer(Ipv6Prefix prefix, int ttlSeconds)
    {
    }

    private final InetSocketAddress resolver;
    private final int attempts;
    private final long firstTimeoutMillis;

    /**
     * Creates a client.
     *
     * @param resolver           the DNS server (the network's DNS64).
     * @param attempts           queries before giving up, at least 1.
     * @param firstTimeoutMillis wait for the first answer; doubled on each retry.
     */
    public Rfc7050Client(final InetSocketAddress resolver, final int attempts, final long firstTimeoutMillis)
    {
        this.resolver = resolver;
        this.attempts = attempts;
        this.firstTimeoutMillis = firstTimeoutMillis;
    }

    /**
     * The resolver asked.
     *
     * @return its address.
     */
    public InetSocketAddress resolver()
    {
        return resolver;
    }

    /**
     * Discovers the prefix.
     *
     * @return the first prefix of the answer (RFC 7050 3: a node with several uses one consistently).
     * @throws IllegalStateException when no attempt gives a prefix, with the last reason.
     */
    public Ipv6Prefix discover()
    {
        return discoverAnswer().prefix();
    }

    /**
     * Discovers the prefix and the TTL of the answer.
     *
     * @return the first prefix of the answer and the smallest TTL of its AAAA records.
     * @throws IllegalStateException when no attempt gives a prefix, with the last reason.
     */
    public Answer discoverAnswer()
    {
        final Pref64Discovery discovery = new Pref64Discovery();
        final UnsafeBuffer query = new UnsafeBuffer(ByteBuffer.allocate(512));
        final ByteBuffer response = ByteBuffer.allocate(4096);
        String lastReason = "no attempt";
        long timeout = firstTimeoutMillis;
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            final int id = ThreadLocalRandom.current().nextInt(0x10000);
            final int length = discovery.writeQuery(id, query, 0, query.capacity());
            final long deadline = System.currentTimeMillis() + timeout;
            try (DatagramChannel channel = DatagramChannel.open())
            {
                channel.connect(resolver);
                channel.write(ByteBuffer.wrap(query.byteArray(), 0, length));
                final int found = awaitAnswer(channel, response, id, deadline, discovery);
                if (found > 0)
                {
                    return new Answer(discovery.prefix(0), discovery.ttl());
                }
                lastReason = found == 0 ? "the answer holds no synthesized AAAA for ipv4only.arpa (no DNS64?)"
                    : "malformed answer (" + found + ")";
            }
            catch (final SocketTimeoutException ex)
            {
                lastReason = "no answer within " + timeout + " ms";
            }
            catch (final IOException ex)
            {
                lastReason = ex.toString();
                sleep(Math.max(0, deadline - System.currentTimeMillis()));
            }
            timeout *= 2;
        }
        throw new IllegalStateException("RFC 7050 discovery through " + resolver + " failed after " + attempts
            + " attempt(s): " + lastReason);
    }

    private static int awaitAnswer(
        final DatagramChannel channel,
        final ByteBuffer response,
        final int id,
        final long deadline,
        final Pref64Discovery discovery) throws IOException
    {
        channel.configureBlocking(false);
        while (true)
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                throw new SocketTimeoutException();
            }
            response.clear();
            if (null == channel.receive(response))
            {
                sleep(Math.min(left, 20));
                continue;
            }
            response.flip();
            if (response.remaining() < 12 || (response.getShort(0) & 0xFFFF) != id)
            {
                continue;
            }
            return discovery.discover(new UnsafeBuffer(response.array(), 0, response.limit()), 0, response.limit());
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
