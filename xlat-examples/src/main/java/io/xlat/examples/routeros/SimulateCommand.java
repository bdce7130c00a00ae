package io.xlat.examples.routeros;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.xlat.routing.bgp.BgpOrigination;
import io.xlat.routing.bgp.DampingParameters;
import io.xlat.routing.bgp.SuppressionInterval;
import io.xlat.routing.json.Json;
import io.xlat.routing.policy.BgpFlapGuard;
import io.xlat.routing.policy.PlatFailover;
import io.xlat.routing.policy.PlatNode;
import io.xlat.routing.policy.PolicyConfig;
import io.xlat.routing.rib.IpPrefix;
import io.xlat.routing.rib.Rib;
import io.xlat.routing.rib.Route;
import io.xlat.routing.rib.RouteType;
import io.xlat.routing.sim.ActiveRouteChange;
import io.xlat.routing.sim.AdvertisementChange;
import io.xlat.routing.sim.NetworkDamping;
import io.xlat.routing.sim.Scenarios;
import io.xlat.routing.sim.SimEvent;
import io.xlat.routing.sim.SimulationReport;
import io.xlat.routing.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xlat routeros simulate}: the OSPF route behind every advertised prefix goes down and up repeatedly; shows
 * the BGP withdrawals and the upstream RFC 2439 damping without and with {@code BgpFlapGuard}, and, when PLAT nodes
 * are given, the failover of pool4 and the NAT64 prefix while the primary is down.
 * Exit codes: 0 done, 2 bad option value.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Replays OSPF outages: BGP withdrawals and upstream flap damping without and with the flap guard; "
        + "PLAT failover when --plat is given.")
public final class SimulateCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PolicyOptions policy = new PolicyOptions();

    @Option(names = "--outages", paramLabel = "N", defaultValue = "3",
        description = "How many OSPF outages (default: ${DEFAULT-VALUE}).")
    private int outages;

    @Option(names = "--down", paramLabel = "DURATION", defaultValue = "30s",
        description = "Length of each outage, e.g. 30s, 2m, 1h (default: ${DEFAULT-VALUE}).")
    private String down;

    @Option(names = "--up", paramLabel = "DURATION", defaultValue = "30s",
        description = "Time between outages (default: ${DEFAULT-VALUE}).")
    private String up;

    @Option(names = "--penalty", paramLabel = "N", defaultValue = "1000",
        description = "Upstream damping penalty per withdrawal (default: ${DEFAULT-VALUE}).")
    private double penalty;

    @Option(names = "--half-life", paramLabel = "DURATION", defaultValue = "15m",
        description = "Damping half-life (default: ${DEFAULT-VALUE}).")
    private String halfLife;

    @Option(names = "--suppress", paramLabel = "N", defaultValue = "2000",
        description = "Damping suppress threshold (default: ${DEFAULT-VALUE}).")
    private double suppress;

    @Option(names = "--reuse", paramLabel = "N", defaultValue = "750",
        description = "Damping reuse threshold (default: ${DEFAULT-VALUE}).")
    private double reuse;

    @Option(names = "--max-suppress", paramLabel = "DURATION", defaultValue = "60m",
        description = "Longest suppression after the last flap (default: ${DEFAULT-VALUE}).")
    private String maxSuppress;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Override
    public Integer call()
    {
        final boolean json = RouterOsCommand.json(spec, format);
        final PolicyConfig config = policy.build(spec.commandLine());
        if (config.advertised().isEmpty() && config.plats().isEmpty())
        {
            throw new ParameterException(spec.commandLine(), "Missing option: give at least one --advertise PREFIX "
                + "(or --plat NAME:IFACE:COST with --pool4/--pool6)");
        }
        final long downSeconds = duration("--down", down);
        final long upSeconds = duration("--up", up);
        final DampingParameters damping = damping();
        if (outages < 1 || outages > Scenarios.MAX_OUTAGES)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--outages': " + outages
                + " is outside 1.." + Scenarios.MAX_OUTAGES);
        }
        final SimulationReport without = flaps(config, false, downSeconds, upSeconds, damping);
        final SimulationReport with = flaps(config, true, downSeconds, upSeconds, damping);
        final SimulationReport failover = failover(config, downSeconds, damping);
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("outages", outages);
            m.put("downSeconds", downSeconds);
            m.put("upSeconds", upSeconds);
            m.put("damping", dampingJson(damping));
            m.put("withoutGuard", reportJson(without));
            m.put("withGuard", reportJson(with));
            if (failover != null)
            {
                m.put("platFailover", reportJson(failover));
            }
            out.print(Json.write(m));
        }
        else
        {
            out.println("scenario: the OSPF route of each advertised prefix is lost " + outages + " time(s), down "
                + clock(downSeconds) + ", up " + clock(upSeconds) + "; upstream damping: penalty "
                + num(damping.penaltyPerWithdrawal()) + " per withdrawal, half-life " + clock(damping.halfLifeSeconds())
                + ", suppress " + num(damping.suppressThreshold()) + ", reuse " + num(damping.reuseThreshold())
                + ", max " + clock(damping.maxSuppressSeconds()));
            if (!config.advertised().isEmpty())
            {
                printReport(out, "without BgpFlapGuard", without);
                printReport(out, "with BgpFlapGuard (blackhole distance " + BgpFlapGuard.DISTANCE + ")", with);
            }
            if (failover != null)
            {
                out.println();
                out.println("PlatFailover: the primary PLAT's routes are lost at 0:00 for " + clock(downSeconds));
                final TextTable t = new TextTable("TIME", "PREFIX", "ACTIVE BEFORE", "ACTIVE AFTER");
                for (final ActiveRouteChange c : failover.activeRouteChanges())
                {
                    t.row(clock(c.atSeconds()), c.prefix(), via(c.before()), via(c.after()));
                }
                t.print(out, "  ");
            }
        }
        out.flush();
        return 0;
    }

    private SimulationReport flaps(
        final PolicyConfig config, final boolean guard, final long downSeconds, final long upSeconds,
        final DampingParameters damping)
    {
        final Rib rib = new Rib();
        final List<SimEvent> events = new ArrayList<>();
        for (final IpPrefix p : config.advertised())
        {
            final Route ospf = Route.of(RouteType.OSPF, p, "ospf");
            rib.add(ospf);
            events.addAll(Scenarios.flaps(ospf, 0, downSeconds, upSeconds, outages));
        }
        if (guard)
        {
            BgpFlapGuard.apply(rib, config.advertised());
        }
        return new Simulator(rib, new BgpOrigination(config.advertised()), damping).run(events);
    }

    private static SimulationReport failover(
        final PolicyConfig config, final long downSeconds, final DampingParameters damping)
    {
        if (config.plats().isEmpty() || config.platPrefixes().isEmpty())
        {
            return null;
        }
        final Rib rib = new Rib();
        final List<Route> routes = PlatFailover.routes(config.plats(), config.platPrefixes());
        routes.forEach(rib::add);
        final PlatNode primary = PlatFailover.byPreference(config.plats()).get(0);
        final List<SimEvent> events = new ArrayList<>();
        for (final Route r : routes)
        {
            if (r.gateway().equals(primary.name()))
            {
                events.add(SimEvent.lost(0, r));
                events.add(SimEvent.restored(downSeconds, r));
            }
        }
        return new Simulator(rib, new BgpOrigination(List.of()), damping).run(events);
    }

    private DampingParameters damping()
    {
        final long half = duration("--half-life", halfLife);
        final long max = duration("--max-suppress", maxSuppress);
        try
        {
            return new DampingParameters(penalty, half, suppress, reuse, max);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid damping options: " + ex.getMessage());
        }
    }

    /**
     * Parses {@code 90}, {@code 90s}, {@code 15m}, {@code 1h} into seconds.
     */
    private long duration(final String option, final String text)
    {
        final String t = text.trim();
        long unit = 1;
        String digits = t;
        if (t.endsWith("s") || t.endsWith("m") || t.endsWith("h"))
        {
            unit = t.endsWith("h") ? 3600 : t.endsWith("m") ? 60 : 1;
            digits = t.substring(0, t.length() - 1);
        }
        try
        {
            final long v = Long.parseLong(digits);
            if (v <= 0 || v > 366L * 24 * 3600 / unit)
            {
                throw new NumberFormatException();
            }
            return v * unit;
        }
        catch (final NumberFormatException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': '" + text
                + "' is not a positive duration such as 30s, 15m or 1h (at most a year)");
        }
    }

    static String clock(final long seconds)
    {
        if (seconds % 60 == 0 && seconds >= 60)
        {
            return seconds / 60 + "m";
        }
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + String.format("%02ds", seconds % 60);
    }

    private static String num(final double d)
    {
        return d == Math.rint(d) ? String.valueOf((long)d) : String.valueOf(d);
    }

    private static String via(final Route r)
    {
        return r == null ? "(none)" : r.gateway() + " (cost " + r.metric() + ")";
    }

    private static void printReport(final PrintWriter out, final String title, final SimulationReport r)
    {
        out.println();
        out.println(title + ":");
        if (r.advertisementChanges().isEmpty())
        {
            out.println("  no withdrawals: the advertisements stayed up");
        }
        else
        {
            final TextTable t = new TextTable("TIME", "PREFIX", "BGP");
            for (final AdvertisementChange c : r.advertisementChanges())
            {
                t.row(clock(c.atSeconds()), c.network(), c.announced() ? "re-announced" : "withdrawn");
            }
            t.print(out, "  ");
        }
        final TextTable d = new TextTable("PREFIX", "WITHDRAWALS", "PENALTY", "UPSTREAM");
        for (final NetworkDamping n : r.damping())
        {
            final StringBuilder s = new StringBuilder();
            for (final SuppressionInterval i : n.suppressions())
            {
                s.append(s.length() == 0 ? "" : "; ").append("suppressed ").append(clock(i.fromSeconds()))
                    .append(" .. ").append(clock(i.untilSeconds())).append(" (").append(clock(i.durationSeconds()))
                    .append(')');
            }
            d.row(n.network(), n.withdrawals(), n.finalPenalty(), s.length() == 0 ? "not suppressed" : s);
        }
        d.print(out, "  ");
    }

    private static Map<String, Object> dampingJson(final DampingParameters d)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("penaltyPerWithdrawal", d.penaltyPerWithdrawal());
        m.put("halfLifeSeconds", d.halfLifeSeconds());
        m.put("suppressThreshold", d.suppressThreshold());
        m.put("reuseThreshold", d.reuseThreshold());
        m.put("maxSuppressSeconds", d.maxSuppressSeconds());
        return m;
    }

    private static Map<String, Object> reportJson(final SimulationReport r)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        final List<Object> changes = new ArrayList<>();
        for (final AdvertisementChange c : r.advertisementChanges())
        {
            final Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("atSeconds", c.atSeconds());
            cm.put("prefix", c.network().toString());
            cm.put("event", c.announced() ? "announced" : "withdrawn");
            changes.add(cm);
        }
        m.put("advertisementChanges", changes);
        final List<Object> routeChanges = new ArrayList<>();
        for (final ActiveRouteChange c : r.activeRouteChanges())
        {
            final Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("atSeconds", c.atSeconds());
            cm.put("prefix", c.prefix().toString());
            cm.put("before", c.before() == null ? null : c.before().describe());
            cm.put("after", c.after() == null ? null : c.after().describe());
            routeChanges.add(cm);
        }
        m.put("activeRouteChanges", routeChanges);
        final List<Object> damping = new ArrayList<>();
        for (final NetworkDamping n : r.damping())
        {
            final Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("prefix", n.network().toString());
            dm.put("withdrawals", n.withdrawals());
            dm.put("finalPenalty", n.finalPenalty());
            final List<Object> sup = new ArrayList<>();
            for (final SuppressionInterval i : n.suppressions())
            {
                final Map<String, Object> im = new LinkedHashMap<>();
                im.put("fromSeconds", i.fromSeconds());
                im.put("untilSeconds", i.untilSeconds());
                sup.add(im);
            }
            dm.put("suppressions", sup);
            damping.add(dm);
        }
        m.put("damping", damping);
        return m;
    }
}
