package io.xlat.routing.routeros;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.xlat.routing.policy.BgpFlapGuard;
import io.xlat.routing.policy.HotspotDnsBypass;
import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.rib.IpPrefix;

/**
 * Checks a parsed export against the policies and reports, with line numbers, what it lacks:
 * <ul>
 *     <li>BgpFlapGuard: every BGP network (v6 {@code /routing bgp network}, v7 address-list entries of a list named
 *     by {@code output.network}) and every prefix the policy advertises needs a blackhole (v6 IPv6: unreachable)
 *     route for exactly that prefix, with a distance above iBGP's 200 and below 255.</li>
 *     <li>HotspotDnsBypass: no static DNS redirect may catch authenticated users; a router with a hotspot needs the
 *     dynamic udp and tcp redirects restricted to {@code hotspot=!auth} with {@code find} and a startup scheduler,
 *     or the pre-hotspot accept variant; rules picked by number are flagged.</li>
 *     <li>PlatFailover: every PLAT interface of the policy needs an OSPF interface entry with its cost, and no two
 *     PLATs may end up with the same cost.</li>
 * </ul>
 * The audit reads what the export shows; dynamic rules are not in exports, which is why the hotspot check looks for
 * the commands that fix them.
 */
public final class ConfigAudit
{
    private static final String GUARD = "BgpFlapGuard";
    private static final String HOTSPOT = "HotspotDnsBypass";
    private static final String PLAT = "PlatFailover";

    private final ExportDocument doc;
    private final PolicyConfig policy;
    private final List<Finding> findings = new ArrayList<>();

    private ConfigAudit(final ExportDocument doc, final PolicyConfig policy)
    {
        this.doc = doc;
        this.policy = policy;
    }

    /**
     * Audits an export.
     *
     * @param doc    the parsed export.
     * @param policy what the router should do (advertised prefixes, PLATs, hotspot); may be nearly empty, then
     *               the checks rely on what the export itself declares.
     * @return findings ordered by line (file-wide ones, line 0, first).
     */
    public static List<Finding> audit(final ExportDocument doc, final PolicyConfig policy)
    {
        final ConfigAudit a = new ConfigAudit(doc, policy);
        a.flapGuard();
        a.hotspot();
        a.platFailover();
        a.findings.sort(Comparator.comparingInt(Finding::line));
        return List.copyOf(a.findings);
    }

    private void add(final int line, final String what, final String message)
    {
        findings.add(new Finding(line, what, message));
    }

    private static IpPrefix prefix(final String text)
    {
        if (text == null)
        {
            return null;
        }
        try
        {
            return IpPrefix.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private void flapGuard()
    {
        final Map<IpPrefix, Integer> networks = new LinkedHashMap<>();
        for (final ExportCommand c : doc.commands("/routing bgp network", "add"))
        {
            final IpPrefix p = prefix(c.property("network"));
            if (p != null)
            {
                networks.putIfAbsent(p, c.line());
            }
        }
        final Set<String> lists = new HashSet<>();
        for (final ExportCommand c : doc.commands())
        {
            if (c.path().startsWith("/routing bgp") && c.property("output.network") != null)
            {
                lists.add(c.property("output.network"));
            }
        }
        for (final String menu : List.of("/ip firewall address-list", "/ipv6 firewall address-list"))
        {
            for (final ExportCommand c : doc.commands(menu, "add"))
            {
                final IpPrefix p = prefix(c.property("address"));
                if (p != null && lists.contains(c.property("list")))
                {
                    networks.putIfAbsent(p, c.line());
                }
            }
        }
        for (final IpPrefix p : policy.advertised())
        {
            if (!networks.containsKey(p))
            {
                add(0, GUARD, "the policy advertises " + p + " but the export originates no BGP network for it");
                networks.put(p, 0);
            }
        }
        final Map<IpPrefix, ExportCommand> discards = new LinkedHashMap<>();
        for (final String menu : List.of("/ip route", "/ipv6 route"))
        {
            for (final ExportCommand c : doc.commands(menu, "add"))
            {
                final IpPrefix p = prefix(c.property("dst-address"));
                if (p != null && discards(c))
                {
                    discards.putIfAbsent(p, c);
                }
            }
        }
        for (final Map.Entry<IpPrefix, Integer> e : networks.entrySet())
        {
            final IpPrefix p = e.getKey();
            final ExportCommand guard = discards.get(p);
            if (guard == null)
            {
                add(e.getValue(), GUARD, "advertised prefix " + p + " has no blackhole route: an OSPF outage "
                    + "withdraws it upstream and repeated flaps get it damped; add: " + guardLine(p));
                continue;
            }
            final int distance = distance(guard);
            if (!BgpFlapGuard.safeDistance(distance))
            {
                add(guard.line(), GUARD, "blackhole route for " + p + " has distance=" + distance + ": "
                    + (distance >= 255 ? "RouterOS never activates distance 255, so it guards nothing"
                    : "it beats the real (OSPF/BGP) routes and discards the traffic") + "; use distance="
                    + BgpFlapGuard.DISTANCE);
            }
        }
    }

    private String guardLine(final IpPrefix p)
    {
        if (policy.version() == RouterOsVersion.V7)
        {
            return (p.ipv6() ? "/ipv6" : "/ip") + " route add dst-address=" + p + " blackhole distance="
                + BgpFlapGuard.DISTANCE;
        }
        return (p.ipv6() ? "/ipv6 route add dst-address=" + p + " type=unreachable"
            : "/ip route add dst-address=" + p + " type=blackhole") + " distance=" + BgpFlapGuard.DISTANCE;
    }

    private static boolean discards(final ExportCommand c)
    {
        final String type = c.property("type");
        return c.hasFlag("blackhole") || "yes".equals(c.property("blackhole")) || "blackhole".equals(type)
            || "unreachable".equals(type) || "prohibit".equals(type);
    }

    private static int distance(final ExportCommand c)
    {
        final String d = c.property("distance");
        if (d == null)
        {
            return 1;
        }
        try
        {
            return Integer.parseInt(d.trim());
        }
        catch (final NumberFormatException ex)
        {
            return 1;
        }
    }

    private static boolean matchesDnsPort(final String ports)
    {
        if (ports == null)
        {
            return false;
        }
        for (final String part : ports.split(","))
        {
            final String p = part.trim();
            final int dash = p.indexOf('-');
            try
            {
                if (dash > 0)
                {
                    final int lo = Integer.parseInt(p.substring(0, dash).trim());
                    final int hi = Integer.parseInt(p.substring(dash + 1).trim());
                    if (lo <= HotspotDnsBypass.DNS_PORT && HotspotDnsBypass.DNS_PORT <= hi)
                    {
                        return true;
                    }
                }
                else if (Integer.parseInt(p) == HotspotDnsBypass.DNS_PORT)
                {
                    return true;
                }
            }
            catch (final NumberFormatException ex)
            {
                // Named ports and garbage match nothing.
            }
        }
        return false;
    }

    /** Protocols a text mentions: udp, tcp, or both when it names neither. */
    private static Set<String> protocols(final String text)
    {
        final String t = text.toLowerCase(Locale.ROOT);
        final Set<String> out = new HashSet<>();
        if (t.contains("udp"))
        {
            out.add("udp");
        }
        if (t.contains("tcp"))
        {
            out.add("tcp");
        }
        if (out.isEmpty())
        {
            out.add("udp");
            out.add("tcp");
        }
        return out;
    }

    private void hotspot()
    {
        int serverLine = -1;
        for (final ExportCommand c : doc.commands("/ip hotspot", "add"))
        {
            if (policy.hotspotServer() == null || policy.hotspotServer().equals(c.property("name")))
            {
                serverLine = c.line();
                break;
            }
        }
        if (policy.hotspotServer() != null && serverLine < 0 && !doc.commands("/ip hotspot", "add").isEmpty())
        {
            add(0, HOTSPOT, "hotspot server " + policy.hotspotServer() + " is not in the export");
        }
        final Set<String> fixed = new HashSet<>();
        final Set<String> accepted = new HashSet<>();
        final List<ExportCommand> fixes = new ArrayList<>();
        for (final ExportCommand c : doc.commands())
        {
            if (!c.path().equals("/ip firewall nat"))
            {
                continue;
            }
            if (c.verb().equals("add") && matchesDnsPort(c.property("dst-port")))
            {
                final String action = c.property("action");
                final String proto = c.property("protocol") == null ? "" : c.property("protocol");
                if ("redirect".equals(action) && HotspotDnsBypass.catchesAuthenticated(c.property("hotspot")))
                {
                    add(c.line(), HOTSPOT, "DNS redirect (chain=" + c.property("chain") + " protocol="
                        + (proto.isEmpty() ? "any" : proto) + " dst-port=" + c.property("dst-port")
                        + ") also applies to authenticated users: add hotspot=" + HotspotDnsBypass.NOT_AUTHENTICATED);
                }
                final String hs = c.property("hotspot");
                if ("accept".equals(action) && HotspotDnsBypass.PRE_HOTSPOT_CHAIN.equals(c.property("chain"))
                    && hs != null && hs.contains("auth") && !hs.contains("!auth"))
                {
                    accepted.addAll(protocols(proto));
                }
            }
            else if (c.verb().equals("set") && c.property("hotspot") != null && c.selector() != null
                && (c.selector().contains(String.valueOf(HotspotDnsBypass.DNS_PORT))
                || !c.selector().startsWith("[")))
            {
                if (HotspotDnsBypass.catchesAuthenticated(c.property("hotspot")))
                {
                    add(c.line(), HOTSPOT, "sets hotspot=" + c.property("hotspot") + " on the DNS redirect, which "
                        + "still applies to authenticated users; use hotspot=" + HotspotDnsBypass.NOT_AUTHENTICATED);
                    continue;
                }
                if (!c.selector().startsWith("["))
                {
                    add(c.line(), HOTSPOT, "picks the DNS redirect by number (" + c.selector() + "); numbers change "
                        + "as rules come and go: use [find where chain=\"hotspot\" and dst-port=\"53\" ...]");
                }
                fixes.add(c);
                fixed.addAll(protocols(c.selector()));
            }
        }
        boolean reapplied = false;
        final Set<String> reappliedProtocols = new HashSet<>();
        for (final ExportCommand c : doc.commands("/system scheduler", "add"))
        {
            final String onEvent = c.property("on-event");
            if ("startup".equals(c.property("start-time")) && onEvent != null
                && onEvent.contains("hotspot=" + HotspotDnsBypass.NOT_AUTHENTICATED)
                && onEvent.contains(String.valueOf(HotspotDnsBypass.DNS_PORT)))
            {
                reapplied = true;
                reappliedProtocols.addAll(protocols(onEvent));
            }
        }
        if (!fixes.isEmpty() && !reapplied)
        {
            add(fixes.get(0).line(), HOTSPOT, "the hotspot=" + HotspotDnsBypass.NOT_AUTHENTICATED + " fix is not "
                + "re-applied at startup: the hotspot recreates its dynamic rules, so add a /system scheduler with "
                + "start-time=startup that runs it again");
        }
        final boolean hasHotspot = serverLine >= 0 || policy.hotspotServer() != null;
        if (!hasHotspot)
        {
            return;
        }
        for (final String proto : List.of("udp", "tcp"))
        {
            // A missing startup re-application is reported at the fix itself, so any one of the three covers.
            final boolean covered = accepted.contains(proto) || fixed.contains(proto)
                || reappliedProtocols.contains(proto);
            if (!covered)
            {
                add(Math.max(serverLine, 0), HOTSPOT, "the hotspot's dynamic DNS redirect (" + proto + " dst-port "
                    + HotspotDnsBypass.DNS_PORT + ") still applies to authenticated users: no [find ...] "
                    + "hotspot=" + HotspotDnsBypass.NOT_AUTHENTICATED + " fix or pre-hotspot accept covers it");
            }
        }
    }

    private void platFailover()
    {
        if (policy.plats().isEmpty())
        {
            return;
        }
        final Map<PlatNode, ExportCommand> entries = new LinkedHashMap<>();
        for (final PlatNode n : policy.plats())
        {
            final ExportCommand entry = ospfEntry(n.iface());
            if (entry == null)
            {
                add(0, PLAT, "PLAT " + n.name() + ": no OSPF interface entry for " + n.iface() + " (expected cost="
                    + n.cost() + ")");
                continue;
            }
            entries.put(n, entry);
            if (entry.property("cost") == null)
            {
                add(entry.line(), PLAT, "PLAT " + n.name() + ": the OSPF entry for " + n.iface() + " has no cost, so "
                    + "it takes the default and cannot be told apart from the others; set cost=" + n.cost());
            }
            else if (!String.valueOf(n.cost()).equals(entry.property("cost").trim()))
            {
                add(entry.line(), PLAT, "PLAT " + n.name() + ": cost=" + entry.property("cost") + " on " + n.iface()
                    + " differs from the policy's cost=" + n.cost());
            }
        }
        final List<Map.Entry<PlatNode, ExportCommand>> list = new ArrayList<>(entries.entrySet());
        for (int i = 0; i < list.size(); i++)
        {
            for (int j = 0; j < i; j++)
            {
                final String a = effectiveCost(list.get(j).getValue());
                final String b = effectiveCost(list.get(i).getValue());
                if (a.equals(b))
                {
                    final ExportCommand later = list.get(i).getValue().line() >= list.get(j).getValue().line()
                        ? list.get(i).getValue() : list.get(j).getValue();
                    add(later.line(), PLAT, "PLAT " + list.get(j).getKey().name() + " and "
                        + list.get(i).getKey().name() + " have equal OSPF cost (" + a + "): OSPF load-shares "
                        + "between them instead of failing over");
                }
            }
        }
    }

    private String effectiveCost(final ExportCommand entry)
    {
        final String cost = entry.property("cost");
        if (cost != null)
        {
            return cost.trim();
        }
        // RouterOS defaults: v6 /routing ospf interface cost=10, v7 interface-template cost=1.
        return entry.path().equals("/routing ospf interface") ? "10 (default)" : "1 (default)";
    }

    private ExportCommand ospfEntry(final String iface)
    {
        for (final ExportCommand c : doc.commands("/routing ospf interface-template", "add"))
        {
            final String interfaces = c.property("interfaces");
            if (interfaces != null)
            {
                for (final String i : interfaces.split(","))
                {
                    if (i.trim().equals(iface))
                    {
                        return c;
                    }
                }
            }
        }
        for (final ExportCommand c : doc.commands("/routing ospf interface", "add"))
        {
            if (iface.equals(c.property("interface")))
            {
                return c;
            }
        }
        return null;
    }
}
