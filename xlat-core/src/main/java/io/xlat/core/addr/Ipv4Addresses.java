package io.xlat.core.addr;

/**
 * Text forms of IPv4 addresses held as {@code int}s (network order: the first octet is the most significant byte).
 * <p>
 * Cold code: parsing and formatting allocate and are meant for configuration, logs and tests, never per packet.
 */
public final class Ipv4Addresses
{
    private Ipv4Addresses()
    {
    }

    /**
     * Parses a dotted-quad IPv4 address such as {@code 192.0.2.33}.
     * <p>
     * Exactly four decimal octets 0..255 are accepted. Leading zeros ({@code 192.0.02.1}) are rejected because
     * some tools read them as octal, so the same text would name two addresses.
     *
     * @param text the address text.
     * @return the address as an int, first octet in the most significant byte.
     * @throws IllegalArgumentException naming the text and what is wrong with it.
     */
    public static int parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("IPv4 address is null");
        }
        final int end = text.length();
        int address = 0;
        int octets = 0;
        int i = 0;
        while (true)
        {
            final int start = i;
            int value = 0;
            while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9')
            {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3)
                {
                    throw bad(text, "octet " + (octets + 1) + " has more than 3 digits");
                }
            }
            if (i == start)
            {
                throw bad(text, "octet " + (octets + 1) + " is missing or not a decimal number");
            }
            if (i - start > 1 && text.charAt(start) == '0')
            {
                throw bad(text, "octet " + (octets + 1) + " has a leading zero");
            }
            if (value > 255)
            {
                throw bad(text, "octet " + (octets + 1) + " is " + value + ", above 255");
            }
            address = (address << 8) | value;
            octets++;
            if (octets == 4)
            {
                if (i != end)
                {
                    throw bad(text, "unexpected '" + text.charAt(i) + "' after the fourth octet");
                }
                return address;
            }
            if (i == end)
            {
                throw bad(text, "has " + octets + " octets, expected 4");
            }
            if (text.charAt(i) != '.')
            {
                throw bad(text, "unexpected '" + text.charAt(i) + "' after octet " + octets);
            }
            i++;
        }
    }

    /**
     * Formats an address as a dotted quad.
     *
     * @param address the address, first octet in the most significant byte.
     * @return text such as {@code 192.0.2.33}.
     */
    public static String format(final int address)
    {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." +
            ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /**
     * Widens an address to its unsigned value, the form {@link AddressMapper#ipv6ToIpv4} returns.
     *
     * @param address the address.
     * @return the address as a non-negative long.
     */
    public static long toUnsigned(final int address)
    {
        return address & 0xFFFF_FFFFL;
    }

    private static IllegalArgumentException bad(final String text, final String what)
    {
        return new IllegalArgumentException("invalid IPv4 address \"" + text + "\": " + what);
    }
}
