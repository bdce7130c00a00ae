package io.xlat.examples.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code --config FILE} for the daemons: the same keys as the flags without the leading dashes, one
 * {@code key = value} per line, {@code #} starts a comment, a bare key is a switch, repeatable keys may repeat:
 * <pre>
 * # /etc/xlat/plat.conf
 * tun = plat0
 * pool6 = 64:ff9b::/96
 * pool4 = 192.0.2.0/28
 * eamt = 2001:db8:464::/125=192.0.2.0/29
 * eamt = 2001:db8:2::100/128=192.0.2.8/32
 * allow-wkp-non-global
 * </pre>
 * A comment starts with {@code #} at the start of a line or after whitespace, so values that contain {@code #}
 * ({@code static-bib = tcp:192.0.2.1#8443=2001:db8::1#443}) stay whole.
 * <p>
 * The file is read first and the command line on top: flags override single values and add to lists (as
 * {@code xlat dns64} does).
 */
public final class ConfigFile
{
    private ConfigFile()
    {
    }

    /**
     * Reads a config file into command-line arguments.
     *
     * @param file the file.
     * @return {@code --key value} pairs in file order.
     * @throws IllegalArgumentException naming the file and line of a bad entry, or when it cannot be read.
     */
    public static List<String> toArgs(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--config " + file + ": cannot read (" + ex + ")", ex);
        }
        final List<String> args = new ArrayList<>();
        int number = 0;
        for (final String raw : lines)
        {
            number++;
            final int hash = commentStart(raw);
            final String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final int eq = line.indexOf('=');
            final String key = (eq < 0 ? line : line.substring(0, eq)).trim();
            if (key.isEmpty() || key.startsWith("-") || "config".equals(key) || !key.matches("[a-z0-9-]+"))
            {
                throw new IllegalArgumentException("--config " + file + ":" + number + ": bad key '" + key + "'");
            }
            args.add("--" + key);
            if (eq >= 0)
            {
                args.add(line.substring(eq + 1).trim());
            }
        }
        return args;
    }

    private static int commentStart(final String line)
    {
        for (int i = 0; i < line.length(); i++)
        {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1))))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Parses the config file and then the options that were given on the command line into a fresh command
     * object, so command-line flags win over the file.
     *
     * @param spec  the spec of the command as parsed from the command line (its matched options are replayed).
     * @param fresh a new instance of the same command class, which receives the merged settings.
     * @param file  the config file.
     * @param <T>   the command type.
     * @return {@code fresh}.
     * @throws IllegalArgumentException naming the file and what is wrong.
     */
    public static <T> T merge(final CommandSpec spec, final T fresh, final Path file)
    {
        final List<String> args = toArgs(file);
        final int fromFile = args.size();
        args.addAll(commandLineArgs(spec.commandLine().getParseResult()));
        try
        {
            new CommandLine(fresh).setOverwrittenOptionsAllowed(true).parseArgs(args.toArray(new String[0]));
        }
        catch (final CommandLine.ParameterException ex)
        {
            throw new IllegalArgumentException("--config " + file + ": " + ex.getMessage()
                + (fromFile > 0 ? "" : " (empty file)"), ex);
        }
        return fresh;
    }

    /**
     * The options matched on the command line, as arguments again (without {@code --config}).
     *
     * @param parseResult the parse result of the command.
     * @return {@code --name value} for every value given.
     */
    static List<String> commandLineArgs(final ParseResult parseResult)
    {
        final List<String> args = new ArrayList<>();
        if (null == parseResult)
        {
            return args;
        }
        final Map<OptionSpec, Boolean> seen = new IdentityHashMap<>();
        for (final OptionSpec option : parseResult.matchedOptions())
        {
            if (null != seen.put(option, Boolean.TRUE) || "--config".equals(option.longestName()))
            {
                continue;
            }
            for (final String value : option.originalStringValues())
            {
                args.add(option.longestName());
                if (option.arity().max() > 0)
                {
                    args.add(value);
                }
            }
        }
        return args;
    }
}
