package io.xlat.examples.io;

import java.nio.ByteOrder;

import io.xlat.core.checksum.Checksum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over the virtio-net header a TUN device opened with {@code IFF_VNET_HDR} puts in front of each packet
 * ({@code struct virtio_net_hdr}, Virtio 1.x section 5.1.6; {@code linux/virtio_net.h}).
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |     flags     |   gso_type    |            hdr_len            |
 *  +---------------+---------------+-------------------------------+
 *  |           gso_size            |          csum_start           |
 *  +-------------------------------+-------------------------------+
 *  |          csum_offset          |  num_buffers (12-byte form)   |
 *  +-------------------------------+-------------------------------+
 * </pre>
 * The 16-bit fields are in the host's byte order: a TUN device speaks legacy virtio unless told otherwise
 * ({@code TUNSETVNETLE}/{@code TUNSETVNETBE}, which we never call), and legacy virtio is native-endian. This is
 * the one place in the project that does not read {@link ByteOrder#BIG_ENDIAN}.
 * <p>
 * With {@link #FLAG_NEEDS_CSUM} the L4 checksum field at {@code csum_start + csum_offset} holds only the
 * pseudo-header sum (not complemented), as Linux leaves it for {@code CHECKSUM_PARTIAL};
 * {@link #completeChecksum(MutableDirectBuffer, int, int)} finishes it. A {@code gso_type} other than
 * {@link #GSO_NONE} marks a super-packet to cut with {@link GsoSegmenter}.
 */
public final class VirtioNetHeader
{
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of {@code gso_type}. */
    public static final int GSO_TYPE_OFFSET = 1;
    /** Offset of {@code hdr_len}: length of the headers (IP + L4) of a GSO packet, a hint only. */
    public static final int HDR_LEN_OFFSET = 2;
    /** Offset of {@code gso_size}: the L4 payload bytes per segment (the MSS for TCP). */
    public static final int GSO_SIZE_OFFSET = 4;
    /** Offset of {@code csum_start}: from the start of the packet to where checksumming starts (the L4 header). */
    public static final int CSUM_START_OFFSET = 6;
    /** Offset of {@code csum_offset}: from {@code csum_start} to the checksum field (16 TCP, 6 UDP). */
    public static final int CSUM_OFFSET_OFFSET = 8;
    /** Offset of {@code num_buffers} in the 12-byte header. */
    public static final int NUM_BUFFERS_OFFSET = 10;
    /** Length of {@code struct virtio_net_hdr}. */
    public static final int HEADER_LENGTH = 10;

    /** {@code VIRTIO_NET_HDR_F_NEEDS_CSUM}: the L4 checksum is partial and must be completed. */
    public static final int FLAG_NEEDS_CSUM = 0x01;
    /** {@code VIRTIO_NET_HDR_F_DATA_VALID}: the checksum was already verified. */
    public static final int FLAG_DATA_VALID = 0x02;

    /** {@code VIRTIO_NET_HDR_GSO_NONE}. */
    public static final int GSO_NONE = 0;
    /** {@code VIRTIO_NET_HDR_GSO_TCPV4}. */
    public static final int GSO_TCPV4 = 1;
    /** {@code VIRTIO_NET_HDR_GSO_UDP} (UFO, deprecated; never enabled by us). */
    public static final int GSO_UDP = 3;
    /** {@code VIRTIO_NET_HDR_GSO_TCPV6}. */
    public static final int GSO_TCPV6 = 4;
    /** {@code VIRTIO_NET_HDR_GSO_UDP_L4} (USO). */
    public static final int GSO_UDP_L4 = 5;
    /** {@code VIRTIO_NET_HDR_GSO_ECN}: or-ed into {@code gso_type} when the super-packet carries CWR. */
    public static final int GSO_ECN = 0x80;

    /** Checksum completion failed: {@code csum_start}/{@code csum_offset} point outside the packet. */
    public static final int BAD_CHECKSUM_OFFSETS = -20;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;

    /**
     * Wraps a header for reading.
     *
     * @param buffer the buffer.
     * @param offset index of the header.
     * @return this.
     */
    public VirtioNetHeader wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
        return this;
    }

    /**
     * The flags byte.
     *
     * @return {@link #FLAG_NEEDS_CSUM} and/or {@link #FLAG_DATA_VALID}.
     */
    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /**
     * Sets the flags byte.
     *
     * @param value the flags.
     * @return this.
     */
    public VirtioNetHeader flags(final int value)
    {
        mutable.putByte(offset + FLAGS_OFFSET, (byte)value);
        return this;
    }

    /**
     * Whether the L4 checksum is partial.
     *
     * @return true when {@link #FLAG_NEEDS_CSUM} is set.
     */
    public boolean needsChecksum()
    {
        return (flags() & FLAG_NEEDS_CSUM) != 0;
    }

    /**
     * The GSO type, {@link #GSO_ECN} included.
     *
     * @return the raw {@code gso_type}.
     */
    public int gsoType()
    {
        return buffer.getByte(offset + GSO_TYPE_OFFSET) & 0xFF;
    }

    /**
     * Sets the GSO type.
     *
     * @param value a {@code GSO_*} value, optionally or-ed with {@link #GSO_ECN}.
     * @return this.
     */
    public VirtioNetHeader gsoType(final int value)
    {
        mutable.putByte(offset + GSO_TYPE_OFFSET, (byte)value);
        return this;
    }

    /**
     * Whether the packet is a GSO super-packet.
     *
     * @return true when the GSO type without the ECN bit is not {@link #GSO_NONE}.
     */
    public boolean isGso()
    {
        return (gsoType() & ~GSO_ECN) != GSO_NONE;
    }

    /**
     * Length of the headers of a GSO packet.
     *
     * @return {@code hdr_len}.
     */
    public int hdrLen()
    {
        return buffer.getShort(offset + HDR_LEN_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Sets {@code hdr_len}.
     *
     * @param value bytes.
     * @return this.
     */
    public VirtioNetHeader hdrLen(final int value)
    {
        mutable.putShort(offset + HDR_LEN_OFFSET, (short)value, ORDER);
        return this;
    }

    /**
     * Payload bytes per segment.
     *
     * @return {@code gso_size}.
     */
    public int gsoSize()
    {
        return buffer.getShort(offset + GSO_SIZE_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Sets {@code gso_size}.
     *
     * @param value bytes.
     * @return this.
     */
    public VirtioNetHeader gsoSize(final int value)
    {
        mutable.putShort(offset + GSO_SIZE_OFFSET, (short)value, ORDER);
        return this;
    }

    /**
     * Where checksumming starts.
     *
     * @return {@code csum_start}, from the first byte of the packet.
     */
    public int csumStart()
    {
        return buffer.getShort(offset + CSUM_START_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Sets {@code csum_start}.
     *
     * @param value bytes from the start of the packet.
     * @return this.
     */
    public VirtioNetHeader csumStart(final int value)
    {
        mutable.putShort(offset + CSUM_START_OFFSET, (short)value, ORDER);
        return this;
    }

    /**
     * Where the checksum field is, relative to {@link #csumStart()}.
     *
     * @return {@code csum_offset}.
     */
    public int csumOffset()
    {
        return buffer.getShort(offset + CSUM_OFFSET_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Sets {@code csum_offset}.
     *
     * @param value bytes from {@code csum_start}.
     * @return this.
     */
    public VirtioNetHeader csumOffset(final int value)
    {
        mutable.putShort(offset + CSUM_OFFSET_OFFSET, (short)value, ORDER);
        return this;
    }

    /**
     * Zeroes the 10-byte header: no GSO, checksum complete.
     *
     * @return this.
     */
    public VirtioNetHeader clear()
    {
        mutable.setMemory(offset, HEADER_LENGTH, (byte)0);
        return this;
    }

    /**
     * Completes a partial L4 checksum in place when {@link #needsChecksum()} (what the kernel's
     * {@code skb_checksum_help} does): the field already holds the pseudo-header sum, so the one's-complement sum
     * from {@code csum_start} to the end of the packet, complemented, is the checksum (RFC 1071). Does nothing for
     * a packet without the flag.
     *
     * @param packet       the buffer holding the packet (not the header).
     * @param packetOffset index of the IP header.
     * @param packetLength packet length.
     * @return 0, or {@link #BAD_CHECKSUM_OFFSETS}.
     */
    public int completeChecksum(final MutableDirectBuffer packet, final int packetOffset, final int packetLength)
    {
        if (!needsChecksum())
        {
            return 0;
        }
        final int start = csumStart();
        final int field = start + csumOffset();
        if (field + 2 > packetLength)
        {
            return BAD_CHECKSUM_OFFSETS;
        }
        final int sum = Checksum.sum(packet, packetOffset + start, packetLength - start, 0);
        // A computed 0 goes out as 0xFFFF, as the kernel's skb_checksum_help does: equal in one's complement for
        // TCP and ICMPv6, and required for UDP, where 0 means "no checksum" (RFC 768; RFC 8200 8.1).
        final int value = Checksum.udpField(Checksum.finish(sum));
        packet.putShort(packetOffset + field, (short)value, ByteOrder.BIG_ENDIAN);
        return 0;
    }
}
