package io.xlat.routing.routeros;

import java.util.List;
import java.util.Map;

/**
 * One command of a RouterOS export or script, with its menu path resolved.
 *
 * @param line       1-based line where the command starts (continuation lines belong to it).
 * @param path       the menu path, words separated by one space, e.g. {@code /ip firewall nat}.
 * @param verb       {@code add}, {@code set}, {@code remove}, ...
 * @param selector   what {@code set}/{@code remove}/... act on ({@code [find ...]}, a name or a number), or null.
 * @param properties {@code key=value} arguments in order, values unquoted.
 * @param flags      bare arguments such as {@code blackhole} or {@code disabled}.
 */
public record ExportCommand(
    int line, String path, String verb, String selector, Map<String, String> properties, List<String> flags)
{
    /**
     * A property value.
     *
     * @param key the key.
     * @return the value, or null when absent.
     */
    public String property(final String key)
    {
        return properties.get(key);
    }

    /**
     * Whether a bare flag is present.
     *
     * @param flag the flag.
     * @return true when present.
     */
    public boolean hasFlag(final String flag)
    {
        return flags.contains(flag);
    }

    /**
     * Whether this is the given verb in the given menu.
     *
     * @param menu the path, e.g. {@code /ip route}.
     * @param what the verb.
     * @return true when both match.
     */
    public boolean is(final String menu, final String what)
    {
        return path.equals(menu) && verb.equals(what);
    }
}
