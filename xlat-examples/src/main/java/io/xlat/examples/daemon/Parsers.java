package io.xlat.examples.daemon;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.xlat.core.addr.EamTable;
import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.siit.SiitConfig;

/**
 * Option values of the daemons, parsed with the library's parsers and re-thrown with the option and the value in
 * the message ({@code --pool6 64:ff9b::/95: ...}), which the commands print before exiting with status 2.
 */
public final class Parsers
{
    private Parsers()
    {
    }

    /**
     * Checks an integer range.
     *
     * @param option the option name.
     * @param value  the value.
     * @param min    smallest accepted.
     * @param max    largest accepted.
     * @return {@code value}.
     */
    public static int range(final String option, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(option + " " + value + ": outside " + min + ".." + max);
        }
        return (int)value;
    }

    /**
     * Parses an IPv4 prefix.
     *
     * @param option the option name.
     * @param text   the value.
     * @return the prefix.
     */
    public static Ipv4Prefix ipv4Prefix(final String option, final String text)
    {
        try
        {
            return Ipv4Prefix.parse(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Parses an IPv6 prefix.
     *
     * @param option the option name.
     * @param text   the value.
     * @return the prefix.
     */
    public static Ipv6Prefix ipv6Prefix(final String option, final String text)
    {
        try
        {
            return Ipv6Prefix.parse(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Parses an IPv4 address.
     *
     * @param option the option name.
     * @param text   the value.
     * @return the address.
     */
    public static int ipv4(final String option, final String text)
    {
        try
        {
            return Ipv4Addresses.parse(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Parses an IPv6 address.
     *
     * @param option the option name.
     * @param text   the value.
     * @return {@code {high, low}}.
     */
    public static long[] ipv6(final String option, final String text)
    {
        try
        {
            return Ipv6Addresses.parse(text.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Parses {@code --eamt V6PFX=V4PFX} entries into a table (RFC 7757).
     *
     * @param entries the values.
     * @return the table.
     */
    public static EamTable eamt(final List<String> entries)
    {
        final EamTable.Builder table = EamTable.builder();
        for (final String entry : entries)
        {
            final int eq = entry.indexOf('=');
            if (eq < 0)
            {
                throw new IllegalArgumentException("--eamt " + entry
                    + ": expected V6PFX=V4PFX, e.g. 2001:db8:6::/120=192.0.2.0/24");
            }
            try
            {
                table.add(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--eamt " + entry + ": " + ex.getMessage(), ex);
            }
        }
        return table.build();
    }

    /**
     * Applies {@code --rfc6791v4}, {@code --rfc6791v6}, {@code --self4} and {@code --self6} when given.
     *
     * @param builder   the translator settings.
     * @param rfc6791v4 IPv4 pool or null.
     * @param rfc6791v6 IPv6 pool or null.
     * @param self4     IPv4 address or null.
     * @param self6     IPv6 address or null.
     */
    public static void applyErrorSources(
        final SiitConfig.Builder builder,
        final String rfc6791v4,
        final String rfc6791v6,
        final String self4,
        final String self6)
    {
        if (null != rfc6791v4)
        {
            final Ipv4Prefix p = ipv4Prefix("--rfc6791v4", rfc6791v4);
            builder.rfc6791v4(p.address(), p.length());
        }
        if (null != rfc6791v6)
        {
            final Ipv6Prefix p = ipv6Prefix("--rfc6791v6", rfc6791v6);
            builder.rfc6791v6(p.high(), p.low(), p.length());
        }
        if (null != self4)
        {
            builder.self4(ipv4("--self4", self4));
        }
        if (null != self6)
        {
            final long[] a = ipv6("--self6", self6);
            builder.self6(a[0], a[1]);
        }
    }

    /**
     * Parses a duration: seconds, or a number with {@code s}, {@code m} or {@code h}, or combinations such as
     * {@code 2h4m} (the RFC 6146 established-TCP timeout).
     *
     * @param option the option name.
     * @param text   the value.
     * @return milliseconds.
     */
    public static long durationMillis(final String option, final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+"))
        {
            return Long.parseLong(value) * 1000L;
        }
        if (!value.matches("(\\d+(ms|h|m|s))+"))
        {
            throw new IllegalArgumentException(option + " " + text + ": expected seconds or e.g. 30s, 5m, 2h4m, 500ms");
        }
        long total = 0;
        final Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(value);
        while (m.find())
        {
            final long n = Long.parseLong(m.group(1));
            total += switch (m.group(2))
            {
                case "ms" -> n;
                case "s" -> n * 1000L;
                case "m" -> n * 60_000L;
                default -> n * 3_600_000L;
            };
        }
        return total;
    }

    /**
     * Parses {@code ADDR:PORT}, {@code [V6ADDR]:PORT}, or a bare IPv4/IPv6 literal when a default port is given.
     *
     * @param option      the option name.
     * @param text        the value.
     * @param defaultPort port when none is given, or -1 when one is required.
     * @return the socket address.
     */
    public static InetSocketAddress socketAddress(final String option, final String text, final int defaultPort)
    {
        return socketAddress(option, text, defaultPort, 1);
    }

    /**
     * Parses {@code ADDR:PORT}, {@code [V6ADDR]:PORT}, or a bare IPv4/IPv6 literal when a default port is given,
     * accepting ports from {@code minPort} (0 where binding an ephemeral port is meaningful, as for a listener).
     *
     * @param option      the option name.
     * @param text        the value.
     * @param defaultPort port when none is given, or -1 when one is required.
     * @param minPort     smallest accepted port, 0 or 1.
     * @return the socket address.
     */
    public static InetSocketAddress socketAddress(
        final String option, final String text, final int defaultPort, final int minPort)
    {
        final String value = text.trim();
        String host = value;
        String port = null;
        if (value.startsWith("["))
        {
            final int close = value.indexOf(']');
            if (close < 0)
            {
                throw new IllegalArgumentException(option + " " + text + ": missing ']'");
            }
            host = value.substring(1, close);
            final String rest = value.substring(close + 1);
            if (rest.startsWith(":"))
            {
                port = rest.substring(1);
            }
            else if (!rest.isEmpty())
            {
                throw new IllegalArgumentException(option + " " + text + ": expected [V6ADDR]:PORT");
            }
        }
        else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':'))
        {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        final int portNumber;
        if (null == port)
        {
            if (defaultPort < 0)
            {
                throw new IllegalArgumentException(option + " " + text + ": a port is required (ADDR:PORT)");
            }
            portNumber = defaultPort;
        }
        else
        {
            if (!port.matches("\\d{1,5}"))
            {
                throw new IllegalArgumentException(option + " " + text + ": bad port '" + port + "'");
            }
            portNumber = range(option + " " + text + ": port", Integer.parseInt(port), minPort, 65535);
        }
        if (!host.matches("[0-9A-Fa-f:.]+"))
        {
            throw new IllegalArgumentException(option + " " + text + ": '" + host + "' is not an IP address");
        }
        try
        {
            return new InetSocketAddress(InetAddress.ofLiteral(host), portNumber);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": '" + host + "' is not an IP address", ex);
        }
    }
}
