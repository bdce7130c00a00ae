package io.xlat.core.addr;

/**
 * An IPv6 prefix such as {@code 64:ff9b::/96}: an address (two longs, see {@link Ipv6Addresses}) with no bits
 * set beyond its length. Immutable.
 * <p>
 * Built in cold code ({@link #parse(String)}, {@link #of(long, long, int)}); {@link #contains(long, long)} is
 * hot-path safe.
 */
public final class Ipv6Prefix
{
    /** The RFC 6052 section 2.1 Well-Known Prefix {@code 64:ff9b::/96}. */
    public static final Ipv6Prefix WELL_KNOWN = new Ipv6Prefix(0x0064_ff9b_0000_0000L, 0L, 96);

    private final long high;
    private final long low;
    private final int length;
    private final long maskHigh;
    private final long maskLow;

    private Ipv6Prefix(final long high, final long low, final int length)
    {
        this.high = high;
        this.low = low;
        this.length = length;
        this.maskHigh = maskHigh(length);
        this.maskLow = maskLow(length);
    }

    /**
     * Creates a prefix from its parts.
     *
     * @param high   bytes 0..7 of the network address.
     * @param low    bytes 8..15; together with {@code high}, no bit beyond {@code length} may be set.
     * @param length 0..128.
     * @return the prefix.
     * @throws IllegalArgumentException when the length is out of range or host bits are set.
     */
    public static Ipv6Prefix of(final long high, final long low, final int length)
    {
        if (length < 0 || length > 128)
        {
            throw new IllegalArgumentException("invalid IPv6 prefix \"" + Ipv6Addresses.format(high, low) + "/" +
                length + "\": length " + length + " is not in 0..128");
        }
        if ((high & ~maskHigh(length)) != 0 || (low & ~maskLow(length)) != 0)
        {
            throw new IllegalArgumentException("invalid IPv6 prefix \"" + Ipv6Addresses.format(high, low) + "/" +
                length + "\": host bits set beyond /" + length + " (did you mean " +
                Ipv6Addresses.format(high & maskHigh(length), low & maskLow(length)) + "/" + length + "?)");
        }
        return new Ipv6Prefix(high, low, length);
    }

    /**
     * Parses {@code address/len} with the address in any RFC 4291 text form; an address without {@code /len} is
     * a host prefix (/128).
     *
     * @param text the prefix text.
     * @return the prefix.
     * @throws IllegalArgumentException quoting the text and saying what is wrong (bad group, length above 128,
     *                                  host bits set, zone id, ...).
     */
    public static Ipv6Prefix parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("IPv6 prefix is null");
        }
        final int slash = text.indexOf('/');
        final String addressText = slash < 0 ? text : text.substring(0, slash);
        final int length = slash < 0 ? 128 : Ipv4Prefix.parseLength(text, text.substring(slash + 1), 128, "IPv6");
        final long[] address;
        try
        {
            address = Ipv6Addresses.parse(addressText);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("invalid IPv6 prefix \"" + text + "\": " + ex.getMessage(), ex);
        }
        final long mh = maskHigh(length);
        final long ml = maskLow(length);
        if ((address[0] & ~mh) != 0 || (address[1] & ~ml) != 0)
        {
            throw new IllegalArgumentException("invalid IPv6 prefix \"" + text + "\": host bits set beyond /" +
                length + " (did you mean " + Ipv6Addresses.format(address[0] & mh, address[1] & ml) + "/" + length +
                "?)");
        }
        return new Ipv6Prefix(address[0], address[1], length);
    }

    /**
     * Mask of the high 64 bits for a prefix length.
     *
     * @param length 0..128.
     * @return ones in the first {@code min(length, 64)} bits.
     */
    public static long maskHigh(final int length)
    {
        if (length >= 64)
        {
            return -1L;
        }
        return length == 0 ? 0L : -1L << (64 - length);
    }

    /**
     * Mask of the low 64 bits for a prefix length.
     *
     * @param length 0..128.
     * @return ones in the first {@code max(length - 64, 0)} bits of the low half.
     */
    public static long maskLow(final int length)
    {
        if (length <= 64)
        {
            return 0L;
        }
        return length == 128 ? -1L : -1L << (128 - length);
    }

    /**
     * Bytes 0..7 of the network address.
     *
     * @return the high half.
     */
    public long high()
    {
        return high;
    }

    /**
     * Bytes 8..15 of the network address.
     *
     * @return the low half.
     */
    public long low()
    {
        return low;
    }

    /**
     * The prefix length.
     *
     * @return 0..128.
     */
    public int length()
    {
        return length;
    }

    /**
     * Number of bits after the prefix.
     *
     * @return {@code 128 - length()}.
     */
    public int suffixLength()
    {
        return 128 - length;
    }

    /**
     * Whether an address lies in this prefix.
     *
     * @param addressHigh bytes 0..7 of the address.
     * @param addressLow  bytes 8..15 of the address.
     * @return true when its first {@link #length()} bits equal the prefix's.
     */
    public boolean contains(final long addressHigh, final long addressLow)
    {
        return (addressHigh & maskHigh) == high && (addressLow & maskLow) == low;
    }

    /**
     * Whether another prefix lies entirely inside this one (a prefix contains itself).
     *
     * @param other the other prefix.
     * @return true when {@code other} is at least as long and starts with this prefix.
     */
    public boolean contains(final Ipv6Prefix other)
    {
        return other.length >= length && contains(other.high, other.low);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof Ipv6Prefix))
        {
            return false;
        }
        final Ipv6Prefix that = (Ipv6Prefix)o;
        return that.high == high && that.low == low && that.length == length;
    }

    @Override
    public int hashCode()
    {
        return (Long.hashCode(high) * 31 + Long.hashCode(low)) * 31 + length;
    }

    /**
     * The canonical text (RFC 5952 address, then the length).
     *
     * @return e.g. {@code 64:ff9b::/96}.
     */
    @Override
    public String toString()
    {
        return Ipv6Addresses.format(high, low) + "/" + length;
    }
}
