package io.xlat.routing.routeros;

import java.util.Locale;

/**
 * The RouterOS major version whose syntax a script uses.
 */
public enum RouterOsVersion
{
    /** RouterOS 6: {@code type=blackhole}, {@code /routing bgp network ... synchronize=yes}. */
    V6,
    /** RouterOS 7: {@code blackhole} flag, BGP {@code output.network} address list, OSPF interface templates. */
    V7;

    /**
     * Parses {@code 6}, {@code 7}, {@code v6} or {@code v7} (any case).
     *
     * @param text the version text.
     * @return the version.
     * @throws IllegalArgumentException naming the text when it is neither.
     */
    public static RouterOsVersion parse(final String text)
    {
        final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t)
        {
            case "6":
            case "v6":
                return V6;
            case "7":
            case "v7":
                return V7;
            default:
                throw new IllegalArgumentException("RouterOS version '" + text + "' is not 6 or 7");
        }
    }

    /**
     * The major version number.
     *
     * @return 6 or 7.
     */
    public int number()
    {
        return this == V6 ? 6 : 7;
    }
}
