package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

import io.xlat.core.stats.DropReason;

/**
 * Flyweight over the IPv6 Fragment extension header (RFC 8200 4.5).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Identification                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6FragmentHeader
{
    /** Length of the Fragment header. */
    public static final int HEADER_LENGTH = 8;

    /** Offset of the Next Header byte. */
    public static final int NEXT_HEADER_OFFSET = 0;
    /** Offset of the reserved byte. */
    public static final int RESERVED_OFFSET = 1;
    /** Offset of the 16-bit fragment offset + flags word. */
    public static final int FRAGMENT_OFFSET_OFFSET = 2;
    /** Offset of the 32-bit Identification. */
    public static final int IDENTIFICATION_OFFSET = 4;

    /** M flag (more fragments) in the fragment offset word. */
    public static final int MORE_FRAGMENTS_FLAG = 0x0001;
    /** Mask of the 13-bit fragment offset after shifting the word right by 3. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private MutableDirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wraps the Fragment header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the Fragment header's first byte.
     * @param length number of bytes available from {@code offset}.
     * @return this flyweight.
     */
    public Ipv6FragmentHeader wrap(final MutableDirectBuffer buffer, final int offset, final int length)
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
     * Checks that the 8 bytes of the header are present.
     *
     * @return {@link #HEADER_LENGTH}, or {@code -DropReason.TRUNCATED_EXTENSION_HEADER}.
     */
    public int validate()
    {
        return length < HEADER_LENGTH ? -DropReason.TRUNCATED_EXTENSION_HEADER : HEADER_LENGTH;
    }

    /**
     * Returns the Next Header of the fragmentable part.
     *
     * @return the next header, 0..255.
     */
    public int nextHeader()
    {
        return buffer.getByte(offset + NEXT_HEADER_OFFSET) & 0xFF;
    }

    /**
     * Returns the fragment offset in 8-byte units.
     *
     * @return the offset, 0..8191.
     */
    public int fragmentOffset()
    {
        return (word() >>> 3) & FRAGMENT_OFFSET_MASK;
    }

    /**
     * Returns the fragment offset in bytes.
     *
     * @return {@code fragmentOffset() * 8}.
     */
    public int fragmentOffsetBytes()
    {
        return fragmentOffset() << 3;
    }

    /**
     * Returns the M flag.
     *
     * @return {@code true} if more fragments follow.
     */
    public boolean moreFragments()
    {
        return (word() & MORE_FRAGMENTS_FLAG) != 0;
    }

    /**
     * Returns the Identification.
     *
     * @return the 32-bit identification.
     */
    public int identification()
    {
        return buffer.getInt(offset + IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Sets the Next Header.
     *
     * @param nextHeader the next header, 0..255.
     * @return this flyweight.
     */
    public Ipv6FragmentHeader nextHeader(final int nextHeader)
    {
        buffer.putByte(offset + NEXT_HEADER_OFFSET, (byte)nextHeader);
        return this;
    }

    /**
     * Sets the reserved byte to zero (senders must, RFC 8200 4.5).
     *
     * @return this flyweight.
     */
    public Ipv6FragmentHeader clearReserved()
    {
        buffer.putByte(offset + RESERVED_OFFSET, (byte)0);
        return this;
    }

    /**
     * Sets the fragment offset, keeping the M flag and clearing the two reserved bits.
     *
     * @param fragmentOffset the offset in 8-byte units, 0..8191.
     * @return this flyweight.
     */
    public Ipv6FragmentHeader fragmentOffset(final int fragmentOffset)
    {
        final int word = ((fragmentOffset & FRAGMENT_OFFSET_MASK) << 3) | (word() & MORE_FRAGMENTS_FLAG);
        buffer.putShort(offset + FRAGMENT_OFFSET_OFFSET, (short)word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets or clears the M flag, keeping the fragment offset.
     *
     * @param moreFragments the new M flag.
     * @return this flyweight.
     */
    public Ipv6FragmentHeader moreFragments(final boolean moreFragments)
    {
        final int word = (word() & ~MORE_FRAGMENTS_FLAG) | (moreFragments ? MORE_FRAGMENTS_FLAG : 0);
        buffer.putShort(offset + FRAGMENT_OFFSET_OFFSET, (short)word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Identification.
     *
     * @param identification the 32-bit identification.
     * @return this flyweight.
     */
    public Ipv6FragmentHeader identification(final int identification)
    {
        buffer.putInt(offset + IDENTIFICATION_OFFSET, identification, ByteOrder.BIG_ENDIAN);
        return this;
    }

    private int word()
    {
        return buffer.getShort(offset + FRAGMENT_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
