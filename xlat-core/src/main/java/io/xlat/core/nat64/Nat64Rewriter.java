package io.xlat.core.nat64;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.siit.TranslationResult;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The port and ICMP identifier rewrite of stateful NAT64 (RFC 6146 3.7: "the source transport address" / "the
 * destination transport address" of the outgoing tuple), applied to the packets the stateless translator just
 * wrote, with RFC 1624 incremental checksum updates. For translated ICMP errors it rewrites the inner packet's port
 * or identifier (RFC 6146 3.6: the inner tuple is translated like the session's) and updates both the inner
 * transport checksum and the outer ICMP checksum, which covers the inner bytes.
 * <p>
 * Only {@link TranslationResult#KIND_TRANSLATED} packets carrying a transport header (unfragmented, or the first
 * fragment) are touched; ICMP errors the translator originates quote the original packet and stay as they are.
 * Static and allocation-free; the packets are SIIT's output (20-byte IPv4 headers, IPv6 with at most a Fragment
 * header), and every write is bounded by the packet's length.
 */
final class Nat64Rewriter
{
    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;
    private static final int ICMP_CHECKSUM = 2;
    private static final int ICMP_ID = 4;
    private static final int ICMP_HEADER = 8;
    private static final int FRAGMENT_HEADER = 8;
    private static final int FRAGMENT = 44;

    private Nat64Rewriter()
    {
    }

    /** IPv4 out: source port (or identifier) host port -> pool4 port. */
    static void outbound(final TranslationResult result, final int protocol, final int oldPort, final int newPort)
    {
        if (oldPort == newPort)
        {
            return;
        }
        final MutableDirectBuffer out = result.buffer();
        for (int i = 0; i < result.count(); i++)
        {
            final int o = result.offset(i);
            if (result.kind(i) != TranslationResult.KIND_TRANSLATED || (out.getShort(o +
                Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN) & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0)
            {
                continue;
            }
            final int l4 = o + ((out.getByte(o) & 0xF) << 2);
            port(out, l4, o + result.length(i), protocol, true, oldPort, newPort, -1);
        }
    }

    /** IPv6 out: destination port (or identifier) pool4 port -> host port. */
    static void inbound(final TranslationResult result, final int protocol, final int oldPort, final int newPort)
    {
        if (oldPort == newPort)
        {
            return;
        }
        final MutableDirectBuffer out = result.buffer();
        for (int i = 0; i < result.count(); i++)
        {
            final int o = result.offset(i);
            final int l4 = ipv6TransportOffset(out, o);
            if (result.kind(i) == TranslationResult.KIND_TRANSLATED && l4 >= 0)
            {
                port(out, l4, o + result.length(i), protocol, false, oldPort, newPort, -1);
            }
        }
    }

    /** ICMPv4 error out: the inner packet (pool4 -> remote) gets its pool4 destination port... of the session. */
    static void innerOutbound(final TranslationResult result, final int protocol, final int oldPort, final int newPort)
    {
        if (oldPort == newPort || result.count() < 1 || result.kind(0) != TranslationResult.KIND_TRANSLATED)
        {
            return;
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.offset(0);
        final int icmp = o + ((out.getByte(o) & 0xF) << 2);
        final int inner = icmp + ICMP_HEADER;
        final int end = o + result.length(0);
        if (out.getByte(o + Ipv4Header.PROTOCOL_OFFSET) != IpProtocol.ICMP || inner + 1 > end)
        {
            return;
        }
        // The inner packet went remote -> host, so the host's port is its destination port.
        port(out, inner + ((out.getByte(inner) & 0xF) << 2), end, protocol, false, oldPort, newPort,
            icmp + ICMP_CHECKSUM);
    }

    /** ICMPv6 error out: the inner packet (host -> remote) gets the host's source port. */
    static void innerInbound(final TranslationResult result, final int protocol, final int oldPort, final int newPort)
    {
        if (oldPort == newPort || result.count() < 1 || result.kind(0) != TranslationResult.KIND_TRANSLATED)
        {
            return;
        }
        final MutableDirectBuffer out = result.buffer();
        final int o = result.offset(0);
        final int icmp = ipv6TransportOffset(out, o);
        final int end = o + result.length(0);
        if (icmp < 0 || icmp + ICMP_HEADER + Ipv6Header.HEADER_LENGTH > end)
        {
            return;
        }
        final int inner = icmp + ICMP_HEADER;
        int l4 = inner + Ipv6Header.HEADER_LENGTH;
        if ((out.getByte(inner + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF) == FRAGMENT)
        {
            l4 += FRAGMENT_HEADER;
        }
        port(out, l4, end, protocol, true, oldPort, newPort, icmp + ICMP_CHECKSUM);
    }

    /**
     * Offset of the transport header of a translated IPv6 packet, or -1 for a non-first fragment.
     */
    private static int ipv6TransportOffset(final MutableDirectBuffer out, final int o)
    {
        final int l4 = o + Ipv6Header.HEADER_LENGTH;
        if ((out.getByte(o + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF) != FRAGMENT)
        {
            return l4;
        }
        final int offsetWord = out.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFF8;
        return offsetWord == 0 ? l4 + FRAGMENT_HEADER : -1;
    }

    /**
     * Rewrites one port (or identifier) word and the checksum covering it; with {@code outerChecksum >= 0} also
     * the enclosing ICMP checksum, which covers both words.
     */
    private static void port(
        final MutableDirectBuffer out, final int l4, final int end, final int protocol, final boolean source,
        final int oldPort, final int newPort, final int outerChecksum)
    {
        final int portOffset = l4 + (protocol == Nat64Protocol.ICMP ? ICMP_ID : (source ? 0 : 2));
        if (portOffset + 2 > end || (out.getShort(portOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF) != oldPort)
        {
            return;
        }
        out.putShort(portOffset, (short)newPort, ByteOrder.BIG_ENDIAN);
        if (outerChecksum >= 0)
        {
            updateField(out, outerChecksum, oldPort, newPort, false);
        }
        final int checksumOffset = l4 + (protocol == Nat64Protocol.TCP ? TCP_CHECKSUM :
            (protocol == Nat64Protocol.UDP ? UDP_CHECKSUM : ICMP_CHECKSUM));
        if (checksumOffset + 2 > end)
        {
            return;
        }
        final int oldChecksum = out.getShort(checksumOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final boolean udp = protocol == Nat64Protocol.UDP;
        if (udp && oldChecksum == 0)
        {
            // UDP over IPv4 without a checksum stays without one (RFC 768); the translator decided already.
            return;
        }
        final int newChecksum = updateField(out, checksumOffset, oldPort, newPort, udp);
        if (outerChecksum >= 0)
        {
            updateField(out, outerChecksum, oldChecksum, newChecksum, false);
        }
    }

    private static int updateField(
        final MutableDirectBuffer out, final int offset, final int oldWord, final int newWord, final boolean udp)
    {
        final int old = out.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int updated = Checksum.updateWord(old, oldWord, newWord);
        final int value = udp ? Checksum.udpField(updated) : updated;
        out.putShort(offset, (short)value, ByteOrder.BIG_ENDIAN);
        return value;
    }
}
