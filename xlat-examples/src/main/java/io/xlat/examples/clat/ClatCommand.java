package io.xlat.examples.clat;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
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
import io.xlat.examples.daemon.SiitPacketTranslator;
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
 * other IPv4 address. The prefix is given ({@code --plat-prefix}) or discovered at start through a resolver (RFC
 * 7050, {@code --dns}). Interface setup is the operator's: route IPv4 (a default route) into the TUN device and the
 * CLAT's IPv6 range to it; see docs/deployment.md.
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

    private ClatAddressPlan plan;

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
            merged.daemon.clearConfig();
            return merged.call();
        }
        final Ipv6Prefix pool6;
        final SiitConfig config;
        try
        {
            validate();
            pool6 = null != platPrefix ? Parsers.ipv6Prefix("--plat-prefix", platPrefix) : null;
            config = null == pool6 ? null : siitConfig(pool6);
        }
        catch (final IllegalArgumentException ex)
        {
            return fail(ex.getMessage());
        }
        final SiitConfig effective;
        if (null == config)
        {
            final Ipv6Prefix discovered;
            try
            {
                discovered = new Rfc7050Client(dnsAddress(), null == dnsAttempts ? 6 : dnsAttempts, 500).discover();
            }
            catch (final IllegalStateException ex)
            {
                LOG.error("xlat clat: {}", ex.getMessage());
                return 1;
            }
            LOG.info("xlat clat: PLAT prefix {} discovered through {} (RFC 7050)", discovered, dns);
            try
            {
                effective = siitConfig(discovered);
            }
            catch (final IllegalArgumentException ex)
            {
                return fail("discovered prefix " + discovered + ": " + ex.getMessage());
            }
        }
        else
        {
            effective = config;
        }
        return run(effective);
    }

    private int run(final SiitConfig config) throws InterruptedException
    {
        return DaemonRunner.launch("clat", daemon, "clat0", daemon.queues(), (q) -> new SiitPacketTranslator(config),
            null, plan + ", pool6 " + ((SiitAddressMapper)config.mapper()).pool6());
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
        if ((null == platPrefix) == (null == dns))
        {
            throw new IllegalArgumentException("give exactly one of --plat-prefix PFX or --dns ADDR (RFC 7050 "
                + "discovery)");
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
     * @param pool6 the PLAT prefix.
     * @return the settings.
     */
    SiitConfig siitConfig(final Ipv6Prefix pool6)
    {
        final EamTable eamt = EamTable.builder().add(plan.ipv6Range(), plan.hostRange()).build();
        final SiitAddressMapper mapper;
        try
        {
            mapper = SiitAddressMapper.builder().pool6(pool6).eamt(eamt)
                .allowWkpNonGlobal(daemon.allowWkpNonGlobal()).build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--plat-prefix " + pool6 + ": " + ex.getMessage(), ex);
        }
        final SiitConfig.Builder builder = daemon.applyMtus(SiitConfig.builder().mapper(mapper));
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
