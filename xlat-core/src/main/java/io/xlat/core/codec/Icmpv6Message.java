package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.xlat.core.stats.DropReason;

/**
 * Flyweight over an ICMPv6 message header (RFC 4443), with the type and code constants RFC 7915 4.2 and 5.2
 * translate.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Identifier          |        Sequence Number        |  4  echo request/reply
 *  |                              MTU                              |  4  packet too big
 *  |                            Pointer                            |  4  parameter problem
 *  |    Length     |                    unused                     |  4  dest. unreachable, time exceeded
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          data / as much of the invoking packet as fits         |  8
 * </pre>
 * The RFC 4884 Length counts the original datagram in 64-bit words. The ICMPv6 checksum covers the IPv6
 * pseudo-header (RFC 4443 2.3).
 */
public final class Icmpv6Message
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
    /** Offset of the 32-bit MTU of Packet Too Big (RFC 4443 3.2). */
    public static final int MTU_OFFSET = 4;
    /** Offset of the 32-bit Parameter Problem pointer (RFC 4443 3.4). */
    public static final int POINTER_OFFSET = 4;
    /** Offset of the RFC 4884 length byte (original datagram length in 64-bit words). */
    public static final int LENGTH_OFFSET = 4;

    /** Destination Unreachable. */
    public static final int TYPE_DEST_UNREACHABLE = 1;
    /** Packet Too Big. */
    public static final int TYPE_PACKET_TOO_BIG = 2;
    /** Time Exceeded. */
    public static final int TYPE_TIME_EXCEEDED = 3;
    /** Parameter Problem. */
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    /** Echo Request. */
    public static final int TYPE_ECHO_REQUEST = 128;
    /** Echo Reply. */
    public static final int TYPE_ECHO_REPLY = 129;
    /** Multicast Listener Query (RFC 2710). */
    public static final int TYPE_MLD_QUERY = 130;
    /** Multicast Listener Report (RFC 2710). */
    public static final int TYPE_MLD_REPORT = 131;
    /** Multicast Listener Done (RFC 2710). */
    public static final int TYPE_MLD_DONE = 132;
    /** Router Solicitation (RFC 4861). */
    public static final int TYPE_ROUTER_SOLICITATION = 133;
    /** Router Advertisement (RFC 4861). */
    public static final int TYPE_ROUTER_ADVERTISEMENT = 134;
    /** Neighbor Solicitation (RFC 4861). */
    public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    /** Neighbor Advertisement (RFC 4861). */
    public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
    /** Redirect (RFC 4861). */
    public static final int TYPE_REDIRECT = 137;

    /** Alias of {@link #TYPE_ECHO_REPLY}. */
    public static final int ECHO_REPLY = TYPE_ECHO_REPLY;
    /** Alias of {@link #TYPE_ECHO_REQUEST}. */
    public static final int ECHO_REQUEST = TYPE_ECHO_REQUEST;
    /** Alias of {@link #TYPE_DEST_UNREACHABLE}. */
    public static final int DEST_UNREACHABLE = TYPE_DEST_UNREACHABLE;
    /** Alias of {@link #TYPE_PACKET_TOO_BIG}. */
    public static final int PACKET_TOO_BIG = TYPE_PACKET_TOO_BIG;
    /** Alias of {@link #TYPE_TIME_EXCEEDED}. */
    public static final int TIME_EXCEEDED = TYPE_TIME_EXCEEDED;
    /** Alias of {@link #TYPE_PARAMETER_PROBLEM}. */
    public static final int PARAMETER_PROBLEM = TYPE_PARAMETER_PROBLEM;

    /** Destination Unreachable code: no route to destination. */
    public static final int CODE_NO_ROUTE = 0;
    /** Destination Unreachable code: communication administratively prohibited. */
    public static final int CODE_ADMIN_PROHIBITED = 1;
    /** Destination Unreachable code: beyond scope of source address. */
    public static final int CODE_BEYOND_SCOPE = 2;
    /** Destination Unreachable code: address unreachable. */
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    /** Destination Unreachable code: port unreachable. */
    public static final int CODE_PORT_UNREACHABLE = 4;
    /** Destination Unreachable code: source address failed ingress/egress policy. */
    public static final int CODE_SOURCE_POLICY_FAILED = 5;
    /** Destination Unreachable code: reject route to destination. */
    public static final int CODE_REJECT_ROUTE = 6;

    /** Time Exceeded code: hop limit exceeded in transit. */
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;
    /** Time Exceeded code: fragment reassembly time exceeded. */
    public static final int CODE_FRAGMENT_REASSEMBLY_TIME_EXCEEDED = 1;

    /** Parameter Problem code: erroneous header field encountered. */
    public static final int CODE_ERRONEOUS_HEADER_FIELD = 0;
    /** Parameter Problem code: unrecognized Next Header type encountered. */
    public static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    /** Parameter Problem code: unrecognized IPv6 option encountered. */
    public static final int CODE_UNRECOGNIZED_OPTION = 2;

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
    public Icmpv6Message wrap(final MutableDirectBuffer buffer, final int offset, final int length)
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
    public Icmpv6Message type(final int type)
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
    public Icmpv6Message code(final int code)
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
    public Icmpv6Message checksum(final int checksum)
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
    public Icmpv6Message restOfHeader(final int word)
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
    public Icmpv6Message identifier(final int identifier)
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
    public Icmpv6Message sequence(final int sequence)
    {
        buffer.putShort(offset + SEQUENCE_OFFSET, (short)sequence, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Tells whether an ICMPv6 type is an error message: types 0..127 (RFC 4443 2.1).
     *
     * @param type an ICMPv6 type.
     * @return {@code true} for error types.
     */
    public static boolean isErrorType(final int type)
    {
        return type >= 0 && type < 128;
    }

    /**
     * Returns the 32-bit MTU of a Packet Too Big message (RFC 4443 3.2).
     *
     * @return the MTU as an unsigned value in a long.
     */
    public long mtu()
    {
        return buffer.getInt(offset + MTU_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL;
    }

    /**
     * Returns the 32-bit Parameter Problem pointer: the octet offset in the invoking packet (RFC 4443 3.4).
     *
     * @return the pointer as an unsigned value in a long.
     */
    public long pointer()
    {
        return buffer.getInt(offset + POINTER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL;
    }

    /**
     * Returns the RFC 4884 Length: the original datagram length in 64-bit words (0 when not used).
     *
     * @return the length byte, 0..255.
     */
    public int rfc4884Length()
    {
        return buffer.getByte(offset + LENGTH_OFFSET) & 0xFF;
    }

    /**
     * Sets the 32-bit MTU.
     *
     * @param mtu the MTU (low 32 bits used).
     * @return this flyweight.
     */
    public Icmpv6Message mtu(final long mtu)
    {
        buffer.putInt(offset + MTU_OFFSET, (int)mtu, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the 32-bit Parameter Problem pointer.
     *
     * @param pointer the pointer (low 32 bits used).
     * @return this flyweight.
     */
    public Icmpv6Message pointer(final long pointer)
    {
        buffer.putInt(offset + POINTER_OFFSET, (int)pointer, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /**
     * Sets the RFC 4884 Length byte.
     *
     * @param length the original datagram length in 64-bit words, 0..255.
     * @return this flyweight.
     */
    public Icmpv6Message rfc4884Length(final int length)
    {
        buffer.putByte(offset + LENGTH_OFFSET, (byte)length);
        return this;
    }
}
