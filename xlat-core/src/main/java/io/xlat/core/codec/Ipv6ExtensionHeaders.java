package io.xlat.core.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import io.xlat.core.stats.DropReason;

/**
 * Walks the IPv6 extension-header chain (RFC 8200 4) to the upper-layer header, and remembers what a translator
 * needs on the way: the Fragment header, the Routing header and its Segments Left.
 * <pre>
 *   generic layout of Hop-by-Hop (0), Routing (43) and Destination Options (60), length in 8-octet units:
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |  Hdr Ext Len  |  (Routing: Type, Segments Left)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  ... (Hdr Ext Len + 1) * 8 bytes in all ...    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   Fragment (44): always 8 bytes. AH (51): (Payload Len + 2) * 4 bytes (RFC 4302 2.2).
 * </pre>
 * Rules applied, each with its drop reason:
 * <ul>
 *     <li>Hop-by-Hop is accepted only right after the fixed header (RFC 8200 4.1); elsewhere
 *     {@link DropReason#UNSUPPORTED_PROTOCOL};</li>
 *     <li>a header that runs past the end of the packet: {@link DropReason#TRUNCATED_EXTENSION_HEADER};</li>
 *     <li>more than {@link #MAX_HEADERS} extension headers: {@link DropReason#EXTENSION_CHAIN_TOO_LONG}.</li>
 * </ul>
 * The walk stops at the first header that is not Hop-by-Hop, Routing, Fragment, Destination Options or AH (the
 * upper layer, ESP or No Next Header), and after a Fragment header whose offset is non-zero: the bytes after it
 * are the middle of the fragmentable part, not headers. In that case {@link #upperLayerProtocol()} is the
 * Fragment header's Next Header and {@link #upperLayerOffset()} the first data byte of the fragment.
 * <p>
 * Only the first Routing and the first Fragment header are remembered. The walker is a reusable object with int
 * fields; it never allocates.
 */
public final class Ipv6ExtensionHeaders
{
    /** Maximum number of extension headers walked before giving up. */
    public static final int MAX_HEADERS = 8;
    /** Value of the offsets when the header is absent. */
    public static final int ABSENT = -1;
    /** Offset of the Segments Left byte within a Routing header (RFC 8200 4.4). */
    public static final int SEGMENTS_LEFT_OFFSET = 3;
    /** Offset of the Routing Type byte within a Routing header (RFC 8200 4.4). */
    public static final int ROUTING_TYPE_OFFSET = 2;

    private int ipv6Offset;
    private int upperLayerProtocol;
    private int upperLayerOffset;
    private int headerCount;
    private int fragmentHeaderOffset = ABSENT;
    private int routingHeaderOffset = ABSENT;
    private int segmentsLeft;
    private int routingType;

    /**
     * Walks the chain of the IPv6 packet at {@code ipv6Offset}, whose fixed header has been validated.
     *
     * @param header a validated fixed header; the walk is bounded by 40 + its Payload Length.
     * @return the upper-layer offset (absolute index in the buffer), or minus a {@link DropReason}.
     */
    public int walk(final Ipv6Header header)
    {
        return walk(header.buffer(), header.offset(), Ipv6Header.HEADER_LENGTH + header.payloadLength());
    }

    /**
     * Walks the chain of the IPv6 packet at {@code ipv6Offset}.
     *
     * @param buffer       the packet buffer.
     * @param ipv6Offset   index of the first byte of the fixed IPv6 header.
     * @param packetLength the number of packet bytes from {@code ipv6Offset}: 40 + Payload Length (already checked
     *                     against the buffer by {@link Ipv6Header#validate()}).
     * @return the upper-layer offset (absolute index in the buffer), or minus a {@link DropReason}.
     */
    public int walk(final DirectBuffer buffer, final int ipv6Offset, final int packetLength)
    {
        reset(ipv6Offset);
        if (packetLength < Ipv6Header.HEADER_LENGTH)
        {
            return -DropReason.TRUNCATED;
        }
        final int end = ipv6Offset + packetLength;
        int nextHeader = buffer.getByte(ipv6Offset + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF;
        int position = ipv6Offset + Ipv6Header.HEADER_LENGTH;

        while (IpProtocol.isIpv6ExtensionHeader(nextHeader))
        {
            if (headerCount == MAX_HEADERS)
            {
                return -DropReason.EXTENSION_CHAIN_TOO_LONG;
            }
            if (nextHeader == IpProtocol.HOPOPT && headerCount != 0)
            {
                return -DropReason.UNSUPPORTED_PROTOCOL;
            }
            if (end - position < 8)
            {
                return -DropReason.TRUNCATED_EXTENSION_HEADER;
            }
            final int headerLength;
            if (nextHeader == IpProtocol.FRAGMENT)
            {
                headerLength = Ipv6FragmentHeader.HEADER_LENGTH;
            }
            else if (nextHeader == IpProtocol.AH)
            {
                headerLength = ((buffer.getByte(position + 1) & 0xFF) + 2) << 2;
            }
            else
            {
                headerLength = ((buffer.getByte(position + 1) & 0xFF) + 1) << 3;
            }
            if (end - position < headerLength)
            {
                return -DropReason.TRUNCATED_EXTENSION_HEADER;
            }
            headerCount++;
            final int following = buffer.getByte(position) & 0xFF;
            if (nextHeader == IpProtocol.ROUTING && routingHeaderOffset == ABSENT)
            {
                routingHeaderOffset = position;
                routingType = buffer.getByte(position + ROUTING_TYPE_OFFSET) & 0xFF;
                segmentsLeft = buffer.getByte(position + SEGMENTS_LEFT_OFFSET) & 0xFF;
            }
            else if (nextHeader == IpProtocol.FRAGMENT && fragmentHeaderOffset == ABSENT)
            {
                fragmentHeaderOffset = position;
                final int word = buffer.getShort(position + Ipv6FragmentHeader.FRAGMENT_OFFSET_OFFSET,
                    ByteOrder.BIG_ENDIAN) & 0xFFFF;
                if ((word >>> 3) != 0)
                {
                    // RFC 8200 4.5: after a non-first fragment's header come data bytes, not headers.
                    nextHeader = following;
                    position += headerLength;
                    break;
                }
            }
            nextHeader = following;
            position += headerLength;
        }
        upperLayerProtocol = nextHeader;
        upperLayerOffset = position;
        return position;
    }

    private void reset(final int ipv6Offset)
    {
        this.ipv6Offset = ipv6Offset;
        upperLayerProtocol = IpProtocol.NONE;
        upperLayerOffset = ABSENT;
        headerCount = 0;
        fragmentHeaderOffset = ABSENT;
        routingHeaderOffset = ABSENT;
        segmentsLeft = 0;
        routingType = 0;
    }

    /**
     * Returns the protocol of the header after the chain (TCP, UDP, ICMPv6, ESP, No Next Header...).
     *
     * @return the upper-layer protocol number.
     */
    public int upperLayerProtocol()
    {
        return upperLayerProtocol;
    }

    /**
     * Returns the absolute index of the upper-layer header in the buffer.
     *
     * @return the upper-layer offset, or {@link #ABSENT} before a successful walk.
     */
    public int upperLayerOffset()
    {
        return upperLayerOffset;
    }

    /**
     * Returns the total length of the extension headers walked: upper-layer offset minus the end of the fixed
     * header.
     *
     * @return the extension headers length in bytes.
     */
    public int extensionHeadersLength()
    {
        return upperLayerOffset - ipv6Offset - Ipv6Header.HEADER_LENGTH;
    }

    /**
     * Returns the number of extension headers walked.
     *
     * @return the count, 0..{@link #MAX_HEADERS}.
     */
    public int headerCount()
    {
        return headerCount;
    }

    /**
     * Tells whether the chain holds a Fragment header.
     *
     * @return {@code true} if a Fragment header was found.
     */
    public boolean hasFragmentHeader()
    {
        return fragmentHeaderOffset != ABSENT;
    }

    /**
     * Returns the absolute index of the first Fragment header.
     *
     * @return its offset, or {@link #ABSENT}.
     */
    public int fragmentHeaderOffset()
    {
        return fragmentHeaderOffset;
    }

    /**
     * Tells whether the chain holds a Routing header.
     *
     * @return {@code true} if a Routing header was found.
     */
    public boolean hasRoutingHeader()
    {
        return routingHeaderOffset != ABSENT;
    }

    /**
     * Returns the absolute index of the first Routing header.
     *
     * @return its offset, or {@link #ABSENT}.
     */
    public int routingHeaderOffset()
    {
        return routingHeaderOffset;
    }

    /**
     * Returns the Routing Type of the first Routing header.
     *
     * @return the routing type, or 0 if there is none.
     */
    public int routingType()
    {
        return routingType;
    }

    /**
     * Returns the Segments Left of the first Routing header (RFC 7915 5.1: non-zero means do not translate and
     * send a Parameter Problem pointing at this field).
     *
     * @return segments left, 0 if there is no Routing header.
     */
    public int segmentsLeft()
    {
        return segmentsLeft;
    }

    /**
     * Returns the ICMPv6 Parameter Problem pointer to the Segments Left field: its offset from the start of the
     * IPv6 header (RFC 4443 3.4, RFC 7915 5.1).
     *
     * @return the pointer, or {@link #ABSENT} if there is no Routing header.
     */
    public int segmentsLeftPointer()
    {
        return routingHeaderOffset == ABSENT ? ABSENT : routingHeaderOffset - ipv6Offset + SEGMENTS_LEFT_OFFSET;
    }
}
