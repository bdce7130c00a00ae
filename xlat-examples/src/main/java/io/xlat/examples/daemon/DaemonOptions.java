package io.xlat.examples.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.xlat.core.siit.SiitConfig;
import io.xlat.examples.io.TunOptions;
import picocli.CommandLine.Option;

/**
 * The flags every packet daemon shares (a picocli mixin): the TUN device and its queues, the MTUs, the metrics
 * endpoint and the config file. Defaults are applied by the getters so a config file can set them.
 */
public final class DaemonOptions
{
    @Option(names = "--tun", paramLabel = "NAME",
        description = "TUN device, created if absent (up to 15 characters).")
    String tun;

    @Option(names = "--queues", paramLabel = "N",
        description = "TUN queues, one worker thread each (IFF_MULTI_QUEUE when above 1). Default 1.")
    Integer queues;

    @Option(names = "--offload", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
        description = "TUN offloads: IFF_VNET_HDR with TUNSETOFFLOAD (partial checksums, TSO over IPv4 and IPv6), so a "
            + "GSO super-packet of up to 64 KiB crosses the device once and is translated once; MTU verdicts stay "
            + "per segment. Default true; --offload=false or --no-offload turns them off. When the kernel refuses "
            + "them the daemon starts without and logs it once.")
    Boolean offload;

    @Option(names = "--no-offload", description = "Same as --offload=false.")
    boolean noOffload;

    @Option(names = "--mtu4", paramLabel = "N", description = "IPv4 egress MTU, 68..65535. Default 1500.")
    Integer mtu4;

    @Option(names = "--mtu6", paramLabel = "N", description = "IPv6 egress MTU, 1280..65535. Default 1500.")
    Integer mtu6;

    @Option(names = "--lowest-ipv6-mtu", paramLabel = "N",
        description = "Smallest MTU on the IPv6 side (RFC 7915 4.1 fragment sizing), 1280..65535. Default 1280.")
    Integer lowestIpv6Mtu;

    @Option(names = "--zero-ipv4-identification",
        description = "6->4: leave the IPv4 Identification 0 on DF-clear packets it does not fragment (RFC 7915 5.1 "
            + "base rule) instead of generating one per packet (the default, as Jool; RFC 6864 4.1).")
    boolean zeroIpv4Identification;

    @Option(names = "--icmp-errors-on-drop",
        description = "Answer packets the translator cannot translate (unmappable address, an extension header after "
            + "the Fragment header) with ICMP Destination Unreachable, administratively prohibited (RFC 7915 4.4 "
            + "and 5.4; the ICMPv6 one needs an own IPv6 address) instead of dropping them silently.")
    boolean icmpErrorsOnDrop;

    @Option(names = "--allow-wkp-non-global",
        description = "Translate non-global IPv4 addresses (e.g. documentation ranges) under 64:ff9b::/96, "
            + "which RFC 6052 3.1 forbids.")
    boolean allowWkpNonGlobal;

    @Option(names = "--metrics", paramLabel = "[ADDR:]PORT",
        description = "Serve Prometheus text at http://ADDR:PORT/metrics (ADDR defaults to 127.0.0.1).")
    String metrics;

    @Option(names = "--metrics-allow-remote",
        description = "Accept a non-loopback --metrics address.")
    boolean metricsAllowRemote;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Read settings from FILE: the flags' names without dashes, one 'key = value' per line.")
    Path config;

    /**
     * The config file, or null.
     *
     * @return the path given with {@code --config}.
     */
    public Path config()
    {
        return config;
    }

    /**
     * Forgets {@code --config} once its content has been merged.
     */
    public void clearConfig()
    {
        config = null;
    }

    /**
     * Whether the RFC 6052 3.1 rule is relaxed.
     *
     * @return true with {@code --allow-wkp-non-global}.
     */
    public boolean allowWkpNonGlobal()
    {
        return allowWkpNonGlobal;
    }

    /**
     * The number of queues.
     *
     * @return {@code --queues}, 1 by default.
     */
    public int queues()
    {
        return null == queues ? 1 : queues;
    }

    /**
     * Whether {@code --queues} was given.
     *
     * @return true when set on the command line or in the config file.
     */
    public boolean queuesGiven()
    {
        return null != queues;
    }

    /**
     * Whether TUN offloads are asked for.
     *
     * @return true unless {@code --offload=false} or {@code --no-offload}.
     */
    public boolean offload()
    {
        return !noOffload && (null == offload || offload);
    }

    /**
     * Validated TUN options, with offloads ({@link TunOptions#OFFLOAD_TCP}) unless turned off.
     *
     * @param defaultName device name when {@code --tun} is absent.
     * @param queueCount  queues to open.
     * @return the options.
     * @throws IllegalArgumentException naming the bad value.
     */
    public TunOptions tunOptions(final String defaultName, final int queueCount)
    {
        return tunOptions(defaultName, queueCount, offload());
    }

    /**
     * Validated TUN options.
     *
     * @param defaultName device name when {@code --tun} is absent.
     * @param queueCount  queues to open.
     * @param offloads    whether to ask for the virtio-net header with checksum and TSO offloads.
     * @return the options.
     * @throws IllegalArgumentException naming the bad value.
     */
    public TunOptions tunOptions(final String defaultName, final int queueCount, final boolean offloads)
    {
        final String name = null == tun ? defaultName : tun;
        try
        {
            return new TunOptions().name(name).queues(queueCount).offloads(offloads ? TunOptions.OFFLOAD_TCP : 0)
                .conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--tun " + name + " / --queues " + queueCount + ": "
                + ex.getMessage(), ex);
        }
    }

    /**
     * Applies the translator settings every daemon shares: the MTUs, the Identification switch and the ICMP errors
     * for discarded packets.
     *
     * @param builder the translator settings.
     * @return the builder.
     * @throws IllegalArgumentException naming the bad value.
     */
    public SiitConfig.Builder applySiitOptions(final SiitConfig.Builder builder)
    {
        return builder
            .generateIpv4Identification(!zeroIpv4Identification)
            .icmpErrorsOnDrop(icmpErrorsOnDrop)
            .mtu4(Parsers.range("--mtu4", null == mtu4 ? 1500 : mtu4, SiitConfig.IPV4_MINIMUM_MTU, 65535))
            .mtu6(Parsers.range("--mtu6", null == mtu6 ? 1500 : mtu6, SiitConfig.IPV6_MINIMUM_MTU, 65535))
            .lowestIpv6Mtu(Parsers.range("--lowest-ipv6-mtu", null == lowestIpv6Mtu ? 1280 : lowestIpv6Mtu,
                SiitConfig.IPV6_MINIMUM_MTU, 65535));
    }

    /**
     * Validates {@code --metrics} without binding.
     *
     * @throws IllegalArgumentException naming the bad value.
     */
    public void validateMetrics()
    {
        if (null != metrics)
        {
            MetricsEndpoint.parse("--metrics", metrics, metricsAllowRemote);
        }
    }

    /**
     * Starts the metrics endpoint when {@code --metrics} was given.
     *
     * @param body builds the text per scrape.
     * @return the endpoint, or null.
     * @throws UncheckedIOException when the address cannot be bound.
     */
    public MetricsEndpoint startMetrics(final Supplier<String> body)
    {
        if (null == metrics)
        {
            return null;
        }
        try
        {
            return MetricsEndpoint.start(MetricsEndpoint.parse("--metrics", metrics, metricsAllowRemote), body);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("--metrics " + metrics + ": " + ex.getMessage(), ex);
        }
    }
}
