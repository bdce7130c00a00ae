package io.xlat.examples.dns64;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import io.xlat.dns64.server.Dns64Server;
import io.xlat.dns64.server.Dns64ServerConfig;
import io.xlat.examples.daemon.DaemonRunner;
import io.xlat.examples.daemon.Reloads;
import io.xlat.examples.daemon.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * SIGHUP for {@code xlat dns64}: reads the config file again with the start's command line on top, validates it
 * completely, and when something changed rebuilds the server in the process with the new settings (prefixes,
 * exclude, mapped, clients, ACL, upstreams, cache, timeouts, limits): the old server is closed (its sockets freed),
 * a new one binds the same listen addresses. Queries in flight at that instant are dropped (clients retry) and the
 * cache starts empty, which is also what a changed prefix needs. {@code --listen} and {@code --metrics} need a
 * restart and keep their running values. When the new server cannot start, the old settings are started again.
 * <p>
 * The counters stay continuous for Prometheus: the final values of a retired server's counters are carried and
 * added to the new server's series of the same name and labels (gauges are not carried).
 */
final class Dns64Reload
{
    private static final Logger LOG = LoggerFactory.getLogger(Dns64Reload.class);
    /** How often a reload tries to bind the server's ports, {@link #BIND_RETRY_MILLIS} apart. */
    private static final int BIND_ATTEMPTS = 20;
    private static final long BIND_RETRY_MILLIS = 100;
    private static final Set<String> RESTART_OPTIONS = Set.of("--listen", "--metrics");

    private final CommandSpec startSpec;
    private final Path configFile;
    private final Map<String, Long> carried = new HashMap<>();
    private volatile Dns64Server server;
    private Dns64Command running;
    private ExecutorService reloads;

    /**
     * Creates the reload for a running server.
     *
     * @param startSpec  the spec as parsed at start (its command-line options are replayed).
     * @param configFile {@code --config}, or null.
     * @param running    the settings in use.
     * @param server     the running server.
     */
    Dns64Reload(final CommandSpec startSpec, final Path configFile, final Dns64Command running,
        final Dns64Server server)
    {
        this.startSpec = startSpec;
        this.configFile = configFile;
        this.running = running;
        this.server = server;
    }

    /**
     * Installs the SIGHUP handler; reloads run one at a time on {@code xlat-dns64-reload}.
     *
     * @return true when installed.
     */
    boolean install()
    {
        reloads = DaemonRunner.reloadExecutor("dns64");
        return Signals.onHangup(() -> reloads.execute(() -> DaemonRunner.runReload("dns64", this::reload)));
    }

    /**
     * The server running now.
     *
     * @return the server.
     */
    Dns64Server server()
    {
        return server;
    }

    /**
     * Prometheus text of the running server, with the counters of retired servers added.
     *
     * @return the exposition text.
     */
    synchronized String prometheus()
    {
        return null == server ? "" : addCarried(server.prometheus(), carried);
    }

    /**
     * Stops the reloads and the running server.
     */
    synchronized void close()
    {
        if (null != reloads)
        {
            reloads.shutdownNow();
        }
        if (null != server)
        {
            server.close();
        }
    }

    private void reload()
    {
        final Dns64Command next;
        final Dns64ServerConfig config;
        try
        {
            next = Reloads.reparse(startSpec, new Dns64Command(), configFile);
            config = next.toServerConfig();
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.error("xlat dns64: reload rejected, old settings kept: {}", ex.getMessage());
            return;
        }
        final List<String> applied = Reloads.list();
        final List<String> restart = Reloads.list();
        Reloads.split(Reloads.changedOptions(running, next), RESTART_OPTIONS, applied, restart);
        if (!applied.isEmpty())
        {
            next.keepListenAndMetrics(running);
            final Dns64ServerConfig effective;
            try
            {
                effective = next.toServerConfig();
            }
            catch (final IllegalArgumentException ex)
            {
                LOG.error("xlat dns64: reload rejected, old settings kept: {}", ex.getMessage());
                return;
            }
            if (!swap(effective))
            {
                return;
            }
            running = next;
        }
        LOG.info(Reloads.summary("dns64", applied, restart) + (applied.isEmpty() ? ""
            : " (server rebuilt with " + config.upstreams().size() + " upstream(s): cache emptied)"));
    }

    private synchronized boolean swap(final Dns64ServerConfig config)
    {
        final String finalText = server.prometheus();
        final Dns64ServerConfig oldConfig = server.config();
        server.close();
        // drop the old server (its cache and buffers) before the new one allocates its own
        server = null;
        carry(finalText, carried);
        try
        {
            server = startBinding(config);
            return true;
        }
        // OutOfMemoryError too: a server whose buffers do not fit the heap is dropped whole, and the old settings
        // need no more than they had; the daemon must not be left alive and silent.
        catch (final IOException | RuntimeException | OutOfMemoryError ex)
        {
            LOG.error("xlat dns64: reload: the new server cannot start ({}); starting the old settings again",
                ex.toString());
        }
        try
        {
            server = startBinding(oldConfig);
        }
        catch (final IOException | RuntimeException | OutOfMemoryError again)
        {
            LOG.error("xlat dns64: restarting the old settings failed too, not serving: {}", again.toString());
        }
        return false;
    }

    /**
     * Starts a server on the ports the old one just released, retrying a bind that fails for a short while: the
     * kernel may still hold the old listening socket for a moment after its close returns.
     */
    private static Dns64Server startBinding(final Dns64ServerConfig config) throws IOException
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Dns64Server.start(config);
            }
            catch (final java.net.BindException ex)
            {
                if (attempt == BIND_ATTEMPTS)
                {
                    throw ex;
                }
                LOG.warn("xlat dns64: reload: bind failed ({}), retrying", ex.toString());
                try
                {
                    Thread.sleep(BIND_RETRY_MILLIS);
                }
                catch (final InterruptedException interrupted)
                {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }

    /**
     * Adds the counter samples of a final exposition text to the carried totals.
     *
     * @param text    Prometheus text of a server about to close.
     * @param carried series (name and labels) to value.
     */
    static void carry(final String text, final Map<String, Long> carried)
    {
        final Set<String> counters = new HashSet<>();
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("# TYPE ") && line.endsWith(" counter"))
            {
                counters.add(line.substring(7, line.length() - 8));
                continue;
            }
            final int space = line.lastIndexOf(' ');
            if (line.isEmpty() || line.startsWith("#") || space < 0)
            {
                continue;
            }
            final String series = line.substring(0, space);
            final int brace = series.indexOf('{');
            final String name = brace < 0 ? series : series.substring(0, brace);
            if (counters.contains(name))
            {
                try
                {
                    carried.merge(series, Long.parseLong(line.substring(space + 1).trim()), Long::sum);
                }
                catch (final NumberFormatException ex)
                {
                    // not an integer counter: left alone
                }
            }
        }
    }

    /**
     * Adds carried counter values to the samples of the same series.
     *
     * @param text    Prometheus text of the running server.
     * @param carried series to value.
     * @return the text with the counters continued.
     */
    static String addCarried(final String text, final Map<String, Long> carried)
    {
        if (carried.isEmpty())
        {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length() + 64);
        for (final String line : text.split("\n", -1))
        {
            final int space = line.lastIndexOf(' ');
            final Long extra = line.startsWith("#") || space < 0 ? null : carried.get(line.substring(0, space));
            if (null == extra)
            {
                out.append(line);
            }
            else
            {
                long value;
                try
                {
                    value = Long.parseLong(line.substring(space + 1).trim()) + extra;
                }
                catch (final NumberFormatException ex)
                {
                    value = extra;
                }
                out.append(line, 0, space + 1).append(value);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
