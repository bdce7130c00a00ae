package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.xlat.core.stats.DropReason;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200 3).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version| Traffic Class |           Flow Label                  |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Payload Length        |  Next Header  |   Hop Limit   |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +                         Source Address                        +  8
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +                      Destination Address                      + 24
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Addresses are read and written as two big-endian longs each ({@code sourceHigh()} = bytes 8..15). Wrap it over
 * the bytes available from the start of the header, call {@link #validate()} once, then trust the accessors.
 */
public final class Ipv6Header
{
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 40;
    /** Alias of {@link #HEADER_LENGTH}. */
    public static final int MIN_HEADER_LENGTH = HEADER_LENGTH;

    /** Offset of the 32-bit version + traffic class + flow label word. */
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    /** Offset of the 16-bit Payload Length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of the Next Header byte. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of the Hop Limit byte. */
    public static final int HOP_LIMIT_OFFSET = 7;
    /** Offset of the 16-byte source address. */
    public static final int SOURCE_OFFSET = 8;
    /** Offset of the 16-byte destination address. */
    public static final int DESTINATION_OFFSET = 24;
    /** Length of an IPv6 address in bytes. */
    public static final int ADDRESS_LENGTH = 16;

    /** The version this flyweight accepts. */
    public static final int VERSION = 6;
    /** Mask of the 20-bit flow label. */
    public static final int FLOW_LABEL_MASK = 0xFFFFF;

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
    public Ipv6Header wrap(final MutableDirectBuffer buffer, final int offset, final int length)
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

    // ----- static one-field readers -----

    /**
     * Reads the version nibble of the IP header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the version, 0..15.
     */
    public static int version(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset) & 0xF0) >>> 4;
    }

    /**
     * Reads the Payload Length of the IPv6 header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the payload length, 0..65535.
     */
    public static int payloadLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + PAYLOAD_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Reads the Next Header of the IPv6 header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the next header, 0..255.
     */
    public static int nextHeader(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    // ----- validation -----

    /**
     * Checks everything the accessors and the extension-header walker rely on (RFC 8200 3), in this order:
     * <ul>
     *     <li>fewer than 40 bytes available: {@link DropReason#TRUNCATED};</li>
     *     <li>version not 6: {@link DropReason#BAD_VERSION};</li>
     *     <li>Payload Length 0 with a Hop-by-Hop header next, i.e. a jumbogram (RFC 2675, not supported):
     *     {@link DropReason#BAD_PAYLOAD_LENGTH};</li>
     *     <li>40 + Payload Length beyond the bytes available: {@link DropReason#BAD_PAYLOAD_LENGTH}.</li>
     * </ul>
     * Bytes beyond 40 + Payload Length (link padding) are allowed. A Payload Length of 0 with any other next header
     * is a valid empty payload.
     *
     * @return {@link #HEADER_LENGTH}, or minus a {@link DropReason}.
     */
    public int validate()
    {
        if (length < HEADER_LENGTH)
        {
            return -DropReason.TRUNCATED;
        }
        if (version() != VERSION)
        {
            return -DropReason.BAD_VERSION;
        }
        final int payloadLength = payloadLength();
        if (payloadLength == 0 && nextHeader() == IpProtocol.HOPOPT)
        {
            return -DropReason.BAD_PAYLOAD_LENGTH;
        }
        if (HEADER_LENGTH + payloadLength > length)
        {
            return -DropReason.BAD_PAYLOAD_LENGTH;
        }
        return HEADER_LENGTH;
    }

    // ----- getters -----

    /**
     * Returns the version nibble.
     *
     * @return the version, 6 for a valid header.
     */
    public int version()
    {
        return (buffer.getByte(offset) & 0xF0) >>> 4;
    }

    /**
     * Returns the Traffic Class, copied to the IPv4 TOS (RFC 7915 5.1).
     *
     * @return the traffic class, 0..255.
     */
    public int trafficClass()
    {
        return (buffer.getShort(offset, ByteOrder.BIG_ENDIAN) >>> 4) & 0xFF;
    }

    /**
     * Returns the Flow Label.
     *
     * @return the flow label, 0..0xFFFFF.
     */
    public int flowLabel()
    {
        return buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & FLOW_LABEL_MASK;
    }

    /**
     * Returns the Payload Length: bytes after the fixed header, extension headers included.
     *
     * @return the payload length, 0..65535.
     */
    public int payloadLength()
    {
        return buffer.getShort(offset + PAYLOAD_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the Next Header: the first extension header or the upper-layer protocol.
     *
     * @return the next header, 0..255.
     */
    public int nextHeader()
    {
        return buffer.getByte(offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    /**
     * Returns the Hop Limit.
     *
     * @return the hop limit, 0..255.
     */
    public int hopLimit()
    {
        return buffer.getByte(offset + HOP_LIMIT_OFFSET) & 0xFF;
    }

    /**
     * Returns the first 8 bytes of the source address.
     *
     * @return bytes 8..15 of the header, big-endian.
     */
    public long sourceHigh()
    {
        return buffer.getLong(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the last 8 bytes of the source address.
     *
     * @return bytes 16..23 of the header, big-endian.
     */
    public long sourceLow()
    {
        return buffer.getLong(offset + SOURCE_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the first 8 bytes of the destination address.
     *
     * @return bytes 24..31 of the header, big-endian.
     */
    public long destinationHigh()
    {
        return buffer.getLong(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the last 8 bytes of the destination address.
     *
     * @return bytes 32..39 of the header, big-endian.
     */
    public long destinationLow()
    {
        return buffer.getLong(offset + DESTINATION_OFFSET + 8, ByteOrder.BIG_ENDIAN);
    }

    // ----- setters -----

    /**
     * Sets the version nibble, keeping the traffic class.
     *
     * @param version the version, 0..15.
     * @return this flyweight.
     */
    public Ipv6Header version(final int version)
    {
        final int b = buffer.getByte(offset) & 0x0F;
        buffer.putByte(offset, (byte)(((version & 0x0F) << 4) | b));
        return this;
    }

    /**
     * Sets the Traffic Class, keeping the version and flow label.
     *
     * @param trafficClass the traffic class, 0..255.
     * @return this flyweight.
     */
    public Ipv6Header trafficClass(final int trafficClass)
    {
        final int word = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xF00F;
        buffer.putShort(offset, (short)(word | ((trafficClass & 0xFF) << 4)), ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Flow Label, keeping the version and traffic class.
     *
     * @param flowLabel the flow label, 0..0xFFFFF.
     * @return this flyweight.
     */
    public Ipv6Header flowLabel(final int flowLabel)
    {
        final int word = buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & ~FLOW_LABEL_MASK;
        buffer.putInt(offset, word | (flowLabel & FLOW_LABEL_MASK), ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets version 6, a traffic class and a flow label in one write.
     *
     * @param trafficClass the traffic class, 0..255.
     * @param flowLabel    the flow label, 0..0xFFFFF.
     * @return this flyweight.
     */
    public Ipv6Header versionClassFlow(final int trafficClass, final int flowLabel)
    {
        final int word = (VERSION << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & FLOW_LABEL_MASK);
        buffer.putInt(offset, word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Payload Length.
     *
     * @param payloadLength bytes after the fixed header, 0..65535.
     * @return this flyweight.
     */
    public Ipv6Header payloadLength(final int payloadLength)
    {
        buffer.putShort(offset + PAYLOAD_LENGTH_OFFSET, (short)payloadLength, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Next Header.
     *
     * @param nextHeader the next header, 0..255.
     * @return this flyweight.
     */
    public Ipv6Header nextHeader(final int nextHeader)
    {
        buffer.putByte(offset + NEXT_HEADER_OFFSET, (byte)nextHeader);
        return this;
    }

    /**
     * Sets the Hop Limit.
     *
     * @param hopLimit the hop limit, 0..255.
     * @return this flyweight.
     */
    public Ipv6Header hopLimit(final int hopLimit)
    {
        buffer.putByte(offset + HOP_LIMIT_OFFSET, (byte)hopLimit);
        return this;
    }

    /**
     * Sets the source address.
     *
     * @param high the first 8 bytes, big-endian.
     * @param low  the last 8 bytes, big-endian.
     * @return this flyweight.
     */
    public Ipv6Header source(final long high, final long low)
    {
        buffer.putLong(offset + SOURCE_OFFSET, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + SOURCE_OFFSET + 8, low, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the destination address.
     *
     * @param high the first 8 bytes, big-endian.
     * @param low  the last 8 bytes, big-endian.
     * @return this flyweight.
     */
    public Ipv6Header destination(final long high, final long low)
    {
        buffer.putLong(offset + DESTINATION_OFFSET, high, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + DESTINATION_OFFSET + 8, low, ByteOrder.BIG_ENDIAN);
        return this;
    }
}
