package io.xlat.dns64.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Static accessors over the 12-byte DNS header (RFC 1035 4.1.1; AD and CD from RFC 4035 3.2).
 * <pre>
 *                                   1  1  1  1  1  1
 *     0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |                      ID                       |  0
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |  2
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |                    QDCOUNT                    |  4
 *   |                    ANCOUNT                    |  6
 *   |                    NSCOUNT                    |  8
 *   |                    ARCOUNT                    |  10
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 * The caller checks that 12 bytes are present ({@link DnsMessageReader#wrap} does).
 */
public final class DnsHeader
{
    /** Length of the header. */
    public static final int LENGTH = 12;
    /** Offset of the 16-bit ID. */
    public static final int ID_OFFSET = 0;
    /** Offset of the 16-bit flags word. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of QDCOUNT; ANCOUNT, NSCOUNT and ARCOUNT follow, 2 bytes each. */
    public static final int QDCOUNT_OFFSET = 4;
    /** Offset of ANCOUNT. */
    public static final int ANCOUNT_OFFSET = 6;
    /** Offset of NSCOUNT. */
    public static final int NSCOUNT_OFFSET = 8;
    /** Offset of ARCOUNT. */
    public static final int ARCOUNT_OFFSET = 10;

    /** QR: this message is a response. */
    public static final int QR_FLAG = 0x8000;
    /** Mask of the 4-bit OPCODE. */
    public static final int OPCODE_MASK = 0x7800;
    /** Shift of the OPCODE. */
    public static final int OPCODE_SHIFT = 11;
    /** AA: authoritative answer. */
    public static final int AA_FLAG = 0x0400;
    /** TC: truncated. */
    public static final int TC_FLAG = 0x0200;
    /** RD: recursion desired. */
    public static final int RD_FLAG = 0x0100;
    /** RA: recursion available. */
    public static final int RA_FLAG = 0x0080;
    /** Z: reserved, zero. */
    public static final int Z_FLAG = 0x0040;
    /** AD: authentic data (RFC 4035 3.2.3). */
    public static final int AD_FLAG = 0x0020;
    /** CD: checking disabled (RFC 4035 3.2.2). */
    public static final int CD_FLAG = 0x0010;
    /** Mask of the low 4 bits of the RCODE (the high 8 bits live in the OPT record, RFC 6891 6.1.3). */
    public static final int RCODE_MASK = 0x000F;

    /** OPCODE QUERY. */
    public static final int OPCODE_QUERY = 0;

    /** RCODE NOERROR. */
    public static final int RCODE_NOERROR = 0;
    /** RCODE FORMERR. */
    public static final int RCODE_FORMERR = 1;
    /** RCODE SERVFAIL. */
    public static final int RCODE_SERVFAIL = 2;
    /** RCODE NXDOMAIN (Name Error). */
    public static final int RCODE_NXDOMAIN = 3;
    /** RCODE NOTIMP. */
    public static final int RCODE_NOTIMP = 4;
    /** RCODE REFUSED. */
    public static final int RCODE_REFUSED = 5;
    /** Extended RCODE BADVERS (RFC 6891 6.1.3). */
    public static final int RCODE_BADVERS = 16;

    private DnsHeader()
    {
    }

    /**
     * Reads the ID.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @return 0..65535.
     */
    public static int id(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + ID_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Reads the flags word (QR, OPCODE, AA, TC, RD, RA, Z, AD, CD, RCODE).
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @return 0..65535.
     */
    public static int flags(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Reads one of the four section counts.
     *
     * @param buffer  holding the message.
     * @param offset  of the message.
     * @param section {@link DnsMessageReader#QUESTION} .. {@link DnsMessageReader#ADDITIONAL}.
     * @return 0..65535.
     */
    public static int count(final DirectBuffer buffer, final int offset, final int section)
    {
        return buffer.getShort(offset + QDCOUNT_OFFSET + 2 * section, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Writes the ID.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param id     0..65535.
     */
    public static void id(final MutableDirectBuffer buffer, final int offset, final int id)
    {
        buffer.putShort(offset + ID_OFFSET, (short)id, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Writes the flags word.
     *
     * @param buffer holding the message.
     * @param offset of the message.
     * @param flags  0..65535.
     */
    public static void flags(final MutableDirectBuffer buffer, final int offset, final int flags)
    {
        buffer.putShort(offset + FLAGS_OFFSET, (short)flags, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Writes one of the four section counts.
     *
     * @param buffer  holding the message.
     * @param offset  of the message.
     * @param section {@link DnsMessageReader#QUESTION} .. {@link DnsMessageReader#ADDITIONAL}.
     * @param count   0..65535.
     */
    public static void count(final MutableDirectBuffer buffer, final int offset, final int section, final int count)
    {
        buffer.putShort(offset + QDCOUNT_OFFSET + 2 * section, (short)count, ByteOrder.BIG_ENDIAN);
    }

    /**
     * The OPCODE of a flags word.
     *
     * @param flags from {@link #flags(DirectBuffer, int)}.
     * @return 0..15.
     */
    public static int opcode(final int flags)
    {
        return (flags & OPCODE_MASK) >>> OPCODE_SHIFT;
    }
}
