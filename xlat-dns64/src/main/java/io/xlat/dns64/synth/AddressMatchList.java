package io.xlat.dns64.synth;

import java.util.ArrayList;
import java.util.List;

import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Prefix;

/**
 * An ordered address match list in the manner of BIND9's {@code address_match_list}: elements are IPv4 or IPv6
 * prefixes, {@code any} or {@code none}, each optionally negated with {@code !}; the first element that matches an
 * address decides (a negated one rejects), and an address no element matches is rejected.
 * <p>
 * Built in cold code ({@link #parse(String)}); {@link #matches(int)} and {@link #matches(long, long)} walk primitive
 * arrays and are hot-path safe. Immutable, shareable between threads.
 */
public final class AddressMatchList
{
    /** Matches every address ({@code any}). */
    public static final AddressMatchList ANY = parse("any");
    /** Matches no address ({@code none}). */
    public static final AddressMatchList NONE = parse("none");

    private static final int FAMILY_ANY = 0;
    private static final int FAMILY_V4 = 4;
    private static final int FAMILY_V6 = 6;

    private final String text;
    private final int[] family;
    private final boolean[] negated;
    private final int[] v4Address;
    private final int[] v4Mask;
    private final long[] v6High;
    private final long[] v6Low;
    private final long[] v6MaskHigh;
    private final long[] v6MaskLow;

    private AddressMatchList(final String text, final List<String> elements)
    {
        final int n = elements.size();
        this.text = text;
        family = new int[n];
        negated = new boolean[n];
        v4Address = new int[n];
        v4Mask = new int[n];
        v6High = new long[n];
        v6Low = new long[n];
        v6MaskHigh = new long[n];
        v6MaskLow = new long[n];
        for (int i = 0; i < n; i++)
        {
            String element = elements.get(i);
            if (element.startsWith("!"))
            {
                negated[i] = true;
                element = element.substring(1).trim();
            }
            if ("any".equals(element) || "none".equals(element))
            {
                family[i] = FAMILY_ANY;
                if ("none".equals(element))
                {
                    negated[i] = !negated[i];
                }
            }
            else if (element.indexOf(':') >= 0)
            {
                final Ipv6Prefix prefix = Ipv6Prefix.parse(element);
                family[i] = FAMILY_V6;
                v6High[i] = prefix.high();
                v6Low[i] = prefix.low();
                v6MaskHigh[i] = Ipv6Prefix.maskHigh(prefix.length());
                v6MaskLow[i] = Ipv6Prefix.maskLow(prefix.length());
            }
            else
            {
                final Ipv4Prefix prefix = Ipv4Prefix.parse(element);
                family[i] = FAMILY_V4;
                v4Address[i] = prefix.address();
                v4Mask[i] = prefix.mask();
            }
        }
    }

    /**
     * Parses a list such as {@code "!192.0.2.0/24; 198.51.100.0/24; 2001:db8::/32"} (elements separated by
     * {@code ;} or {@code ,}; {@code { }} around it allowed, as in named.conf).
     *
     * @param text the list.
     * @return the list.
     * @throws IllegalArgumentException naming the element that is not a prefix, {@code any} or {@code none}.
     */
    public static AddressMatchList parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("address match list is null");
        }
        final String body = text.trim().replace("{", " ").replace("}", " ");
        final List<String> elements = new ArrayList<>();
        for (final String raw : body.split("[;,]"))
        {
            final String element = raw.trim();
            if (!element.isEmpty())
            {
                elements.add(element);
            }
        }
        try
        {
            return new AddressMatchList(text, elements);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("invalid address match list \"" + text + "\": " + ex.getMessage(), ex);
        }
    }

    /**
     * Whether an IPv4 address is accepted.
     *
     * @param ipv4 the address.
     * @return true when the first matching element is not negated.
     */
    public boolean matches(final int ipv4)
    {
        final int n = family.length;
        for (int i = 0; i < n; i++)
        {
            final int f = family[i];
            if (f == FAMILY_ANY || (f == FAMILY_V4 && (ipv4 & v4Mask[i]) == v4Address[i]))
            {
                return !negated[i];
            }
        }
        return false;
    }

    /**
     * Whether an IPv6 address is accepted.
     *
     * @param high bytes 0..7 of the address.
     * @param low  bytes 8..15 of the address.
     * @return true when the first matching element is not negated.
     */
    public boolean matches(final long high, final long low)
    {
        final int n = family.length;
        for (int i = 0; i < n; i++)
        {
            final int f = family[i];
            if (f == FAMILY_ANY ||
                (f == FAMILY_V6 && (high & v6MaskHigh[i]) == v6High[i] && (low & v6MaskLow[i]) == v6Low[i]))
            {
                return !negated[i];
            }
        }
        return false;
    }

    /**
     * The text this list was parsed from.
     *
     * @return the text.
     */
    @Override
    public String toString()
    {
        return text;
    }
}
