package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.stats.DropReason;

/**
 * Flyweight over an IPv4 header (RFC 791 3.1).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |0|D|M|      Fragment Offset    |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL > 5)          |    Padding    | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Wrap it over the bytes available from the start of the header, call {@link #validate()} once, then trust the
 * accessors. The flyweight is reusable and never allocates.
 */
public final class Ipv4Header
{
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Length of a header with the largest IHL (15 words). */
    public static final int MAX_HEADER_LENGTH = 60;
    /** Alias of {@link #MIN_HEADER_LENGTH}: the fixed part of the header. */
    public static final int HEADER_LENGTH = MIN_HEADER_LENGTH;

    /** Offset of the version (high nibble) and IHL (low nibble) byte. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the Type of Service (DSCP + ECN) byte. */
    public static final int TOS_OFFSET = 1;
    /** Offset of the 16-bit Total Length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the 16-bit Identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of the 16-bit flags + fragment offset word. */
    public static final int FLAGS_FRAGMENT_OFFSET_OFFSET = 6;
    /** Offset of the Time to Live byte. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the Protocol byte. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the 16-bit Header Checksum. */
    public static final int HEADER_CHECKSUM_OFFSET = 10;
    /** Offset of the 32-bit source address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of the 32-bit destination address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Offset of the first option byte, when IHL > 5. */
    public static final int OPTIONS_OFFSET = 20;

    /** The version this flyweight accepts. */
    public static final int VERSION = 4;

    /** Reserved flag bit of the flags + fragment offset word (must be zero, RFC 791). */
    public static final int RESERVED_FLAG = 0x8000;
    /** Don't Fragment flag bit of the flags + fragment offset word. */
    public static final int DONT_FRAGMENT_FLAG = 0x4000;
    /** More Fragments flag bit of the flags + fragment offset word. */
    public static final int MORE_FRAGMENTS_FLAG = 0x2000;
    /** Mask of the 13-bit fragment offset (in 8-byte units). */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    /** Option type End of Option List (RFC 791). */
    public static final int OPTION_END_OF_LIST = 0;
    /** Option type No Operation (RFC 791). */
    public static final int OPTION_NO_OPERATION = 1;
    /** Option type Loose Source and Record Route (RFC 791). */
    public static final int OPTION_LOOSE_SOURCE_ROUTE = 131;
    /** Option type Strict Source and Record Route (RFC 791). */
    public static final int OPTION_STRICT_SOURCE_ROUTE = 137;
    /** Returned by {@link #findOption} when the option is absent (distinct from {@code -BAD_IPV4_OPTIONS}). */
    public static final int NO_OPTION = -1;

    private MutableDirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wraps the header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @param length number of bytes available from {@code offset} (the packet as received, at least).
     * @return this flyweight.
     */
    public Ipv4Header wrap(final MutableDirectBuffer buffer, final int offset, final int length)
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

    // ----- static one-field readers for dispatch -----

    /**
     * Reads the version nibble of the IP header at {@code offset} (works for IPv6 too).
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
     * Reads the header length in bytes (IHL * 4) of the IPv4 header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the header length in bytes, 0..60.
     */
    public static int headerLength(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset) & 0x0F) << 2;
    }

    /**
     * Reads the Total Length of the IPv4 header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the total length, 0..65535.
     */
    public static int totalLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Reads the Protocol of the IPv4 header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the protocol number, 0..255.
     */
    public static int protocol(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    /**
     * Reads the source address of the IPv4 header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the source address.
     */
    public static int source(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Reads the destination address of the IPv4 header at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first header byte.
     * @return the destination address.
     */
    public static int destination(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    // ----- validation -----

    /**
     * Validates the header without verifying its checksum; see {@link #validate(boolean)}.
     *
     * @return the header length in bytes, or minus a {@link DropReason}.
     */
    public int validate()
    {
        return validate(false);
    }

    /**
     * Checks everything the accessors rely on (RFC 791 3.1, RFC 1122 3.2.1.1-3.2.1.2), in this order:
     * <ul>
     *     <li>fewer than 20 bytes available: {@link DropReason#TRUNCATED};</li>
     *     <li>version not 4: {@link DropReason#BAD_VERSION};</li>
     *     <li>IHL below 5: {@link DropReason#BAD_IHL};</li>
     *     <li>header (IHL * 4) longer than the bytes available: {@link DropReason#TRUNCATED};</li>
     *     <li>header longer than Total Length (including Total Length below 20): {@link DropReason#BAD_IHL};</li>
     *     <li>Total Length beyond the bytes available: {@link DropReason#BAD_TOTAL_LENGTH};</li>
     *     <li>an option whose length byte is missing, below 2 or runs past the header:
     *     {@link DropReason#BAD_IPV4_OPTIONS};</li>
     *     <li>with {@code verifyChecksum}, a header that does not sum to 0xFFFF:
     *     {@link DropReason#BAD_HEADER_CHECKSUM}.</li>
     * </ul>
     * Bytes beyond Total Length (link padding) are allowed.
     *
     * @param verifyChecksum whether to verify the header checksum (RFC 1122 3.2.1.2).
     * @return the header length in bytes (20..60), or minus a {@link DropReason}.
     */
    public int validate(final boolean verifyChecksum)
    {
        if (length < MIN_HEADER_LENGTH)
        {
            return -DropReason.TRUNCATED;
        }
        final int versionIhl = buffer.getByte(offset) & 0xFF;
        if ((versionIhl >>> 4) != VERSION)
        {
            return -DropReason.BAD_VERSION;
        }
        final int headerLength = (versionIhl & 0x0F) << 2;
        if (headerLength < MIN_HEADER_LENGTH)
        {
            return -DropReason.BAD_IHL;
        }
        if (headerLength > length)
        {
            return -DropReason.TRUNCATED;
        }
        final int totalLength = totalLength();
        if (headerLength > totalLength)
        {
            return -DropReason.BAD_IHL;
        }
        if (totalLength > length)
        {
            return -DropReason.BAD_TOTAL_LENGTH;
        }
        if (headerLength > MIN_HEADER_LENGTH &&
            validateOptions(buffer, offset + OPTIONS_OFFSET, headerLength - MIN_HEADER_LENGTH) < 0)
        {
            return -DropReason.BAD_IPV4_OPTIONS;
        }
        if (verifyChecksum && Checksum.sum(buffer, offset, headerLength, 0) != Checksum.NEGATIVE_ZERO)
        {
            return -DropReason.BAD_HEADER_CHECKSUM;
        }
        return headerLength;
    }

    // ----- options (RFC 791 3.1 "Options") -----

    /**
     * Checks the option list: every option other than End of List and No Operation has a length byte of at least
     * 2 that stays within the options area. The walk is bounded by {@code optionsLength} (at most 40).
     *
     * @param buffer        the packet buffer.
     * @param optionsOffset index of the first option byte.
     * @param optionsLength number of option bytes (IHL * 4 - 20).
     * @return 0 if well formed, or {@code -DropReason.BAD_IPV4_OPTIONS}.
     */
    public static int validateOptions(final DirectBuffer buffer, final int optionsOffset, final int optionsLength)
    {
        final int found = findOption(buffer, optionsOffset, optionsLength, -1);
        return found == NO_OPTION ? 0 : found;
    }

    /**
     * Finds the first option of a given type, checking the lengths of the options walked over.
     *
     * @param buffer        the packet buffer.
     * @param optionsOffset index of the first option byte.
     * @param optionsLength number of option bytes.
     * @param type          the option type byte to look for (e.g. {@link #OPTION_LOOSE_SOURCE_ROUTE}); a value
     *                      outside 0..255 finds nothing and just validates.
     * @return the index of the option's type byte; {@link #NO_OPTION} if absent; or
     * {@code -DropReason.BAD_IPV4_OPTIONS} if an option before it (or, when absent, any option) is malformed.
     */
    public static int findOption(
        final DirectBuffer buffer, final int optionsOffset, final int optionsLength, final int type)
    {
        final int end = optionsOffset + optionsLength;
        int i = optionsOffset;
        while (i < end)
        {
            final int optionType = buffer.getByte(i) & 0xFF;
            if (optionType == type)
            {
                if (optionType > OPTION_NO_OPERATION && !isOptionLengthValid(buffer, i, end))
                {
                    return -DropReason.BAD_IPV4_OPTIONS;
                }
                return i;
            }
            if (optionType == OPTION_END_OF_LIST)
            {
                return NO_OPTION;
            }
            if (optionType == OPTION_NO_OPERATION)
            {
                i++;
            }
            else
            {
                if (!isOptionLengthValid(buffer, i, end))
                {
                    return -DropReason.BAD_IPV4_OPTIONS;
                }
                i += buffer.getByte(i + 1) & 0xFF;
            }
        }
        return NO_OPTION;
    }

    private static boolean isOptionLengthValid(final DirectBuffer buffer, final int index, final int end)
    {
        if (index + 1 >= end)
        {
            return false;
        }
        final int optionLength = buffer.getByte(index + 1) & 0xFF;
        return optionLength >= 2 && index + optionLength <= end;
    }

    /**
     * Tells whether a Loose or Strict Source and Record Route option is present (RFC 7915 4.1: such packets are
     * not translated). Call after {@link #validate()}.
     *
     * @return {@code true} if option 131 or 137 appears in the header.
     */
    public boolean hasSourceRoute()
    {
        final int optionsLength = optionsLength();
        return optionsLength > 0 && findSourceRoute(buffer, offset + OPTIONS_OFFSET, optionsLength) >= 0;
    }

    /**
     * Finds the first Loose (131) or Strict (137) Source and Record Route option in one pass (RFC 7915 4.1).
     *
     * @param buffer        the packet buffer.
     * @param optionsOffset index of the first option byte.
     * @param optionsLength number of option bytes.
     * @return the index of the option's type byte; {@link #NO_OPTION} if neither is present; or
     * {@code -DropReason.BAD_IPV4_OPTIONS} if an option walked over is malformed.
     */
    public static int findSourceRoute(final DirectBuffer buffer, final int optionsOffset, final int optionsLength)
    {
        final int end = optionsOffset + optionsLength;
        int i = optionsOffset;
        while (i < end)
        {
            final int optionType = buffer.getByte(i) & 0xFF;
            if (optionType == OPTION_END_OF_LIST)
            {
                return NO_OPTION;
            }
            if (optionType == OPTION_NO_OPERATION)
            {
                i++;
                continue;
            }
            if (!isOptionLengthValid(buffer, i, end))
            {
                return -DropReason.BAD_IPV4_OPTIONS;
            }
            if (optionType == OPTION_LOOSE_SOURCE_ROUTE || optionType == OPTION_STRICT_SOURCE_ROUTE)
            {
                return i;
            }
            i += buffer.getByte(i + 1) & 0xFF;
        }
        return NO_OPTION;
    }

    /**
     * Returns the number of option bytes: {@code headerLength() - 20}.
     *
     * @return the options length, 0..40 for a valid header.
     */
    public int optionsLength()
    {
        return headerLength() - MIN_HEADER_LENGTH;
    }

    // ----- getters -----

    /**
     * Returns the version nibble.
     *
     * @return the version, 4 for a valid header.
     */
    public int version()
    {
        return (buffer.getByte(offset) & 0xF0) >>> 4;
    }

    /**
     * Returns the Internet Header Length in 32-bit words.
     *
     * @return the IHL, 5..15 for a valid header.
     */
    public int ihl()
    {
        return buffer.getByte(offset) & 0x0F;
    }

    /**
     * Returns the header length in bytes: IHL * 4.
     *
     * @return the header length.
     */
    public int headerLength()
    {
        return (buffer.getByte(offset) & 0x0F) << 2;
    }

    /**
     * Returns the Type of Service byte (DSCP and ECN), copied to the IPv6 Traffic Class (RFC 7915 4.1).
     *
     * @return the TOS, 0..255.
     */
    public int tos()
    {
        return buffer.getByte(offset + TOS_OFFSET) & 0xFF;
    }

    /**
     * Returns the Total Length: header plus data in bytes.
     *
     * @return the total length, 0..65535.
     */
    public int totalLength()
    {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the Identification.
     *
     * @return the identification, 0..65535.
     */
    public int identification()
    {
        return buffer.getShort(offset + IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the whole flags + fragment offset word.
     *
     * @return the word, 0..65535; test it with the {@code *_FLAG} constants.
     */
    public int flagsAndFragmentOffset()
    {
        return buffer.getShort(offset + FLAGS_FRAGMENT_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the Don't Fragment flag.
     *
     * @return {@code true} if DF is set.
     */
    public boolean dontFragment()
    {
        return (flagsAndFragmentOffset() & DONT_FRAGMENT_FLAG) != 0;
    }

    /**
     * Returns the More Fragments flag.
     *
     * @return {@code true} if MF is set.
     */
    public boolean moreFragments()
    {
        return (flagsAndFragmentOffset() & MORE_FRAGMENTS_FLAG) != 0;
    }

    /**
     * Returns the fragment offset in 8-byte units.
     *
     * @return the offset, 0..8191.
     */
    public int fragmentOffset()
    {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
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
     * Tells whether the packet is a fragment: MF set or a non-zero fragment offset (RFC 791).
     *
     * @return {@code true} for any fragment, first, middle or last.
     */
    public boolean isFragment()
    {
        return (flagsAndFragmentOffset() & (MORE_FRAGMENTS_FLAG | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /**
     * Returns the Time to Live.
     *
     * @return the TTL, 0..255.
     */
    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    /**
     * Returns the Protocol.
     *
     * @return the protocol number, 0..255.
     */
    public int protocol()
    {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    /**
     * Returns the Header Checksum field.
     *
     * @return the field, 0..65535.
     */
    public int headerChecksum()
    {
        return buffer.getShort(offset + HEADER_CHECKSUM_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the source address.
     *
     * @return the source as an int.
     */
    public int source()
    {
        return buffer.getInt(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the destination address.
     *
     * @return the destination as an int.
     */
    public int destination()
    {
        return buffer.getInt(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    // ----- setters -----

    /**
     * Sets the version nibble, keeping the IHL.
     *
     * @param version the version, 0..15.
     * @return this flyweight.
     */
    public Ipv4Header version(final int version)
    {
        final int b = buffer.getByte(offset) & 0x0F;
        buffer.putByte(offset, (byte)(((version & 0x0F) << 4) | b));
        return this;
    }

    /**
     * Sets the IHL nibble, keeping the version.
     *
     * @param ihl the header length in 32-bit words, 0..15.
     * @return this flyweight.
     */
    public Ipv4Header ihl(final int ihl)
    {
        final int b = buffer.getByte(offset) & 0xF0;
        buffer.putByte(offset, (byte)(b | (ihl & 0x0F)));
        return this;
    }

    /**
     * Sets the Type of Service byte.
     *
     * @param tos the TOS, 0..255.
     * @return this flyweight.
     */
    public Ipv4Header tos(final int tos)
    {
        buffer.putByte(offset + TOS_OFFSET, (byte)tos);
        return this;
    }

    /**
     * Sets the Total Length.
     *
     * @param totalLength header plus data in bytes, 0..65535.
     * @return this flyweight.
     */
    public Ipv4Header totalLength(final int totalLength)
    {
        buffer.putShort(offset + TOTAL_LENGTH_OFFSET, (short)totalLength, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the Identification.
     *
     * @param identification the identification, 0..65535.
     * @return this flyweight.
     */
    public Ipv4Header identification(final int identification)
    {
        buffer.putShort(offset + IDENTIFICATION_OFFSET, (short)identification, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the whole flags + fragment offset word.
     *
     * @param word the word, 0..65535.
     * @return this flyweight.
     */
    public Ipv4Header flagsAndFragmentOffset(final int word)
    {
        buffer.putShort(offset + FLAGS_FRAGMENT_OFFSET_OFFSET, (short)word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets or clears the Don't Fragment flag, keeping the rest of the word.
     *
     * @param dontFragment the new DF.
     * @return this flyweight.
     */
    public Ipv4Header dontFragment(final boolean dontFragment)
    {
        final int word = flagsAndFragmentOffset() & ~DONT_FRAGMENT_FLAG;
        return flagsAndFragmentOffset(dontFragment ? word | DONT_FRAGMENT_FLAG : word);
    }

    /**
     * Sets or clears the More Fragments flag, keeping the rest of the word.
     *
     * @param moreFragments the new MF.
     * @return this flyweight.
     */
    public Ipv4Header moreFragments(final boolean moreFragments)
    {
        final int word = flagsAndFragmentOffset() & ~MORE_FRAGMENTS_FLAG;
        return flagsAndFragmentOffset(moreFragments ? word | MORE_FRAGMENTS_FLAG : word);
    }

    /**
     * Sets the fragment offset, keeping the flags.
     *
     * @param fragmentOffset the offset in 8-byte units, 0..8191.
     * @return this flyweight.
     */
    public Ipv4Header fragmentOffset(final int fragmentOffset)
    {
        final int word = flagsAndFragmentOffset() & ~FRAGMENT_OFFSET_MASK;
        return flagsAndFragmentOffset(word | (fragmentOffset & FRAGMENT_OFFSET_MASK));
    }

    /**
     * Sets the Time to Live.
     *
     * @param ttl the TTL, 0..255.
     * @return this flyweight.
     */
    public Ipv4Header ttl(final int ttl)
    {
        buffer.putByte(offset + TTL_OFFSET, (byte)ttl);
        return this;
    }

    /**
     * Sets the Protocol.
     *
     * @param protocol the protocol number, 0..255.
     * @return this flyweight.
     */
    public Ipv4Header protocol(final int protocol)
    {
        buffer.putByte(offset + PROTOCOL_OFFSET, (byte)protocol);
        return this;
    }

    /**
     * Sets the Header Checksum field.
     *
     * @param headerChecksum the field value, 0..65535.
     * @return this flyweight.
     */
    public Ipv4Header headerChecksum(final int headerChecksum)
    {
        buffer.putShort(offset + HEADER_CHECKSUM_OFFSET, (short)headerChecksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the source address.
     *
     * @param source the source as an int.
     * @return this flyweight.
     */
    public Ipv4Header source(final int source)
    {
        buffer.putInt(offset + SOURCE_OFFSET, source, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the destination address.
     *
     * @param destination the destination as an int.
     * @return this flyweight.
     */
    public Ipv4Header destination(final int destination)
    {
        buffer.putInt(offset + DESTINATION_OFFSET, destination, ByteOrder.BIG_ENDIAN);
        return this;
    }

    // ----- checksum -----

    /**
     * Computes the header checksum over {@link #headerLength()} bytes as if the checksum field were zero
     * (RFC 791 3.1). Does not write it.
     *
     * @return the field value to store.
     */
    public int computeHeaderChecksum()
    {
        final int before = Checksum.sum(buffer, offset, HEADER_CHECKSUM_OFFSET, 0);
        final int afterOffset = HEADER_CHECKSUM_OFFSET + 2;
        final int all = Checksum.sum(buffer, offset + afterOffset, headerLength() - afterOffset, before);
        return Checksum.finish(all);
    }

    /**
     * Computes the header checksum and stores it in the Header Checksum field.
     *
     * @return this flyweight.
     */
    public Ipv4Header updateHeaderChecksum()
    {
        return headerChecksum(computeHeaderChecksum());
    }
}
