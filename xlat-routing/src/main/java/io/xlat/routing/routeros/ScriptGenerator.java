package io.xlat.routing.routeros;

import java.util.List;

import io.xlat.routing.policy.BgpFlapGuard;
import io.xlat.routing.policy.HotspotDnsBypass;
import io.xlat.routing.policy.PlatFailover;
import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.rib.IpPrefix;

/**
 * Writes a {@link PolicyConfig} as a RouterOS {@code .rsc} script a user can {@code /import}. Every command is one
 * line with its full menu path, preceded by a {@code #} comment saying why it is there. Output is deterministic:
 * the same configuration gives the same text.
 * <p>
 * Version differences handled: a v6 IPv4 blackhole is {@code type=blackhole}, a v7 one the {@code blackhole} flag;
 * v6 IPv6 routes have {@code type=unreachable} but no blackhole type; v6 originates with
 * {@code /routing bgp network add ... synchronize=yes}, v7 with a firewall address list named by the BGP template's
 * {@code output.network}; v6 sets OSPF costs with {@code /routing ospf interface add ... cost=}, v7 with
 * {@code /routing ospf interface-template add ... cost=}.
 */
public final class ScriptGenerator
{
    /** How often the scheduler re-applies the hotspot fix after startup. */
    public static final String HOTSPOT_REAPPLY_INTERVAL = "5m";

    private final StringBuilder out = new StringBuilder();

    private ScriptGenerator()
    {
    }

    /**
     * Generates the script.
     *
     * @param config the policies and their inputs.
     * @return the script text, lines ending in {@code \n}.
     */
    public static String generate(final PolicyConfig config)
    {
        final ScriptGenerator g = new ScriptGenerator();
        g.header(config);
        g.flapGuard(config);
        g.hotspot(config);
        g.platFailover(config);
        return g.out.toString();
    }

    private void comment(final String text)
    {
        out.append("# ").append(text).append('\n');
    }

    private void command(final String why, final String line)
    {
        comment(why);
        out.append(line).append('\n');
    }

    private void header(final PolicyConfig c)
    {
        comment("xlat routeros generate: policies for RouterOS " + c.version().number()
            + "; load with /import file-name=<this file>.");
        comment("Every command is preceded by a comment saying why it is there.");
    }

    private void flapGuard(final PolicyConfig c)
    {
        if (c.advertised().isEmpty())
        {
            return;
        }
        final boolean v6 = c.version() == RouterOsVersion.V6;
        out.append('\n');
        comment("--- BgpFlapGuard: keep advertised prefixes up while OSPF flaps ---");
        for (final IpPrefix p : c.advertised())
        {
            final String family = p.ipv6() ? "/ipv6" : "/ip";
            final String discard;
            if (!v6)
            {
                discard = "blackhole";
            }
            else
            {
                discard = p.ipv6() ? "type=unreachable" : "type=blackhole";
            }
            command("BgpFlapGuard: " + p + " is advertised only while an active route covers it exactly; this "
                + (v6 && p.ipv6() ? "unreachable" : "blackhole") + " route at distance "
                + BgpFlapGuard.DISTANCE + " loses to every real route and keeps it advertised during an OSPF outage"
                + (v6 && p.ipv6() ? " (RouterOS 6 IPv6 routes have no blackhole type)" : "") + ".",
                family + " route add dst-address=" + p + " " + discard + " distance=" + BgpFlapGuard.DISTANCE);
            if (v6)
            {
                command("BgpFlapGuard: originate " + p + " over BGP only while a route for it is active "
                    + "(synchronize=yes).", "/routing bgp network add network=" + p + " synchronize=yes");
            }
            else
            {
                command("BgpFlapGuard: list " + p + " in address list " + c.bgpNetworkList()
                    + ", which BGP output.network originates while a route for it is active.",
                    family + " firewall address-list add list=" + c.bgpNetworkList() + " address=" + p);
            }
        }
        if (!v6)
        {
            command("BgpFlapGuard: RouterOS 7 has no synchronize; template " + c.bgpTemplate()
                + " originates the networks of address list " + c.bgpNetworkList() + " (output.network).",
                "/routing bgp template set [find name=" + c.bgpTemplate() + "] output.network=" + c.bgpNetworkList());
        }
    }

    private void hotspot(final PolicyConfig c)
    {
        if (c.hotspotServer() == null)
        {
            return;
        }
        out.append('\n');
        comment("--- HotspotDnsBypass: hotspot " + c.hotspotServer()
            + " redirects DNS only for users who have not logged in ---");
        if (c.hotspotVariant() == HotspotDnsBypass.Variant.PRE_HOTSPOT_ACCEPT)
        {
            for (final String proto : List.of("udp", "tcp"))
            {
                command("HotspotDnsBypass (pre-hotspot variant): accept authenticated users' DNS (" + proto
                    + " dst-port " + HotspotDnsBypass.DNS_PORT + ") in the admin-owned pre-hotspot chain, ending NAT "
                    + "before the dynamic redirect in chain hotspot; static, so it survives reboots.",
                    "/ip firewall nat add chain=" + HotspotDnsBypass.PRE_HOTSPOT_CHAIN + " action=accept protocol="
                        + proto + " dst-port=" + HotspotDnsBypass.DNS_PORT + " hotspot=auth comment="
                        + RscText.quote("xlat HotspotDnsBypass " + c.hotspotServer() + " " + proto));
            }
            return;
        }
        for (final String proto : List.of("udp", "tcp"))
        {
            command("HotspotDnsBypass: the dynamic DNS redirect (" + proto + " dst-port " + HotspotDnsBypass.DNS_PORT
                + ") also catches logged-in users; restrict it to hotspot=" + HotspotDnsBypass.NOT_AUTHENTICATED
                + ", matched with find on its properties since rule numbers change.", setRedirect(proto));
        }
        final String onEvent = ":delay 15s; " + setRedirect("udp") + "; " + setRedirect("tcp");
        command("HotspotDnsBypass: the hotspot recreates its dynamic rules at startup and on changes; re-apply "
            + "both fixes at startup and every " + HOTSPOT_REAPPLY_INTERVAL + ".",
            "/system scheduler add name=xlat-hotspot-dns-" + c.hotspotServer() + " start-time=startup interval="
                + HOTSPOT_REAPPLY_INTERVAL + " on-event=" + RscText.quote(onEvent));
    }

    private static String setRedirect(final String proto)
    {
        return "/ip firewall nat set [find where chain=\"" + HotspotDnsBypass.HOTSPOT_CHAIN
            + "\" and action=\"redirect\" and protocol=\"" + proto + "\" and dst-port=\"" + HotspotDnsBypass.DNS_PORT
            + "\"] hotspot=" + HotspotDnsBypass.NOT_AUTHENTICATED;
    }

    private void platFailover(final PolicyConfig c)
    {
        if (c.plats().isEmpty())
        {
            return;
        }
        out.append('\n');
        final List<IpPrefix> announced = c.platPrefixes();
        comment("--- PlatFailover: PLAT nodes announce " + (announced.isEmpty() ? "pool4 and the NAT64 prefix"
            : join(announced)) + " into OSPF; the lowest interface cost wins ---");
        final List<PlatNode> ordered = PlatFailover.byPreference(c.plats());
        for (int i = 0; i < ordered.size(); i++)
        {
            final PlatNode n = ordered.get(i);
            final String why = i == 0
                ? "PlatFailover: " + n.name() + " (cost " + n.cost() + ") is the primary PLAT: OSPF prefers the "
                    + "lowest cost towards its routes."
                : "PlatFailover: " + n.name() + " (cost " + n.cost() + ") is backup " + i + ": it takes over when "
                    + "the cheaper nodes' routes go away.";
            if (c.version() == RouterOsVersion.V6)
            {
                command(why + " The /routing ospf network statement must cover " + n.iface() + ".",
                    "/routing ospf interface add interface=" + n.iface() + " cost=" + n.cost());
            }
            else
            {
                command(why, "/routing ospf interface-template add interfaces=" + n.iface() + " area=" + c.ospfArea()
                    + " cost=" + n.cost());
            }
        }
    }

    private static String join(final List<IpPrefix> prefixes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final IpPrefix p : prefixes)
        {
            if (sb.length() > 0)
            {
                sb.append(" and ");
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
