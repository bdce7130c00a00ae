package io.xlat.examples.plat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import io.xlat.core.addr.EamTable;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64Shards;
import io.xlat.core.nat64.Nat64Timeouts;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.nat64.StaticBibEntry;
import io.xlat.core.siit.SiitConfig;
import io.xlat.examples.daemon.ConfigFile;
import io.xlat.examples.daemon.DaemonOptions;
import io.xlat.examples.daemon.DaemonRunner;
import io.xlat.examples.daemon.Parsers;
import io.xlat.examples.daemon.Reloads;
import io.xlat.examples.daemon.SiitPacketTranslator;
import io.xlat.examples.daemon.SwappablePacketTranslator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat plat}: the PLAT of 464XLAT on a TUN device, in one of two modes:
 * <ul>
 *     <li>{@code nat64} (default): stateful NAT64 (RFC 6146), IPv6 clients behind pool6 share the pool4 transport
 *     addresses, sessions expire by protocol timeouts, static BIB entries publish IPv6 servers.</li>
 *     <li>{@code siit}: stateless SIIT (RFC 7915) with pool6 and an EAMT (RFC 7757), e.g. the CLATs' /125s mapped
 *     to IPv4 one to one (the stateless 464XLAT variant).</li>
 * </ul>
 * In nat64 mode each TUN queue has a worker owning one shard of the state ({@code --queues N}); packets read on
 * the queue of another shard are handed to it ({@link Nat64ShardChannel}). Exit codes: 0 stopped by SIGTERM/SIGINT,
 * 1 runtime failure, 2 bad configuration.
 */
@Command(
    name = "plat",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "464XLAT provider-side translator: stateful NAT64 (RFC 6146) or SIIT/EAMT on a TUN device.")
public final class PlatCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private DaemonOptions daemon = new DaemonOptions();

    @Option(names = "--mode", paramLabel = "siit|nat64", description = "Translation mode. Default nat64.")
    private String mode;

    @Option(names = "--pool6", paramLabel = "V6PFX", description = "RFC 6052 prefix, e.g. 64:ff9b::/96.")
    private String pool6;

    @Option(names = "--pool4", paramLabel = "[PROTO:]V4PFX[:PORTS]",
        description = "NAT64 pool4 (repeatable), e.g. 192.0.2.0/28 or 192.0.2.0/28:1024-65535.")
    private List<String> pool4 = new ArrayList<>();

    @Option(names = "--eamt", paramLabel = "V6PFX=V4PFX",
        description = "SIIT mode: explicit address mapping (RFC 7757, repeatable).")
    private List<String> eamt = new ArrayList<>();

    @Option(names = "--udp-timeout", paramLabel = "DURATION", description = "UDP session lifetime. Default 5m.")
    private String udpTimeout;

    @Option(names = "--tcp-est-timeout", paramLabel = "DURATION",
        description = "Established TCP session lifetime. Default 2h4m.")
    private String tcpEstTimeout;

    @Option(names = "--tcp-trans-timeout", paramLabel = "DURATION",
        description = "Transitory TCP session lifetime. Default 4m.")
    private String tcpTransTimeout;

    @Option(names = "--icmp-timeout", paramLabel = "DURATION",
        description = "ICMP query session lifetime. Default 60s.")
    private String icmpTimeout;

    @Option(names = "--max-sessions", paramLabel = "N", description = "Session table capacity. Default 65536.")
    private Integer maxSessions;

    @Option(names = "--max-sessions-per-subscriber", paramLabel = "N",
        description = "Sessions per IPv6 subscriber, 0 = no limit. Default 0.")
    private Integer maxSessionsPerSubscriber;

    @Option(names = "--static-bib", paramLabel = "PROTO:V4ADDR#PORT=V6ADDR#PORT",
        description = "Static BIB entry (repeatable), e.g. tcp:192.0.2.1#80=2001:db8:2::80#80.")
    private List<String> staticBib = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the port randomizer (RFC 6056). Default random.")
    private Long seed;

    @Option(names = "--shards", paramLabel = "N", description = "NAT64 state shards; same as --queues.")
    private Integer shards;

    @Option(names = "--self4", paramLabel = "ADDR", description = "The PLAT's IPv4 address (ICMPv4 error source).")
    private String self4;

    @Option(names = "--self6", paramLabel = "ADDR", description = "The PLAT's IPv6 address (ICMPv6 error source).")
    private String self6;

    @Option(names = "--rfc6791v4", paramLabel = "V4PFX",
        description = "Sources of translated ICMPv6 errors whose source cannot be translated (RFC 6791).")
    private String rfc6791v4;

    @Option(names = "--rfc6791v6", paramLabel = "V6PFX",
        description = "Sources of translated ICMPv4 errors whose source cannot be translated.")
    private String rfc6791v6;

    /** Options a running stateless PLAT cannot change. */
    private static final Set<String> SIIT_RESTART_OPTIONS = Set.of("--tun", "--queues", "--shards", "--metrics",
        "--metrics-allow-remote", "--mode");
    /** Options a running NAT64 PLAT applies on SIGHUP: the session timeouts. */
    private static final Set<String> NAT64_RELOADABLE_OPTIONS =
        Set.of("--udp-timeout", "--tcp-est-timeout", "--tcp-trans-timeout", "--icmp-timeout");

    private Path configFile;
    private CommandSpec startSpec;
    private PlatCommand running = this;
    private Nat64ShardWiring nat64Wiring;
    private Nat64Shards nat64State;
    private SiitConfig.Builder nat64Settings;

    @Override
    public Integer call() throws Exception
    {
        if (null != daemon.config())
        {
            final PlatCommand merged;
            try
            {
                merged = ConfigFile.merge(spec, new PlatCommand(), daemon.config());
            }
            catch (final IllegalArgumentException ex)
            {
                return fail(ex.getMessage());
            }
            merged.spec = spec;
            merged.configFile = daemon.config();
            merged.daemon.clearConfig();
            return merged.call();
        }
        final SiitConfig siit;
        try
        {
            siit = validate();
        }
        catch (final IllegalArgumentException ex)
        {
            return fail(ex.getMessage());
        }
        if (isNat64())
        {
            return runNat64();
        }
        return runSiit(siit);
    }

    private int runSiit(final SiitConfig config) throws InterruptedException
    {
        startSpec = spec;
        final List<SwappablePacketTranslator> translators = new CopyOnWriteArrayList<>();
        return DaemonRunner.launch("plat", daemon, "plat0", queueCount(), (q) ->
        {
            final SwappablePacketTranslator translator =
                new SwappablePacketTranslator(new SiitPacketTranslator(config));
            translators.add(translator);
            return translator;
        }, null, "mode siit, " + config.mapper(), () -> reloadSiit(translators));
    }

    /**
     * SIGHUP in SIIT mode: reads the config file again with the start's command line on top, validates it
     * completely, and swaps every worker's translator to the new settings (pool6, EAMT, MTUs, RFC 6791 and error
     * sources: stateless, so nothing is lost); TUN, queues, metrics and mode need a restart and keep their running
     * values. A bad file is logged naming the bad value and changes nothing. Runs on the reload thread.
     *
     * @param translators the workers' translators.
     */
    private void reloadSiit(final List<SwappablePacketTranslator> translators)
    {
        final PlatCommand next;
        final SiitConfig config;
        try
        {
            next = Reloads.reparse(startSpec, new PlatCommand(), configFile);
            config = next.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            LoggerFactory.getLogger(PlatCommand.class).error("xlat plat: reload rejected, old settings kept: {}",
                ex.getMessage());
            return;
        }
        final List<String> applied = Reloads.list();
        final List<String> restart = Reloads.list();
        Reloads.split(Reloads.changedOptions(running, next), SIIT_RESTART_OPTIONS, applied, restart);
        if (!restart.isEmpty() && next.isNat64())
        {
            applied.clear();
        }
        else if (!applied.isEmpty())
        {
            for (final SwappablePacketTranslator translator : translators)
            {
                translator.publish(new SiitPacketTranslator(config, translator.counters()));
            }
            Reloads.keepFixed(running.daemon, next.daemon);
            next.mode = running.mode;
            next.shards = running.shards;
            running = next;
        }
        LoggerFactory.getLogger(PlatCommand.class).info(Reloads.summary("plat", applied, restart));
    }

    /**
     * SIGHUP in NAT64 mode: the new file is validated completely, but every change needs a restart: the session
     * state is built from pool4, pool6, the limits and the timeouts, and a translator holds per-shard state (held
     * SYNs, the expiry handler) that a swap would lose. The changes are named in the log; the daemon runs on.
     */
    private void reloadNat64()
    {
        final PlatCommand next;
        try
        {
            next = Reloads.reparse(startSpec, new PlatCommand(), configFile);
            next.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            LoggerFactory.getLogger(PlatCommand.class).error("xlat plat: reload rejected, old settings kept: {}",
                ex.getMessage());
            return;
        }
        final List<String> applied = Reloads.list();
        final List<String> restart = Reloads.list();
        final Map<String, String> changed = Reloads.changedOptions(running, next);
        // Timeouts apply to the live sessions (each shard takes them at its next expiry run); everything else shapes
        // the tables, the pool or the threads and needs a restart.
        final Set<String> fixed = new HashSet<>(changed.keySet());
        fixed.removeAll(NAT64_RELOADABLE_OPTIONS);
        Reloads.split(changed, fixed, applied, restart);
        if (!applied.isEmpty())
        {
            final Nat64Timeouts timeouts = next.nat64Timeouts();
            nat64Wiring.requestTimeouts(timeouts);
            running.udpTimeout = next.udpTimeout;
            running.tcpEstTimeout = next.tcpEstTimeout;
            running.tcpTransTimeout = next.tcpTransTimeout;
            running.icmpTimeout = next.icmpTimeout;
        }
        LoggerFactory.getLogger(PlatCommand.class).info(Reloads.summary("plat", applied, restart));
    }

    private int runNat64() throws InterruptedException
    {
        startSpec = spec;
        final Nat64Shards shards = nat64State;
        final SiitAddressMapper mapper = (SiitAddressMapper)nat64Settings.build().mapper();
        // One worker per queue and shard; with several, packets are handed to their shard (Nat64ShardChannel).
        final Nat64ShardWiring wiring = new Nat64ShardWiring(shards, mapper, nat64Settings);
        nat64Wiring = wiring;
        return DaemonRunner.launch("plat", daemon, "plat0", shards.shardCount(), wiring::translator,
            wiring::appendMetrics,
            "mode nat64, pool6 " + mapper.pool6() + ", pool4 " + shards.shard(0).pool() + ", "
                + shards.shardCount() + " shard(s), " + wiring.describe(), this::reloadNat64, wiring::channel);
    }

    private boolean isNat64()
    {
        return null == mode || "nat64".equals(mode.toLowerCase(Locale.ROOT));
    }

    private int queueCount()
    {
        return null == shards ? daemon.queues() : shards;
    }

    /**
     * Validates every option; in SIIT mode builds the translator settings.
     *
     * @return the SIIT settings, or null in NAT64 mode.
     * @throws IllegalArgumentException naming the bad value.
     */
    SiitConfig validate()
    {
        if (null != mode && !"siit".equalsIgnoreCase(mode) && !"nat64".equalsIgnoreCase(mode))
        {
            throw new IllegalArgumentException("--mode " + mode + ": expected siit or nat64");
        }
        if (null != shards && daemon.queuesGiven() && shards != daemon.queues())
        {
            throw new IllegalArgumentException("--shards " + shards + " and --queues " + daemon.queues()
                + " differ: give one");
        }
        Parsers.range("--shards", queueCount(), 1, 256);
        daemon.tunOptions("plat0", queueCount());
        daemon.validateMetrics();
        final Ipv6Prefix prefix = null == pool6 ? null : Parsers.ipv6Prefix("--pool6", pool6);
        final SiitConfig.Builder builder = SiitConfig.builder();
        if (isNat64())
        {
            if (null == prefix)
            {
                throw new IllegalArgumentException("--pool6 is required in nat64 mode (e.g. 64:ff9b::/96)");
            }
            if (!eamt.isEmpty())
            {
                throw new IllegalArgumentException("--eamt " + eamt.get(0) + ": EAMT is for --mode siit");
            }
            nat64State = nat64Shards(prefix);
            nat64Settings = builder;
            builder.mapper(SiitAddressMapper.builder().pool6(prefix).allowWkpNonGlobal(daemon.allowWkpNonGlobal())
                .build());
        }
        else
        {
            if (!pool4.isEmpty() || !staticBib.isEmpty())
            {
                throw new IllegalArgumentException((pool4.isEmpty() ? "--static-bib " + staticBib.get(0)
                    : "--pool4 " + pool4.get(0)) + ": stateful NAT64 settings need --mode nat64");
            }
            final EamTable table = Parsers.eamt(eamt);
            if (null == prefix && table.size() == 0)
            {
                throw new IllegalArgumentException("--mode siit needs --pool6 V6PFX or at least one --eamt");
            }
            final SiitAddressMapper.Builder mapper = SiitAddressMapper.builder().eamt(table)
                .allowWkpNonGlobal(daemon.allowWkpNonGlobal());
            if (null != prefix)
            {
                mapper.pool6(prefix);
            }
            try
            {
                builder.mapper(mapper.build());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--pool6 " + pool6 + ": " + ex.getMessage(), ex);
            }
        }
        daemon.applySiitOptions(builder);
        Parsers.applyErrorSources(builder, rfc6791v4, rfc6791v6, self4, self6);
        try
        {
            return builder.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("configuration: " + ex.getMessage(), ex);
        }
    }

    /**
     * The session timeouts from the options (defaults for those not given).
     *
     * @return the timeouts.
     * @throws IllegalArgumentException naming the bad value.
     */
    Nat64Timeouts nat64Timeouts()
    {
        final Nat64Timeouts.Builder timeouts = Nat64Timeouts.builder();
        if (null != udpTimeout)
        {
            timeouts.udp(Parsers.durationMillis("--udp-timeout", udpTimeout));
        }
        if (null != tcpEstTimeout)
        {
            timeouts.tcpEstablished(Parsers.durationMillis("--tcp-est-timeout", tcpEstTimeout));
        }
        if (null != tcpTransTimeout)
        {
            timeouts.tcpTransitory(Parsers.durationMillis("--tcp-trans-timeout", tcpTransTimeout));
        }
        if (null != icmpTimeout)
        {
            timeouts.icmp(Parsers.durationMillis("--icmp-timeout", icmpTimeout));
        }
        try
        {
            return timeouts.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("timeouts: " + ex.getMessage(), ex);
        }
    }

    /**
     * Builds the NAT64 state from the options (pool4, limits, timeouts, static BIB).
     *
     * @param prefix pool6.
     * @return the shards.
     */
    Nat64Shards nat64Shards(final Ipv6Prefix prefix)
    {
        if (pool4.isEmpty())
        {
            throw new IllegalArgumentException("--pool4 is required in nat64 mode (e.g. 192.0.2.0/28)");
        }
        final Pool4.Builder pool = Pool4.builder();
        for (final String entry : pool4)
        {
            try
            {
                pool.add(entry);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--pool4 " + entry + ": " + ex.getMessage(), ex);
            }
        }
        final Pool4 pool4Built = pool.build();
        final Nat64Config.Builder config = Nat64Config.builder();
        config.timeouts(nat64Timeouts());
        if (null != maxSessions)
        {
            config.sessionCapacity(Parsers.range("--max-sessions", maxSessions, 1, 1 << 28));
        }
        if (null != maxSessionsPerSubscriber)
        {
            config.maxSessionsPerSubscriber(Parsers.range("--max-sessions-per-subscriber", maxSessionsPerSubscriber,
                0, 1 << 28));
        }
        if (null != seed)
        {
            config.seed(seed);
        }
        final List<StaticBibEntry> statics = new ArrayList<>();
        for (final String entry : staticBib)
        {
            try
            {
                final StaticBibEntry parsed = StaticBibEntry.parse(entry);
                if (!pool4Built.contains(parsed.protocol(), parsed.v4Address(), parsed.v4Port()))
                {
                    throw new IllegalArgumentException("the IPv4 side is not in --pool4 " + pool4Built);
                }
                statics.add(parsed);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--static-bib " + entry + ": " + ex.getMessage(), ex);
            }
        }
        try
        {
            return new Nat64Shards(config.build(), pool4Built, queueCount(), statics);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("nat64 settings: " + ex.getMessage(), ex);
        }
    }

    private int fail(final String message)
    {
        final PrintWriter err = null == spec ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
        err.println("xlat plat: " + message);
        err.flush();
        return 2;
    }
}
