package io.xlat.routing.policy;

import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.routeros.RouterOsVersion;

/**
 * Reads a small policy file into a {@link PolicyConfig.Builder}: one {@code key = value} per line, {@code #}
 * starts a comment, blank lines are ignored, repeatable keys repeat. Keys are the CLI flag names:
 * <pre>
 * # edge router at the POP
 * ros-version = 7
 * advertise   = 198.51.100.0/24
 * advertise   = 2001:db8:100::/40
 * plat        = plat-a:ether5:10
 * plat        = plat-b:ether6:100
 * pool4       = 203.0.113.0/24
 * pool6       = 64:ff9b::/96
 * hotspot     = hs-guests
 * hotspot-variant = set-dynamic
 * ospf-area   = backbone
 * bgp-list    = bgp-networks
 * bgp-template = default
 * </pre>
 */
public final class PolicyFile
{
    /** Most lines read; a policy is a handful of lines, so more means the wrong file. */
    public static final int MAX_LINES = 10_000;

    private PolicyFile()
    {
    }

    /**
     * Applies a policy file's settings to a builder.
     *
     * @param name    the file name, for messages.
     * @param text    the file's text.
     * @param builder the builder to fill.
     * @throws IllegalArgumentException naming the file, line and bad value.
     */
    public static void apply(final String name, final String text, final PolicyConfig.Builder builder)
    {
        final String[] lines = text.split("\r?\n", -1);
        if (lines.length > MAX_LINES)
        {
            throw new IllegalArgumentException(name + ": " + lines.length + " lines is more than " + MAX_LINES);
        }
        for (int i = 0; i < lines.length; i++)
        {
            final String raw = lines[i];
            final int hash = raw.indexOf('#');
            final String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": '" + line + "' is not key = value");
            }
            final String key = line.substring(0, eq).trim();
            final String value = line.substring(eq + 1).trim();
            try
            {
                set(builder, key, value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static void set(final PolicyConfig.Builder b, final String key, final String value)
    {
        switch (key)
        {
            case "ros-version" -> b.version(RouterOsVersion.parse(value));
            case "advertise" -> b.advertise(value);
            case "plat" -> b.plat(PlatNode.parse(value));
            case "pool4" -> b.pool4(IpPrefix.parse(value));
            case "pool6" -> b.nat64Prefix(IpPrefix.parse(value));
            case "hotspot" -> b.hotspotServer(value);
            case "hotspot-variant" -> b.hotspotVariant(HotspotDnsBypass.Variant.parse(value));
            case "ospf-area" -> b.ospfArea(value);
            case "bgp-list" -> b.bgpNetworkList(value);
            case "bgp-template" -> b.bgpTemplate(value);
            default -> throw new IllegalArgumentException("unknown key '" + key + "' (known: ros-version, advertise, "
                + "plat, pool4, pool6, hotspot, hotspot-variant, ospf-area, bgp-list, bgp-template)");
        }
    }
}
