package io.xlat.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reference Internet checksum (RFC 1071) and whole-packet checksum verifiers, written independently of
 * {@code io.xlat.core.checksum}: one byte at a time, plain {@code byte[]}, no shortcuts.
 * <p>
 * Conventions: a <em>sum</em> is the folded 16-bit one's-complement sum of big-endian words, {@code 0..0xFFFF};
 * a packet whose checksum field is right sums, with its pseudo-header, to {@code 0xFFFF} (one's-complement -0).
 */
public final class RefChecksum
{
    /** Value returned by {@link #checksumDiscrepancy(byte[])} when there is no L4 checksum that can be checked. */
    public static final int NOT_VERIFIABLE = -1;

    private static final int MAX_EXTENSION_HEADERS = 32;

    private RefChecksum()
    {
    }

    /**
     * Sums {@code b[off, off + len)} as big-endian 16-bit words in one's complement (RFC 1071), byte by byte: even
     * positions are high bytes, odd positions low bytes, an odd trailing byte is padded with zero.
     *
     * @param b   the bytes.
     * @param off first byte.
     * @param len number of bytes.
     * @return the folded sum, {@code 0..0xFFFF}; {@code 0} only when every byte is zero.
     */
    public static int onesComplementSum(final byte[] b, final int off, final int len)
    {
        long acc = 0;
        for (int i = 0; i < len; i++)
        {
            final int v = b[off + i] & 0xFF;
            acc += (i & 1) == 0 ? (long)v << 8 : v;
        }
        return fold(acc);
    }

    /**
     * Adds two 16-bit values in one's complement.
     *
     * @param a first value.
     * @param b second value.
     * @return the folded sum.
     */
    public static int add(final int a, final int b)
    {
        return fold((long)(a & 0xFFFF) + (b & 0xFFFF));
    }

    /**
     * Sums the IPv4 pseudo-header (RFC 793 3.1, RFC 768): source, destination, zero, protocol, L4 length.
     *
     * @param src      4-byte source address.
     * @param dst      4-byte destination address.
     * @param protocol protocol number.
     * @param length   L4 length in bytes.
     * @return the folded sum.
     */
    public static int ipv4PseudoHeaderSum(final byte[] src, final byte[] dst, final int protocol, final int length)
    {
        final byte[] ph = new byte[12];
        System.arraycopy(src, 0, ph, 0, 4);
        System.arraycopy(dst, 0, ph, 4, 4);
        ph[9] = (byte)protocol;
        ph[10] = (byte)(length >>> 8);
        ph[11] = (byte)length;
        return onesComplementSum(ph, 0, ph.length);
    }

    /**
     * Sums the IPv6 pseudo-header (RFC 8200 8.1): source, final destination, 32-bit length, zeros, next header.
     *
     * @param src        16-byte source address.
     * @param dst        16-byte final destination address.
     * @param nextHeader upper-layer protocol number.
     * @param length     upper-layer length in bytes.
     * @return the folded sum.
     */
    public static int ipv6PseudoHeaderSum(final byte[] src, final byte[] dst, final int nextHeader, final int length)
    {
        final byte[] ph = new byte[40];
        System.arraycopy(src, 0, ph, 0, 16);
        System.arraycopy(dst, 0, ph, 16, 16);
        ph[32] = (byte)(length >>> 24);
        ph[33] = (byte)(length >>> 16);
        ph[34] = (byte)(length >>> 8);
        ph[35] = (byte)length;
        ph[39] = (byte)nextHeader;
        return onesComplementSum(ph, 0, ph.length);
    }

    /**
     * Checks every checksum present in a whole IPv4 or IPv6 packet: the IPv4 header checksum, the TCP, UDP, ICMPv4
     * or ICMPv6 checksum with the right pseudo-header (IPv6 extension headers skipped, routing header final
     * destination honoured, UDP over IPv4 with 0 meaning none), lengths against the array, and for ICMP errors the
     * inner packet's IPv4 header checksum when the inner header is complete and its L4 checksum when the inner
     * packet is complete. Fragments (offset != 0 or more-fragments set) have their L4 checksum skipped.
     *
     * @param packet one whole packet, starting with the IP header and ending at its last byte.
     * @return human-readable problems; empty when everything checks out.
     */
    public static List<String> problems(final byte[] packet)
    {
        final List<String> out = new ArrayList<>();
        analyze(packet, 0, packet.length, false, out);
        return out;
    }

    /**
     * Tells how far the outer L4 checksum is off, in one's complement: {@code 0} when right; {@code d} when the
     * checksum field holds the right value plus {@code d} (one's-complement addition). Corrupting a packet by
     * {@code d} with {@link PacketBuilder#corruptL4Checksum(int)} makes this return {@code d} (normalised so
     * {@code 0xFFFF} reads as {@code 0}).
     *
     * @param packet one whole packet.
     * @return the discrepancy {@code 0..0xFFFE}, or {@link #NOT_VERIFIABLE} (fragment, truncated, no L4 checksum,
     * UDP over IPv4 with checksum 0, unknown protocol).
     */
    public static int checksumDiscrepancy(final byte[] packet)
    {
        final L4 l4 = locateL4(packet, 0, packet.length, null);
        if (l4 == null || !l4.complete || !hasChecksum(l4.protocol))
        {
            return NOT_VERIFIABLE;
        }
        final int csOff = l4.offset + checksumOffset(l4.protocol);
        if (l4.protocol == 17 && l4.ipv4 && (packet[csOff] | packet[csOff + 1]) == 0)
        {
            return NOT_VERIFIABLE;
        }
        final int sum = add(l4.pseudoSum, onesComplementSum(packet, l4.offset, l4.length));
        return sum == 0xFFFF ? 0 : sum;
    }

    /**
     * Computes the value the L4 checksum field of the outer packet should hold (ignoring the current field).
     *
     * @param packet one whole, unfragmented packet.
     * @return the correct field value, or {@link #NOT_VERIFIABLE}.
     */
    public static int expectedL4Checksum(final byte[] packet)
    {
        final L4 l4 = locateL4(packet, 0, packet.length, null);
        if (l4 == null || !l4.complete || !hasChecksum(l4.protocol))
        {
            return NOT_VERIFIABLE;
        }
        return expectedField(packet, l4);
    }

    private static int expectedField(final byte[] packet, final L4 l4)
    {
        final byte[] copy = Arrays.copyOfRange(packet, l4.offset, l4.offset + l4.length);
        final int cs = checksumOffset(l4.protocol);
        copy[cs] = 0;
        copy[cs + 1] = 0;
        final int field = ~add(l4.pseudoSum, onesComplementSum(copy, 0, copy.length)) & 0xFFFF;
        return l4.protocol == 17 && field == 0 ? 0xFFFF : field;
    }

    private static void analyze(
        final byte[] p, final int off, final int avail, final boolean inner, final List<String> out)
    {
        final String who = inner ? "inner " : "";
        final L4 l4 = locateL4(p, off, avail, inner ? null : out);
        if (l4 == null)
        {
            return;
        }
        if (l4.ipv4)
        {
            final int ihl = (p[off] & 0x0F) * 4;
            if (onesComplementSum(p, off, ihl) != 0xFFFF)
            {
                final byte[] copy = Arrays.copyOfRange(p, off, off + ihl);
                copy[10] = 0;
                copy[11] = 0;
                out.add(who + "IPv4 header checksum bad: field 0x" + hex(u16(p, off + 10)) + ", expected 0x"
                    + hex(~onesComplementSum(copy, 0, ihl) & 0xFFFF));
            }
            if (l4.protocol == 58)
            {
                out.add(who + "ICMPv6 (58) carried in IPv4");
            }
        }
        else if (l4.protocol == 1)
        {
            out.add(who + "ICMPv4 (1) carried in IPv6");
        }
        if (!l4.complete || !hasChecksum(l4.protocol))
        {
            return;
        }
        final int minLength = l4.protocol == 6 ? 20 : (l4.protocol == 17 ? 8 : 4);
        if (l4.length < minLength)
        {
            out.add(who + "L4 protocol " + l4.protocol + " too short: " + l4.length + " bytes");
            return;
        }
        final int csOff = l4.offset + checksumOffset(l4.protocol);
        final int field = u16(p, csOff);
        if (l4.protocol == 17)
        {
            if (u16(p, l4.offset + 4) != l4.length)
            {
                out.add(who + "UDP length " + u16(p, l4.offset + 4) + " but IP says " + l4.length);
            }
            if (field == 0)
            {
                if (!l4.ipv4)
                {
                    out.add(who + "UDP checksum 0 over IPv6 (RFC 8200 8.1 forbids it)");
                }
                return;
            }
        }
        final int sum = add(l4.pseudoSum, onesComplementSum(p, l4.offset, l4.length));
        if (sum != 0xFFFF)
        {
            out.add(who + protocolName(l4) + " checksum bad: field 0x" + hex(field) + ", expected 0x"
                + hex(expectedField(p, l4)) + " (off by 0x" + hex(sum) + ")");
        }
        if (!inner && isIcmpError(l4))
        {
            final int innerOff = l4.offset + 8;
            int innerLen = l4.length - 8;
            // RFC 4884 4.1/4.5: a non-zero length field gives the original datagram's padded length.
            final int lengthField = l4.ipv4 ? p[l4.offset + 5] & 0xFF : p[l4.offset + 4] & 0xFF;
            final int type = p[l4.offset] & 0xFF;
            final boolean has4884 = l4.ipv4 ? (type == 3 || type == 11 || type == 12) : (type == 1 || type == 3);
            if (has4884 && lengthField != 0)
            {
                final int padded = lengthField * (l4.ipv4 ? 4 : 8);
                if (padded > innerLen)
                {
                    out.add(protocolName(l4) + " RFC 4884 length " + padded + " exceeds the " + innerLen
                        + " bytes present");
                }
                innerLen = Math.min(innerLen, padded);
            }
            final int innerVersion = innerLen > 0 ? (p[innerOff] & 0xF0) >>> 4 : 0;
            if (innerVersion != (l4.ipv4 ? 4 : 6) && innerLen > 0)
            {
                out.add(protocolName(l4) + " error carries an IPv" + innerVersion + " packet");
                return;
            }
            if (innerLen > 0)
            {
                analyze(p, innerOff, trimInner(p, innerOff, innerLen, l4.ipv4), true, out);
            }
        }
    }

    /** The inner packet may be followed by RFC 4884 padding: trust its own length field when it fits. */
    private static int trimInner(final byte[] p, final int off, final int avail, final boolean ipv4)
    {
        if (ipv4 && avail >= 4)
        {
            return Math.min(avail, Math.max(u16(p, off + 2), Math.min(avail, 20)));
        }
        if (!ipv4 && avail >= 6)
        {
            return Math.min(avail, 40 + u16(p, off + 4));
        }
        return avail;
    }

    private static final class L4
    {
        boolean ipv4;
        int protocol;
        int offset;
        int length;
        int pseudoSum;
        boolean complete;
        int errorType = -1;
    }

    /** Finds the upper layer; reports structural problems to {@code out} when not null (outer packet). */
    private static L4 locateL4(final byte[] p, final int off, final int avail, final List<String> out)
    {
        if (avail < 1)
        {
            note(out, "empty packet");
            return null;
        }
        final int version = (p[off] & 0xF0) >>> 4;
        final L4 l4 = new L4();
        if (version == 4)
        {
            if (avail < 20)
            {
                note(out, "IPv4 header truncated: " + avail + " bytes");
                return null;
            }
            final int ihl = (p[off] & 0x0F) * 4;
            final int total = u16(p, off + 2);
            if (ihl < 20 || ihl > avail)
            {
                note(out, "IPv4 IHL " + ihl + " invalid for " + avail + " bytes");
                return null;
            }
            if (total != avail)
            {
                note(out, "IPv4 total length " + total + " but packet has " + avail + " bytes");
            }
            final int fragment = u16(p, off + 6);
            l4.ipv4 = true;
            l4.protocol = p[off + 9] & 0xFF;
            l4.offset = off + ihl;
            l4.length = Math.min(total, avail) - ihl;
            l4.complete = total <= avail && total >= ihl && (fragment & 0x3FFF) == 0;
            final byte[] src = Arrays.copyOfRange(p, off + 12, off + 16);
            final byte[] route = sourceRouteFinalDestination(p, off + 20, ihl - 20);
            final byte[] dst = route != null ? route : Arrays.copyOfRange(p, off + 16, off + 20);
            l4.errorType = l4.length > 0 ? p[l4.offset] & 0xFF : -1;
            l4.pseudoSum = l4.protocol == 1 ? 0 : ipv4PseudoHeaderSum(src, dst, l4.protocol, Math.max(0, l4.length));
            return l4;
        }
        if (version == 6)
        {
            return locateIpv6L4(p, off, avail, out, l4);
        }
        note(out, "IP version " + version);
        return null;
    }

    private static L4 locateIpv6L4(final byte[] p, final int off, final int avail, final List<String> out, final L4 l4)
    {
        if (avail < 40)
        {
            note(out, "IPv6 header truncated: " + avail + " bytes");
            return null;
        }
        final int total = 40 + u16(p, off + 4);
        if (total != avail)
        {
            note(out, "IPv6 payload length " + (total - 40) + " but packet has " + (avail - 40) + " bytes after "
                + "the header");
        }
        final int end = off + Math.min(total, avail);
        final byte[] src = Arrays.copyOfRange(p, off + 8, off + 24);
        byte[] dst = Arrays.copyOfRange(p, off + 24, off + 40);
        int nh = p[off + 6] & 0xFF;
        int pos = off + 40;
        boolean fragmented = false;
        boolean nonFirstFragment = false;
        for (int i = 0; i < MAX_EXTENSION_HEADERS && isExtensionHeader(nh); i++)
        {
            if (pos + 8 > end)
            {
                note(out, "IPv6 extension header " + nh + " truncated at offset " + (pos - off));
                return null;
            }
            final int len = nh == 44 ? 8 : (nh == 51 ? ((p[pos + 1] & 0xFF) + 2) * 4 : ((p[pos + 1] & 0xFF) + 1) * 8);
            if (pos + len > end)
            {
                note(out, "IPv6 extension header " + nh + " (" + len + " bytes) runs past the packet");
                return null;
            }
            if (nh == 44 && (u16(p, pos + 2) & 0xFFF9) != 0)
            {
                fragmented = true;
                nonFirstFragment = (u16(p, pos + 2) & 0xFFF8) != 0;
            }
            if (nh == 43 && (p[pos + 3] & 0xFF) != 0)
            {
                dst = routingFinalDestination(p, pos, len, dst);
            }
            nh = p[pos] & 0xFF;
            pos += len;
            if (nonFirstFragment)
            {
                break; // a non-first fragment: what follows is data, not headers
            }
        }
        l4.ipv4 = false;
        l4.protocol = nh;
        l4.offset = pos;
        l4.length = end - pos;
        l4.complete = total <= avail && !fragmented && nh != 59;
        l4.errorType = l4.length > 0 ? p[l4.offset] & 0xFF : -1;
        l4.pseudoSum = ipv6PseudoHeaderSum(src, dst, nh, l4.length);
        return l4;
    }

    /** RFC 8200 8.1: with segments left, the pseudo-header uses the final destination from the routing header. */
    private static byte[] routingFinalDestination(final byte[] p, final int pos, final int len, final byte[] dst)
    {
        final int type = p[pos + 2] & 0xFF;
        if ((type == 0 || type == 2) && len >= 24)
        {
            // RFC 5095 / RFC 6275 6.4: addresses follow 4 reserved bytes; the last one is the final destination.
            final int last = pos + 8 + ((len - 8) / 16 - 1) * 16;
            return Arrays.copyOfRange(p, last, last + 16);
        }
        if (type == 4 && len >= 24)
        {
            // RFC 8754 2: Segment List[0] is the last segment of the path.
            return Arrays.copyOfRange(p, pos + 8, pos + 24);
        }
        return dst;
    }

    /**
     * Finds the final destination of an unfinished IPv4 loose or strict source route (RFC 791 3.1): the last
     * address of the option, which TCP/UDP pseudo-headers use (RFC 1122 3.2.1.8, as Wireshark does).
     *
     * @param b   bytes holding the options.
     * @param off first option byte.
     * @param len options length.
     * @return the 4-byte final destination, or null when there is no unfinished source route.
     */
    public static byte[] sourceRouteFinalDestination(final byte[] b, final int off, final int len)
    {
        int i = 0;
        while (i < len)
        {
            final int type = b[off + i] & 0xFF;
            if (type == 0)
            {
                break;
            }
            if (type == 1)
            {
                i++;
                continue;
            }
            if (i + 1 >= len)
            {
                break;
            }
            final int optionLength = b[off + i + 1] & 0xFF;
            if (optionLength < 2 || i + optionLength > len)
            {
                break;
            }
            if ((type == 0x83 || type == 0x89) && optionLength >= 7 && (b[off + i + 2] & 0xFF) <= optionLength)
            {
                final int last = off + i + optionLength - 4;
                return Arrays.copyOfRange(b, last, last + 4);
            }
            i += optionLength;
        }
        return null;
    }

    private static boolean isExtensionHeader(final int nh)
    {
        return nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51 || nh == 135 || nh == 139 || nh == 140
            || nh == 253 || nh == 254;
    }

    private static boolean isIcmpError(final L4 l4)
    {
        if (l4.length < 8)
        {
            return false;
        }
        return l4.ipv4 ? l4.protocol == 1 && isIcmpv4Error(l4) : l4.protocol == 58 && isIcmpv6Error(l4);
    }

    private static boolean isIcmpv4Error(final L4 l4)
    {
        return l4.errorType == 3 || l4.errorType == 4 || l4.errorType == 5 || l4.errorType == 11
            || l4.errorType == 12;
    }

    private static boolean isIcmpv6Error(final L4 l4)
    {
        return l4.errorType >= 0 && l4.errorType < 128;
    }

    private static boolean hasChecksum(final int protocol)
    {
        return protocol == 6 || protocol == 17 || protocol == 1 || protocol == 58;
    }

    private static int checksumOffset(final int protocol)
    {
        return protocol == 6 ? 16 : (protocol == 17 ? 6 : 2);
    }

    private static String protocolName(final L4 l4)
    {
        switch (l4.protocol)
        {
            case 6:
                return "TCP";
            case 17:
                return "UDP";
            case 1:
                return "ICMPv4";
            case 58:
                return "ICMPv6";
            default:
                return "protocol " + l4.protocol;
        }
    }

    private static void note(final List<String> out, final String problem)
    {
        if (out != null)
        {
            out.add(problem);
        }
    }

    private static int u16(final byte[] p, final int off)
    {
        return (p[off] & 0xFF) << 8 | p[off + 1] & 0xFF;
    }

    private static String hex(final int v)
    {
        return String.format("%04x", v & 0xFFFF);
    }

    private static int fold(final long value)
    {
        long acc = value;
        while ((acc >>> 16) != 0)
        {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int)acc;
    }
}
