package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.xlat.core.stats.DropReason;

/**
 * Flyweight over a UDP header (RFC 768).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Length             |           Checksum            |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A checksum field of 0 means "no checksum" over IPv4 (RFC 768); RFC 7915 4.5 says what a translator does then.
 */
public final class UdpHeader
{
    /** Length of the UDP header. */
    public static final int HEADER_LENGTH = 8;
    /** Alias of {@link #HEADER_LENGTH}. */
    public static final int MIN_HEADER_LENGTH = HEADER_LENGTH;

    /** Offset of the 16-bit Source Port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the 16-bit Destination Port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the 16-bit Length (header plus data). */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the 16-bit Checksum. */
    public static final int CHECKSUM_OFFSET = 6;
    /** Checksum field value meaning "not computed" (IPv4 only, RFC 768). */
    public static final int NO_CHECKSUM = 0;

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
    public UdpHeader wrap(final MutableDirectBuffer buffer, final int offset, final int length)
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
     * Validates a complete datagram: same as {@code validate(false)}.
     *
     * @return {@link #HEADER_LENGTH}, or {@code -DropReason.BAD_TRANSPORT_HEADER}.
     */
    public int validate()
    {
        return validate(false);
    }

    /**
     * Checks the header: 8 bytes present and a Length field of at least 8; unless {@code firstFragmentOnly}, the
     * Length field must also fit in the bytes available. In the first fragment of a fragmented datagram the
     * Length field covers the whole datagram, which is longer than the fragment, so pass {@code true} there.
     * A Length shorter than the bytes available is accepted (the rest is IP-level padding).
     *
     * @param firstFragmentOnly {@code true} when the buffer holds only the first fragment of the datagram.
     * @return {@link #HEADER_LENGTH}, or {@code -DropReason.BAD_TRANSPORT_HEADER}.
     */
    public int validate(final boolean firstFragmentOnly)
    {
        if (length < HEADER_LENGTH)
        {
            return -DropReason.BAD_TRANSPORT_HEADER;
        }
        final int datagramLength = datagramLength();
        if (datagramLength < HEADER_LENGTH || (!firstFragmentOnly && datagramLength > length))
        {
            return -DropReason.BAD_TRANSPORT_HEADER;
        }
        return HEADER_LENGTH;
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
    public UdpHeader sourcePort(final int port)
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
    public UdpHeader destinationPort(final int port)
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
    public UdpHeader checksum(final int checksum)
    {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Returns the Length field: header plus data in bytes.
     *
     * @return the length, 0..65535.
     */
    public int datagramLength()
    {
        return buffer.getShort(offset + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Sets the Length field.
     *
     * @param datagramLength header plus data in bytes, 0..65535.
     * @return this flyweight.
     */
    public UdpHeader datagramLength(final int datagramLength)
    {
        buffer.putShort(offset + LENGTH_OFFSET, (short)datagramLength, ByteOrder.BIG_ENDIAN);
        return this;
    }
}
