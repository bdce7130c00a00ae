package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.xlat.core.stats.DropReason;

/**
 * Flyweight over an ICMPv4 message header (RFC 792), with the type and code constants RFC 7915 4.2 and 5.2
 * translate.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Identifier          |        Sequence Number        |  4  echo request/reply
 *  |    Pointer    |    Length     |            unused             |  4  parameter problem (RFC 4884 length)
 *  |    unused     |    Length     |     Next-Hop MTU (RFC 1191)   |  4  dest. unreachable (code 4: MTU)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     data / original datagram (internet header + leading bytes) |  8
 * </pre>
 * The RFC 4884 Length counts the original datagram in 32-bit words.
 */
public final class Icmpv4Message
{
    /** Length of the ICMP header: type, code, checksum and the 32-bit rest of header. */
    public static final int HEADER_LENGTH = 8;
    /** Alias of {@link #HEADER_LENGTH}. */
    public static final int MIN_HEADER_LENGTH = HEADER_LENGTH;

    /** Offset of the Type byte. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the Code byte. */
    public static final int CODE_OFFSET = 1;
    /** Offset of the 16-bit Checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the 32-bit rest-of-header word. */
    public static final int REST_OF_HEADER_OFFSET = 4;
    /** Offset of the echo Identifier. */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Offset of the echo Sequence Number. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Offset of the Parameter Problem pointer byte (RFC 792). */
    public static final int POINTER_OFFSET = 4;
    /** Offset of the RFC 4884 length byte (original datagram length in 32-bit words). */
    public static final int LENGTH_OFFSET = 5;
    /** Offset of the 16-bit Next-Hop MTU of Fragmentation Needed (RFC 1191 4). */
    public static final int MTU_OFFSET = 6;

    /** Echo Reply. */
    public static final int TYPE_ECHO_REPLY = 0;
    /** Destination Unreachable. */
    public static final int TYPE_DEST_UNREACHABLE = 3;
    /** Source Quench (deprecated, RFC 6633). */
    public static final int TYPE_SOURCE_QUENCH = 4;
    /** Redirect. */
    public static final int TYPE_REDIRECT = 5;
    /** Alternate Host Address (deprecated, RFC 6918). */
    public static final int TYPE_ALTERNATE_HOST_ADDRESS = 6;
    /** Echo Request. */
    public static final int TYPE_ECHO_REQUEST = 8;
    /** Router Advertisement (RFC 1256). */
    public static final int TYPE_ROUTER_ADVERTISEMENT = 9;
    /** Router Solicitation (RFC 1256). */
    public static final int TYPE_ROUTER_SOLICITATION = 10;
    /** Time Exceeded. */
    public static final int TYPE_TIME_EXCEEDED = 11;
    /** Parameter Problem. */
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    /** Timestamp. */
    public static final int TYPE_TIMESTAMP = 13;
    /** Timestamp Reply. */
    public static final int TYPE_TIMESTAMP_REPLY = 14;
    /** Information Request (obsolete). */
    public static final int TYPE_INFORMATION_REQUEST = 15;
    /** Information Reply (obsolete). */
    public static final int TYPE_INFORMATION_REPLY = 16;
    /** Address Mask Request. */
    public static final int TYPE_ADDRESS_MASK_REQUEST = 17;
    /** Address Mask Reply. */
    public static final int TYPE_ADDRESS_MASK_REPLY = 18;

    /** Alias of {@link #TYPE_ECHO_REPLY}. */
    public static final int ECHO_REPLY = TYPE_ECHO_REPLY;
    /** Alias of {@link #TYPE_ECHO_REQUEST}. */
    public static final int ECHO_REQUEST = TYPE_ECHO_REQUEST;
    /** Alias of {@link #TYPE_DEST_UNREACHABLE}. */
    public static final int DEST_UNREACHABLE = TYPE_DEST_UNREACHABLE;
    /** Alias of {@link #TYPE_TIME_EXCEEDED}. */
    public static final int TIME_EXCEEDED = TYPE_TIME_EXCEEDED;
    /** Alias of {@link #TYPE_PARAMETER_PROBLEM}. */
    public static final int PARAMETER_PROBLEM = TYPE_PARAMETER_PROBLEM;

    /** Destination Unreachable code: net unreachable. */
    public static final int CODE_NET_UNREACHABLE = 0;
    /** Destination Unreachable code: host unreachable. */
    public static final int CODE_HOST_UNREACHABLE = 1;
    /** Destination Unreachable code: protocol unreachable. */
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    /** Destination Unreachable code: port unreachable. */
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Destination Unreachable code: fragmentation needed and DF set (RFC 1191). */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Destination Unreachable code: source route failed. */
    public static final int CODE_SOURCE_ROUTE_FAILED = 5;
    /** Destination Unreachable code: destination network unknown (RFC 1122). */
    public static final int CODE_NET_UNKNOWN = 6;
    /** Destination Unreachable code: destination host unknown. */
    public static final int CODE_HOST_UNKNOWN = 7;
    /** Destination Unreachable code: source host isolated. */
    public static final int CODE_SOURCE_HOST_ISOLATED = 8;
    /** Destination Unreachable code: network administratively prohibited. */
    public static final int CODE_NET_ADMIN_PROHIBITED = 9;
    /** Destination Unreachable code: host administratively prohibited. */
    public static final int CODE_HOST_ADMIN_PROHIBITED = 10;
    /** Destination Unreachable code: network unreachable for TOS. */
    public static final int CODE_NET_UNREACHABLE_FOR_TOS = 11;
    /** Destination Unreachable code: host unreachable for TOS. */
    public static final int CODE_HOST_UNREACHABLE_FOR_TOS = 12;
    /** Destination Unreachable code: communication administratively prohibited (RFC 1812). */
    public static final int CODE_COMMUNICATION_ADMIN_PROHIBITED = 13;
    /** Destination Unreachable code: host precedence violation (RFC 1812). */
    public static final int CODE_HOST_PRECEDENCE_VIOLATION = 14;
    /** Destination Unreachable code: precedence cutoff in effect (RFC 1812). */
    public static final int CODE_PRECEDENCE_CUTOFF = 15;

    /** Time Exceeded code: TTL exceeded in transit. */
    public static final int CODE_TTL_EXCEEDED = 0;
    /** Time Exceeded code: fragment reassembly time exceeded. */
    public static final int CODE_FRAGMENT_REASSEMBLY_TIME_EXCEEDED = 1;

    /** Parameter Problem code: pointer indicates the error. */
    public static final int CODE_POINTER_INDICATES_ERROR = 0;
    /** Parameter Problem code: missing a required option. */
    public static final int CODE_MISSING_REQUIRED_OPTION = 1;
    /** Parameter Problem code: bad length. */
    public static final int CODE_BAD_LENGTH = 2;

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
    public Icmpv4Message wrap(final MutableDirectBuffer buffer, final int offset, final int length)
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
     * Reads the Type of the ICMP message at {@code offset}, for dispatch.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first ICMP byte.
     * @return the type, 0..255.
     */
    public static int type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * Reads the Code of the ICMP message at {@code offset}.
     *
     * @param buffer the packet buffer.
     * @param offset index of the first ICMP byte.
     * @return the code, 0..255.
     */
    public static int code(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + CODE_OFFSET) & 0xFF;
    }

    /**
     * Checks that the 8-byte ICMP header is present.
     *
     * @return {@link #HEADER_LENGTH}, or {@code -DropReason.BAD_TRANSPORT_HEADER}.
     */
    public int validate()
    {
        return length < HEADER_LENGTH ? -DropReason.BAD_TRANSPORT_HEADER : HEADER_LENGTH;
    }

    /**
     * Tells whether this message is an error message.
     *
     * @return {@code isErrorType(type())}.
     */
    public boolean isError()
    {
        return isErrorType(type());
    }

    /**
     * Returns the Type.
     *
     * @return the type, 0..255.
     */
    public int type()
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * Returns the Code.
     *
     * @return the code, 0..255.
     */
    public int code()
    {
        return buffer.getByte(offset + CODE_OFFSET) & 0xFF;
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
     * Returns the whole 32-bit rest-of-header word at offset 4.
     *
     * @return the word.
     */
    public int restOfHeader()
    {
        return buffer.getInt(offset + REST_OF_HEADER_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Returns the echo Identifier (offset 4).
     *
     * @return the identifier, 0..65535.
     */
    public int identifier()
    {
        return buffer.getShort(offset + IDENTIFIER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Returns the echo Sequence Number (offset 6).
     *
     * @return the sequence number, 0..65535.
     */
    public int sequence()
    {
        return buffer.getShort(offset + SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Sets the Type.
     *
     * @param type the type, 0..255.
     * @return this flyweight.
     */
    public Icmpv4Message type(final int type)
    {
        buffer.putByte(offset + TYPE_OFFSET, (byte)type);
        return this;
    }

    /**
     * Sets the Code.
     *
     * @param code the code, 0..255.
     * @return this flyweight.
     */
    public Icmpv4Message code(final int code)
    {
        buffer.putByte(offset + CODE_OFFSET, (byte)code);
        return this;
    }

    /**
     * Sets the Checksum field.
     *
     * @param checksum the field value, 0..65535.
     * @return this flyweight.
     */
    public Icmpv4Message checksum(final int checksum)
    {
        buffer.putShort(offset + CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the whole 32-bit rest-of-header word at offset 4.
     *
     * @param word the word.
     * @return this flyweight.
     */
    public Icmpv4Message restOfHeader(final int word)
    {
        buffer.putInt(offset + REST_OF_HEADER_OFFSET, word, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the echo Identifier.
     *
     * @param identifier the identifier, 0..65535.
     * @return this flyweight.
     */
    public Icmpv4Message identifier(final int identifier)
    {
        buffer.putShort(offset + IDENTIFIER_OFFSET, (short)identifier, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the echo Sequence Number.
     *
     * @param sequence the sequence number, 0..65535.
     * @return this flyweight.
     */
    public Icmpv4Message sequence(final int sequence)
    {
        buffer.putShort(offset + SEQUENCE_OFFSET, (short)sequence, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Tells whether an ICMPv4 type is an error message (RFC 1122 3.2.2: Destination Unreachable, Source Quench,
     * Redirect, Time Exceeded, Parameter Problem), i.e. one that carries an original datagram.
     *
     * @param type an ICMPv4 type.
     * @return {@code true} for error types.
     */
    public static boolean isErrorType(final int type)
    {
        return type == TYPE_DEST_UNREACHABLE || type == TYPE_SOURCE_QUENCH || type == TYPE_REDIRECT ||
            type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM;
    }

    /**
     * Returns the Parameter Problem pointer: the octet of the original header in error (RFC 792).
     *
     * @return the pointer, 0..255.
     */
    public int pointer()
    {
        return buffer.getByte(offset + POINTER_OFFSET) & 0xFF;
    }

    /**
     * Returns the RFC 4884 Length: the original datagram length in 32-bit words (0 when not used).
     *
     * @return the length byte, 0..255.
     */
    public int rfc4884Length()
    {
        return buffer.getByte(offset + LENGTH_OFFSET) & 0xFF;
    }

    /**
     * Returns the Next-Hop MTU of a Fragmentation Needed message: the low 16 bits of the second word (RFC 1191 4).
     *
     * @return the MTU, 0..65535 (0 from pre-RFC 1191 routers).
     */
    public int mtu()
    {
        return buffer.getShort(offset + MTU_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Sets the Parameter Problem pointer.
     *
     * @param pointer the pointer, 0..255.
     * @return this flyweight.
     */
    public Icmpv4Message pointer(final int pointer)
    {
        buffer.putByte(offset + POINTER_OFFSET, (byte)pointer);
        return this;
    }

    /**
     * Sets the RFC 4884 Length.
     *
     * @param length the original datagram length in 32-bit words, 0..255.
     * @return this flyweight.
     */
    public Icmpv4Message rfc4884Length(final int length)
    {
        buffer.putByte(offset + LENGTH_OFFSET, (byte)length);
        return this;
    }

    /**
     * Sets the Next-Hop MTU (low 16 bits of the second word).
     *
     * @param mtu the MTU, 0..65535.
     * @return this flyweight.
     */
    public Icmpv4Message mtu(final int mtu)
    {
        buffer.putShort(offset + MTU_OFFSET, (short)mtu, ByteOrder.BIG_ENDIAN);
        return this;
    }
}
