package io.xlat.core.nat64;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6ExtensionHeaders;
import io.xlat.core.codec.Ipv6Header;
import org.agrona.DirectBuffer;

/**
 * Decides which shard of a {@link Nat64Shards} must translate a raw IP packet, so that every packet of a flow, its
 * replies and the ICMP errors about it meet the shard holding the session. One per reading thread (it keeps a small
 * table of IPv4 fragment routes); allocation-free; reads only the few header fields it needs and trusts the owning
 * shard's translator to validate the packet fully.
 * <ul>
 *     <li>IPv6 (outbound, RFC 6146 3.5.1-3.5.3): the shard of the source address
 *     ({@link Nat64Shards#shardForOutbound}); every fragment carries the source, so fragments follow too.</li>
 *     <li>ICMPv6 error (3.5.3): its inner packet is one the NAT64 translated IPv4 to IPv6, sent to the IPv6 host:
 *     the shard of the inner <em>destination</em> (the outer source may be any router on the path).</li>
 *     <li>IPv4 (inbound): the owner of the destination transport address ({@link Nat64Shards#shardForInbound}), the
 *     destination port for TCP/UDP, the identifier for ICMP echo.</li>
 *     <li>ICMPv4 error (3.5.3): its inner packet is one the NAT64 translated IPv6 to IPv4, whose <em>source</em>
 *     transport address is the pool4 one of the session: the owner of the inner source address and port (or
 *     identifier).</li>
 *     <li>IPv4 fragments (3.4): only the first carries ports. The router remembers the shard it chose for each first
 *     fragment, keyed by (source, destination, identification, protocol), in a direct-mapped table of
 *     {@link #FRAGMENT_ROUTES} entries, and sends later fragments of that datagram the same way, where the shard's
 *     fragment cache knows the session. A fragment whose first fragment this router has not seen (it came earlier,
 *     through another reading thread, or its entry was overwritten) stays on the local shard and is counted in
 *     {@link #unroutedFragments()}; that shard translates it if its own cache knows the datagram, else drops it as
 *     {@code UNMATCHED_FRAGMENT}, as a single-shard NAT64 drops fragments that outrun their first. On a Linux TUN
 *     device every fragment of a datagram reaches the same queue (the kernel's flow hash of a fragment uses only
 *     addresses and protocol), so in practice only reordered fragments miss.</li>
 * </ul>
 * Anything unparseable, or of a protocol NAT64 does not translate, stays on the local shard, whose translator drops
 * and counts it: no hand-off is spent on a packet that will be dropped.
 * <p>
 * Limitation: hairpinning (3.8) is done by the translator of the IPv6 sender's shard, which finds the other host's
 * BIB entry only if that shard owns its pool4 port; with several shards a hairpinned flow between hosts of
 * different shards is dropped there ({@code NO_BIB_ENTRY}).
 */
public final class Nat64ShardRouter
{
    /** Entries of the IPv4 fragment route table. */
    public static final int FRAGMENT_ROUTES = 1024;

    private static final int ICMP_HEADER = 8;
    private static final int ECHO_ID_OFFSET = 4;
    private static final long EMPTY = -1L;
    private static final VarHandle UNROUTED;

    static
    {
        try
        {
            UNROUTED = MethodHandles.lookup().findVarHandle(Nat64ShardRouter.class, "unroutedFragments", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Nat64Shards shards;
    private final int local;
    private final int shardCount;
    private final Ipv6ExtensionHeaders extensions = new Ipv6ExtensionHeaders();
    private final long[] fragmentKeys = new long[FRAGMENT_ROUTES];
    private final int[] fragmentProtocols = new int[FRAGMENT_ROUTES];
    private final int[] fragmentShards = new int[FRAGMENT_ROUTES];
    private long unroutedFragments;

    /**
     * Creates the router of one reading thread.
     *
     * @param shards the shards.
     * @param local  the shard of the thread using this router: where packets that cannot be routed stay.
     */
    public Nat64ShardRouter(final Nat64Shards shards, final int local)
    {
        if (local < 0 || local >= shards.shardCount())
        {
            throw new IllegalArgumentException("local=" + local + ": must be in 0.." + (shards.shardCount() - 1));
        }
        this.shards = shards;
        this.local = local;
        this.shardCount = shards.shardCount();
        Arrays.fill(fragmentKeys, EMPTY);
    }

    /**
     * The shard that must translate a packet.
     *
     * @param buffer holding the packet.
     * @param offset of the IP header.
     * @param length bytes of the packet.
     * @return 0..{@code shardCount - 1}; the local shard for anything that cannot be routed.
     */
    public int shardOf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (shardCount == 1 || length < 1)
        {
            return local;
        }
        final int version = (buffer.getByte(offset) >> 4) & 0xF;
        if (version == Ipv6Header.VERSION)
        {
            return length < Ipv6Header.HEADER_LENGTH ? local : route6(buffer, offset, length);
        }
        if (version == Ipv4Header.VERSION)
        {
            return length < Ipv4Header.MIN_HEADER_LENGTH ? local : route4(buffer, offset, length);
        }
        return local;
    }

    private int route6(final DirectBuffer buffer, final int offset, final int length)
    {
        int protocol = buffer.getByte(offset + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF;
        int l4 = offset + Ipv6Header.HEADER_LENGTH;
        if (IpProtocol.isIpv6ExtensionHeader(protocol))
        {
            final int payload = buffer.getShort(offset + Ipv6Header.PAYLOAD_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN)
                & 0xFFFF;
            final int upper = extensions.walk(buffer, offset, Math.min(length, Ipv6Header.HEADER_LENGTH + payload));
            if (upper < 0 || (extensions.hasFragmentHeader() && isNonFirst6(buffer, extensions.fragmentHeaderOffset())))
            {
                return bySource6(buffer, offset);
            }
            protocol = extensions.upperLayerProtocol();
            l4 = upper;
        }
        if (protocol == IpProtocol.IPV6_ICMP && offset + length - l4 >= ICMP_HEADER + Ipv6Header.HEADER_LENGTH &&
            Icmpv6Message.isErrorType(buffer.getByte(l4) & 0xFF))
        {
            // RFC 6146 3.5.3: the inner packet went from pool6 + remote to the IPv6 host; its session is the host's.
            final int inner = l4 + ICMP_HEADER;
            return shards.shardForOutbound(
                buffer.getLong(inner + Ipv6Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN),
                buffer.getLong(inner + Ipv6Header.DESTINATION_OFFSET + 8, ByteOrder.BIG_ENDIAN));
        }
        return bySource6(buffer, offset);
    }

    private int bySource6(final DirectBuffer buffer, final int offset)
    {
        return shards.shardForOutbound(
            buffer.getLong(offset + Ipv6Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + Ipv6Header.SOURCE_OFFSET + 8, ByteOrder.BIG_ENDIAN));
    }

    private static boolean isNonFirst6(final DirectBuffer buffer, final int fragmentHeader)
    {
        return (buffer.getShort(fragmentHeader + 2, ByteOrder.BIG_ENDIAN) & 0xFFF8) != 0;
    }

    private int route4(final DirectBuffer buffer, final int offset, final int length)
    {
        final int headerLength = (buffer.getByte(offset) & 0xF) << 2;
        final int total = Math.min(length,
            buffer.getShort(offset + Ipv4Header.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        if (headerLength < Ipv4Header.MIN_HEADER_LENGTH || total < headerLength)
        {
            return local;
        }
        final int protocol = buffer.getByte(offset + Ipv4Header.PROTOCOL_OFFSET) & 0xFF;
        final int flagsFragment = buffer.getShort(offset + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET,
            ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int source = buffer.getInt(offset + Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        final int destination = buffer.getInt(offset + Ipv4Header.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        final int identification = buffer.getShort(offset + Ipv4Header.IDENTIFICATION_OFFSET, ByteOrder.BIG_ENDIAN)
            & 0xFFFF;
        if ((flagsFragment & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0)
        {
            return followFragment(source, destination, identification, protocol);
        }
        final int l4 = offset + headerLength;
        final int available = offset + total - l4;
        final int shard;
        if (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP)
        {
            if (available < 4)
            {
                return local;
            }
            shard = shards.shardForInbound(destination, buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        else if (protocol == IpProtocol.ICMP && available >= ICMP_HEADER)
        {
            final int type = buffer.getByte(l4) & 0xFF;
            if (type == Icmpv4Message.TYPE_ECHO_REQUEST || type == Icmpv4Message.TYPE_ECHO_REPLY)
            {
                shard = shards.shardForInbound(destination,
                    buffer.getShort(l4 + ECHO_ID_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            }
            else if (Icmpv4Message.isErrorType(type))
            {
                shard = inner4(buffer, l4 + ICMP_HEADER, available - ICMP_HEADER);
            }
            else
            {
                return local;
            }
        }
        else
        {
            return local;
        }
        if ((flagsFragment & Ipv4Header.MORE_FRAGMENTS_FLAG) != 0)
        {
            rememberFragment(source, destination, identification, protocol, shard);
        }
        return shard;
    }

    /**
     * RFC 6146 3.5.3: the inner packet of an ICMPv4 error is one the NAT64 sent, from the session's pool4 transport
     * address.
     */
    private int inner4(final DirectBuffer buffer, final int inner, final int available)
    {
        if (available < Ipv4Header.MIN_HEADER_LENGTH)
        {
            return local;
        }
        final int headerLength = (buffer.getByte(inner) & 0xF) << 2;
        if (headerLength < Ipv4Header.MIN_HEADER_LENGTH || available < headerLength + ICMP_HEADER)
        {
            return local;
        }
        final int source = buffer.getInt(inner + Ipv4Header.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        final int protocol = buffer.getByte(inner + Ipv4Header.PROTOCOL_OFFSET) & 0xFF;
        final int l4 = inner + headerLength;
        if (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP)
        {
            return shards.shardForInbound(source, buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        if (protocol == IpProtocol.ICMP)
        {
            return shards.shardForInbound(source, buffer.getShort(l4 + ECHO_ID_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        return local;
    }

    private void rememberFragment(
        final int source, final int destination, final int identification, final int protocol, final int shard)
    {
        final long key = fragmentKey(source, destination);
        final int slot = fragmentSlot(key, identification, protocol);
        fragmentKeys[slot] = key;
        fragmentProtocols[slot] = identification << 8 | protocol;
        fragmentShards[slot] = shard;
    }

    private int followFragment(final int source, final int destination, final int identification, final int protocol)
    {
        final long key = fragmentKey(source, destination);
        final int slot = fragmentSlot(key, identification, protocol);
        if (fragmentKeys[slot] == key && fragmentProtocols[slot] == (identification << 8 | protocol))
        {
            return fragmentShards[slot];
        }
        UNROUTED.setOpaque(this, unroutedFragments + 1);
        return local;
    }

    private static long fragmentKey(final int source, final int destination)
    {
        return (long)source << 32 | (destination & 0xFFFF_FFFFL);
    }

    private static int fragmentSlot(final long key, final int identification, final int protocol)
    {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        h = (h ^ (identification << 8 | protocol)) * 0x9E37_79B9_7F4A_7C15L;
        return (int)(h >>> 54) & (FRAGMENT_ROUTES - 1);
    }

    /**
     * IPv4 non-first fragments whose first fragment this router had not routed (kept on the local shard).
     *
     * @return the count; any thread may read it.
     */
    public long unroutedFragments()
    {
        return (long)UNROUTED.getOpaque(this);
    }

    /**
     * The shard of the thread using this router.
     *
     * @return the local shard.
     */
    public int localShard()
    {
        return local;
    }
}
