package io.xlat.examples.daemon;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.xlat.examples.io.PacketChannel;
import io.xlat.examples.io.TunChannel;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon's workers, one thread per queue, until SIGTERM/SIGINT (or a vanished device), then stops them and
 * closes the channels and the metrics endpoint. Logging happens here, at start and stop only.
 * <pre>{@code
 * DaemonRunner runner = new DaemonRunner("plat", workers, channels, metrics);
 * runner.start();
 * return runner.awaitStop();   // 0 after a signal, 1 when a channel closed under the daemon
 * }</pre>
 */
public final class DaemonRunner implements AutoCloseable
{
    /** How long an idle worker waits in {@code poll(2)}: bounds shutdown latency and timer jitter. */
    public static final int POLL_MILLIS = 100;
    /** Most packets a worker handles per duty cycle before checking its timers again. */
    public static final int BATCH_LIMIT = 64;
    /** How often a worker runs the translator's expiry. */
    public static final long EXPIRY_INTERVAL_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(DaemonRunner.class);

    private final String daemon;
    private final List<TranslatorWorker> workers;
    private final List<? extends PacketChannel> channels;
    private final AutoCloseable metrics;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private Runnable hangup;
    private ExecutorService reloads;

    /**
     * Creates a runner.
     *
     * @param daemon   name for threads and logs ({@code clat}, {@code plat}).
     * @param workers  one per queue.
     * @param channels closed after the workers stop.
     * @param metrics  the metrics endpoint or null.
     */
    public DaemonRunner(
        final String daemon,
        final List<TranslatorWorker> workers,
        final List<? extends PacketChannel> channels,
        final AutoCloseable metrics)
    {
        this.daemon = daemon;
        this.workers = workers;
        this.channels = channels;
        this.metrics = metrics;
    }

    /**
     * The whole life of a single-TUN daemon: opens the queues, builds one worker per queue with its own translator,
     * starts the metrics endpoint, runs until a signal, and stops.
     *
     * @param daemon      name for threads, logs and metrics ({@code clat}, {@code plat}).
     * @param options     the shared options.
     * @param defaultTun  the device name when {@code --tun} is absent.
     * @param queues      queues to open.
     * @param translators makes the translator of queue {@code q}.
     * @param extra       appends daemon-specific metrics, or null.
     * @param describe    one line for the start log (addresses, prefixes).
     * @return the exit status: 0 after a signal, 1 when the device cannot be opened, the metrics address cannot
     * be bound, or the device vanished.
     * @throws InterruptedException when interrupted while running.
     */
    public static int launch(
        final String daemon,
        final DaemonOptions options,
        final String defaultTun,
        final int queues,
        final IntFunction<PacketTranslator> translators,
        final Consumer<StringBuilder> extra,
        final String describe) throws InterruptedException
    {
        return launch(daemon, options, defaultTun, queues, translators, extra, describe, null);
    }

    /**
     * As {@link #launch(String, DaemonOptions, String, int, IntFunction, Consumer, String)}, with a SIGHUP action.
     *
     * @param daemon      name for threads, logs and metrics ({@code clat}, {@code plat}).
     * @param options     the shared options.
     * @param defaultTun  the device name when {@code --tun} is absent.
     * @param queues      queues to open.
     * @param translators makes the translator of queue {@code q}.
     * @param extra       appends daemon-specific metrics, or null.
     * @param describe    one line for the start log (addresses, prefixes).
     * @param onHangup    the reload, run on the daemon's reload thread after SIGHUP (see {@link #onHangup}), or
     *                    null for the logged no-op.
     * @return the exit status, as the other overload.
     * @throws InterruptedException when interrupted while running.
     */
    public static int launch(
        final String daemon,
        final DaemonOptions options,
        final String defaultTun,
        final int queues,
        final IntFunction<PacketTranslator> translators,
        final Consumer<StringBuilder> extra,
        final String describe,
        final Runnable onHangup) throws InterruptedException
    {
        return launch(daemon, options, defaultTun, queues, translators, extra, describe, onHangup, null);
    }

    /**
     * As {@link #launch(String, DaemonOptions, String, int, IntFunction, Consumer, String, Runnable)}, with a hook
     * that wraps each queue's channel (e.g. the sharded NAT64's hand-off between queues); the workers read and write
     * the wrapped channel, the runner closes the raw ones.
     *
     * @param daemon      name for threads, logs and metrics ({@code clat}, {@code plat}).
     * @param options     the shared options.
     * @param defaultTun  the device name when {@code --tun} is absent.
     * @param queues      queues to open.
     * @param translators makes the translator of queue {@code q}.
     * @param extra       appends daemon-specific metrics, or null.
     * @param describe    one line for the start log (addresses, prefixes).
     * @param onHangup    the reload after SIGHUP, or null.
     * @param wrap        makes the channel of queue {@code q} from its TUN channel (called after
     *                    {@code translators} for that queue), or null to use the TUN channels as they are.
     * @return the exit status, as the other overloads.
     * @throws InterruptedException when interrupted while running.
     */
    public static int launch(
        final String daemon,
        final DaemonOptions options,
        final String defaultTun,
        final int queues,
        final IntFunction<PacketTranslator> translators,
        final Consumer<StringBuilder> extra,
        final String describe,
        final Runnable onHangup,
        final BiFunction<Integer, PacketChannel, PacketChannel> wrap) throws InterruptedException
    {
        final TunChannel[] channels;
        try
        {
            channels = openQueues(daemon, options, defaultTun, queues);
        }
        catch (final IllegalStateException ex)
        {
            LOG.error("xlat {}: cannot open the TUN device: {}", daemon, ex.getMessage());
            return 1;
        }
        final List<TranslatorWorker> workers = new ArrayList<>();
        for (int q = 0; q < channels.length; q++)
        {
            final PacketTranslator translator = translators.apply(q);
            final PacketChannel channel = null == wrap ? channels[q] : wrap.apply(q, channels[q]);
            workers.add(new TranslatorWorker("xlat-" + daemon + "-q" + q, channel, channel, translator,
                SystemEpochClock.INSTANCE, BATCH_LIMIT, EXPIRY_INTERVAL_MILLIS));
        }
        final MetricsEndpoint metrics;
        try
        {
            metrics = options.startMetrics(() -> PrometheusText.render(daemon, workers, extra));
        }
        catch (final UncheckedIOException ex)
        {
            for (final TunChannel channel : channels)
            {
                channel.close();
            }
            LOG.error("xlat {}: {}", daemon, ex.getMessage());
            return 1;
        }
        final DaemonRunner runner = new DaemonRunner(daemon, workers, Arrays.asList(channels), metrics)
            .onHangup(onHangup);
        LOG.info("xlat {}: tun {} x{} queue(s){}, {}{}", daemon, channels[0].name(), channels.length,
            channels[0].vnetHeaderSize() > 0 ? " with offloads" : "", describe,
            null == metrics ? "" : ", metrics " + metrics.url());
        runner.start();
        return runner.awaitStop();
    }

    /**
     * Opens the TUN queues, with offloads unless turned off; when the kernel refuses the virtio-net header or the
     * offloads (an old kernel, a device someone else holds with other flags), opens them without and logs it once.
     *
     * @param daemon     name for logs.
     * @param options    the shared options.
     * @param defaultTun the device name when {@code --tun} is absent.
     * @param queues     queues to open.
     * @return the channels.
     * @throws IllegalStateException when the device cannot be opened at all.
     */
    static TunChannel[] openQueues(
        final String daemon, final DaemonOptions options, final String defaultTun, final int queues)
    {
        try
        {
            return TunChannel.openQueues(options.tunOptions(defaultTun, queues));
        }
        catch (final IllegalStateException ex)
        {
            final String message = String.valueOf(ex.getMessage());
            if (!options.offload() || !message.contains("TUNSETOFFLOAD") && !message.contains("TUNSETVNETHDRSZ"))
            {
                throw ex;
            }
            LOG.warn("xlat {}: TUN offloads refused ({}); running without them", daemon, message);
            return TunChannel.openQueues(options.tunOptions(defaultTun, queues, false));
        }
    }

    /**
     * Starts one thread per worker, the shutdown hook and the SIGHUP handler.
     */
    public void start()
    {
        for (final TranslatorWorker worker : workers)
        {
            worker.onStop(stopped::countDown);
            final AgentRunner runner = new AgentRunner(
                new ChannelIdleStrategy(worker.ingress(), POLL_MILLIS), worker::onError, null, worker);
            runners.add(runner);
            AgentRunner.startOnThread(runner);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "xlat-" + daemon + "-shutdown"));
        final boolean hup;
        if (null == hangup)
        {
            hup = Signals.onHangup(() -> LOG.info(
                "xlat {}: SIGHUP ignored: settings are fixed at start; restart to apply a changed configuration",
                daemon));
        }
        else
        {
            reloads = reloadExecutor(daemon);
            final Runnable action = hangup;
            hup = Signals.onHangup(() -> reloads.execute(() -> runReload(daemon, action)));
        }
        LOG.info("xlat {}: running {} worker(s){}", daemon, workers.size(), hup ? "" : " (SIGHUP stops)");
    }

    /**
     * Sets what SIGHUP does: the action runs on a single "reload" thread of the daemon (never on the JVM's signal
     * thread, never on a worker), one reload at a time; an exception it throws is logged and the daemon goes on.
     *
     * @param action the reload, or null for the logged no-op.
     * @return this.
     */
    public DaemonRunner onHangup(final Runnable action)
    {
        this.hangup = action;
        return this;
    }

    /**
     * A single daemon thread that runs reloads one after the other, named {@code xlat-DAEMON-reload}.
     *
     * @param daemon the daemon name.
     * @return the executor.
     */
    public static ExecutorService reloadExecutor(final String daemon)
    {
        return Executors.newSingleThreadExecutor((task) ->
        {
            final Thread thread = new Thread(task, "xlat-" + daemon + "-reload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs a reload action, logging what it throws (a bug: the old settings stay, the daemon goes on).
     *
     * @param daemon the daemon name.
     * @param action the reload.
     */
    public static void runReload(final String daemon, final Runnable action)
    {
        try
        {
            action.run();
        }
        catch (final RuntimeException ex)
        {
            LOG.error("xlat {}: reload failed, old settings kept: {}", daemon, ex.toString());
        }
    }

    /**
     * Waits until a signal or a closed channel stops the workers.
     *
     * @return 0 when stopped by a signal, 1 when a worker's channel closed.
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public int awaitStop() throws InterruptedException
    {
        stopped.await();
        for (final TranslatorWorker worker : workers)
        {
            if (worker.channelClosed())
            {
                LOG.error("xlat {}: {} lost its channel (device removed?); stopping", daemon, worker.roleName());
                return 1;
            }
        }
        return 0;
    }

    /**
     * Stops the workers (each within {@link #POLL_MILLIS}), then closes channels and metrics; idempotent.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        if (null != reloads)
        {
            reloads.shutdownNow();
        }
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
        for (final PacketChannel channel : channels)
        {
            channel.close();
        }
        if (null != metrics)
        {
            try
            {
                metrics.close();
            }
            catch (final Exception ex)
            {
                LOG.warn("xlat {}: closing metrics: {}", daemon, ex.toString());
            }
        }
        long received = 0;
        long sent = 0;
        for (final TranslatorWorker worker : workers)
        {
            received += worker.counters().get(WorkerCounters.RECEIVED);
            sent += worker.counters().get(WorkerCounters.SENT);
        }
        LOG.info("xlat {}: stopped ({} packets received, {} sent)", daemon, received, sent);
        stopped.countDown();
    }
}
