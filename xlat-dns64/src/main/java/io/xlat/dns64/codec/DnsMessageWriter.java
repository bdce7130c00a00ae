package io.xlat.dns64.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes a DNS message (RFC 1035 4.1) into a caller's buffer with a moving limit: {@link #header}, then questions,
 * then records section by section ({@link #beginRecord} ... {@link #endRecord}, or {@link #copyRecord} from a
 * {@link DnsMessageReader}); the header counts are kept up to date after every entry.
 * <p>
 * Names are compressed (RFC 1035 4.1.4) against a small fixed table of the offsets of labels already written
 * ({@link #COMPRESSION_TABLE_SIZE} entries, first come first kept): for each suffix of the name, longest first, the
 * table is searched for an equal name (ASCII case-insensitive) and the rest becomes a pointer. Names inside RDATA
 * are compressed only for the RFC 1035 types (NS, CNAME, SOA, PTR, MX) and written in full for the others
 * (SRV per RFC 2782, DNAME per RFC 6672 2.5; RFC 3597 4).
 * <p>
 * Running out of room is not an exception: the first failure is kept ({@link #error()}), later calls do nothing
 * and return it, and {@link #length()} returns it. Misuse of the API (records out of section order, a record not
 * ended) throws {@link IllegalStateException}. One writer per thread; {@link #wrap} resets it.
 */
public final class DnsMessageWriter
{
    /** Number of label offsets remembered for compression. */
    public static final int COMPRESSION_TABLE_SIZE = 32;

    private final int[] table = new int[COMPRESSION_TABLE_SIZE];
    private final int[] counts = new int[4];
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[DnsName.MAX_LENGTH + 1]);
    private MutableDirectBuffer buffer;
    private int start;
    private int capacityEnd;
    private int limit;
    private int tableSize;
    private int section;
    private int rdlengthOffset;
    private int error;

    /**
     * Wraps an output window and resets the writer; call {@link #header} next.
     *
     * @param buffer   to write into.
     * @param offset   of the first message byte.
     * @param capacity bytes available from {@code offset} (e.g. the client's UDP payload size).
     * @return this writer.
     */
    public DnsMessageWriter wrap(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        this.buffer = buffer;
        this.start = offset;
        this.capacityEnd = offset + capacity;
        this.limit = offset;
        this.tableSize = 0;
        this.section = -1;
        this.rdlengthOffset = -1;
        this.error = 0;
        counts[0] = 0;
        counts[1] = 0;
        counts[2] = 0;
        counts[3] = 0;
        return this;
    }

    /**
     * Writes the header with all counts zero.
     *
     * @param id    the message ID.
     * @param flags the flags word (see {@link DnsHeader}).
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int header(final int id, final int flags)
    {
        if (error < 0)
        {
            return error;
        }
        if (section != -1)
        {
            throw new IllegalStateException("header already written: section=" + section);
        }
        if (!ensure(DnsHeader.LENGTH))
        {
            return error;
        }
        buffer.setMemory(start, DnsHeader.LENGTH, (byte)0);
        DnsHeader.id(buffer, start, id);
        DnsHeader.flags(buffer, start, flags);
        limit = start + DnsHeader.LENGTH;
        section = DnsMessageReader.QUESTION;
        return limit - start;
    }

    /**
     * Rewrites the flags word of the header already written.
     *
     * @param flags the flags word.
     */
    public void flags(final int flags)
    {
        if (section >= 0)
        {
            DnsHeader.flags(buffer, start, flags);
        }
    }

    /**
     * Writes a question whose name is read from a message (or an uncompressed name: pass its own bounds).
     *
     * @param nameBuffer holding the name.
     * @param nameStart  offset of the message holding the name.
     * @param nameEnd    offset just past that message.
     * @param nameOffset offset of the name.
     * @param type       QTYPE.
     * @param dnsClass   QCLASS.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int question(
        final DirectBuffer nameBuffer,
        final int nameStart,
        final int nameEnd,
        final int nameOffset,
        final int type,
        final int dnsClass)
    {
        if (error < 0)
        {
            return error;
        }
        moveTo(DnsMessageReader.QUESTION);
        if (writeName(nameBuffer, nameStart, nameEnd, nameOffset, true) < 0 || !ensure(4))
        {
            return error;
        }
        putShortRaw(type);
        putShortRaw(dnsClass);
        bump(DnsMessageReader.QUESTION);
        return limit - start;
    }

    /**
     * Writes a question with a preencoded uncompressed name held in a buffer of exactly its length.
     *
     * @param encodedName e.g. {@code new UnsafeBuffer(DnsName.encode("example.com"))}.
     * @param type        QTYPE.
     * @param dnsClass    QCLASS.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int question(final DirectBuffer encodedName, final int type, final int dnsClass)
    {
        return question(encodedName, 0, encodedName.capacity(), 0, type, dnsClass);
    }

    /**
     * Starts a resource record: owner name, TYPE, CLASS, TTL and a placeholder RDLENGTH; write the RDATA with the
     * {@code put*} methods, then call {@link #endRecord()}.
     *
     * @param section    {@link DnsMessageReader#ANSWER}, {@link DnsMessageReader#AUTHORITY} or
     *                   {@link DnsMessageReader#ADDITIONAL}; not before the section last written.
     * @param nameBuffer holding the owner name.
     * @param nameStart  offset of the message holding the owner name.
     * @param nameEnd    offset just past that message.
     * @param nameOffset offset of the owner name.
     * @param type       TYPE.
     * @param dnsClass   CLASS.
     * @param ttl        TTL (written as 32 bits).
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int beginRecord(
        final int section,
        final DirectBuffer nameBuffer,
        final int nameStart,
        final int nameEnd,
        final int nameOffset,
        final int type,
        final int dnsClass,
        final int ttl)
    {
        if (error < 0)
        {
            return error;
        }
        if (section < DnsMessageReader.ANSWER || section > DnsMessageReader.ADDITIONAL)
        {
            throw new IllegalStateException("records go in sections 1..3: section=" + section);
        }
        moveTo(section);
        if (writeName(nameBuffer, nameStart, nameEnd, nameOffset, true) < 0 ||
            !ensure(DnsMessageReader.RECORD_FIXED_LENGTH))
        {
            return error;
        }
        putShortRaw(type);
        putShortRaw(dnsClass);
        buffer.putInt(limit, ttl, ByteOrder.BIG_ENDIAN);
        limit += 4;
        rdlengthOffset = limit;
        putShortRaw(0);
        return limit - start;
    }

    /**
     * Appends a 4-byte IPv4 address to the RDATA.
     *
     * @param ipv4 the address.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int putA(final int ipv4)
    {
        return putInt(ipv4);
    }

    /**
     * Appends a 16-byte IPv6 address to the RDATA.
     *
     * @param high bytes 0..7.
     * @param low  bytes 8..15.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int putAaaa(final long high, final long low)
    {
        if (error < 0 || !ensure(16))
        {
            return error;
        }
        buffer.putLong(limit, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(limit + 8, low, ByteOrder.BIG_ENDIAN);
        limit += 16;
        return limit - start;
    }

    /**
     * Appends a 16-bit value.
     *
     * @param value 0..65535.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int putShort(final int value)
    {
        if (error < 0 || !ensure(2))
        {
            return error;
        }
        putShortRaw(value);
        return limit - start;
    }

    /**
     * Appends a 32-bit value.
     *
     * @param value the value.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int putInt(final int value)
    {
        if (error < 0 || !ensure(4))
        {
            return error;
        }
        buffer.putInt(limit, value, ByteOrder.BIG_ENDIAN);
        limit += 4;
        return limit - start;
    }

    /**
     * Appends raw bytes.
     *
     * @param source holding the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int putBytes(final DirectBuffer source, final int offset, final int length)
    {
        if (error < 0 || !ensure(length))
        {
            return error;
        }
        buffer.putBytes(limit, source, offset, length);
        limit += length;
        return limit - start;
    }

    /**
     * Appends a domain name read from a message, expanded and (when {@code compress}) compressed against this
     * message.
     *
     * @param nameBuffer holding the name.
     * @param nameStart  offset of the message holding the name.
     * @param nameEnd    offset just past that message.
     * @param nameOffset offset of the name.
     * @param compress   whether pointers may be used (RFC 3597 4: only for RFC 1035 types).
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int putName(
        final DirectBuffer nameBuffer,
        final int nameStart,
        final int nameEnd,
        final int nameOffset,
        final boolean compress)
    {
        if (error < 0)
        {
            return error;
        }
        return writeName(nameBuffer, nameStart, nameEnd, nameOffset, compress) < 0 ? error : limit - start;
    }

    /**
     * Ends the record begun by {@link #beginRecord}: fills in RDLENGTH and bumps the section count.
     *
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int endRecord()
    {
        if (error < 0)
        {
            return error;
        }
        if (rdlengthOffset < 0)
        {
            throw new IllegalStateException("endRecord without beginRecord");
        }
        buffer.putShort(rdlengthOffset, (short)(limit - rdlengthOffset - 2), ByteOrder.BIG_ENDIAN);
        rdlengthOffset = -1;
        bump(section);
        return limit - start;
    }

    /**
     * Copies the reader's current record into a section, expanding names that the source message compressed and
     * compressing them against this message.
     *
     * @param reader  positioned on a record (not a question).
     * @param section the section to write it in.
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int copyRecord(final DnsMessageReader reader, final int section)
    {
        final DirectBuffer src = reader.buffer();
        final int s = reader.start();
        final int e = reader.end();
        final int type = reader.type();
        final int ttl = src.getInt(reader.ttlOffset(), ByteOrder.BIG_ENDIAN);
        if (beginRecord(section, src, s, e, reader.nameOffset(), type, reader.dnsClass(), ttl) < 0)
        {
            return error;
        }
        final int rdata = reader.rdataOffset();
        switch (type)
        {
            case DnsRecordType.CNAME:
            case DnsRecordType.NS:
            case DnsRecordType.PTR:
                putName(src, s, e, rdata, true);
                break;
            case DnsRecordType.DNAME:
                putName(src, s, e, rdata, false);
                break;
            case DnsRecordType.MX:
                putBytes(src, rdata, 2);
                putName(src, s, e, rdata + 2, true);
                break;
            case DnsRecordType.SRV:
                putBytes(src, rdata, 6);
                putName(src, s, e, rdata + 6, false);
                break;
            case DnsRecordType.SOA:
                final int rname = DnsName.skip(src, s, e, rdata);
                putName(src, s, e, rdata, true);
                putName(src, s, e, rname, true);
                putBytes(src, DnsName.skip(src, s, e, rname), 20);
                break;
            default:
                putBytes(src, rdata, reader.rdataLength());
                break;
        }
        return endRecord();
    }

    /**
     * Writes an OPT pseudo-record in the additional section (RFC 6891 6.1.2), with no options.
     *
     * @param udpPayloadSize the sender's UDP payload size (CLASS field).
     * @param extendedRcode  the full RCODE; its upper 8 bits go in the TTL field (RFC 6891 6.1.3).
     * @param version        EDNS version, 0.
     * @param dnssecOk       the DO bit (RFC 3225 3).
     * @return the length so far, or a negative {@link DnsError} code.
     */
    public int opt(final int udpPayloadSize, final int extendedRcode, final int version, final boolean dnssecOk)
    {
        if (error < 0)
        {
            return error;
        }
        moveTo(DnsMessageReader.ADDITIONAL);
        if (!ensure(11))
        {
            return error;
        }
        buffer.putByte(limit++, (byte)0);
        putShortRaw(DnsRecordType.OPT);
        putShortRaw(udpPayloadSize);
        buffer.putByte(limit++, (byte)(extendedRcode >>> 4));
        buffer.putByte(limit++, (byte)version);
        putShortRaw(dnssecOk ? DnsMessageReader.DO_FLAG : 0);
        putShortRaw(0);
        bump(DnsMessageReader.ADDITIONAL);
        return limit - start;
    }

    /**
     * Bytes written so far, or the first error.
     *
     * @return the message length, or a negative {@link DnsError} code.
     */
    public int length()
    {
        return error < 0 ? error : limit - start;
    }

    /**
     * The first error met, if any.
     *
     * @return 0, or a negative {@link DnsError} code.
     */
    public int error()
    {
        return error;
    }

    /**
     * The number of entries written in a section.
     *
     * @param section {@link DnsMessageReader#QUESTION} .. {@link DnsMessageReader#ADDITIONAL}.
     * @return the count.
     */
    public int count(final int section)
    {
        return counts[section];
    }

    private void moveTo(final int target)
    {
        if (section < 0)
        {
            throw new IllegalStateException("write the header first");
        }
        if (rdlengthOffset >= 0)
        {
            throw new IllegalStateException("record not ended: section=" + section);
        }
        if (target < section)
        {
            throw new IllegalStateException("sections go in order: writing section=" + target + " after section=" +
                section);
        }
        section = target;
    }

    private void bump(final int s)
    {
        counts[s]++;
        DnsHeader.count(buffer, start, s, counts[s]);
    }

    private boolean ensure(final int length)
    {
        if (limit + length > capacityEnd)
        {
            error = DnsError.OUTPUT_TOO_SMALL;
            return false;
        }
        return true;
    }

    private void putShortRaw(final int value)
    {
        buffer.putShort(limit, (short)value, ByteOrder.BIG_ENDIAN);
        limit += 2;
    }

    private int writeName(
        final DirectBuffer nameBuffer,
        final int nameStart,
        final int nameEnd,
        final int nameOffset,
        final boolean compress)
    {
        final int length = DnsName.expand(nameBuffer, nameStart, nameEnd, nameOffset, scratch, 0);
        if (length < 0)
        {
            error = length;
            return length;
        }
        int match = length - 1;
        int pointer = -1;
        if (compress)
        {
            int position = 0;
            search:
            while (position < length - 1)
            {
                for (int i = 0; i < tableSize; i++)
                {
                    if (DnsName.equalsIgnoreCase(buffer, start, limit, table[i], scratch, 0, length, position))
                    {
                        match = position;
                        pointer = table[i];
                        break search;
                    }
                }
                position += (scratch.getByte(position) & 0xFF) + 1;
            }
        }
        if (!ensure(pointer >= 0 ? match + 2 : length))
        {
            return error;
        }
        int position = 0;
        while (position < match)
        {
            final int labelLength = scratch.getByte(position) & 0xFF;
            if (tableSize < COMPRESSION_TABLE_SIZE && limit - start <= DnsName.MAX_POINTER_OFFSET)
            {
                table[tableSize++] = limit;
            }
            buffer.putBytes(limit, scratch, position, labelLength + 1);
            limit += labelLength + 1;
            position += labelLength + 1;
        }
        if (pointer >= 0)
        {
            putShortRaw(0xC000 | (pointer - start));
        }
        else
        {
            buffer.putByte(limit++, (byte)0);
        }
        return 0;
    }
}
