package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.xlat.core.stats.DropReason;

/**
 * Flyweight over a TCP header (RFC 9293 3.1).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Sequence Number                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Acknowledgment Number                      |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data |       |C|E|U|A|P|R|S|F|                               |
 *  | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             | 12
 *  |       |       |R|E|G|K|H|T|N|N|                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |         Urgent Pointer        | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (Data Offset > 5)                  | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpHeader
{
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Alias of {@link #MIN_HEADER_LENGTH}. */
    public static final int HEADER_LENGTH = MIN_HEADER_LENGTH;
    /** Length of a header with the largest data offset (15 words). */
    public static final int MAX_HEADER_LENGTH = 60;

    /** Offset of the 16-bit Source Port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the 16-bit Destination Port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the 32-bit Sequence Number. */
    public static final int SEQUENCE_NUMBER_OFFSET = 4;
    /** Offset of the 32-bit Acknowledgment Number. */
    public static final int ACKNOWLEDGMENT_NUMBER_OFFSET = 8;
    /** Offset of the Data Offset (high nibble) byte. */
    public static final int DATA_OFFSET_OFFSET = 12;
    /** Offset of the flags byte (CWR..FIN). */
    public static final int FLAGS_OFFSET = 13;
    /** Offset of the 16-bit Window. */
    public static final int WINDOW_OFFSET = 14;
    /** Offset of the 16-bit Checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Offset of the 16-bit Urgent Pointer. */
    public static final int URGENT_POINTER_OFFSET = 18;
    /** Offset of the first option byte. */
    public static final int OPTIONS_OFFSET = 20;

    /** FIN flag. */
    public static final int FIN_FLAG = 0x01;
    /** SYN flag. */
    public static final int SYN_FLAG = 0x02;
    /** RST flag. */
    public static final int RST_FLAG = 0x04;
    /** PSH flag. */
    public static final int PSH_FLAG = 0x08;
    /** ACK flag. */
    public static final int ACK_FLAG = 0x10;
    /** URG flag. */
    public static final int URG_FLAG = 0x20;
    /** ECE flag (RFC 3168). */
    public static final int ECE_FLAG = 0x40;
    /** CWR flag (RFC 3168). */
    public static final int CWR_FLAG = 0x80;

    private MutableDirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wraps the header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @param length number of bytes available from {@code offset}.
     * @return this flyweight.
     */
    public TcpHeader wrap(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Returns the wrapped buffer.
     *
     * @return the buffer given to {@link #wrap}.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Returns the index of the first header byte.
     *
     * @return the offset given to {@link #wrap}.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Returns the number of bytes available from {@link #offset()}.
     *
     * @return the length given to {@link #wrap}.
     */
    public int length()
    {
        return length;
    }

    /**
     * Checks the header: 20 bytes present, Data Offset at least 5 and the header it gives within the bytes
     * available (RFC 9293 3.1).
     *
     * @return the header length in bytes (20..60), or {@code -DropReason.BAD_TRANSPORT_HEADER}.
     */
    public int validate()
    {
        if (length < MIN_HEADER_LENGTH)
        {
            return -DropReason.BAD_TRANSPORT_HEADER;
        }
        final int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH || headerLength > length)
        {
            return -DropReason.BAD_TRANSPORT_HEADER;
        }
        return headerLength;
    }

    /**
     * Reads the source port of the TCP or UDP header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the port, 0..65535.
     */
    public static int sourcePort(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + SOURCE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Reads the destination port of the TCP or UDP header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the port, 0..65535.
     */
    public static int destinationPort(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + DESTINATION_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the Source Port.
     *
     * @return the port, 0..65535.
     */
    public int sourcePort()
    {
        return buffer.getShort(offset + SOURCE_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the Destination Port.
     *
     * @return the port, 0..65535.
     */
    public int destinationPort()
    {
        return buffer.getShort(offset + DESTINATION_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the Checksum field.
     *
     * @return the field, 0..65535.
     */
    public int checksum()
    {
        return buffer.getShort(offset + CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Sets the Source Port.
     *
     * @param port the port, 0..65535.
     * @return this flyweight.
     */
    public TcpHeader sourcePort(final int port)
    {
        buffer.putShort(offset + SOURCE_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Destination Port.
     *
     * @param port the port, 0..65535.
     * @return this flyweight.
     */
    public TcpHeader destinationPort(final int port)
    {
        buffer.putShort(offset + DESTINATION_PORT_OFFSET, (short)port, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Checksum field.
     *
     * @param checksum the field value, 0..65535.
     * @return this flyweight.
     */
    public TcpHeader checksum(final int checksum)
    {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Returns the Sequence Number.
     *
     * @return the 32-bit sequence number.
     */
    public int sequenceNumber()
    {
        return buffer.getInt(offset + SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the Acknowledgment Number.
     *
     * @return the 32-bit acknowledgment number.
     */
    public int acknowledgmentNumber()
    {
        return buffer.getInt(offset + ACKNOWLEDGMENT_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the Data Offset: the header length in 32-bit words.
     *
     * @return the data offset, 0..15.
     */
    public int dataOffset()
    {
        return (buffer.getByte(offset + DATA_OFFSET_OFFSET) & 0xF0) >>> 4;
    }

    /**
     * Returns the header length in bytes: Data Offset * 4.
     *
     * @return the header length, 0..60.
     */
    public int headerLength()
    {
        return (buffer.getByte(offset + DATA_OFFSET_OFFSET) & 0xF0) >>> 2;
    }

    /**
     * Returns the flags byte; test it with the {@code *_FLAG} constants.
     *
     * @return the flags, 0..255.
     */
    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /**
     * Tells whether all the given flags are set.
     *
     * @param flagMask one or more {@code *_FLAG} constants or-ed together.
     * @return {@code true} if every flag in the mask is set.
     */
    public boolean hasFlags(final int flagMask)
    {
        return (flags() & flagMask) == flagMask;
    }

    /**
     * Returns the Window.
     *
     * @return the window, 0..65535.
     */
    public int window()
    {
        return buffer.getShort(offset + WINDOW_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the Urgent Pointer.
     *
     * @return the urgent pointer, 0..65535.
     */
    public int urgentPointer()
    {
        return buffer.getShort(offset + URGENT_POINTER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Sets the Sequence Number.
     *
     * @param sequenceNumber the 32-bit sequence number.
     * @return this flyweight.
     */
    public TcpHeader sequenceNumber(final int sequenceNumber)
    {
        buffer.putInt(offset + SEQUENCE_NUMBER_OFFSET, sequenceNumber, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Acknowledgment Number.
     *
     * @param acknowledgmentNumber the 32-bit acknowledgment number.
     * @return this flyweight.
     */
    public TcpHeader acknowledgmentNumber(final int acknowledgmentNumber)
    {
        buffer.putInt(offset + ACKNOWLEDGMENT_NUMBER_OFFSET, acknowledgmentNumber, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Data Offset, keeping the low nibble of its byte.
     *
     * @param dataOffset the header length in 32-bit words, 0..15.
     * @return this flyweight.
     */
    public TcpHeader dataOffset(final int dataOffset)
    {
        final int low = buffer.getByte(offset + DATA_OFFSET_OFFSET) & 0x0F;
        buffer.putByte(offset + DATA_OFFSET_OFFSET, (byte)(((dataOffset & 0x0F) << 4) | low));
        return this;
    }

    /**
     * Sets the flags byte.
     *
     * @param flags the flags, 0..255.
     * @return this flyweight.
     */
    public TcpHeader flags(final int flags)
    {
        buffer.putByte(offset + FLAGS_OFFSET, (byte)flags);
        return this;
    }

    /**
     * Sets the Window.
     *
     * @param window the window, 0..65535.
     * @return this flyweight.
     */
    public TcpHeader window(final int window)
    {
        buffer.putShort(offset + WINDOW_OFFSET, (short)window, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Urgent Pointer.
     *
     * @param urgentPointer the urgent pointer, 0..65535.
     * @return this flyweight.
     */
    public TcpHeader urgentPointer(final int urgentPointer)
    {
        buffer.putShort(offset + URGENT_POINTER_OFFSET, (short)urgentPointer, ByteOrder.BIG_ENDIAN);
        return this;
    }
}
