package io.xlat.examples.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.examples.io.MemoryChannel;
import io.xlat.examples.pcap.PcapWriter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The demo's links: three segments (the IPv4 LAN behind the CLAT, the provider's IPv6 network, the IPv4 Internet)
 * that carry whole IP packets between nodes through {@link MemoryChannel}s, one inbox per node.
 * <p>
 * A node hands a packet to a segment; the segment picks the receiving node by the destination address (longest
 * prefix first, as a router or a neighbour lookup would), writes one trace line and one pcap record for the hop and
 * queues the packet in the receiver's inbox. {@link #runUntilIdle()} then delivers queued packets, in order, until
 * no node has anything left to say: the demo is single-threaded and deterministic.
 */
final class DemoNetwork
{
    /** Most packets delivered by one {@link #runUntilIdle()}: a loop between two nodes cannot hang the demo. */
    static final int MAX_DELIVERIES = 1000;

    /** Packet capacity of a node's inbox and buffers. */
    static final int MAX_PACKET = 65535;

    /**
     * A node of the demo: reads whole IP packets from its inbox.
     */
    abstract static class Node
    {
        private final String name;
        private final MemoryChannel inboxWriter;
        private final MemoryChannel inbox;
        private final UnsafeBuffer readBuffer = new UnsafeBuffer(new byte[MAX_PACKET]);

        Node(final String name)
        {
            this.name = name;
            final MemoryChannel.Pair pair = MemoryChannel.pair(1 << 20);
            this.inboxWriter = pair.left();
            this.inbox = pair.right();
        }

        String name()
        {
            return name;
        }

        /**
         * Handles one packet taken from the inbox.
         *
         * @param buffer holding the packet (the node's read buffer; may be modified).
         * @param offset of the IP header.
         * @param length of the packet.
         */
        abstract void onPacket(MutableDirectBuffer buffer, int offset, int length);

        /**
         * Delivers at most one queued packet.
         *
         * @return true when a packet was handled.
         */
        boolean poll()
        {
            final int n = inbox.read(readBuffer, 0, readBuffer.capacity());
            if (n <= 0)
            {
                return false;
            }
            onPacket(readBuffer, 0, n);
            return true;
        }
    }

    /**
     * Receives every hop as it happens (trace printing, pcap writing, counting).
     */
    interface HopListener
    {
        /**
         * One packet crossed one hop.
         *
         * @param from   the sending node.
         * @param to     the receiving node, or null when no route matched (the packet is lost).
         * @param buffer holding the packet.
         * @param offset of the IP header.
         * @param length of the packet.
         */
        void onHop(Node from, Node to, DirectBuffer buffer, int offset, int length);
    }

    /**
     * One link layer: a routing table from destination prefixes to the nodes that own them.
     */
    final class Segment
    {
        private final String name;
        private final List<Ipv4Prefix> prefixes4 = new ArrayList<>();
        private final List<Node> nodes4 = new ArrayList<>();
        private final List<Ipv6Prefix> prefixes6 = new ArrayList<>();
        private final List<Node> nodes6 = new ArrayList<>();

        private Segment(final String name)
        {
            this.name = name;
        }

        String name()
        {
            return name;
        }

        /**
         * Sends IPv4 packets for {@code prefix} to {@code node}.
         *
         * @param prefix destination prefix.
         * @param node   its owner (a host or the next translator).
         * @return this segment.
         */
        Segment route(final Ipv4Prefix prefix, final Node node)
        {
            prefixes4.add(prefix);
            nodes4.add(node);
            return this;
        }

        /**
         * Sends IPv6 packets for {@code prefix} to {@code node}.
         *
         * @param prefix destination prefix.
         * @param node   its owner.
         * @return this segment.
         */
        Segment route(final Ipv6Prefix prefix, final Node node)
        {
            prefixes6.add(prefix);
            nodes6.add(node);
            return this;
        }

        /**
         * Sends a packet across this segment.
         *
         * @param from   the sender.
         * @param buffer holding the packet.
         * @param offset of the IP header.
         * @param length of the packet.
         * @return true when a node took it.
         */
        boolean send(final Node from, final DirectBuffer buffer, final int offset, final int length)
        {
            final Node to = nextHop(buffer, offset);
            listener.onHop(from, to, buffer, offset, length);
            if (null == to)
            {
                return false;
            }
            final int written = to.inboxWriter.write(buffer, offset, length);
            if (written != length)
            {
                throw new IllegalStateException("inbox of " + to.name() + " refused a packet: result=" + written);
            }
            return true;
        }

        private Node nextHop(final DirectBuffer buffer, final int offset)
        {
            final int version = (buffer.getByte(offset) >> 4) & 0xF;
            Node best = null;
            int bestLength = -1;
            if (4 == version)
            {
                final int destination = Ipv4Header.destination(buffer, offset);
                for (int i = 0; i < prefixes4.size(); i++)
                {
                    final Ipv4Prefix p = prefixes4.get(i);
                    if (p.contains(destination) && p.length() > bestLength)
                    {
                        best = nodes4.get(i);
                        bestLength = p.length();
                    }
                }
            }
            else if (6 == version)
            {
                final int d = offset + Ipv6Header.DESTINATION_OFFSET;
                final long high = Ipv6Addresses.high(buffer, d);
                final long low = Ipv6Addresses.low(buffer, d);
                for (int i = 0; i < prefixes6.size(); i++)
                {
                    final Ipv6Prefix p = prefixes6.get(i);
                    if (p.contains(high, low) && p.length() > bestLength)
                    {
                        best = nodes6.get(i);
                        bestLength = p.length();
                    }
                }
            }
            return best;
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final HopListener listener;

    /**
     * Creates an empty network.
     *
     * @param listener told about every hop.
     */
    DemoNetwork(final HopListener listener)
    {
        this.listener = listener;
    }

    /**
     * Adds a node, so {@link #runUntilIdle()} polls its inbox.
     *
     * @param node the node.
     * @param <N>  its type.
     * @return the node.
     */
    <N extends Node> N add(final N node)
    {
        nodes.add(node);
        return node;
    }

    /**
     * Creates a segment.
     *
     * @param name for messages.
     * @return the segment, with no routes yet.
     */
    Segment segment(final String name)
    {
        return new Segment(name);
    }

    /**
     * Delivers queued packets until every inbox is empty.
     *
     * @return the number of packets delivered.
     * @throws IllegalStateException when more than {@link #MAX_DELIVERIES} were needed (a forwarding loop).
     */
    int runUntilIdle()
    {
        int delivered = 0;
        boolean progress = true;
        while (progress)
        {
            progress = false;
            for (final Node node : nodes)
            {
                while (node.poll())
                {
                    progress = true;
                    if (++delivered > MAX_DELIVERIES)
                    {
                        throw new IllegalStateException("more than " + MAX_DELIVERIES + " deliveries: forwarding loop");
                    }
                }
            }
        }
        return delivered;
    }

    /**
     * Closes every inbox.
     */
    void close()
    {
        for (final Node node : nodes)
        {
            node.inbox.close();
        }
    }

    /**
     * Writes hops to a pcap file with increasing timestamps, one millisecond apart.
     */
    static final class PcapRecorder
    {
        private final PcapWriter writer;
        private long micros;

        /**
         * Wraps an open raw-IP, microsecond pcap writer.
         *
         * @param writer      the writer.
         * @param startMillis timestamp of the first packet (wall clock).
         */
        PcapRecorder(final PcapWriter writer, final long startMillis)
        {
            this.writer = writer;
            this.micros = startMillis * 1000;
        }

        void record(final DirectBuffer buffer, final int offset, final int length)
        {
            try
            {
                writer.write(micros / 1_000_000, (int)(micros % 1_000_000), buffer, offset, length);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            micros += 1000;
        }

        long packets()
        {
            return writer.packets();
        }
    }
}
