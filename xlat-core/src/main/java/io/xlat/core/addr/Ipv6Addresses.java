package io.xlat.core.addr;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * IPv6 addresses as two {@code long}s: {@code high} holds bytes 0..7, {@code low} bytes 8..15, both big-endian,
 * so bit 0 of the address (RFC 4291 numbering) is the most significant bit of {@code high}.
 * <p>
 * {@link #high(DirectBuffer, int)}, {@link #low(DirectBuffer, int)} and {@link #write} are hot-path helpers and
 * allocate nothing. {@link #parse(String)} and {@link #format(long, long)} are cold code.
 */
public final class Ipv6Addresses
{
    /** Bytes in an IPv6 address. */
    public static final int LENGTH = 16;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ipv6Addresses()
    {
    }

    /**
     * Reads the high 64 bits (bytes 0..7) of the address at {@code offset}.
     *
     * @param buffer holding the 16 address bytes.
     * @param offset of the first address byte.
     * @return bytes 0..7 as a big-endian long.
     */
    public static long high(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Reads the low 64 bits (bytes 8..15) of the address at {@code offset}.
     *
     * @param buffer holding the 16 address bytes.
     * @param offset of the first address byte (not of byte 8).
     * @return bytes 8..15 as a big-endian long.
     */
    public static long low(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Writes an address as 16 bytes in network order.
     *
     * @param buffer to write into.
     * @param offset of the first address byte.
     * @param high   bytes 0..7.
     * @param low    bytes 8..15.
     */
    public static void write(final MutableDirectBuffer buffer, final int offset, final long high, final long low)
    {
        buffer.putLong(offset, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, low, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Parses any RFC 4291 section 2.2 text form: full ({@code 2001:db8:0:0:1:0:0:1}), compressed ({@code ::},
     * {@code 2001:db8::1}) and with a dotted IPv4 tail ({@code 64:ff9b::192.0.2.33}); hex digits in either case.
     * Zone identifiers ({@code fe80::1%eth0}) and prefix lengths are rejected: an address in a translator's
     * configuration has no zone.
     *
     * @param text the address text.
     * @return {@code {high, low}}.
     * @throws IllegalArgumentException naming the text and what is wrong with it.
     */
    public static long[] parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("IPv6 address is null");
        }
        if (text.indexOf('%') >= 0)
        {
            throw bad(text, "zone identifiers are not allowed");
        }
        if (text.indexOf('/') >= 0)
        {
            throw bad(text, "a prefix length is not allowed here");
        }
        final int end = text.length();
        if (end == 0)
        {
            throw bad(text, "empty");
        }
        final int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (text.startsWith("::"))
        {
            gap = 0;
            i = 2;
        }
        else if (text.charAt(0) == ':')
        {
            throw bad(text, "a leading ':' must be part of '::'");
        }
        while (i < end)
        {
            if (count == 8)
            {
                throw bad(text, "more than 8 groups");
            }
            final int start = i;
            int value = 0;
            while (i < end && hexValue(text.charAt(i)) >= 0 && i - start < 5)
            {
                value = (value << 4) | hexValue(text.charAt(i));
                i++;
            }
            if (i < end && text.charAt(i) == '.')
            {
                // RFC 4291 2.2 form 3: the last 32 bits written as a dotted quad.
                if (count > 6)
                {
                    throw bad(text, "dotted IPv4 tail leaves no room: more than 8 groups");
                }
                final int ipv4;
                try
                {
                    ipv4 = Ipv4Addresses.parse(text.substring(start));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw bad(text, "bad dotted IPv4 tail: " + ex.getMessage());
                }
                groups[count++] = ipv4 >>> 16;
                groups[count++] = ipv4 & 0xFFFF;
                i = end;
                break;
            }
            if (i == start)
            {
                throw bad(text, i < end ? "unexpected '" + text.charAt(i) + "' at index " + i : "ends with ':'");
            }
            if (i - start > 4)
            {
                throw bad(text, "group \"" + text.substring(start, i) + "\" has more than 4 hex digits");
            }
            groups[count++] = value;
            if (i == end)
            {
                break;
            }
            if (text.charAt(i) != ':')
            {
                throw bad(text, "unexpected '" + text.charAt(i) + "' at index " + i);
            }
            i++;
            if (i < end && text.charAt(i) == ':')
            {
                if (gap >= 0)
                {
                    throw bad(text, "'::' appears more than once");
                }
                gap = count;
                i++;
                if (i < end && text.charAt(i) == ':')
                {
                    throw bad(text, "':::' is not allowed");
                }
            }
            else if (i == end)
            {
                throw bad(text, "ends with a single ':'");
            }
        }
        if (gap < 0 && count != 8)
        {
            throw bad(text, "has " + count + " groups, expected 8 (or '::')");
        }
        if (gap >= 0 && count > 7)
        {
            throw bad(text, "'::' must stand for at least one group, but 8 groups are present");
        }
        final int[] full = new int[8];
        if (gap < 0)
        {
            System.arraycopy(groups, 0, full, 0, 8);
        }
        else
        {
            System.arraycopy(groups, 0, full, 0, gap);
            final int tail = count - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++)
        {
            high = (high << 16) | full[g];
            low = (low << 16) | full[g + 4];
        }
        return new long[]{ high, low };
    }

    /**
     * Formats an address in the RFC 5952 section 4 canonical form: lowercase hex, no leading zeros in a group,
     * the longest run of two or more zero groups replaced by {@code ::} (the first one when runs tie), a single
     * zero group never compressed. The mixed form with a dotted IPv4 tail (RFC 5952 section 5) is not used, so
     * every address has exactly one text form here.
     *
     * @param high bytes 0..7.
     * @param low  bytes 8..15.
     * @return the canonical text.
     */
    public static String format(final long high, final long low)
    {
        final int[] groups = new int[8];
        for (int g = 0; g < 4; g++)
        {
            groups[g] = (int)(high >>> (48 - 16 * g)) & 0xFFFF;
            groups[g + 4] = (int)(low >>> (48 - 16 * g)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        int g = 0;
        while (g < 8)
        {
            if (groups[g] == 0)
            {
                final int start = g;
                while (g < 8 && groups[g] == 0)
                {
                    g++;
                }
                if (g - start > bestLength)
                {
                    bestStart = start;
                    bestLength = g - start;
                }
            }
            else
            {
                g++;
            }
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++)
        {
            if (k == bestStart)
            {
                sb.append("::");
                k += bestLength - 1;
                continue;
            }
            if (k > 0 && k != bestStart + bestLength)
            {
                sb.append(':');
            }
            appendHex(sb, groups[k]);
        }
        return sb.toString();
    }

    /**
     * Formats the 16 address bytes at {@code offset} (cold: for logs and tests).
     *
     * @param buffer holding the address.
     * @param offset of the first address byte.
     * @return the RFC 5952 text.
     */
    public static String format(final DirectBuffer buffer, final int offset)
    {
        return format(high(buffer, offset), low(buffer, offset));
    }

    private static int hexValue(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void appendHex(final StringBuilder sb, final int group)
    {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            final int nibble = (group >>> shift) & 0xF;
            if (nibble != 0 || started || shift == 0)
            {
                sb.append(HEX[nibble]);
                started = true;
            }
        }
    }

    private static IllegalArgumentException bad(final String text, final String what)
    {
        return new IllegalArgumentException("invalid IPv6 address \"" + text + "\": " + what);
    }
}
