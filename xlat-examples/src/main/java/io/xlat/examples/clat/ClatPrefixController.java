package io.xlat.examples.clat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.examples.daemon.PrometheusText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CLAT's PLAT prefix in step with the network: takes PREF64 options from the RA listener (RFC 8781),
 * re-runs RFC 7050 discovery when the answer's TTL runs out (bounded below by {@code --dns-min-refresh}, 60 s by
 * default, and above by a day; on failure the last known prefix stays and discovery is retried with a doubling
 * wait from 10 s up to 10 min), drops RA prefixes when their lifetime ends, and calls the publisher when the
 * prefix {@link PlatPrefixSelector} picks changes. Each change is logged once.
 * <p>
 * Everything runs on one control thread ({@code xlat-clat-prefix}), which also runs the SIGHUP reload
 * ({@link #execute(Runnable)}), so the selector and the publisher need no locks and swaps never race. The workers
 * only see the result: a new translator published through
 * {@link io.xlat.examples.daemon.SwappablePacketTranslator}.
 */
public final class ClatPrefixController implements AutoCloseable
{
    /** Most time between two RFC 7050 queries. */
    static final long MAX_REFRESH_MILLIS = TimeUnit.DAYS.toMillis(1);
    /** First wait after a failed RFC 7050 refresh (shortened to the minimum refresh when that is smaller). */
    static final long FIRST_RETRY_MILLIS = 10_000;
    /** Longest wait between failed RFC 7050 refreshes. */
    static final long MAX_RETRY_MILLIS = 600_000;

    private static final Logger LOG = LoggerFactory.getLogger(ClatPrefixController.class);

    private final PlatPrefixSelector selector;
    private final Consumer<Ipv6Prefix> publisher;
    private final Rfc7050Client dns;
    private final long minRefreshMillis;
    private final ScheduledExecutorService control;
    private ScheduledFuture<?> expiryTimer;
    private long retryMillis;
    private boolean failing;
    private volatile String activeText = "none";
    private volatile PlatPrefixSelector.Source activeSource = PlatPrefixSelector.Source.NONE;
    private volatile long changes;
    private volatile long dnsFailures;
    private volatile long raCount;

    /**
     * Creates a controller; nothing runs before {@link #start}.
     *
     * @param selector         the decision, possibly already holding the start-up answer.
     * @param publisher        applies a prefix (null: none valid), on the control thread.
     * @param dns              the RFC 7050 client, or null without {@code --dns}.
     * @param minRefreshMillis shortest time between RFC 7050 queries, whatever the TTL.
     */
    public ClatPrefixController(
        final PlatPrefixSelector selector,
        final Consumer<Ipv6Prefix> publisher,
        final Rfc7050Client dns,
        final long minRefreshMillis)
    {
        this.selector = selector;
        this.publisher = publisher;
        this.dns = dns;
        this.minRefreshMillis = minRefreshMillis;
        this.retryMillis = Math.min(FIRST_RETRY_MILLIS, minRefreshMillis);
        this.control = Executors.newSingleThreadScheduledExecutor((task) ->
        {
            final Thread thread = new Thread(task, "xlat-clat-prefix");
            thread.setDaemon(true);
            return thread;
        });
        snapshot();
    }

    /**
     * Starts the RFC 7050 refresh timer.
     *
     * @param firstTtlSeconds TTL of the start-up answer, or -1 when start-up discovery failed (retry soon).
     */
    public void start(final int firstTtlSeconds)
    {
        if (null == dns)
        {
            return;
        }
        if (firstTtlSeconds < 0)
        {
            failing = true;
            scheduleRefresh(retryMillis);
        }
        else
        {
            scheduleRefresh(refreshDelayMillis(firstTtlSeconds, minRefreshMillis));
        }
    }

    /**
     * The wait before asking again: the TTL, at least {@code minRefreshMillis}, at most a day.
     *
     * @param ttlSeconds       the smallest TTL of the answer.
     * @param minRefreshMillis the lower bound.
     * @return milliseconds.
     */
    static long refreshDelayMillis(final int ttlSeconds, final long minRefreshMillis)
    {
        return Math.min(MAX_REFRESH_MILLIS, Math.max(minRefreshMillis, ttlSeconds * 1000L));
    }

    /**
     * Takes the PREF64 options of an RA; any thread (the listener's), applied on the control thread.
     *
     * @param options the options.
     * @param router  the RA's source, for the log.
     */
    public void onRouterAdvertisement(final List<PlatPrefixSelector.Pref64> options, final String router)
    {
        execute(() ->
        {
            raCount = raCount + 1;
            if (selector.onRouterAdvertisement(options, System.currentTimeMillis()))
            {
                changed("RA from " + router + " " + options);
            }
            scheduleExpiry();
        });
    }

    /**
     * Runs a task on the control thread (a reload), after the events already queued.
     *
     * @param task the task; exceptions are logged.
     */
    public void execute(final Runnable task)
    {
        control.execute(() ->
        {
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("xlat clat: prefix control: {}", ex.toString());
            }
        });
    }

    /**
     * Applies the active prefix again (after a reload changed the other settings); control thread only.
     */
    public void republish()
    {
        publisher.accept(selector.active());
    }

    private void refresh()
    {
        try
        {
            final Rfc7050Client.Answer answer = dns.discoverAnswer();
            if (failing)
            {
                LOG.info("xlat clat: RFC 7050 discovery through {} works again", resolverText());
                failing = false;
            }
            retryMillis = Math.min(FIRST_RETRY_MILLIS, minRefreshMillis);
            if (selector.onDnsAnswer(answer.prefix(), System.currentTimeMillis()))
            {
                changed("RFC 7050 answer from " + resolverText() + ", TTL " + answer.ttlSeconds() + " s");
            }
            scheduleRefresh(refreshDelayMillis(answer.ttlSeconds(), minRefreshMillis));
        }
        catch (final IllegalStateException ex)
        {
            dnsFailures = dnsFailures + 1;
            if (!failing)
            {
                LOG.warn("xlat clat: {}; keeping PLAT prefix {}, retrying with backoff", ex.getMessage(),
                    activeText);
                failing = true;
            }
            scheduleRefresh(retryMillis);
            retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
        }
    }

    private void scheduleRefresh(final long delayMillis)
    {
        control.schedule(() ->
        {
            try
            {
                refresh();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("xlat clat: RFC 7050 refresh: {}", ex.toString());
                scheduleRefresh(MAX_RETRY_MILLIS);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void scheduleExpiry()
    {
        if (null != expiryTimer)
        {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
        final long next = selector.nextExpiryMillis();
        if (next == Long.MAX_VALUE)
        {
            return;
        }
        expiryTimer = control.schedule(() ->
        {
            expiryTimer = null;
            if (selector.expire(System.currentTimeMillis()))
            {
                changed("RA prefix lifetime ended");
            }
            scheduleExpiry();
        }, Math.max(0, next - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private void changed(final String why)
    {
        final String before = activeText;
        snapshot();
        changes = changes + 1;
        if (null == selector.active())
        {
            LOG.warn("xlat clat: PLAT prefix {} -> none ({}): no valid NAT64 prefix, IPv4 destinations are dropped "
                + "until one is advertised", before, why);
        }
        else
        {
            LOG.info("xlat clat: PLAT prefix {} -> {} (source {}, {})", before, activeText,
                activeSource.name().toLowerCase(Locale.ROOT), why);
        }
        publisher.accept(selector.active());
    }

    private void snapshot()
    {
        activeText = null == selector.active() ? "none" : selector.active().toString();
        activeSource = selector.source();
    }

    /**
     * The active prefix as text.
     *
     * @return e.g. {@code 64:ff9b::/96}, or {@code none}.
     */
    public String activeText()
    {
        return activeText;
    }

    /**
     * Appends the prefix metrics: an info gauge with the active prefix and its source, and the change count.
     *
     * @param out the exposition text.
     */
    public void appendMetrics(final StringBuilder out)
    {
        PrometheusText.header(out, "xlat_clat_plat_prefix_info", "gauge",
            "The PLAT prefix the CLAT translates with (1), labelled with the prefix and its source.");
        out.append("xlat_clat_plat_prefix_info{prefix=\"").append(activeText).append("\",source=\"")
            .append(activeSource.name().toLowerCase(Locale.ROOT)).append("\"} 1\n");
        PrometheusText.header(out, "xlat_clat_plat_prefix_changes_total", "counter",
            "Times the PLAT prefix changed after start (RA, RFC 7050 refresh, lifetime end, reload).");
        out.append("xlat_clat_plat_prefix_changes_total ").append(changes).append('\n');
        PrometheusText.header(out, "xlat_clat_rfc7050_failures_total", "counter",
            "RFC 7050 refreshes that gave no prefix (the last known one stayed).");
        out.append("xlat_clat_rfc7050_failures_total ").append(dnsFailures).append('\n');
        PrometheusText.header(out, "xlat_clat_pref64_advertisements_total", "counter",
            "Router Advertisements with PREF64 options received.");
        out.append("xlat_clat_pref64_advertisements_total ").append(raCount).append('\n');
    }

    private String resolverText()
    {
        final InetSocketAddress resolver = dns.resolver();
        final String host = resolver.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + resolver.getPort();
    }

    @Override
    public void close()
    {
        control.shutdownNow();
    }
}
