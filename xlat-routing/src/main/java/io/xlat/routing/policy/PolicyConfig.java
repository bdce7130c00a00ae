package io.xlat.routing.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.routeros.RouterOsVersion;

/**
 * What an operator describes for one RouterOS router: its version, the prefixes it advertises over BGP, the PLAT
 * nodes behind it with their OSPF costs, and its hotspot. Immutable; built by {@link Builder}, which validates
 * everything and names the bad value.
 */
public final class PolicyConfig
{
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final RouterOsVersion version;
    private final List<IpPrefix> advertised;
    private final List<PlatNode> plats;
    private final IpPrefix pool4;
    private final IpPrefix nat64Prefix;
    private final String hotspotServer;
    private final HotspotDnsBypass.Variant hotspotVariant;
    private final String ospfArea;
    private final String bgpNetworkList;
    private final String bgpTemplate;

    private PolicyConfig(final Builder b)
    {
        this.version = b.version;
        this.advertised = List.copyOf(b.advertised);
        this.plats = List.copyOf(b.plats);
        this.pool4 = b.pool4;
        this.nat64Prefix = b.nat64Prefix;
        this.hotspotServer = b.hotspotServer;
        this.hotspotVariant = b.hotspotVariant;
        this.ospfArea = b.ospfArea;
        this.bgpNetworkList = b.bgpNetworkList;
        this.bgpTemplate = b.bgpTemplate;
    }

    /**
     * A new builder with defaults: RouterOS 7, OSPF area {@code backbone}, BGP address list {@code bgp-networks},
     * BGP template {@code default}, hotspot variant {@code set-dynamic}.
     *
     * @return the builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    static String requireToken(final String what, final String value)
    {
        if (value == null || !TOKEN.matcher(value).matches())
        {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1..64 characters of A-Z a-z 0-9 . _ -");
        }
        return value;
    }

    /**
     * The RouterOS version.
     *
     * @return the version.
     */
    public RouterOsVersion version()
    {
        return version;
    }

    /**
     * The prefixes advertised over BGP.
     *
     * @return an immutable list in the order given.
     */
    public List<IpPrefix> advertised()
    {
        return advertised;
    }

    /**
     * The PLAT nodes.
     *
     * @return an immutable list in the order given.
     */
    public List<PlatNode> plats()
    {
        return plats;
    }

    /**
     * The IPv4 pool the PLATs announce.
     *
     * @return the prefix, or null.
     */
    public IpPrefix pool4()
    {
        return pool4;
    }

    /**
     * The NAT64 prefix the PLATs announce.
     *
     * @return the prefix, or null.
     */
    public IpPrefix nat64Prefix()
    {
        return nat64Prefix;
    }

    /**
     * The hotspot server name.
     *
     * @return the name, or null when the router has no hotspot.
     */
    public String hotspotServer()
    {
        return hotspotServer;
    }

    /**
     * How the hotspot DNS bypass is expressed.
     *
     * @return the variant.
     */
    public HotspotDnsBypass.Variant hotspotVariant()
    {
        return hotspotVariant;
    }

    /**
     * The OSPF area of the PLAT interfaces.
     *
     * @return the area name.
     */
    public String ospfArea()
    {
        return ospfArea;
    }

    /**
     * The RouterOS 7 firewall address list that {@code output.network} names.
     *
     * @return the list name.
     */
    public String bgpNetworkList()
    {
        return bgpNetworkList;
    }

    /**
     * The RouterOS 7 BGP template whose {@code output.network} is set.
     *
     * @return the template name.
     */
    public String bgpTemplate()
    {
        return bgpTemplate;
    }

    /**
     * The prefixes the PLATs announce (pool4 and the NAT64 prefix, those given).
     *
     * @return the list.
     */
    public List<IpPrefix> platPrefixes()
    {
        final List<IpPrefix> out = new ArrayList<>();
        if (pool4 != null)
        {
            out.add(pool4);
        }
        if (nat64Prefix != null)
        {
            out.add(nat64Prefix);
        }
        return out;
    }

    /**
     * Collects and validates a {@link PolicyConfig}.
     */
    public static final class Builder
    {
        private RouterOsVersion version = RouterOsVersion.V7;
        private final List<IpPrefix> advertised = new ArrayList<>();
        private final List<PlatNode> plats = new ArrayList<>();
        private IpPrefix pool4;
        private IpPrefix nat64Prefix;
        private String hotspotServer;
        private HotspotDnsBypass.Variant hotspotVariant = HotspotDnsBypass.Variant.SET_DYNAMIC_RULES;
        private String ospfArea = "backbone";
        private String bgpNetworkList = "bgp-networks";
        private String bgpTemplate = "default";

        private Builder()
        {
        }

        /**
         * Sets the RouterOS version.
         *
         * @param value the version.
         * @return this builder.
         */
        public Builder version(final RouterOsVersion value)
        {
            this.version = Objects.requireNonNull(value, "version");
            return this;
        }

        /**
         * Adds an advertised prefix.
         *
         * @param prefix the prefix.
         * @return this builder.
         */
        public Builder advertise(final IpPrefix prefix)
        {
            advertised.add(Objects.requireNonNull(prefix, "prefix"));
            return this;
        }

        /**
         * Adds an advertised prefix from text.
         *
         * @param prefix the prefix text.
         * @return this builder.
         * @throws IllegalArgumentException quoting a bad prefix.
         */
        public Builder advertise(final String prefix)
        {
            return advertise(IpPrefix.parse(prefix));
        }

        /**
         * Adds a PLAT node.
         *
         * @param node the node.
         * @return this builder.
         */
        public Builder plat(final PlatNode node)
        {
            plats.add(Objects.requireNonNull(node, "node"));
            return this;
        }

        /**
         * Sets the IPv4 pool the PLATs announce.
         *
         * @param prefix an IPv4 prefix, or null.
         * @return this builder.
         */
        public Builder pool4(final IpPrefix prefix)
        {
            if (prefix != null && prefix.ipv6())
            {
                throw new IllegalArgumentException("pool4=" + prefix + " is not an IPv4 prefix");
            }
            this.pool4 = prefix;
            return this;
        }

        /**
         * Sets the NAT64 prefix the PLATs announce.
         *
         * @param prefix an IPv6 prefix, or null.
         * @return this builder.
         */
        public Builder nat64Prefix(final IpPrefix prefix)
        {
            if (prefix != null && !prefix.ipv6())
            {
                throw new IllegalArgumentException("NAT64 prefix=" + prefix + " is not an IPv6 prefix");
            }
            this.nat64Prefix = prefix;
            return this;
        }

        /**
         * Sets the hotspot server name.
         *
         * @param name the name, or null for no hotspot.
         * @return this builder.
         */
        public Builder hotspotServer(final String name)
        {
            this.hotspotServer = name == null ? null : requireToken("hotspot server", name);
            return this;
        }

        /**
         * Sets how the hotspot bypass is expressed.
         *
         * @param variant the variant.
         * @return this builder.
         */
        public Builder hotspotVariant(final HotspotDnsBypass.Variant variant)
        {
            this.hotspotVariant = Objects.requireNonNull(variant, "variant");
            return this;
        }

        /**
         * Sets the OSPF area of the PLAT interfaces.
         *
         * @param name the area name.
         * @return this builder.
         */
        public Builder ospfArea(final String name)
        {
            this.ospfArea = requireToken("OSPF area", name);
            return this;
        }

        /**
         * Sets the RouterOS 7 address list for {@code output.network}.
         *
         * @param name the list name.
         * @return this builder.
         */
        public Builder bgpNetworkList(final String name)
        {
            this.bgpNetworkList = requireToken("BGP address list", name);
            return this;
        }

        /**
         * Sets the RouterOS 7 BGP template to configure.
         *
         * @param name the template name.
         * @return this builder.
         */
        public Builder bgpTemplate(final String name)
        {
            this.bgpTemplate = requireToken("BGP template", name);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration.
         * @throws IllegalArgumentException naming the first bad value.
         */
        public PolicyConfig build()
        {
            for (int i = 0; i < advertised.size(); i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (advertised.get(i).equals(advertised.get(j)))
                    {
                        throw new IllegalArgumentException("advertised prefix " + advertised.get(i)
                            + " is given twice");
                    }
                }
            }
            PlatFailover.validate(plats);
            if (hotspotServer != null)
            {
                requireToken("hotspot server", hotspotServer);
            }
            requireToken("OSPF area", ospfArea);
            requireToken("BGP address list", bgpNetworkList);
            requireToken("BGP template", bgpTemplate);
            return new PolicyConfig(this);
        }
    }
}
