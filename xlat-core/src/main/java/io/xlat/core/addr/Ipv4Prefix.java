package io.xlat.core.addr;

/**
 * An IPv4 prefix such as {@code 192.0.2.0/28}: an address with no bits set beyond its length. Immutable.
 * <p>
 * Built in cold code ({@link #parse(String)}, {@link #of(int, int)}); {@link #contains(int)} is hot-path safe.
 */
public final class Ipv4Prefix
{
    private final int address;
    private final int length;
    private final int mask;

    private Ipv4Prefix(final int address, final int length)
    {
        this.address = address;
        this.length = length;
        this.mask = mask(length);
    }

    /**
     * Creates a prefix from its parts.
     *
     * @param address the network address; bits beyond {@code length} must be zero.
     * @param length  0..32.
     * @return the prefix.
     * @throws IllegalArgumentException when the length is out of range or host bits are set.
     */
    public static Ipv4Prefix of(final int address, final int length)
    {
        if (length < 0 || length > 32)
        {
            throw new IllegalArgumentException(
                "invalid IPv4 prefix \"" + Ipv4Addresses.format(address) + "/" + length + "\": length " + length +
                " is not in 0..32");
        }
        if ((address & ~mask(length)) != 0)
        {
            throw new IllegalArgumentException(
                "invalid IPv4 prefix \"" + Ipv4Addresses.format(address) + "/" + length + "\": host bits set " +
                "beyond /" + length + " (did you mean " + Ipv4Addresses.format(address & mask(length)) + "/" +
                length + "?)");
        }
        return new Ipv4Prefix(address, length);
    }

    /**
     * Parses {@code a.b.c.d/len}; an address without {@code /len} is a host prefix (/32).
     *
     * @param text the prefix text.
     * @return the prefix.
     * @throws IllegalArgumentException quoting the text and saying what is wrong (bad octet, length above 32,
     *                                  host bits set, ...).
     */
    public static Ipv4Prefix parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("IPv4 prefix is null");
        }
        final int slash = text.indexOf('/');
        final String addressText = slash < 0 ? text : text.substring(0, slash);
        final int length = slash < 0 ? 32 : parseLength(text, text.substring(slash + 1), 32, "IPv4");
        final int address;
        try
        {
            address = Ipv4Addresses.parse(addressText);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("invalid IPv4 prefix \"" + text + "\": " + ex.getMessage(), ex);
        }
        if ((address & ~mask(length)) != 0)
        {
            throw new IllegalArgumentException(
                "invalid IPv4 prefix \"" + text + "\": host bits set beyond /" + length + " (did you mean " +
                Ipv4Addresses.format(address & mask(length)) + "/" + length + "?)");
        }
        return new Ipv4Prefix(address, length);
    }

    static int parseLength(final String text, final String lengthText, final int max, final String family)
    {
        if (lengthText.isEmpty() || lengthText.length() > 3)
        {
            throw new IllegalArgumentException(
                "invalid " + family + " prefix \"" + text + "\": length \"" + lengthText + "\" is not a number");
        }
        int value = 0;
        for (int i = 0; i < lengthText.length(); i++)
        {
            final char c = lengthText.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new IllegalArgumentException(
                    "invalid " + family + " prefix \"" + text + "\": length \"" + lengthText + "\" is not a number");
            }
            value = value * 10 + (c - '0');
        }
        if (lengthText.length() > 1 && lengthText.charAt(0) == '0')
        {
            throw new IllegalArgumentException(
                "invalid " + family + " prefix \"" + text + "\": length \"" + lengthText + "\" has a leading zero");
        }
        if (value > max)
        {
            throw new IllegalArgumentException(
                "invalid " + family + " prefix \"" + text + "\": length " + value + " is greater than " + max);
        }
        return value;
    }

    /**
     * The network mask for a prefix length.
     *
     * @param length 0..32.
     * @return the mask, e.g. {@code 0xFFFFFF00} for 24.
     */
    public static int mask(final int length)
    {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /**
     * The network address.
     *
     * @return the address with all bits beyond {@link #length()} zero.
     */
    public int address()
    {
        return address;
    }

    /**
     * The prefix length.
     *
     * @return 0..32.
     */
    public int length()
    {
        return length;
    }

    /**
     * The network mask.
     *
     * @return {@link #mask(int)} of {@link #length()}.
     */
    public int mask()
    {
        return mask;
    }

    /**
     * Number of bits after the prefix.
     *
     * @return {@code 32 - length()}.
     */
    public int suffixLength()
    {
        return 32 - length;
    }

    /**
     * Whether an address lies in this prefix.
     *
     * @param ipv4 the address.
     * @return true when its first {@link #length()} bits equal the prefix's.
     */
    public boolean contains(final int ipv4)
    {
        return (ipv4 & mask) == address;
    }

    /**
     * Whether another prefix lies entirely inside this one (a prefix contains itself).
     *
     * @param other the other prefix.
     * @return true when {@code other} is at least as long and starts with this prefix.
     */
    public boolean contains(final Ipv4Prefix other)
    {
        return other.length >= length && contains(other.address);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Ipv4Prefix && ((Ipv4Prefix)o).address == address && ((Ipv4Prefix)o).length == length;
    }

    @Override
    public int hashCode()
    {
        return address * 31 + length;
    }

    /**
     * The canonical text.
     *
     * @return e.g. {@code 192.0.2.0/28}.
     */
    @Override
    public String toString()
    {
        return Ipv4Addresses.format(address) + "/" + length;
    }
}
