package io.xlat.routing.rib;

import java.math.BigInteger;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Prefix;

/**
 * An IPv4 or IPv6 prefix, whichever the text says: the one key type of the RIB, the policies and the audit.
 * Immutable; ordered IPv4 before IPv6, then by address, then by length.
 */
public final class IpPrefix implements Comparable<IpPrefix>
{
    private final Ipv4Prefix v4;
    private final Ipv6Prefix v6;

    private IpPrefix(final Ipv4Prefix v4, final Ipv6Prefix v6)
    {
        this.v4 = v4;
        this.v6 = v6;
    }

    /**
     * Parses {@code a.b.c.d/len} or an IPv6 prefix; an address without a length is a host prefix.
     *
     * @param text the prefix text.
     * @return the prefix.
     * @throws IllegalArgumentException quoting the text and what is wrong with it (host bits set, bad length...).
     */
    public static IpPrefix parse(final String text)
    {
        if (null == text || text.isBlank())
        {
            throw new IllegalArgumentException("prefix is empty");
        }
        final String trimmed = text.trim();
        if (trimmed.indexOf(':') >= 0)
        {
            return new IpPrefix(null, Ipv6Prefix.parse(trimmed));
        }
        return new IpPrefix(Ipv4Prefix.parse(trimmed), null);
    }

    /**
     * Wraps an IPv4 prefix.
     *
     * @param prefix the prefix.
     * @return the wrapper.
     */
    public static IpPrefix of(final Ipv4Prefix prefix)
    {
        return new IpPrefix(prefix, null);
    }

    /**
     * Wraps an IPv6 prefix.
     *
     * @param prefix the prefix.
     * @return the wrapper.
     */
    public static IpPrefix of(final Ipv6Prefix prefix)
    {
        return new IpPrefix(null, prefix);
    }

    /**
     * Whether this is an IPv6 prefix.
     *
     * @return true for IPv6, false for IPv4.
     */
    public boolean ipv6()
    {
        return v6 != null;
    }

    /**
     * The prefix length.
     *
     * @return 0..32 or 0..128.
     */
    public int length()
    {
        return v6 != null ? v6.length() : v4.length();
    }

    /**
     * The IPv4 prefix.
     *
     * @return the prefix, or null for IPv6.
     */
    public Ipv4Prefix v4()
    {
        return v4;
    }

    /**
     * The IPv6 prefix.
     *
     * @return the prefix, or null for IPv4.
     */
    public Ipv6Prefix v6()
    {
        return v6;
    }

    /**
     * Whether another prefix of the same family lies inside this one (a prefix contains itself).
     *
     * @param other the other prefix.
     * @return false for different families.
     */
    public boolean contains(final IpPrefix other)
    {
        if (ipv6() != other.ipv6())
        {
            return false;
        }
        return v6 != null ? v6.contains(other.v6) : v4.contains(other.v4);
    }

    /**
     * Whether two prefixes share any address.
     *
     * @param other the other prefix.
     * @return true when one contains the other.
     */
    public boolean overlaps(final IpPrefix other)
    {
        return contains(other) || other.contains(this);
    }

    private BigInteger address()
    {
        if (v6 != null)
        {
            return new BigInteger(1, toBytes(v6.high(), v6.low()));
        }
        return BigInteger.valueOf(Ipv4Addresses.toUnsigned(v4.address()));
    }

    private static byte[] toBytes(final long high, final long low)
    {
        final byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(high >>> (56 - 8 * i));
            bytes[8 + i] = (byte)(low >>> (56 - 8 * i));
        }
        return bytes;
    }

    @Override
    public int compareTo(final IpPrefix o)
    {
        if (ipv6() != o.ipv6())
        {
            return ipv6() ? 1 : -1;
        }
        final int byAddress = address().compareTo(o.address());
        return byAddress != 0 ? byAddress : Integer.compare(length(), o.length());
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof IpPrefix))
        {
            return false;
        }
        final IpPrefix that = (IpPrefix)o;
        return v6 != null ? v6.equals(that.v6) : v4.equals(that.v4);
    }

    @Override
    public int hashCode()
    {
        return v6 != null ? v6.hashCode() : v4.hashCode();
    }

    /**
     * The canonical text.
     *
     * @return e.g. {@code 192.0.2.0/24} or {@code 2001:db8::/32}.
     */
    @Override
    public String toString()
    {
        return v6 != null ? v6.toString() : v4.toString();
    }
}
