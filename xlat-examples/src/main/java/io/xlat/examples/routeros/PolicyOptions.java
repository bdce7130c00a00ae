package io.xlat.examples.routeros;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.xlat.routing.policy.HotspotDnsBypass;
import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.policy.PolicyFile;
import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.routeros.RouterOsVersion;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that describe a router's policies, shared by {@code generate}, {@code audit} and {@code simulate}.
 * A {@code --policy FILE} (see {@link PolicyFile}) is read first; flags add to it or override it.
 */
public final class PolicyOptions
{
    @Option(names = "--policy", paramLabel = "FILE",
        description = "Policy file with key = value lines (keys are these flags' names without --).")
    Path policyFile;

    @Option(names = "--ros-version", paramLabel = "6|7", description = "RouterOS major version (default: 7).")
    String rosVersion;

    @Option(names = "--advertise", paramLabel = "PREFIX",
        description = "Prefix advertised over BGP, repeatable, e.g. 198.51.100.0/24 or 2001:db8:100::/40.")
    List<String> advertise = new ArrayList<>();

    @Option(names = "--plat", paramLabel = "NAME:IFACE:COST",
        description = "PLAT node reached over OSPF through IFACE with that OSPF cost, repeatable, e.g. "
            + "plat-a:ether5:10 (lowest cost is the primary).")
    List<String> plats = new ArrayList<>();

    @Option(names = "--pool4", paramLabel = "V4PFX", description = "IPv4 pool the PLATs announce into OSPF.")
    String pool4;

    @Option(names = "--pool6", paramLabel = "V6PFX", description = "NAT64 prefix the PLATs announce, e.g. "
        + "64:ff9b::/96.")
    String pool6;

    @Option(names = "--hotspot", paramLabel = "NAME", description = "Hotspot server name (enables the DNS bypass).")
    String hotspot;

    @Option(names = "--hotspot-variant", paramLabel = "set-dynamic|pre-hotspot",
        description = "How to keep the DNS redirect off authenticated users (default: set-dynamic).")
    String hotspotVariant;

    @Option(names = "--ospf-area", paramLabel = "NAME", description = "OSPF area of the PLAT interfaces (default: "
        + "backbone).")
    String ospfArea;

    @Option(names = "--bgp-list", paramLabel = "NAME", description = "RouterOS 7 address list for output.network "
        + "(default: bgp-networks).")
    String bgpList;

    @Option(names = "--bgp-template", paramLabel = "NAME", description = "RouterOS 7 BGP template to set "
        + "output.network on (default: default).")
    String bgpTemplate;

    /**
     * Builds the policy configuration from the file and flags.
     *
     * @param cl the command line, for error reporting.
     * @return the configuration.
     * @throws ParameterException naming the option and value that are wrong.
     */
    public PolicyConfig build(final CommandLine cl)
    {
        final PolicyConfig.Builder b = PolicyConfig.builder();
        if (policyFile != null)
        {
            final String text;
            try
            {
                text = Files.readString(policyFile);
            }
            catch (final IOException ex)
            {
                throw new ParameterException(cl, "Invalid value for option '--policy': cannot read " + policyFile
                    + ": " + ex.getMessage());
            }
            parse(cl, "--policy", policyFile.toString(), () -> PolicyFile.apply(policyFile.toString(), text, b));
        }
        if (rosVersion != null)
        {
            parse(cl, "--ros-version", rosVersion, () -> b.version(RouterOsVersion.parse(rosVersion)));
        }
        for (final String a : advertise)
        {
            parse(cl, "--advertise", a, () -> b.advertise(a));
        }
        for (final String p : plats)
        {
            parse(cl, "--plat", p, () -> b.plat(PlatNode.parse(p)));
        }
        if (pool4 != null)
        {
            parse(cl, "--pool4", pool4, () -> b.pool4(IpPrefix.parse(pool4)));
        }
        if (pool6 != null)
        {
            parse(cl, "--pool6", pool6, () -> b.nat64Prefix(IpPrefix.parse(pool6)));
        }
        if (hotspot != null)
        {
            parse(cl, "--hotspot", hotspot, () -> b.hotspotServer(hotspot));
        }
        if (hotspotVariant != null)
        {
            parse(cl, "--hotspot-variant", hotspotVariant,
                () -> b.hotspotVariant(HotspotDnsBypass.Variant.parse(hotspotVariant)));
        }
        if (ospfArea != null)
        {
            parse(cl, "--ospf-area", ospfArea, () -> b.ospfArea(ospfArea));
        }
        if (bgpList != null)
        {
            parse(cl, "--bgp-list", bgpList, () -> b.bgpNetworkList(bgpList));
        }
        if (bgpTemplate != null)
        {
            parse(cl, "--bgp-template", bgpTemplate, () -> b.bgpTemplate(bgpTemplate));
        }
        try
        {
            return b.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(cl, "Invalid combination of options: " + ex.getMessage());
        }
    }

    static void parse(final CommandLine cl, final String option, final String value, final Runnable step)
    {
        try
        {
            step.run();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(cl, "Invalid value for option '" + option + "' ('" + value + "'): "
                + ex.getMessage());
        }
    }
}
