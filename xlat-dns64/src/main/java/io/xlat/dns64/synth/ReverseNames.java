package io.xlat.dns64.synth;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reverse-mapping names: the 32-nibble {@code ip6.arpa} form of RFC 3596 2.5 and the {@code in-addr.arpa} form of
 * RFC 1035 3.5, read and written in uncompressed wire form without allocation.
 */
public final class ReverseNames
{
    /** Wire length of a full ip6.arpa name: 32 one-nibble labels, "ip6", "arpa", root. */
    public static final int IP6_ARPA_NAME_LENGTH = 32 * 2 + 4 + 5 + 1;
    /** Longest in-addr.arpa name for an address: four 3-digit labels, "in-addr", "arpa", root. */
    public static final int MAX_IN_ADDR_NAME_LENGTH = 4 * 4 + 8 + 5 + 1;

    private ReverseNames()
    {
    }

    /**
     * Reads the address of an uncompressed ip6.arpa name ({@code b.a.9.8...ip6.arpa.}, least significant nibble
     * first, RFC 3596 2.5); the labels "ip6" and "arpa" match in any case.
     *
     * @param name    holding the uncompressed name.
     * @param offset  of the name.
     * @param length  of the name in wire form.
     * @param address receives {high, low} when the name is a full ip6.arpa name.
     * @return true when the name is exactly 32 hex nibble labels under ip6.arpa.
     */
    public static boolean parseIp6Arpa(
        final DirectBuffer name, final int offset, final int length, final long[] address)
    {
        if (length != IP6_ARPA_NAME_LENGTH)
        {
            return false;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 32; i++)
        {
            if (name.getByte(offset + 2 * i) != 1)
            {
                return false;
            }
            final int nibble = hex(name.getByte(offset + 2 * i + 1));
            if (nibble < 0)
            {
                return false;
            }
            if (i < 16)
            {
                low |= (long)nibble << (4 * i);
            }
            else
            {
                high |= (long)nibble << (4 * (i - 16));
            }
        }
        final int tail = offset + 64;
        if (name.getByte(tail) != 3 || lower(name.getByte(tail + 1)) != 'i' || lower(name.getByte(tail + 2)) != 'p' ||
            name.getByte(tail + 3) != '6' || name.getByte(tail + 4) != 4 || lower(name.getByte(tail + 5)) != 'a' ||
            lower(name.getByte(tail + 6)) != 'r' || lower(name.getByte(tail + 7)) != 'p' ||
            lower(name.getByte(tail + 8)) != 'a' || name.getByte(tail + 9) != 0)
        {
            return false;
        }
        address[0] = high;
        address[1] = low;
        return true;
    }

    /**
     * Writes the in-addr.arpa name of an IPv4 address ({@code d.c.b.a.in-addr.arpa.}) in wire form.
     *
     * @param ipv4   the address.
     * @param out    where to write; needs {@link #MAX_IN_ADDR_NAME_LENGTH} bytes.
     * @param offset of the first byte.
     * @return the wire length written.
     */
    public static int writeInAddrArpa(final int ipv4, final MutableDirectBuffer out, final int offset)
    {
        int w = offset;
        for (int shift = 0; shift < 32; shift += 8)
        {
            final int octet = (ipv4 >>> shift) & 0xFF;
            final int digits = octet >= 100 ? 3 : octet >= 10 ? 2 : 1;
            out.putByte(w++, (byte)digits);
            if (digits == 3)
            {
                out.putByte(w++, (byte)('0' + octet / 100));
            }
            if (digits >= 2)
            {
                out.putByte(w++, (byte)('0' + (octet / 10) % 10));
            }
            out.putByte(w++, (byte)('0' + octet % 10));
        }
        w = putLabel(out, w, "in-addr");
        w = putLabel(out, w, "arpa");
        out.putByte(w++, (byte)0);
        return w - offset;
    }

    private static int putLabel(final MutableDirectBuffer out, final int offset, final String label)
    {
        out.putByte(offset, (byte)label.length());
        for (int i = 0; i < label.length(); i++)
        {
            out.putByte(offset + 1 + i, (byte)label.charAt(i));
        }
        return offset + 1 + label.length();
    }

    private static int hex(final byte b)
    {
        if (b >= '0' && b <= '9')
        {
            return b - '0';
        }
        final int c = lower(b);
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static int lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
