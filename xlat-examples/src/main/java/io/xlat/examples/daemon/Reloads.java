package io.xlat.examples.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Helpers of the daemons' SIGHUP reload: parse the settings again exactly as at start (the config file, then the
 * start's command line on top), and compare the settings a running daemon cannot change. Control plane only.
 */
public final class Reloads
{
    private Reloads()
    {
    }

    /**
     * Parses the settings again as at start.
     *
     * @param spec  the spec of the command as started (its command-line options are replayed).
     * @param fresh a new instance of the command class.
     * @param file  the config file, or null when the daemon started without one.
     * @param <T>   the command type.
     * @return {@code fresh}, filled.
     * @throws IllegalArgumentException naming the file and the bad value.
     */
    public static <T> T reparse(final CommandSpec spec, final T fresh, final Path file)
    {
        if (null != file)
        {
            return ConfigFile.merge(spec, fresh, file);
        }
        final List<String> args = ConfigFile.commandLineArgs(spec.commandLine().getParseResult());
        try
        {
            new CommandLine(fresh).setOverwrittenOptionsAllowed(true).parseArgs(args.toArray(new String[0]));
        }
        catch (final CommandLine.ParameterException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
        return fresh;
    }

    /**
     * Adds "what (before -> after)" to {@code out} when the values differ.
     *
     * @param out    the settings that need a restart.
     * @param what   the option name.
     * @param before the running value.
     * @param after  the value read now.
     */
    public static void restartNeeded(final List<String> out, final String what, final Object before,
        final Object after)
    {
        if (!Objects.equals(before, after))
        {
            out.add(what + " (" + before + " -> " + after + ")");
        }
    }

    /**
     * The shared options a running daemon cannot change: the TUN device, the queue count, the metrics address.
     *
     * @param options    the options.
     * @param defaultTun the device name when {@code --tun} is absent.
     * @param queues     the queue (or shard) count in effect.
     * @param next       the options read now.
     * @param nextQueues the queue count read now.
     * @param out        receives "what (before -> after)" entries.
     */
    public static void compareFixed(
        final DaemonOptions options,
        final String defaultTun,
        final int queues,
        final DaemonOptions next,
        final int nextQueues,
        final List<String> out)
    {
        restartNeeded(out, "--tun", null == options.tun ? defaultTun : options.tun,
            null == next.tun ? defaultTun : next.tun);
        restartNeeded(out, "--queues", queues, nextQueues);
        restartNeeded(out, "--metrics", options.metrics, next.metrics);
        restartNeeded(out, "--metrics-allow-remote", options.metricsAllowRemote, next.metricsAllowRemote);
    }

    /**
     * The MTU settings and the RFC 6052 3.1 switch, as text for the reload summary.
     *
     * @param options the options.
     * @return e.g. {@code mtu4 1500, mtu6 1500, lowest-ipv6-mtu 1280}.
     */
    public static String mtus(final DaemonOptions options)
    {
        return "mtu4 " + (null == options.mtu4 ? 1500 : options.mtu4) + ", mtu6 "
            + (null == options.mtu6 ? 1500 : options.mtu6) + ", lowest-ipv6-mtu "
            + (null == options.lowestIpv6Mtu ? 1280 : options.lowestIpv6Mtu)
            + (options.allowWkpNonGlobal ? ", allow-wkp-non-global" : "");
    }

    /**
     * The options whose values differ between two instances of a command (mixins included), as
     * {@code --name (before -> after)}, in declaration order; {@code --config}, help and version are left out.
     *
     * @param before the running settings.
     * @param after  the settings read now.
     * @return name to description of the change.
     */
    public static Map<String, String> changedOptions(final Object before, final Object after)
    {
        final Map<String, String> changed = new LinkedHashMap<>();
        final CommandSpec old = CommandSpec.forAnnotatedObject(before);
        final CommandSpec now = CommandSpec.forAnnotatedObject(after);
        for (final OptionSpec option : old.options())
        {
            final String name = option.longestName();
            if ("--config".equals(name) || option.usageHelp() || option.versionHelp())
            {
                continue;
            }
            final OptionSpec other = now.findOption(name);
            final Object a = option.getValue();
            final Object b = null == other ? null : other.getValue();
            if (!Objects.equals(a, b))
            {
                changed.put(name, name + " (" + a + " -> " + b + ")");
            }
        }
        return changed;
    }

    /**
     * Splits changed options into those a running daemon applies and those that need a restart.
     *
     * @param changed  from {@link #changedOptions(Object, Object)}.
     * @param fixed    option names that need a restart (null: all of them).
     * @param applied  receives the applicable changes.
     * @param restart  receives the changes that need a restart.
     */
    public static void split(
        final Map<String, String> changed,
        final Set<String> fixed,
        final List<String> applied,
        final List<String> restart)
    {
        for (final Map.Entry<String, String> entry : changed.entrySet())
        {
            if (null == fixed || fixed.contains(entry.getKey()))
            {
                restart.add(entry.getValue());
            }
            else
            {
                applied.add(entry.getValue());
            }
        }
    }

    /**
     * The one summary line of a reload.
     *
     * @param daemon  the daemon name.
     * @param applied changes applied.
     * @param restart changes that need a restart (their old values stay).
     * @return e.g. {@code xlat plat: reload: applied [--pool6 (a -> b)]; restart needed for [--queues (1 -> 2)]}.
     */
    public static String summary(final String daemon, final List<String> applied, final List<String> restart)
    {
        if (applied.isEmpty() && restart.isEmpty())
        {
            return "xlat " + daemon + ": reload: no change";
        }
        return "xlat " + daemon + ": reload: " + (applied.isEmpty() ? "nothing applied" : "applied " + applied)
            + (restart.isEmpty() ? "" : "; restart needed for " + restart + ", running with the old values of those");
    }

    /**
     * A new list for reload bookkeeping.
     *
     * @return an empty list.
     */
    public static List<String> list()
    {
        return new ArrayList<>();
    }

    /**
     * Copies the shared options a running daemon cannot change (TUN, queues, metrics) from the running settings into
     * new ones, so a later reload compares against what really runs.
     *
     * @param running the settings in use.
     * @param next    the settings read now, about to be used.
     */
    public static void keepFixed(final DaemonOptions running, final DaemonOptions next)
    {
        next.tun = running.tun;
        next.queues = running.queues;
        next.metrics = running.metrics;
        next.metricsAllowRemote = running.metricsAllowRemote;
    }
}
