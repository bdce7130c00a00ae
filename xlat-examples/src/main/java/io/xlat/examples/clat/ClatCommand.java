package io.xlat.examples.clat;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.xlat.core.addr.EamTable;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.examples.daemon.ConfigFile;
import io.xlat.examples.daemon.DaemonOptions;
import io.xlat.examples.daemon.DaemonRunner;
import io.xlat.examples.daemon.Parsers;
import io.xlat.examples.daemon.Reloads;
import io.xlat.examples.daemon.SiitPacketTranslator;
import io.xlat.examples.daemon.SwappablePacketTranslator;
import io.xlat.examples.io.RawIcmpv6Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlat clat}: the CLAT of 464XLAT (RFC 6877) on a TUN device.
 * <p>
 * Stateless translation (RFC 7915) with two mappings: an RFC 7757 EAM from the IPv4 host range (RFC 7335
 * 192.0.0.0/29) to the CLAT's IPv6 addresses ({@link ClatAddressPlan}), and the PLAT prefix (RFC 6052) for every
 * other IPv4 address. The prefix is given ({@code --plat-prefix}) or followed on the network: PREF64 in Router
 * Advertisements (RFC 8781, {@code --ra-interface}) and/or RFC 7050 through a resolver ({@code --dns}), re-run when
 * the answer's TTL runs out; see {@link PlatPrefixSelector} for which wins and {@link ClatPrefixController} for the
 * timing. A new prefix, or new settings after SIGHUP, reaches the workers through
 * {@link SwappablePacketTranslator}. Interface setup is the operator's: route IPv4 (a default route) into the TUN
 * device and the CLAT's IPv6 range to it; see docs/deployment.md.
 * <p>
 * Exit codes: 0 stopped by SIGTERM/SIGINT, 1 runtime failure (device, discovery), 2 bad configuration.
 */
@Command(
    name = "clat",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "464XLAT customer-side translator (RFC 6877) on a TUN device.")
public final class ClatCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(ClatCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private DaemonOptions daemon = new DaemonOptions();

    @Option(names = "--clat-ipv4", paramLabel = "ADDR/LEN",
        description = "The CLAT's IPv4 address and the host range it translates (RFC 7335). Default "
            + ClatAddressPlan.DEFAULT_CLAT_IPV4 + ".")
    private String clatIpv4;

    @Option(names = "--clat-ipv6", paramLabel = "ADDR|PFX/64",
        description = "The CLAT's IPv6 address (start of the range the hosts map to), or a /64 from which a "
            + "checksum-neutral address is picked.")
    private String clatIpv6;

    @Option(names = "--plat-prefix", paramLabel = "PFX",
        description = "The PLAT's NAT64 prefix (pool6), e.g. 64:ff9b::/96.")
    private String platPrefix;

    @Option(names = "--dns", paramLabel = "ADDR[:PORT]",
        description = "Discover the PLAT prefix at start: AAAA ipv4only.arpa through this resolver (RFC 7050).")
    private String dns;

    @Option(names = "--dns-attempts", paramLabel = "N",
        description = "Discovery queries before giving up, the wait doubling from 500 ms. Default 6.")
    private Integer dnsAttempts;

    @Option(names = "--rfc6791v4", paramLabel = "V4PFX",
        description = "Sources for translated ICMPv6 errors from untranslatable addresses. Default: the CLAT's "
            + "IPv4 address.")
    private String rfc6791v4;

    @Option(names = "--ra-interface", paramLabel = "IF",
        description = "Follow the PREF64 option of Router Advertisements (RFC 8781) received on this uplink; wins "
            + "over --dns while an RA prefix is valid.")
    private String raInterface;

    @Option(names = "--dns-min-refresh", paramLabel = "DURATION",
        description = "Shortest time between RFC 7050 re-discoveries, whatever the answer's TTL. Default 60s.")
    private String dnsMinRefresh;

    /** Options a running CLAT cannot change: they are read at start only. */
    private static final Set<String> RESTART_OPTIONS = Set.of("--tun", "--queues", "--metrics",
        "--metrics-allow-remote", "--dns", "--dns-attempts", "--dns-min-refresh", "--ra-interface");

    private ClatAddressPlan plan;
    private Path configFile;
    private CommandSpec startSpec;
    private final List<SwappablePacketTranslator> translators = new ArrayList<>();
    private volatile ClatCommand current;
    private SiitConfig latest;

    @Override
    public Integer call() throws Exception
    {
        if (null != daemon.config())
        {
            final ClatCommand merged;
            try
            {
                merged = ConfigFile.merge(spec, new ClatCommand(), daemon.config());
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
        final Ipv6Prefix pool6;
        try
        {
            validate();
            pool6 = null != platPrefix ? Parsers.ipv6Prefix("--plat-prefix", platPrefix) : null;
            siitConfig(pool6);
        }
        catch (final IllegalArgumentException ex)
        {
            return fail(ex.getMessage());
        }
        current = this;
        startSpec = spec;
        final PlatPrefixSelector selector = new PlatPrefixSelector(pool6);
        final Rfc7050Client client = null == dns ? null
            : new Rfc7050Client(dnsAddress(), null == dnsAttempts ? 6 : dnsAttempts, 500);
        int firstTtl = -1;
        if (null != client)
        {
            try
            {
                final Rfc7050Client.Answer answer = client.discoverAnswer();
                LOG.info("xlat clat: PLAT prefix {} discovered through {} (RFC 7050), TTL {} s", answer.prefix(), dns,
                    answer.ttlSeconds());
                siitConfig(answer.prefix());
                selector.onDnsAnswer(answer.prefix(), System.currentTimeMillis());
                firstTtl = answer.ttlSeconds();
            }
            catch (final IllegalStateException ex)
            {
                LOG.error("xlat clat: {}", ex.getMessage());
                if (null == raInterface)
                {
                    return 1;
                }
            }
            catch (final IllegalArgumentException ex)
            {
                return fail("discovered prefix: " + ex.getMessage());
            }
        }
        final RawIcmpv6Socket raSocket;
        try
        {
            raSocket = null == raInterface ? null : RawIcmpv6Socket.open(raInterface);
        }
        catch (final IllegalStateException ex)
        {
            LOG.error("xlat clat: --ra-interface {}: {}", raInterface, ex.getMessage());
            return 1;
        }
        final long minRefresh = null == dnsMinRefresh ? 60_000 : Parsers.durationMillis("--dns-min-refresh",
            dnsMinRefresh);
        // refreshes try twice (0.5 s, 1 s) and leave further retries to the controller's backoff, so the control
        // thread (which also runs SIGHUP) is never blocked long
        final Rfc7050Client refresher = null == client ? null : new Rfc7050Client(dnsAddress(), 2, 500);
        try (ClatPrefixController controller = new ClatPrefixController(selector, this::publish, refresher,
            minRefresh);
            RouterAdvertisementListener listener = null == raSocket ? null
                : new RouterAdvertisementListener(raSocket, controller::onRouterAdvertisement))
        {
            latest = current.siitConfig(selector.active());
            if (null != listener)
            {
                listener.start();
            }
            controller.start(firstTtl);
            return DaemonRunner.launch("clat", daemon, "clat0", daemon.queues(), (q) ->
            {
                // under the lock publish() takes: a prefix learned while the workers are being built reaches them all
                synchronized (translators)
                {
                    final SwappablePacketTranslator translator = new SwappablePacketTranslator(
                        new SiitPacketTranslator(latest));
                    translators.add(translator);
                    return translator;
                }
            }, controller::appendMetrics, plan + ", pool6 " + controller.activeText() + sources(),
                () -> controller.execute(() -> reload(controller)));
        }
    }

    private String sources()
    {
        return null != platPrefix ? " (static)" : " (RFC 7050 " + (null == dns ? "off" : "via " + dns) + ", RFC 8781 "
            + (null == raInterface ? "off" : "on " + raInterface) + ")";
    }

    /**
     * Builds a translator per worker for a prefix and publishes them; on the control thread.
     *
     * @param prefix the PLAT prefix, or null when none is valid (only the EAM of the CLAT's hosts stays).
     */
    private void publish(final Ipv6Prefix prefix)
    {
        final SiitConfig config = current.siitConfig(prefix);
        synchronized (translators)
        {
            latest = config;
            for (final SwappablePacketTranslator translator : translators)
            {
                translator.publish(new SiitPacketTranslator(config, translator.counters()));
            }
        }
    }

    /**
     * SIGHUP: reads the config file again with the start's command line on top, validates it completely, and
     * applies what a running CLAT can change (the CLAT addresses, MTUs, RFC 6791 sources, a static prefix);
     * settings that need a restart (TUN, queues, metrics, discovery sources) keep their old values and are named.
     * A bad file is logged with the bad value and changes nothing. Runs on the prefix control thread.
     *
     * @param controller the prefix control.
     */
    private void reload(final ClatPrefixController controller)
    {
        final ClatCommand next;
        try
        {
            next = Reloads.reparse(startSpec, new ClatCommand(), configFile);
            next.validate();
            next.siitConfig(null == next.platPrefix ? null : Parsers.ipv6Prefix("--plat-prefix", next.platPrefix));
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.error("xlat clat: reload rejected, old settings kept: {}", ex.getMessage());
            return;
        }
        final ClatCommand old = current;
        final List<String> applied = Reloads.list();
        final List<String> restart = Reloads.list();
        final Map<String, String> changed = Reloads.changedOptions(old, next);
        final boolean staticToStatic = null != old.platPrefix && null != next.platPrefix;
        if (!staticToStatic && changed.containsKey("--plat-prefix"))
        {
            restart.add(changed.remove("--plat-prefix"));
        }
        Reloads.split(changed, RESTART_OPTIONS, applied, restart);
        if (!applied.isEmpty())
        {
            // the fixed settings keep their running values; the others come from the new file
            Reloads.keepFixed(old.daemon, next.daemon);
            next.dns = old.dns;
            next.dnsAttempts = old.dnsAttempts;
            next.dnsMinRefresh = old.dnsMinRefresh;
            next.raInterface = old.raInterface;
            if (!staticToStatic)
            {
                next.platPrefix = old.platPrefix;
            }
            current = next;
            if (staticToStatic && !old.platPrefix.equals(next.platPrefix))
            {
                LOG.info("xlat clat: PLAT prefix {} -> {} (source static, reload)", old.platPrefix, next.platPrefix);
                publish(Parsers.ipv6Prefix("--plat-prefix", next.platPrefix));
            }
            else
            {
                controller.republish();
            }
        }
        LOG.info(Reloads.summary("clat", applied, restart));
    }

    /**
     * Checks every option that does not need the network; fails naming the bad value.
     */
    void validate()
    {
        if (null == clatIpv6)
        {
            throw new IllegalArgumentException("--clat-ipv6 is required (the CLAT's IPv6 address, or a /64 to pick "
                + "one from)");
        }
        if ((null == platPrefix) == (null == dns && null == raInterface))
        {
            throw new IllegalArgumentException("give exactly one of --plat-prefix PFX (static) or discovery: --dns "
                + "ADDR (RFC 7050) and/or --ra-interface IF (RFC 8781)");
        }
        if (null != raInterface && (raInterface.isEmpty() || raInterface.length() > 15 || raInterface.contains("/")))
        {
            throw new IllegalArgumentException("--ra-interface " + raInterface + ": not an interface name");
        }
        if (null != dnsMinRefresh)
        {
            Parsers.durationMillis("--dns-min-refresh", dnsMinRefresh);
        }
        plan = ClatAddressPlan.of(null == clatIpv4 ? ClatAddressPlan.DEFAULT_CLAT_IPV4 : clatIpv4, clatIpv6);
        if (null != dns)
        {
            dnsAddress();
            Parsers.range("--dns-attempts", null == dnsAttempts ? 6 : dnsAttempts, 1, 20);
        }
        daemon.tunOptions("clat0", daemon.queues());
        daemon.validateMetrics();
    }

    /**
     * Builds the translator settings for a PLAT prefix.
     *
     * @param pool6 the PLAT prefix, or null for none (IPv4 destinations are then untranslatable and dropped).
     * @return the settings.
     */
    SiitConfig siitConfig(final Ipv6Prefix pool6)
    {
        final EamTable eamt = EamTable.builder().add(plan.ipv6Range(), plan.hostRange()).build();
        final SiitAddressMapper mapper;
        try
        {
            final SiitAddressMapper.Builder builder = SiitAddressMapper.builder().eamt(eamt)
                .allowWkpNonGlobal(daemon.allowWkpNonGlobal());
            if (null != pool6)
            {
                // without a prefix (none valid, RFC 8781 5) only the EAM of the CLAT's own hosts stays
                builder.pool6(pool6);
            }
            mapper = builder.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--plat-prefix " + pool6 + ": " + ex.getMessage(), ex);
        }
        final SiitConfig.Builder builder = daemon.applySiitOptions(SiitConfig.builder().mapper(mapper));
        final long[] self6 = plan.clatIpv6();
        builder.self4(plan.clatIpv4()).self6(self6[0], self6[1]);
        final Ipv4Prefix errors = null == rfc6791v4 ? Ipv4Prefix.of(plan.clatIpv4(), 32)
            : Parsers.ipv4Prefix("--rfc6791v4", rfc6791v4);
        builder.rfc6791v4(errors.address(), errors.length());
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
     * The address plan, after {@link #validate()}.
     *
     * @return the plan.
     */
    ClatAddressPlan plan()
    {
        return plan;
    }

    private InetSocketAddress dnsAddress()
    {
        return Parsers.socketAddress("--dns", dns, 53);
    }

    private int fail(final String message)
    {
        final PrintWriter err = null == spec ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
        err.println("xlat clat: " + message);
        err.flush();
        return 2;
    }
}
