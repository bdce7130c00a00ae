package io.xlat.dns64.pref64;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.xlat.dns64.codec.DnsError;

/**
 * The PREF64 option of Router Advertisements (RFC 8781 4) and a walker over an RA's options to find them.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type=38   |    Length=2   |     Scaled Lifetime     | PLC |  0
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                                                               |
 *   +                  Highest 96 bits of the Prefix                +  4
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Scaled Lifetime: 13 bits, units of 8 seconds. PLC (Prefix Length Code): 0 /96, 1 /64, 2 /56, 3 /48, 4 /40,
 * 5 /32; other codes make the receiver ignore the option (RFC 8781 4). Stateless static methods; no allocation.
 */
public final class Pref64Option
{
    /** Option type (RFC 8781 7, IANA). */
    public static final int TYPE = 38;
    /** Length field value: 2 units of 8 octets. */
    public static final int LENGTH_UNITS = 2;
    /** Option length in bytes. */
    public static final int LENGTH = 16;
    /** Largest scaled lifetime (13 bits). */
    public static final int MAX_SCALED_LIFETIME = 8191;
    /** ICMPv6 type of a Router Advertisement (RFC 4861 4.2). */
    public static final int ROUTER_ADVERTISEMENT = 134;
    /** Length of the RA message before its options (RFC 4861 4.2). */
    public static final int RA_HEADER_LENGTH = 16;

    private static final int[] PLC_TO_LENGTH = {96, 64, 56, 48, 40, 32};

    private Pref64Option()
    {
    }

    /**
     * Prefix length for a Prefix Length Code.
     *
     * @param plc 0..7.
     * @return 96, 64, 56, 48, 40 or 32; -1 for codes 6 and 7.
     */
    public static int prefixLength(final int plc)
    {
        return plc >= 0 && plc < PLC_TO_LENGTH.length ? PLC_TO_LENGTH[plc] : -1;
    }

    /**
     * Prefix Length Code for a prefix length.
     *
     * @param prefixLength 32, 40, 48, 56, 64 or 96.
     * @return 0..5, or -1 for other lengths.
     */
    public static int plc(final int prefixLength)
    {
        for (int i = 0; i < PLC_TO_LENGTH.length; i++)
        {
            if (PLC_TO_LENGTH[i] == prefixLength)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Scales a lifetime in seconds to the 13-bit field (RFC 8781 4.1: round up to a multiple of 8, divide by 8,
     * cap at 8191).
     *
     * @param seconds the lifetime, &gt;= 0.
     * @return 0..8191.
     */
    public static int scaleLifetime(final long seconds)
    {
        final long scaled = (seconds + 7) / 8;
        return (int)Math.min(Math.max(scaled, 0), MAX_SCALED_LIFETIME);
    }

    /**
     * Checks the option at {@code offset}: type 38, length 2, 16 bytes present, a known PLC.
     *
     * @param buffer holding the option.
     * @param offset of the Type byte.
     * @param length bytes available from {@code offset}.
     * @return {@link #LENGTH}, or a negative {@link DnsError} code ({@link DnsError#TRUNCATED_RECORD} when short,
     * {@link DnsError#BAD_RDATA} when wrong).
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < LENGTH)
        {
            return DnsError.TRUNCATED_RECORD;
        }
        if ((buffer.getByte(offset) & 0xFF) != TYPE || (buffer.getByte(offset + 1) & 0xFF) != LENGTH_UNITS ||
            prefixLength(plcField(buffer, offset)) < 0)
        {
            return DnsError.BAD_RDATA;
        }
        return LENGTH;
    }

    /**
     * The Scaled Lifetime field.
     *
     * @param buffer holding the option.
     * @param offset of the Type byte.
     * @return 0..8191.
     */
    public static int scaledLifetime(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) >>> 3;
    }

    /**
     * The lifetime in seconds.
     *
     * @param buffer holding the option.
     * @param offset of the Type byte.
     * @return {@code scaledLifetime * 8}.
     */
    public static int lifetimeSeconds(final DirectBuffer buffer, final int offset)
    {
        return scaledLifetime(buffer, offset) * 8;
    }

    /**
     * The PLC field.
     *
     * @param buffer holding the option.
     * @param offset of the Type byte.
     * @return 0..7.
     */
    public static int plcField(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + 3) & 0x7;
    }

    /**
     * High half of the prefix, bits beyond the prefix length cleared (the receiver ignores them, RFC 8781 4).
     *
     * @param buffer holding a validated option.
     * @param offset of the Type byte.
     * @return bytes 0..7 of the prefix.
     */
    public static long prefixHigh(final DirectBuffer buffer, final int offset)
    {
        final int length = prefixLength(plcField(buffer, offset));
        return buffer.getLong(offset + 4, ByteOrder.BIG_ENDIAN) & maskHigh(length);
    }

    /**
     * Low half of the prefix (only bytes 8..11 can be set, for /96), bits beyond the prefix length cleared.
     *
     * @param buffer holding a validated option.
     * @param offset of the Type byte.
     * @return bytes 8..15 of the prefix.
     */
    public static long prefixLow(final DirectBuffer buffer, final int offset)
    {
        final int length = prefixLength(plcField(buffer, offset));
        final long low = (buffer.getInt(offset + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL) << 32;
        return length == 96 ? low : 0L;
    }

    private static long maskHigh(final int length)
    {
        return length >= 64 ? -1L : -1L << (64 - length);
    }

    /**
     * Writes a PREF64 option.
     *
     * @param buffer          to write into (16 bytes).
     * @param offset          of the Type byte.
     * @param prefixHigh      bytes 0..7 of the prefix.
     * @param prefixLow       bytes 8..15 of the prefix (bytes 8..11 used for /96).
     * @param prefixLength    32, 40, 48, 56, 64 or 96.
     * @param lifetimeSeconds the lifetime, scaled with {@link #scaleLifetime(long)}.
     * @return {@link #LENGTH}.
     * @throws IllegalArgumentException for a prefix length with no PLC.
     */
    public static int write(
        final MutableDirectBuffer buffer,
        final int offset,
        final long prefixHigh,
        final long prefixLow,
        final int prefixLength,
        final long lifetimeSeconds)
    {
        final int plc = plc(prefixLength);
        if (plc < 0)
        {
            throw new IllegalArgumentException("prefixLength=" + prefixLength + " has no PREF64 code (RFC 8781 4)");
        }
        buffer.putByte(offset, (byte)TYPE);
        buffer.putByte(offset + 1, (byte)LENGTH_UNITS);
        buffer.putShort(offset + 2, (short)((scaleLifetime(lifetimeSeconds) << 3) | plc), ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 4, prefixHigh & maskHigh(prefixLength), ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 12, prefixLength == 96 ? (int)(prefixLow >>> 32) : 0, ByteOrder.BIG_ENDIAN);
        return LENGTH;
    }

    /**
     * Finds the next valid PREF64 option in a Router Advertisement (ICMPv6 type 134, RFC 4861 4.2), starting the
     * option walk at {@code from}. The ICMPv6 checksum is not checked here (it needs the IPv6 pseudo-header; the
     * kernel checks it for raw ICMPv6 sockets).
     *
     * @param buffer holding the ICMPv6 message.
     * @param offset of the ICMPv6 Type byte.
     * @param length of the ICMPv6 message.
     * @param from   offset of the first option to look at: {@code offset + RA_HEADER_LENGTH} for the first call,
     *               then the previous result + {@link #LENGTH}.
     * @return the offset of the option's Type byte; -1 when there are no more; or a negative {@link DnsError} code
     * below -1 when the message is not an RA or an option length is zero or overruns (RFC 4861 4.6: discard).
     */
    public static int nextInRouterAdvertisement(
        final DirectBuffer buffer, final int offset, final int length, final int from)
    {
        if (length < RA_HEADER_LENGTH || (buffer.getByte(offset) & 0xFF) != ROUTER_ADVERTISEMENT ||
            buffer.getByte(offset + 1) != 0)
        {
            return DnsError.BAD_RDATA;
        }
        final int end = offset + length;
        int position = from;
        while (position < end)
        {
            if (position + 2 > end)
            {
                return DnsError.TRUNCATED_RECORD;
            }
            final int optionLength = (buffer.getByte(position + 1) & 0xFF) * 8;
            if (optionLength == 0 || position + optionLength > end)
            {
                return DnsError.TRUNCATED_RECORD;
            }
            if ((buffer.getByte(position) & 0xFF) == TYPE && validate(buffer, position, end - position) == LENGTH)
            {
                return position;
            }
            position += optionLength;
        }
        return -1;
    }
}
