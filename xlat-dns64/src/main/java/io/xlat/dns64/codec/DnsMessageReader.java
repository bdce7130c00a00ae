package io.xlat.dns64.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Reads a DNS message (RFC 1035 4.1) in place: {@link #wrap} validates the whole message once, then
 * {@link #next()} walks questions and resource records of all four sections with no allocation.
 * <pre>
 *   +---------------------+
 *   |        Header       |  12 bytes, {@link DnsHeader}
 *   +---------------------+
 *   |       Question      |  QNAME, QTYPE(2), QCLASS(2)                      x QDCOUNT
 *   +---------------------+
 *   |        Answer       |  NAME, TYPE(2), CLASS(2), TTL(4), RDLENGTH(2),    x ANCOUNT
 *   +---------------------+  RDATA(RDLENGTH)
 *   |      Authority      |                                                  x NSCOUNT
 *   +---------------------+
 *   |      Additional     |  may hold one OPT pseudo-RR (RFC 6891 6.1.2)      x ARCOUNT
 *   +---------------------+
 * </pre>
 * Validation checks every name ({@link DnsName#skip}), that every question and record lies inside the message, that
 * the counts neither overrun nor leave trailing bytes, that A/AAAA RDATA has length 4/16, that names inside
 * CNAME/NS/PTR/DNAME/MX/SRV/SOA RDATA are well formed and fill the RDATA exactly, that OPT options fit, and that
 * there is at most one OPT, in the additional section, owned by the root (RFC 6891 6.1.1). After a successful
 * {@link #wrap}, every accessor is safe.
 * <p>
 * One reader per thread; reuse it for every message.
 */
public final class DnsMessageReader
{
    /** Section index of the question section. */
    public static final int QUESTION = 0;
    /** Section index of the answer section. */
    public static final int ANSWER = 1;
    /** Section index of the authority section. */
    public static final int AUTHORITY = 2;
    /** Section index of the additional section. */
    public static final int ADDITIONAL = 3;

    /** Offset of TYPE after a record's owner name. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of CLASS after a record's owner name. */
    public static final int CLASS_OFFSET = 2;
    /** Offset of TTL after a record's owner name. */
    public static final int TTL_OFFSET = 4;
    /** Offset of RDLENGTH after a record's owner name. */
    public static final int RDLENGTH_OFFSET = 8;
    /** Length of the fixed part of a resource record after its owner name. */
    public static final int RECORD_FIXED_LENGTH = 10;
    /** Length of the fixed part of a question after its name. */
    public static final int QUESTION_FIXED_LENGTH = 4;
    /** DO bit in the OPT TTL field (RFC 3225 3). */
    public static final int DO_FLAG = 0x8000;

    private final int[] counts = new int[4];
    private DirectBuffer buffer;
    private int start;
    private int end;
    private int optOffset;
    private int optFixed;

    private int section;
    private int index;
    private int entryOffset;
    private int fixedOffset;
    private int nextOffset;

    /**
     * Wraps and validates a message, then rewinds the cursor before the first question.
     *
     * @param buffer holding the message.
     * @param offset of the first header byte.
     * @param length of the message.
     * @return the number of questions plus records ({@code >= 0}), or a negative {@link DnsError} code; on a
     * negative result only {@link #buffer()}, {@link #start()} and {@link #end()} may be used.
     */
    public int wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.start = offset;
        this.end = offset + Math.max(length, 0);
        this.optOffset = -1;
        this.optFixed = -1;
        section = 4;
        if (length < DnsHeader.LENGTH)
        {
            return DnsError.TRUNCATED_HEADER;
        }
        int total = 0;
        for (int s = 0; s < 4; s++)
        {
            counts[s] = DnsHeader.count(buffer, offset, s);
            total += counts[s];
        }
        final int result = validate();
        if (result < 0)
        {
            return result;
        }
        rewind();
        return total;
    }

    private int validate()
    {
        int position = start + DnsHeader.LENGTH;
        for (int s = 0; s < 4; s++)
        {
            final int count = counts[s];
            for (int i = 0; i < count; i++)
            {
                final int fixed = DnsName.skip(buffer, start, end, position);
                if (fixed < 0)
                {
                    return fixed;
                }
                if (s == QUESTION)
                {
                    if (fixed + QUESTION_FIXED_LENGTH > end)
                    {
                        return DnsError.TRUNCATED_RECORD;
                    }
                    position = fixed + QUESTION_FIXED_LENGTH;
                    continue;
                }
                if (fixed + RECORD_FIXED_LENGTH > end)
                {
                    return DnsError.TRUNCATED_RECORD;
                }
                final int type = u16(fixed + TYPE_OFFSET);
                final int rdata = fixed + RECORD_FIXED_LENGTH;
                final int rdataEnd = rdata + u16(fixed + RDLENGTH_OFFSET);
                if (rdataEnd > end)
                {
                    return DnsError.TRUNCATED_RECORD;
                }
                if (type == DnsRecordType.OPT)
                {
                    if (s != ADDITIONAL || optOffset >= 0 || buffer.getByte(position) != 0)
                    {
                        return DnsError.BAD_OPT;
                    }
                    optOffset = position;
                    optFixed = fixed;
                }
                final int check = checkRdata(type, rdata, rdataEnd);
                if (check < 0)
                {
                    return check;
                }
                position = rdataEnd;
            }
        }
        return position == end ? 0 : DnsError.TRAILING_BYTES;
    }

    private int checkRdata(final int type, final int rdata, final int rdataEnd)
    {
        final int length = rdataEnd - rdata;
        switch (type)
        {
            case DnsRecordType.A:
                return length == 4 ? 0 : DnsError.BAD_RDATA;
            case DnsRecordType.AAAA:
                return length == 16 ? 0 : DnsError.BAD_RDATA;
            case DnsRecordType.CNAME:
            case DnsRecordType.NS:
            case DnsRecordType.PTR:
            case DnsRecordType.DNAME:
                return nameFills(rdata, rdataEnd);
            case DnsRecordType.MX:
                return length < 3 ? DnsError.BAD_RDATA : nameFills(rdata + 2, rdataEnd);
            case DnsRecordType.SRV:
                return length < 7 ? DnsError.BAD_RDATA : nameFills(rdata + 6, rdataEnd);
            case DnsRecordType.SOA:
                return checkSoa(rdata, rdataEnd);
            case DnsRecordType.OPT:
                return checkOptions(rdata, rdataEnd);
            default:
                return 0;
        }
    }

    private int nameFills(final int nameOffset, final int rdataEnd)
    {
        final int after = DnsName.skip(buffer, start, rdataEnd, nameOffset);
        if (after < 0)
        {
            // Pointers may reach back before the RDATA; only the bytes stored in place must stay inside it.
            final int full = DnsName.skip(buffer, start, end, nameOffset);
            return full < 0 ? full : DnsError.BAD_RDATA;
        }
        return after == rdataEnd ? 0 : DnsError.BAD_RDATA;
    }

    private int checkSoa(final int rdata, final int rdataEnd)
    {
        final int mname = DnsName.skip(buffer, start, end, rdata);
        if (mname < 0)
        {
            return mname;
        }
        if (mname >= rdataEnd)
        {
            return DnsError.BAD_RDATA;
        }
        final int rname = DnsName.skip(buffer, start, end, mname);
        if (rname < 0)
        {
            return rname;
        }
        return rname + 20 == rdataEnd ? 0 : DnsError.BAD_RDATA;
    }

    private int checkOptions(final int rdata, final int rdataEnd)
    {
        int position = rdata;
        while (position < rdataEnd)
        {
            if (position + 4 > rdataEnd)
            {
                return DnsError.BAD_OPT;
            }
            position += 4 + u16(position + 2);
        }
        return position == rdataEnd ? 0 : DnsError.BAD_OPT;
    }

    /**
     * Moves the cursor back before the first question.
     */
    public void rewind()
    {
        section = QUESTION;
        index = -1;
        nextOffset = start + DnsHeader.LENGTH;
        entryOffset = -1;
        fixedOffset = -1;
    }

    /**
     * Advances to the next question or record, across section boundaries.
     *
     * @return false when there is none left (or the last {@link #wrap} failed).
     */
    public boolean next()
    {
        while (section < 4 && index >= counts[section] - 1)
        {
            section++;
            index = -1;
        }
        if (section >= 4)
        {
            return false;
        }
        index++;
        entryOffset = nextOffset;
        fixedOffset = DnsName.skip(buffer, start, end, entryOffset);
        nextOffset = section == QUESTION ? fixedOffset + QUESTION_FIXED_LENGTH :
            fixedOffset + RECORD_FIXED_LENGTH + rdataLength();
        return true;
    }

    /**
     * The wrapped buffer.
     *
     * @return the buffer given to {@link #wrap}.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset of the message (compression pointers are relative to it).
     *
     * @return the offset given to {@link #wrap}.
     */
    public int start()
    {
        return start;
    }

    /**
     * Offset just past the message.
     *
     * @return {@code start() + length}.
     */
    public int end()
    {
        return end;
    }

    /**
     * The message ID.
     *
     * @return 0..65535.
     */
    public int id()
    {
        return DnsHeader.id(buffer, start);
    }

    /**
     * The header flags word.
     *
     * @return 0..65535, see {@link DnsHeader}.
     */
    public int flags()
    {
        return DnsHeader.flags(buffer, start);
    }

    /**
     * Whether QR is set.
     *
     * @return true for a response.
     */
    public boolean isResponse()
    {
        return (flags() & DnsHeader.QR_FLAG) != 0;
    }

    /**
     * The full 12-bit RCODE: the header's 4 bits plus the OPT record's upper 8 bits (RFC 6891 6.1.3).
     *
     * @return 0..4095.
     */
    public int rcode()
    {
        final int low = flags() & DnsHeader.RCODE_MASK;
        return optFixed < 0 ? low : (buffer.getByte(optFixed + TTL_OFFSET) & 0xFF) << 4 | low;
    }

    /**
     * A section count from the header (validated against the message).
     *
     * @param section {@link #QUESTION} .. {@link #ADDITIONAL}.
     * @return 0..65535.
     */
    public int count(final int section)
    {
        return counts[section];
    }

    /**
     * Offset of the name of the first question.
     *
     * @return the offset, or -1 when QDCOUNT is 0.
     */
    public int questionNameOffset()
    {
        return counts[QUESTION] > 0 ? start + DnsHeader.LENGTH : -1;
    }

    /**
     * QTYPE of the first question (QDCOUNT must be at least 1).
     *
     * @return the type.
     */
    public int questionType()
    {
        return u16(DnsName.skip(buffer, start, end, start + DnsHeader.LENGTH));
    }

    /**
     * QCLASS of the first question (QDCOUNT must be at least 1).
     *
     * @return the class.
     */
    public int questionClass()
    {
        return u16(DnsName.skip(buffer, start, end, start + DnsHeader.LENGTH) + 2);
    }

    /**
     * Whether the message has an OPT record (EDNS(0), RFC 6891).
     *
     * @return true when an OPT record is present.
     */
    public boolean hasOpt()
    {
        return optFixed >= 0;
    }

    /**
     * The requestor's UDP payload size from the OPT CLASS field (RFC 6891 6.2.3).
     *
     * @return 0..65535, or 512 when there is no OPT.
     */
    public int optUdpPayloadSize()
    {
        return optFixed < 0 ? 512 : u16(optFixed + CLASS_OFFSET);
    }

    /**
     * The EDNS version from the OPT TTL field (RFC 6891 6.1.3).
     *
     * @return 0..255, or -1 when there is no OPT.
     */
    public int optVersion()
    {
        return optFixed < 0 ? -1 : buffer.getByte(optFixed + TTL_OFFSET + 1) & 0xFF;
    }

    /**
     * Whether the DO bit is set in the OPT record (RFC 3225 3).
     *
     * @return false when there is no OPT.
     */
    public boolean dnssecOk()
    {
        return optFixed >= 0 && (u16(optFixed + TTL_OFFSET + 2) & DO_FLAG) != 0;
    }

    /**
     * Offset of the OPT record (its root owner byte).
     *
     * @return the offset, or -1 when there is none.
     */
    public int optRecordOffset()
    {
        return optOffset;
    }

    /**
     * The section of the current entry.
     *
     * @return {@link #QUESTION} .. {@link #ADDITIONAL}.
     */
    public int section()
    {
        return section;
    }

    /**
     * Offset of the current entry's (owner) name.
     *
     * @return the offset where the entry starts.
     */
    public int nameOffset()
    {
        return entryOffset;
    }

    /**
     * Offset just past the current entry.
     *
     * @return the end offset.
     */
    public int entryEnd()
    {
        return nextOffset;
    }

    /**
     * TYPE (or QTYPE) of the current entry.
     *
     * @return the type.
     */
    public int type()
    {
        return u16(fixedOffset + TYPE_OFFSET);
    }

    /**
     * CLASS (or QCLASS) of the current entry.
     *
     * @return the class.
     */
    public int dnsClass()
    {
        return u16(fixedOffset + CLASS_OFFSET);
    }

    /**
     * TTL of the current record, with RFC 2181 8 applied: a value with the top bit set is read as 0.
     *
     * @return 0..2147483647.
     */
    public int ttl()
    {
        final int raw = buffer.getInt(fixedOffset + TTL_OFFSET, ByteOrder.BIG_ENDIAN);
        return raw < 0 ? 0 : raw;
    }

    /**
     * Offset of the 32-bit TTL field of the current record (for callers that rewrite TTLs in place).
     *
     * @return the offset.
     */
    public int ttlOffset()
    {
        return fixedOffset + TTL_OFFSET;
    }

    /**
     * RDLENGTH of the current record.
     *
     * @return 0..65535.
     */
    public int rdataLength()
    {
        return u16(fixedOffset + RDLENGTH_OFFSET);
    }

    /**
     * Offset of the RDATA of the current record.
     *
     * @return the offset.
     */
    public int rdataOffset()
    {
        return fixedOffset + RECORD_FIXED_LENGTH;
    }

    /**
     * The IPv4 address of the current A record.
     *
     * @return the address as an int.
     */
    public int a()
    {
        return buffer.getInt(rdataOffset(), ByteOrder.BIG_ENDIAN);
    }

    /**
     * Bytes 0..7 of the IPv6 address of the current AAAA record.
     *
     * @return the high half.
     */
    public long aaaaHigh()
    {
        return buffer.getLong(rdataOffset(), ByteOrder.BIG_ENDIAN);
    }

    /**
     * Bytes 8..15 of the IPv6 address of the current AAAA record.
     *
     * @return the low half.
     */
    public long aaaaLow()
    {
        return buffer.getLong(rdataOffset() + 8, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Offset of the domain name in the RDATA of a CNAME, NS, PTR or DNAME record (MX and SRV: after their fixed
     * fields).
     *
     * @return the offset of the target name (possibly compressed, relative to {@link #start()}).
     */
    public int rdataNameOffset()
    {
        final int type = type();
        if (type == DnsRecordType.MX)
        {
            return rdataOffset() + 2;
        }
        return type == DnsRecordType.SRV ? rdataOffset() + 6 : rdataOffset();
    }

    /**
     * SOA MINIMUM of the current SOA record (RFC 1035 3.3.13; the negative-caching TTL field of RFC 2308 4).
     *
     * @return 0..2147483647 (RFC 2181 8 applied).
     */
    public int soaMinimum()
    {
        final int value = buffer.getInt(soaFixed() + 16, ByteOrder.BIG_ENDIAN);
        return value < 0 ? 0 : value;
    }

    /**
     * SOA SERIAL of the current SOA record.
     *
     * @return the serial (unsigned 32 bits in an int).
     */
    public int soaSerial()
    {
        return buffer.getInt(soaFixed(), ByteOrder.BIG_ENDIAN);
    }

    private int soaFixed()
    {
        final int mname = DnsName.skip(buffer, start, end, rdataOffset());
        return DnsName.skip(buffer, start, end, mname);
    }

    /**
     * The Type Covered field of the current RRSIG record (RFC 4034 3.1).
     *
     * @return the type, or -1 when the RDATA is shorter than 2 bytes.
     */
    public int rrsigTypeCovered()
    {
        return rdataLength() < 2 ? -1 : u16(rdataOffset());
    }

    private int u16(final int index)
    {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
