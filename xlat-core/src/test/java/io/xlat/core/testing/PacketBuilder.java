package io.xlat.core.testing;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fluent, test-only builder of IPv4 and IPv6 packets whose every length and checksum is right (checksums from
 * {@link RefChecksum}, independent of production code), unless told otherwise.
 * <pre>{@code
 * byte[] ping = PacketBuilder.ipv4("192.0.2.1", "198.51.100.2").ttl(5).echoRequest(7, 1).payload("hi").build();
 * byte[] err = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2")
 *     .icmpError(3, 0, 0, PacketBuilder.ipv6("2001:db8::2", "2001:db8:9::9").udp(1, 2).build()).build();
 * List<byte[]> frags = PacketBuilder.ipv4("192.0.2.1", "198.51.100.2").udp(5, 6).payloadOfLength(3000)
 *     .fragments(1000);
 * }</pre>
 * Each builder describes one packet; methods that do not fit the IP version throw {@link IllegalStateException}.
 */
public final class PacketBuilder
{
    /** TCP FIN flag. */
    public static final int FIN = 0x01;
    /** TCP SYN flag. */
    public static final int SYN = 0x02;
    /** TCP RST flag. */
    public static final int RST = 0x04;
    /** TCP PSH flag. */
    public static final int PSH = 0x08;
    /** TCP ACK flag. */
    public static final int ACK = 0x10;
    /** TCP URG flag. */
    public static final int URG = 0x20;

    private enum Upper
    {
        NONE, UDP, TCP, ICMP, RAW
    }

    private final int version;
    private final byte[] src;
    private final byte[] dst;

    // IPv4
    private int tos;
    private int ttl = 64;
    private int identification;
    private boolean dontFragment;
    private boolean moreFragments;
    private int fragmentOffset;
    private byte[] ipv4Options = new byte[0];
    private int totalLengthOverride = -1;
    private int headerChecksumDelta;

    // IPv6
    private int trafficClass;
    private int flowLabel;
    private final List<byte[]> extensionHeaders = new ArrayList<>();
    private final List<Integer> extensionTypes = new ArrayList<>();
    private int payloadLengthOverride = -1;
    private int fragmentId = 0x12345678;

    // upper layer
    private Upper upper = Upper.NONE;
    private int protocol = 59;
    private int srcPort;
    private int dstPort;
    private long seq;
    private long ack;
    private int tcpFlags;
    private int window = 65535;
    private int urgentPointer;
    private byte[] tcpOptions = new byte[0];
    private boolean udpZeroChecksum;
    private int icmpType;
    private int icmpCode;
    private int icmpRest;
    private byte[] payload = new byte[0];
    private int rfc4884Length;
    private byte[] icmpExtension;
    private int l4ChecksumDelta;

    private PacketBuilder(final int version, final byte[] src, final byte[] dst)
    {
        this.version = version;
        this.src = src;
        this.dst = dst;
    }

    /**
     * Starts an IPv4 packet (TTL 64, no flags, no options, protocol 59 with no payload until an upper layer is set).
     *
     * @param source      dotted-quad source address.
     * @param destination dotted-quad destination address.
     * @return a new builder.
     */
    public static PacketBuilder ipv4(final String source, final String destination)
    {
        return new PacketBuilder(4, address(source, 4), address(destination, 4));
    }

    /**
     * Starts an IPv6 packet (hop limit 64, traffic class and flow label 0).
     *
     * @param source      RFC 4291 text source address.
     * @param destination RFC 4291 text destination address.
     * @return a new builder.
     */
    public static PacketBuilder ipv6(final String source, final String destination)
    {
        return new PacketBuilder(6, address(source, 16), address(destination, 16));
    }

    /**
     * Parses a literal IPv4 or IPv6 address (never a host name).
     *
     * @param text   the literal.
     * @param length 4 or 16.
     * @return the address bytes.
     */
    public static byte[] address(final String text, final int length)
    {
        if (!text.matches("[0-9A-Fa-f:.]+"))
        {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        try
        {
            final byte[] raw = InetAddress.getByName(text).getAddress();
            if (raw.length == length)
            {
                return raw;
            }
            if (length == 16 && InetAddress.getByName(text) instanceof Inet4Address && text.contains(":"))
            {
                // Java turns ::ffff:a.b.c.d into an Inet4Address; rebuild the IPv4-mapped IPv6 address.
                final byte[] mapped = new byte[16];
                mapped[10] = (byte)0xFF;
                mapped[11] = (byte)0xFF;
                System.arraycopy(raw, 0, mapped, 12, 4);
                return mapped;
            }
            throw new IllegalArgumentException("expected a " + (length * 8) + "-bit address: " + text);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("bad address " + text, ex);
        }
    }

    // ---------------------------------------------------------------- IPv4 header

    /**
     * Sets the IPv4 type of service byte (DSCP + ECN).
     *
     * @param value 0..255.
     * @return this.
     */
    public PacketBuilder tos(final int value)
    {
        requireVersion(4);
        tos = value;
        return this;
    }

    /**
     * Sets the IPv4 time to live, or the IPv6 hop limit.
     *
     * @param value 0..255.
     * @return this.
     */
    public PacketBuilder ttl(final int value)
    {
        ttl = value;
        return this;
    }

    /**
     * Sets the IPv6 hop limit (same field as {@link #ttl(int)}).
     *
     * @param value 0..255.
     * @return this.
     */
    public PacketBuilder hopLimit(final int value)
    {
        requireVersion(6);
        ttl = value;
        return this;
    }

    /**
     * Sets the IPv4 identification.
     *
     * @param value 0..65535.
     * @return this.
     */
    public PacketBuilder id(final int value)
    {
        requireVersion(4);
        identification = value;
        return this;
    }

    /**
     * Sets or clears the IPv4 Don't Fragment flag.
     *
     * @param value the flag.
     * @return this.
     */
    public PacketBuilder df(final boolean value)
    {
        requireVersion(4);
        dontFragment = value;
        return this;
    }

    /**
     * Sets or clears the IPv4 More Fragments flag (for hand-made fragments; see {@link #fragments(int)}).
     *
     * @param value the flag.
     * @return this.
     */
    public PacketBuilder mf(final boolean value)
    {
        requireVersion(4);
        moreFragments = value;
        return this;
    }

    /**
     * Sets the IPv4 fragment offset.
     *
     * @param offsetInBytes offset of this fragment's data in the original datagram, a multiple of 8.
     * @return this.
     */
    public PacketBuilder fragmentOffset(final int offsetInBytes)
    {
        requireVersion(4);
        if (offsetInBytes % 8 != 0)
        {
            throw new IllegalArgumentException("fragment offset must be a multiple of 8: " + offsetInBytes);
        }
        fragmentOffset = offsetInBytes;
        return this;
    }

    /**
     * Sets raw IPv4 options, zero-padded (End of Option List) to a multiple of 4 bytes, at most 40 bytes.
     *
     * @param options the option bytes, e.g. {@code {0x83, 7, 4, 192, 0, 2, 9}} for a loose source route.
     * @return this.
     */
    public PacketBuilder ipv4Options(final int... options)
    {
        requireVersion(4);
        final byte[] padded = new byte[(options.length + 3) / 4 * 4];
        for (int i = 0; i < options.length; i++)
        {
            padded[i] = (byte)options[i];
        }
        if (padded.length > 40)
        {
            throw new IllegalArgumentException("IPv4 options longer than 40 bytes: " + padded.length);
        }
        ipv4Options = padded;
        return this;
    }

    /**
     * Writes this value into the IPv4 total length field instead of the real length (the checksum still covers
     * the header as written).
     *
     * @param value 0..65535.
     * @return this.
     */
    public PacketBuilder totalLengthOverride(final int value)
    {
        requireVersion(4);
        totalLengthOverride = value;
        return this;
    }

    /**
     * Makes the IPv4 header checksum wrong: the right value plus {@code delta} in one's complement.
     *
     * @param delta 1..0xFFFE.
     * @return this.
     */
    public PacketBuilder corruptIpv4HeaderChecksum(final int delta)
    {
        requireVersion(4);
        headerChecksumDelta = delta;
        return this;
    }

    // ---------------------------------------------------------------- IPv6 header

    /**
     * Sets the IPv6 traffic class.
     *
     * @param value 0..255.
     * @return this.
     */
    public PacketBuilder trafficClass(final int value)
    {
        requireVersion(6);
        trafficClass = value;
        return this;
    }

    /**
     * Sets the IPv6 flow label.
     *
     * @param value 0..0xFFFFF.
     * @return this.
     */
    public PacketBuilder flowLabel(final int value)
    {
        requireVersion(6);
        flowLabel = value;
        return this;
    }

    /**
     * Writes this value into the IPv6 payload length field instead of the real length.
     *
     * @param value 0..65535.
     * @return this.
     */
    public PacketBuilder payloadLengthOverride(final int value)
    {
        requireVersion(6);
        payloadLengthOverride = value;
        return this;
    }

    /**
     * Appends a Hop-by-Hop Options header (must come first to be valid, RFC 8200 4.1), padded with Pad1/PadN.
     *
     * @param options option TLVs; may be empty.
     * @return this.
     */
    public PacketBuilder hopByHop(final int... options)
    {
        return optionsHeader(0, options);
    }

    /**
     * Appends a Destination Options header, padded with Pad1/PadN.
     *
     * @param options option TLVs; may be empty.
     * @return this.
     */
    public PacketBuilder destinationOptions(final int... options)
    {
        return optionsHeader(60, options);
    }

    /**
     * Appends a Routing header of the RFC 5095 / RFC 6275 shape: 4 reserved bytes then addresses.
     * With {@code segmentsLeft > 0}, type 0 or 2, the last address is the final destination used in the L4
     * pseudo-header (RFC 8200 8.1).
     *
     * @param routingType  e.g. 0 (deprecated source route), 2 (Mobile IPv6).
     * @param segmentsLeft segments left.
     * @param addresses    IPv6 address literals.
     * @return this.
     */
    public PacketBuilder routingHeader(final int routingType, final int segmentsLeft, final String... addresses)
    {
        final byte[] data = new byte[4 + 16 * addresses.length];
        for (int i = 0; i < addresses.length; i++)
        {
            System.arraycopy(address(addresses[i], 16), 0, data, 4 + 16 * i, 16);
        }
        return routingHeaderRaw(routingType, segmentsLeft, data);
    }

    /**
     * Appends a Routing header with arbitrary type-specific data (which starts right after Segments Left),
     * zero-padded to a multiple of 8 bytes.
     *
     * @param routingType  routing type.
     * @param segmentsLeft segments left.
     * @param typeSpecific bytes from offset 4 of the header on.
     * @return this.
     */
    public PacketBuilder routingHeaderRaw(final int routingType, final int segmentsLeft, final byte[] typeSpecific)
    {
        requireVersion(6);
        final int length = (4 + typeSpecific.length + 7) / 8 * 8;
        final byte[] h = new byte[Math.max(8, length)];
        h[1] = (byte)(h.length / 8 - 1);
        h[2] = (byte)routingType;
        h[3] = (byte)segmentsLeft;
        System.arraycopy(typeSpecific, 0, h, 4, typeSpecific.length);
        return extensionHeader(43, h);
    }

    /**
     * Appends a Fragment header (RFC 8200 4.5). The builder then describes one fragment as given; to split a whole
     * datagram into correct fragments use {@link #fragments(int)} instead.
     *
     * @param offsetInBytes  fragment offset, a multiple of 8.
     * @param more           the M flag.
     * @param identification the 32-bit identification.
     * @return this.
     */
    public PacketBuilder fragmentHeader(final int offsetInBytes, final boolean more, final int identification)
    {
        requireVersion(6);
        if (offsetInBytes % 8 != 0)
        {
            throw new IllegalArgumentException("fragment offset must be a multiple of 8: " + offsetInBytes);
        }
        final byte[] h = new byte[8];
        final int field = offsetInBytes | (more ? 1 : 0);
        h[2] = (byte)(field >>> 8);
        h[3] = (byte)field;
        putInt(h, 4, identification);
        return extensionHeader(44, h);
    }

    /**
     * Appends any extension header given whole; its first byte (Next Header) is filled in by {@link #build()}.
     *
     * @param type   the protocol number that announces it.
     * @param header the header bytes, including the Next Header and length bytes.
     * @return this.
     */
    public PacketBuilder extensionHeader(final int type, final byte[] header)
    {
        requireVersion(6);
        extensionTypes.add(type);
        extensionHeaders.add(header.clone());
        return this;
    }

    /**
     * Sets the identification {@link #fragments(int)} puts in the IPv6 Fragment headers it inserts.
     *
     * @param value 32-bit identification.
     * @return this.
     */
    public PacketBuilder fragmentId(final int value)
    {
        requireVersion(6);
        fragmentId = value;
        return this;
    }

    // ---------------------------------------------------------------- upper layers

    /**
     * Makes the upper layer UDP.
     *
     * @param sourcePort      source port.
     * @param destinationPort destination port.
     * @return this.
     */
    public PacketBuilder udp(final int sourcePort, final int destinationPort)
    {
        setUpper(Upper.UDP, 17);
        srcPort = sourcePort;
        dstPort = destinationPort;
        return this;
    }

    /**
     * Sends UDP with checksum 0, "no checksum" (legal over IPv4 only, RFC 768).
     *
     * @return this.
     */
    public PacketBuilder udpZeroChecksum()
    {
        udpZeroChecksum = true;
        return this;
    }

    /**
     * Makes the upper layer TCP (flags 0, window 65535 until set).
     *
     * @param sourcePort      source port.
     * @param destinationPort destination port.
     * @return this.
     */
    public PacketBuilder tcp(final int sourcePort, final int destinationPort)
    {
        setUpper(Upper.TCP, 6);
        srcPort = sourcePort;
        dstPort = destinationPort;
        return this;
    }

    /**
     * Sets the TCP sequence number.
     *
     * @param value 32-bit unsigned.
     * @return this.
     */
    public PacketBuilder seq(final long value)
    {
        seq = value;
        return this;
    }

    /**
     * Sets the TCP acknowledgment number.
     *
     * @param value 32-bit unsigned.
     * @return this.
     */
    public PacketBuilder ack(final long value)
    {
        ack = value;
        return this;
    }

    /**
     * Sets the TCP flags, e.g. {@code SYN | ACK}.
     *
     * @param value flag bits.
     * @return this.
     */
    public PacketBuilder flags(final int value)
    {
        tcpFlags = value;
        return this;
    }

    /**
     * Sets the TCP window.
     *
     * @param value 0..65535.
     * @return this.
     */
    public PacketBuilder window(final int value)
    {
        window = value;
        return this;
    }

    /**
     * Sets the TCP urgent pointer.
     *
     * @param value 0..65535.
     * @return this.
     */
    public PacketBuilder urgentPointer(final int value)
    {
        urgentPointer = value;
        return this;
    }

    /**
     * Sets TCP options, zero-padded to a multiple of 4 bytes, e.g. {@code 2, 4, 0x05, 0xb4} for MSS 1460.
     *
     * @param options option bytes.
     * @return this.
     */
    public PacketBuilder tcpOptions(final int... options)
    {
        final byte[] padded = new byte[(options.length + 3) / 4 * 4];
        for (int i = 0; i < options.length; i++)
        {
            padded[i] = (byte)options[i];
        }
        tcpOptions = padded;
        return this;
    }

    /**
     * Makes the upper layer an ICMP Echo Request (ICMPv4 type 8 or ICMPv6 type 128 by IP version).
     *
     * @param id       identifier.
     * @param sequence sequence number.
     * @return this.
     */
    public PacketBuilder echoRequest(final int id, final int sequence)
    {
        return icmp(version == 4 ? 8 : 128, 0, (id & 0xFFFF) << 16 | sequence & 0xFFFF);
    }

    /**
     * Makes the upper layer an ICMP Echo Reply (ICMPv4 type 0 or ICMPv6 type 129 by IP version).
     *
     * @param id       identifier.
     * @param sequence sequence number.
     * @return this.
     */
    public PacketBuilder echoReply(final int id, final int sequence)
    {
        return icmp(version == 4 ? 0 : 129, 0, (id & 0xFFFF) << 16 | sequence & 0xFFFF);
    }

    /**
     * Makes the upper layer any ICMPv4/ICMPv6 message (by IP version); the body is {@link #payload(byte[])}.
     *
     * @param type         ICMP type.
     * @param code         ICMP code.
     * @param restOfHeader bytes 4..7 of the ICMP header as a big-endian int.
     * @return this.
     */
    public PacketBuilder icmp(final int type, final int code, final int restOfHeader)
    {
        setUpper(Upper.ICMP, version == 4 ? 1 : 58);
        icmpType = type;
        icmpCode = code;
        icmpRest = restOfHeader;
        return this;
    }

    /**
     * Makes the upper layer an ICMP error quoting {@code inner} (use {@link #truncate(byte[], int)} to cut it).
     *
     * @param type         ICMP type, e.g. 3 (ICMPv4 unreachable) or 2 (ICMPv6 Packet Too Big).
     * @param code         ICMP code.
     * @param restOfHeader bytes 4..7, e.g. the MTU (v4: low 16 bits; v6: all 32) or the pointer (v4: top byte).
     * @param inner        the invoking packet's bytes.
     * @return this.
     */
    public PacketBuilder icmpError(final int type, final int code, final int restOfHeader, final byte[] inner)
    {
        icmp(type, code, restOfHeader);
        payload = inner.clone();
        return this;
    }

    /**
     * Adds an RFC 4884 length field: the quoted packet is zero-padded to {@code lengthInWords} units (32-bit
     * words for ICMPv4, 64-bit for ICMPv6; RFC 4884 requires at least 128 bytes when extensions follow), the
     * length goes in byte 5 (ICMPv4) or byte 4 (ICMPv6), and {@code extension} is appended after the padding.
     *
     * @param lengthInWords the length field value.
     * @param extension     bytes after the padded original datagram, e.g. {@link #icmpExtensionStructure(byte[])};
     *                      may be empty.
     * @return this.
     */
    public PacketBuilder rfc4884(final int lengthInWords, final byte[] extension)
    {
        rfc4884Length = lengthInWords;
        icmpExtension = extension.clone();
        return this;
    }

    /**
     * Builds an RFC 4884 extension structure: header (version 2, checksum) followed by {@code objects}.
     *
     * @param objects extension objects (each: length, class-num, c-type, data).
     * @return the structure bytes.
     */
    public static byte[] icmpExtensionStructure(final byte[] objects)
    {
        final byte[] s = new byte[4 + objects.length];
        s[0] = 0x20;
        System.arraycopy(objects, 0, s, 4, objects.length);
        final int cs = ~RefChecksum.onesComplementSum(s, 0, s.length) & 0xFFFF;
        s[2] = (byte)(cs >>> 8);
        s[3] = (byte)cs;
        return s;
    }

    /**
     * Makes the upper layer raw bytes under any protocol number (no checksum is computed).
     *
     * @param protocolNumber protocol / next header value.
     * @param data           the bytes.
     * @return this.
     */
    public PacketBuilder raw(final int protocolNumber, final byte[] data)
    {
        setUpper(Upper.RAW, protocolNumber);
        payload = data.clone();
        return this;
    }

    /**
     * Sets the upper-layer payload (UDP/TCP data, ICMP body).
     *
     * @param data the bytes.
     * @return this.
     */
    public PacketBuilder payload(final byte[] data)
    {
        payload = data.clone();
        return this;
    }

    /**
     * Sets the upper-layer payload to the UTF-8 bytes of {@code text}.
     *
     * @param text the text.
     * @return this.
     */
    public PacketBuilder payload(final String text)
    {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets a payload of {@code length} bytes following a fixed pattern ({@code i * 7 + 3}).
     *
     * @param length number of bytes.
     * @return this.
     */
    public PacketBuilder payloadOfLength(final int length)
    {
        payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(i * 7 + 3);
        }
        return this;
    }

    /**
     * Makes the L4 checksum wrong by {@code delta}: the field holds the right value plus {@code delta} in one's
     * complement, so {@link RefChecksum#checksumDiscrepancy(byte[])} returns {@code delta}.
     *
     * @param delta 1..0xFFFE.
     * @return this.
     */
    public PacketBuilder corruptL4Checksum(final int delta)
    {
        l4ChecksumDelta = delta;
        return this;
    }

    /**
     * Cuts a packet to its first {@code length} bytes (e.g. to quote it in an ICMP error), leaving its
     * length fields as they were.
     *
     * @param packet the packet.
     * @param length bytes to keep.
     * @return a copy of at most {@code length} bytes.
     */
    public static byte[] truncate(final byte[] packet, final int length)
    {
        return Arrays.copyOf(packet, Math.min(length, packet.length));
    }

    // ---------------------------------------------------------------- output

    /**
     * Builds the packet with every length and checksum right except those deliberately overridden or corrupted.
     *
     * @return the packet bytes.
     */
    public byte[] build()
    {
        final byte[] l4 = buildUpperLayer();
        return version == 4 ? ipv4Packet(l4, ipv4Options, fragmentOffset, moreFragments, totalLengthOverride)
            : ipv6Packet(extensionTypes, extensionHeaders, protocol, l4, payloadLengthOverride);
    }

    /**
     * Builds the whole datagram (L4 checksum over all of it) then splits it into fragments carrying at most
     * {@code maxPayload} bytes of fragmentable data each (rounded down to a multiple of 8 except for the last).
     * IPv4: non-first fragments carry only the options with the copied flag (RFC 791 3.1). IPv6: a Fragment header
     * with {@link #fragmentId(int)} is inserted after the unfragmentable part (Hop-by-Hop, Routing and the
     * Destination Options before a Routing header; RFC 8200 4.5).
     *
     * @param maxPayload fragmentable bytes per fragment, at least 8.
     * @return the fragments in order.
     */
    public List<byte[]> fragments(final int maxPayload)
    {
        final int step = maxPayload / 8 * 8;
        if (step < 8)
        {
            throw new IllegalArgumentException("maxPayload must be at least 8: " + maxPayload);
        }
        final byte[] l4 = buildUpperLayer();
        return version == 4 ? ipv4Fragments(l4, step) : ipv6Fragments(l4, step);
    }

    private List<byte[]> ipv4Fragments(final byte[] l4, final int step)
    {
        final List<byte[]> out = new ArrayList<>();
        final byte[] copiedOptions = copiedOptions(ipv4Options);
        for (int off = 0; off < l4.length || off == 0; off += step)
        {
            final int len = Math.min(step, l4.length - off);
            final boolean last = off + len >= l4.length;
            out.add(ipv4Packet(Arrays.copyOfRange(l4, off, off + len), off == 0 ? ipv4Options : copiedOptions,
                fragmentOffset + off, !last || moreFragments, -1));
            if (last)
            {
                break;
            }
        }
        return out;
    }

    private List<byte[]> ipv6Fragments(final byte[] l4, final int step)
    {
        int unfragmentable = 0;
        for (int i = 0; i < extensionTypes.size(); i++)
        {
            final int t = extensionTypes.get(i);
            if (t == 0 || t == 43)
            {
                unfragmentable = i + 1;
            }
        }
        final ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = unfragmentable; i < extensionHeaders.size(); i++)
        {
            final byte[] h = extensionHeaders.get(i).clone();
            h[0] = (byte)(i + 1 < extensionTypes.size() ? extensionTypes.get(i + 1) : protocol);
            whole.writeBytes(h);
        }
        whole.writeBytes(l4);
        final byte[] data = whole.toByteArray();
        final int firstNext = unfragmentable < extensionTypes.size() ? extensionTypes.get(unfragmentable) : protocol;
        final List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < data.length || off == 0; off += step)
        {
            final int len = Math.min(step, data.length - off);
            final boolean last = off + len >= data.length;
            final List<Integer> types = new ArrayList<>(extensionTypes.subList(0, unfragmentable));
            final List<byte[]> headers = new ArrayList<>(extensionHeaders.subList(0, unfragmentable));
            final byte[] frag = new byte[8];
            final int field = off | (last ? 0 : 1);
            frag[2] = (byte)(field >>> 8);
            frag[3] = (byte)field;
            putInt(frag, 4, fragmentId);
            types.add(44);
            headers.add(frag);
            out.add(ipv6Packet(types, headers, firstNext, Arrays.copyOfRange(data, off, off + len), -1));
            if (last)
            {
                break;
            }
        }
        return out;
    }

    private byte[] ipv4Packet(
        final byte[] l4, final byte[] options, final int offset, final boolean more, final int totalOverride)
    {
        final int ihl = 20 + options.length;
        final byte[] p = new byte[ihl + l4.length];
        p[0] = (byte)(0x40 | ihl / 4);
        p[1] = (byte)tos;
        putShort(p, 2, totalOverride >= 0 ? totalOverride : p.length);
        putShort(p, 4, identification);
        putShort(p, 6, (dontFragment ? 0x4000 : 0) | (more ? 0x2000 : 0) | offset / 8);
        p[8] = (byte)ttl;
        p[9] = (byte)protocol;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        System.arraycopy(options, 0, p, 20, options.length);
        final int cs = ~RefChecksum.onesComplementSum(p, 0, ihl) & 0xFFFF;
        putShort(p, 10, headerChecksumDelta == 0 ? cs : RefChecksum.add(cs, headerChecksumDelta));
        System.arraycopy(l4, 0, p, ihl, l4.length);
        return p;
    }

    private byte[] ipv6Packet(
        final List<Integer> types, final List<byte[]> headers, final int upperProtocol, final byte[] l4,
        final int lengthOverride)
    {
        int extLength = 0;
        for (final byte[] h : headers)
        {
            extLength += h.length;
        }
        final byte[] p = new byte[40 + extLength + l4.length];
        putInt(p, 0, 6 << 28 | (trafficClass & 0xFF) << 20 | flowLabel & 0xFFFFF);
        putShort(p, 4, lengthOverride >= 0 ? lengthOverride : p.length - 40);
        p[6] = (byte)(types.isEmpty() ? upperProtocol : types.get(0));
        p[7] = (byte)ttl;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        int pos = 40;
        for (int i = 0; i < headers.size(); i++)
        {
            final byte[] h = headers.get(i);
            System.arraycopy(h, 0, p, pos, h.length);
            p[pos] = (byte)(i + 1 < types.size() ? types.get(i + 1) : upperProtocol);
            pos += h.length;
        }
        System.arraycopy(l4, 0, p, pos, l4.length);
        return p;
    }

    /** Builds the upper layer with its checksum computed over the whole of it. */
    private byte[] buildUpperLayer()
    {
        final byte[] l4;
        final int csOffset;
        switch (upper)
        {
            case UDP:
                l4 = new byte[8 + payload.length];
                putShort(l4, 0, srcPort);
                putShort(l4, 2, dstPort);
                putShort(l4, 4, l4.length);
                System.arraycopy(payload, 0, l4, 8, payload.length);
                csOffset = 6;
                break;
            case TCP:
                l4 = new byte[20 + tcpOptions.length + payload.length];
                putShort(l4, 0, srcPort);
                putShort(l4, 2, dstPort);
                putInt(l4, 4, (int)seq);
                putInt(l4, 8, (int)ack);
                l4[12] = (byte)((20 + tcpOptions.length) / 4 << 4);
                l4[13] = (byte)tcpFlags;
                putShort(l4, 14, window);
                putShort(l4, 18, urgentPointer);
                System.arraycopy(tcpOptions, 0, l4, 20, tcpOptions.length);
                System.arraycopy(payload, 0, l4, 20 + tcpOptions.length, payload.length);
                csOffset = 16;
                break;
            case ICMP:
                l4 = icmpMessage();
                csOffset = 2;
                break;
            default:
                return payload.clone();
        }
        int cs = ~RefChecksum.add(pseudoHeaderSum(l4.length), RefChecksum.onesComplementSum(l4, 0, l4.length))
            & 0xFFFF;
        if (upper == Upper.UDP && cs == 0)
        {
            cs = 0xFFFF; // RFC 768: a computed zero is sent as all ones
        }
        if (l4ChecksumDelta != 0)
        {
            cs = RefChecksum.add(cs, l4ChecksumDelta);
        }
        if (upper == Upper.UDP && udpZeroChecksum)
        {
            cs = 0;
        }
        putShort(l4, csOffset, cs);
        return l4;
    }

    private byte[] icmpMessage()
    {
        byte[] body = payload;
        int rest = icmpRest;
        if (icmpExtension != null)
        {
            final int unit = version == 4 ? 4 : 8;
            body = Arrays.copyOf(payload, Math.max(payload.length, rfc4884Length * unit) + icmpExtension.length);
            System.arraycopy(icmpExtension, 0, body, Math.max(payload.length, rfc4884Length * unit),
                icmpExtension.length);
            rest = version == 4 ? rest & 0xFF00FFFF | (rfc4884Length & 0xFF) << 16
                : rest & 0x00FFFFFF | (rfc4884Length & 0xFF) << 24;
        }
        final byte[] m = new byte[8 + body.length];
        m[0] = (byte)icmpType;
        m[1] = (byte)icmpCode;
        putInt(m, 4, rest);
        System.arraycopy(body, 0, m, 8, body.length);
        return m;
    }

    private int pseudoHeaderSum(final int length)
    {
        if (version == 4)
        {
            final byte[] route = RefChecksum.sourceRouteFinalDestination(ipv4Options, 0, ipv4Options.length);
            return protocol == 1 ? 0 : RefChecksum.ipv4PseudoHeaderSum(src, route != null ? route : dst, protocol,
                length);
        }
        return RefChecksum.ipv6PseudoHeaderSum(src, finalDestination(), protocol, length);
    }

    /** RFC 8200 8.1: the pseudo-header carries the final destination when a routing header has segments left. */
    private byte[] finalDestination()
    {
        byte[] result = dst;
        for (int i = 0; i < extensionTypes.size(); i++)
        {
            final byte[] h = extensionHeaders.get(i);
            if (extensionTypes.get(i) == 43 && (h[3] & 0xFF) != 0 && h.length >= 24)
            {
                final int type = h[2] & 0xFF;
                if (type == 0 || type == 2)
                {
                    final int last = 8 + ((h.length - 8) / 16 - 1) * 16;
                    result = Arrays.copyOfRange(h, last, last + 16);
                }
                else if (type == 4)
                {
                    result = Arrays.copyOfRange(h, 8, 24);
                }
            }
        }
        return result;
    }

    private PacketBuilder optionsHeader(final int type, final int... options)
    {
        requireVersion(6);
        final int length = Math.max(8, (2 + options.length + 7) / 8 * 8);
        final byte[] h = new byte[length];
        h[1] = (byte)(length / 8 - 1);
        for (int i = 0; i < options.length; i++)
        {
            h[2 + i] = (byte)options[i];
        }
        final int pad = length - 2 - options.length;
        if (pad >= 2)
        {
            h[2 + options.length] = 1; // PadN (RFC 8200 4.2)
            h[3 + options.length] = (byte)(pad - 2);
        }
        // pad == 1: the remaining zero byte is Pad1.
        return extensionHeader(type, h);
    }

    /** RFC 791 3.1: only options whose copied flag (0x80) is set are repeated in non-first fragments. */
    private static byte[] copiedOptions(final byte[] options)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < options.length)
        {
            final int type = options[i] & 0xFF;
            if (type == 0)
            {
                break;
            }
            if (type == 1)
            {
                i++;
                continue;
            }
            final int len = i + 1 < options.length ? Math.max(2, options[i + 1] & 0xFF) : 1;
            if ((type & 0x80) != 0)
            {
                out.write(options, i, Math.min(len, options.length - i));
            }
            i += len;
        }
        final byte[] copied = out.toByteArray();
        return Arrays.copyOf(copied, (copied.length + 3) / 4 * 4);
    }

    private void setUpper(final Upper kind, final int protocolNumber)
    {
        upper = kind;
        protocol = protocolNumber;
    }

    private void requireVersion(final int required)
    {
        if (version != required)
        {
            throw new IllegalStateException("only for IPv" + required + " packets, this one is IPv" + version);
        }
    }

    private static void putShort(final byte[] b, final int off, final int v)
    {
        b[off] = (byte)(v >>> 8);
        b[off + 1] = (byte)v;
    }

    private static void putInt(final byte[] b, final int off, final int v)
    {
        b[off] = (byte)(v >>> 24);
        b[off + 1] = (byte)(v >>> 16);
        b[off + 2] = (byte)(v >>> 8);
        b[off + 3] = (byte)v;
    }
}
