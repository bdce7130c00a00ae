package io.xlat.examples.clat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.dns64.pref64.Pref64Option;
import io.xlat.examples.io.RawIcmpv6Socket;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for Router Advertisements on the CLAT's uplink (RFC 4861) and hands the PREF64 options they carry (RFC
 * 8781) to a sink, on a daemon thread of its own ({@code xlat-clat-ra}). At start it solicits an RA (up to three
 * Router Solicitations four seconds apart, RFC 4861 6.3.7) so the prefix is known without waiting for the router's
 * next periodic RA.
 * <p>
 * What is accepted: ICMPv6 type 134 code 0 (the socket's filter and {@link Pref64Option#nextInRouterAdvertisement}),
 * Hop Limit 255 (the socket's {@code IPV6_MINHOPCOUNT}), a link-local source (RFC 4861 6.1.2), a valid checksum (the
 * kernel). A malformed option list discards the whole RA (RFC 4861 4.6); PREF64 options with an unknown PLC are
 * skipped (RFC 8781 4). RAs without PREF64 options are not passed on: they say nothing about NAT64.
 */
public final class RouterAdvertisementListener implements AutoCloseable
{
    /** RFC 4861 10: MAX_RTR_SOLICITATIONS. */
    static final int MAX_SOLICITATIONS = 3;
    /** RFC 4861 10: RTR_SOLICITATION_INTERVAL, 4 s. */
    static final long SOLICITATION_INTERVAL_MILLIS = 4000;
    private static final int POLL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RouterAdvertisementListener.class);

    private final RawIcmpv6Socket socket;
    private final BiConsumer<List<PlatPrefixSelector.Pref64>, String> sink;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long advertisements;
    private volatile long discarded;

    /**
     * Creates a listener; {@link #start()} starts its thread, which owns and finally closes the socket.
     *
     * @param socket the open socket on the uplink.
     * @param sink   receives the PREF64 options of each RA that has some, and the router's address; called on the
     *               listener thread.
     */
    public RouterAdvertisementListener(
        final RawIcmpv6Socket socket, final BiConsumer<List<PlatPrefixSelector.Pref64>, String> sink)
    {
        this.socket = socket;
        this.sink = sink;
        this.thread = new Thread(this::run, "xlat-clat-ra");
        this.thread.setDaemon(true);
    }

    /**
     * Starts listening.
     *
     * @return this.
     */
    public RouterAdvertisementListener start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        try
        {
            int solicitations = 0;
            long nextSolicitation = 0;
            boolean heard = false;
            while (running)
            {
                final long now = System.currentTimeMillis();
                if (!heard && solicitations < MAX_SOLICITATIONS && now >= nextSolicitation)
                {
                    socket.sendRouterSolicitation();
                    solicitations++;
                    nextSolicitation = now + SOLICITATION_INTERVAL_MILLIS;
                }
                final int length = socket.receive(POLL_MILLIS);
                if (length < 0)
                {
                    LOG.warn("xlat clat: receiving RAs on {}: errno {}", socket.interfaceName(), -length);
                    sleep(POLL_MILLIS);
                    continue;
                }
                if (length == 0)
                {
                    continue;
                }
                if (!socket.fromLinkLocal())
                {
                    discarded++;
                    continue;
                }
                final List<PlatPrefixSelector.Pref64> options = parse(socket.message(), 0, length);
                if (null == options)
                {
                    discarded++;
                    continue;
                }
                heard = true;
                advertisements++;
                if (!options.isEmpty())
                {
                    sink.accept(options, socket.fromText());
                }
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("xlat clat: RA listener on {} stopped: {}", socket.interfaceName(), ex.toString());
        }
        finally
        {
            socket.close();
        }
    }

    /**
     * The PREF64 options of a Router Advertisement.
     *
     * @param buffer holding the ICMPv6 message.
     * @param offset of the ICMPv6 Type byte.
     * @param length of the message.
     * @return the valid PREF64 options in order (possibly none), or null when the message is not an RA or its
     * option list is malformed (the RA is then discarded, RFC 4861 4.6).
     */
    public static List<PlatPrefixSelector.Pref64> parse(final DirectBuffer buffer, final int offset, final int length)
    {
        final List<PlatPrefixSelector.Pref64> options = new ArrayList<>(2);
        int from = offset + Pref64Option.RA_HEADER_LENGTH;
        while (true)
        {
            final int at = Pref64Option.nextInRouterAdvertisement(buffer, offset, length, from);
            if (at == -1)
            {
                return options;
            }
            if (at < 0)
            {
                return null;
            }
            final int plc = Pref64Option.plcField(buffer, at);
            options.add(new PlatPrefixSelector.Pref64(Ipv6Prefix.of(Pref64Option.prefixHigh(buffer, at),
                Pref64Option.prefixLow(buffer, at), Pref64Option.prefixLength(plc)),
                Pref64Option.lifetimeSeconds(buffer, at)));
            from = at + Pref64Option.LENGTH;
        }
    }

    /**
     * RAs accepted so far (with or without PREF64).
     *
     * @return the count.
     */
    public long advertisements()
    {
        return advertisements;
    }

    /**
     * Messages discarded (not link-local, malformed).
     *
     * @return the count.
     */
    public long discarded()
    {
        return discarded;
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(2 * POLL_MILLIS + 1000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
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
