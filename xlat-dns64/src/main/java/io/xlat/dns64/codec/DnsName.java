package io.xlat.dns64.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Domain names in wire form (RFC 1035 3.1, 4.1.4): a sequence of labels, each a length byte (0..63) and that many
 * octets, ended by the root label (a zero byte) or by a compression pointer (two bytes, top bits {@code 11}, the
 * other 14 bits an offset from the start of the message).
 * <p>
 * Every method takes the message bounds {@code [start, end)} and the offset of the name, and is safe on any bytes:
 * <ul>
 *     <li>a pointer must point strictly before the start of the name segment it ends (the name itself, or the
 *     target of the previous pointer) and not into the 12-byte header (RFC 1035 4.1.4 "a prior occurrence of the
 *     same name"): every jump goes strictly backwards past everything read so far, so loops, self pointers and
 *     forward pointers are rejected ({@link DnsError#BAD_POINTER});</li>
 *     <li>at most {@link #MAX_POINTER_JUMPS} pointers are followed per name (a jump budget as in Netty's
 *     {@code DnsCodecUtil}), so a long chain of pointers costs bounded work;</li>
 *     <li>label length bytes with top bits {@code 01} or {@code 10} (labels above 63, RFC 6891 5 extended label
 *     types) are rejected, as are names longer than 255 octets (RFC 1035 2.3.4) and names cut by {@code end}.</li>
 * </ul>
 * Nothing here allocates except the cold helpers {@link #encode(String)} and {@link #toString(DirectBuffer, int,
 * int, int)}.
 */
public final class DnsName
{
    /** Longest name in wire form, root label included (RFC 1035 2.3.4). */
    public static final int MAX_LENGTH = 255;
    /** Longest label (RFC 1035 2.3.4). */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Most compression pointers followed while reading one name. */
    public static final int MAX_POINTER_JUMPS = 32;
    /** Top two bits of a length byte that mark a compression pointer. */
    public static final int POINTER_MASK = 0xC0;
    /** Largest offset a compression pointer can hold. */
    public static final int MAX_POINTER_OFFSET = 0x3FFF;

    private DnsName()
    {
    }

    /**
     * Validates the name at {@code offset} (following pointers) and returns where the bytes stored at
     * {@code offset} end: after the root label, or after the first pointer.
     *
     * @param buffer holding the message.
     * @param start  offset of the message (pointers are relative to it).
     * @param end    offset just past the message.
     * @param offset of the name.
     * @return the offset just past the name as stored, or a negative {@link DnsError} code.
     */
    public static int skip(final DirectBuffer buffer, final int start, final int end, final int offset)
    {
        int position = offset;
        int segmentStart = offset;
        int next = -1;
        int wireLength = 0;
        int jumps = 0;
        while (true)
        {
            if (position < start || position >= end)
            {
                return DnsError.TRUNCATED_NAME;
            }
            final int length = buffer.getByte(position) & 0xFF;
            if (length == 0)
            {
                return next < 0 ? position + 1 : next;
            }
            final int kind = length & POINTER_MASK;
            if (kind == POINTER_MASK)
            {
                if (position + 1 >= end)
                {
                    return DnsError.TRUNCATED_NAME;
                }
                final int target = start + (((length & 0x3F) << 8) | (buffer.getByte(position + 1) & 0xFF));
                if (target < start + DnsHeader.LENGTH || target >= segmentStart)
                {
                    return DnsError.BAD_POINTER;
                }
                if (++jumps > MAX_POINTER_JUMPS)
                {
                    return DnsError.POINTER_BUDGET_EXCEEDED;
                }
                if (next < 0)
                {
                    next = position + 2;
                }
                position = target;
                segmentStart = target;
            }
            else if (kind != 0)
            {
                return DnsError.BAD_LABEL_TYPE;
            }
            else
            {
                wireLength += length + 1;
                if (wireLength + 1 > MAX_LENGTH)
                {
                    return DnsError.NAME_TOO_LONG;
                }
                if (position + 1 + length >= end)
                {
                    return DnsError.TRUNCATED_NAME;
                }
                position += 1 + length;
            }
        }
    }

    /**
     * Copies the name at {@code offset} into {@code out} uncompressed (labels as they are, case kept).
     *
     * @param buffer    holding the message.
     * @param start     offset of the message.
     * @param end       offset just past the message.
     * @param offset    of the name.
     * @param out       where to write; needs up to {@link #MAX_LENGTH} bytes from {@code outOffset}.
     * @param outOffset of the first byte to write.
     * @return the length of the uncompressed name (1..255), or a negative {@link DnsError} code.
     */
    public static int expand(
        final DirectBuffer buffer,
        final int start,
        final int end,
        final int offset,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        final int stored = skip(buffer, start, end, offset);
        if (stored < 0)
        {
            return stored;
        }
        // Validated: the walk below cannot fail.
        int position = offset;
        int written = 0;
        while (true)
        {
            final int length = buffer.getByte(position) & 0xFF;
            if (length == 0)
            {
                out.putByte(outOffset + written, (byte)0);
                return written + 1;
            }
            if ((length & POINTER_MASK) == POINTER_MASK)
            {
                position = start + (((length & 0x3F) << 8) | (buffer.getByte(position + 1) & 0xFF));
            }
            else
            {
                out.putBytes(outOffset + written, buffer, position, length + 1);
                written += length + 1;
                position += length + 1;
            }
        }
    }

    /**
     * Length of the name at {@code offset} when uncompressed.
     *
     * @param buffer holding the message.
     * @param start  offset of the message.
     * @param end    offset just past the message.
     * @param offset of the name.
     * @return 1..255, or a negative {@link DnsError} code.
     */
    public static int uncompressedLength(final DirectBuffer buffer, final int start, final int end, final int offset)
    {
        final int stored = skip(buffer, start, end, offset);
        if (stored < 0)
        {
            return stored;
        }
        int position = offset;
        int length = 1;
        while (true)
        {
            final int b = buffer.getByte(position) & 0xFF;
            if (b == 0)
            {
                return length;
            }
            if ((b & POINTER_MASK) == POINTER_MASK)
            {
                position = start + (((b & 0x3F) << 8) | (buffer.getByte(position + 1) & 0xFF));
            }
            else
            {
                length += b + 1;
                position += b + 1;
            }
        }
    }

    /**
     * Compares two names case-insensitively (ASCII, RFC 4343), each possibly compressed within its own message.
     * A preencoded (uncompressed) name is compared by passing its own bounds as the "message".
     *
     * @param a      buffer of the first name.
     * @param aStart offset of the first name's message.
     * @param aEnd   offset just past the first name's message.
     * @param aName  offset of the first name.
     * @param b      buffer of the second name.
     * @param bStart offset of the second name's message.
     * @param bEnd   offset just past the second name's message.
     * @param bName  offset of the second name.
     * @return true when both are well formed and equal ignoring ASCII case; false otherwise.
     */
    public static boolean equalsIgnoreCase(
        final DirectBuffer a,
        final int aStart,
        final int aEnd,
        final int aName,
        final DirectBuffer b,
        final int bStart,
        final int bEnd,
        final int bName)
    {
        int pa = aName;
        int pb = bName;
        int lowA = aName;
        int lowB = bName;
        int total = 0;
        while (true)
        {
            final int ra = resolve(a, aStart, aEnd, pa, lowA);
            final int rb = resolve(b, bStart, bEnd, pb, lowB);
            if (ra < 0 || rb < 0)
            {
                return false;
            }
            lowA = ra != pa ? ra : lowA;
            lowB = rb != pb ? rb : lowB;
            pa = ra;
            pb = rb;
            final int la = a.getByte(pa) & 0xFF;
            final int lb = b.getByte(pb) & 0xFF;
            if (la != lb || (la & POINTER_MASK) != 0)
            {
                return false;
            }
            if (la == 0)
            {
                return true;
            }
            total += la + 1;
            if (total + 1 > MAX_LENGTH || pa + 1 + la >= aEnd || pb + 1 + lb >= bEnd)
            {
                return false;
            }
            for (int i = 1; i <= la; i++)
            {
                if (lower(a.getByte(pa + i)) != lower(b.getByte(pb + i)))
                {
                    return false;
                }
            }
            pa += 1 + la;
            pb += 1 + lb;
        }
    }

    /**
     * Compares the name at {@code name} in a message with a preencoded uncompressed name held in a byte array.
     *
     * @param buffer  holding the message.
     * @param start   offset of the message.
     * @param end     offset just past the message.
     * @param name    offset of the name.
     * @param encoded uncompressed wire name, e.g. from {@link #encode(String)}, wrapped in a buffer.
     * @return true when equal ignoring ASCII case.
     */
    public static boolean equalsIgnoreCase(
        final DirectBuffer buffer, final int start, final int end, final int name, final DirectBuffer encoded)
    {
        return equalsIgnoreCase(buffer, start, end, name, encoded, 0, encoded.capacity(), 0);
    }

    /**
     * Follows pointers from {@code position} to the next real label; returns its offset, or -1 when malformed. Each
     * call follows at most {@link #MAX_POINTER_JUMPS} pointers and a name has at most 128 labels, so a comparison
     * does bounded work.
     */
    private static int resolve(
        final DirectBuffer buffer, final int start, final int end, final int position, final int segmentStart)
    {
        int p = position;
        int low = segmentStart;
        int jumps = 0;
        while (true)
        {
            if (p < start || p >= end)
            {
                return -1;
            }
            final int length = buffer.getByte(p) & 0xFF;
            if ((length & POINTER_MASK) != POINTER_MASK)
            {
                return p;
            }
            if (p + 1 >= end || ++jumps > MAX_POINTER_JUMPS)
            {
                return -1;
            }
            final int target = start + (((length & 0x3F) << 8) | (buffer.getByte(p + 1) & 0xFF));
            if (target < start + DnsHeader.LENGTH || target >= low)
            {
                return -1;
            }
            p = target;
            low = target;
        }
    }

    private static int lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    /**
     * Encodes a dotted name ({@code "example.com"}, {@code "example.com."}, {@code "."}) in uncompressed wire form
     * (cold code; no escapes).
     *
     * @param dotted the name.
     * @return the wire form, root label included.
     * @throws IllegalArgumentException for empty labels, labels above 63 octets or names above 255.
     */
    public static byte[] encode(final String dotted)
    {
        final String text = dotted.endsWith(".") ? dotted.substring(0, dotted.length() - 1) : dotted;
        final byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[ascii.length + (ascii.length == 0 ? 1 : 2)];
        if (out.length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("name=\"" + dotted + "\" is longer than 255 octets in wire form");
        }
        int labelStart = 0;
        int w = 0;
        for (int i = 0; i <= ascii.length && ascii.length > 0; i++)
        {
            if (i == ascii.length || ascii[i] == '.')
            {
                final int length = i - labelStart;
                if (length == 0 || length > MAX_LABEL_LENGTH)
                {
                    throw new IllegalArgumentException("name=\"" + dotted + "\" has a label of length " + length);
                }
                out[w++] = (byte)length;
                System.arraycopy(ascii, labelStart, out, w, length);
                w += length;
                labelStart = i + 1;
            }
        }
        out[w] = 0;
        return out;
    }

    /**
     * Renders the name at {@code offset} as dotted text ending in {@code "."} (cold code, for tests and logs).
     *
     * @param buffer holding the message.
     * @param start  offset of the message.
     * @param end    offset just past the message.
     * @param offset of the name.
     * @return e.g. {@code "www.example.com."}, or {@code "<malformed:label>"}.
     */
    public static String toString(final DirectBuffer buffer, final int start, final int end, final int offset)
    {
        final int stored = skip(buffer, start, end, offset);
        if (stored < 0)
        {
            return "<malformed:" + DnsError.label(stored) + ">";
        }
        final StringBuilder sb = new StringBuilder();
        int position = offset;
        while (true)
        {
            final int length = buffer.getByte(position) & 0xFF;
            if (length == 0)
            {
                return sb.length() == 0 ? "." : sb.toString();
            }
            if ((length & POINTER_MASK) == POINTER_MASK)
            {
                position = start + (((length & 0x3F) << 8) | (buffer.getByte(position + 1) & 0xFF));
            }
            else
            {
                for (int i = 1; i <= length; i++)
                {
                    sb.append((char)(buffer.getByte(position + i) & 0xFF));
                }
                sb.append('.');
                position += length + 1;
            }
        }
    }
}
