package io.xlat.examples.demo;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.codec.TcpHeader;
import io.xlat.core.codec.UdpHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An end host of the demo with a tiny IP stack: it answers pings, sends and receives UDP datagrams, and runs
 * scripted TCP endpoints ({@link DemoTcpEndpoint}). An IPv4 host has an {@code int} address; an IPv6 host (the
 * IPv6-only client of the DNS64 step) has a {@code long[2]} one and speaks UDP only.
 * <p>
 * Every packet it receives is checked with {@link DemoPackets#checksumsValid}; a bad one is counted in
 * {@link #badPackets()} and otherwise ignored, as a real stack would drop it.
 */
final class DemoHost extends DemoNetwork.Node
{
    /**
     * A UDP datagram the host received.
     *
     * @param sourcePort      its source port.
     * @param destinationPort its destination port.
     * @param payload         its payload.
     */
    record Datagram(int sourcePort, int destinationPort, byte[] payload)
    {
    }

    /**
     * An ICMP echo reply the host received.
     *
     * @param source     who answered.
     * @param identifier echo identifier.
     * @param sequence   echo sequence number.
     * @param data       echo data.
     */
    record EchoReply(int source, int identifier, int sequence, byte[] data)
    {
    }

    private final int ipv4;
    private final long[] ipv6;
    private final DemoPackets packets = new DemoPackets();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[DemoNetwork.MAX_PACKET]);
    private final List<Datagram> datagrams = new ArrayList<>();
    private final List<EchoReply> echoReplies = new ArrayList<>();
    private final List<DemoTcpEndpoint> connections = new ArrayList<>();
    private final Random random;
    private DemoNetwork.Segment link;
    private int identification;
    private int listenPort = -1;
    private byte[] listenResponse;
    private int badPackets;

    private DemoHost(final String name, final int ipv4, final long[] ipv6, final long seed)
    {
        super(name);
        this.ipv4 = ipv4;
        this.ipv6 = null == ipv6 ? null : ipv6.clone();
        this.random = new Random(seed);
        this.identification = random.nextInt(0x10000);
    }

    /**
     * Creates an IPv4 host.
     *
     * @param name    for the trace.
     * @param address its IPv4 address.
     * @param seed    for ISNs and IPv4 Identification (fixed so the pcap is reproducible).
     * @return the host.
     */
    static DemoHost ipv4(final String name, final int address, final long seed)
    {
        return new DemoHost(name, address, null, seed);
    }

    /**
     * Creates an IPv6 host.
     *
     * @param name    for the trace.
     * @param address its IPv6 address {@code {high, low}}.
     * @param seed    for reproducible choices.
     * @return the host.
     */
    static DemoHost ipv6(final String name, final long[] address, final long seed)
    {
        return new DemoHost(name, 0, address, seed);
    }

    /**
     * Attaches the host to its link.
     *
     * @param segment where its packets go (its default route).
     */
    void attach(final DemoNetwork.Segment segment)
    {
        this.link = segment;
    }

    /**
     * Accepts TCP connections on a port, answering each request with the same response.
     *
     * @param port     the port.
     * @param response the bytes to answer with.
     */
    void listen(final int port, final byte[] response)
    {
        listenPort = port;
        listenResponse = response.clone();
    }

    /**
     * Sends an IPv4 UDP datagram.
     *
     * @param destination     the address.
     * @param sourcePort      local port.
     * @param destinationPort remote port.
     * @param payload         the payload.
     * @return true when the link took it.
     */
    boolean sendUdp(final int destination, final int sourcePort, final int destinationPort, final byte[] payload)
    {
        final int n = packets.writeUdp4(out, 0, nextIdentification(), ipv4, destination, sourcePort,
            destinationPort, new UnsafeBuffer(payload), 0, payload.length);
        return link.send(this, out, 0, n);
    }

    /**
     * Sends an IPv6 UDP datagram.
     *
     * @param destination     the address {@code {high, low}}.
     * @param sourcePort      local port.
     * @param destinationPort remote port.
     * @param payload         the payload.
     * @return true when the link took it.
     */
    boolean sendUdp(final long[] destination, final int sourcePort, final int destinationPort, final byte[] payload)
    {
        final int n = packets.writeUdp6(out, 0, ipv6, destination, sourcePort, destinationPort,
            new UnsafeBuffer(payload), 0, payload.length);
        return link.send(this, out, 0, n);
    }

    /**
     * Sends an ICMP Echo Request (ping).
     *
     * @param destination the address.
     * @param identifier  echo identifier.
     * @param sequence    echo sequence number.
     * @param data        echo data.
     * @return true when the link took it.
     */
    boolean ping(final int destination, final int identifier, final int sequence, final byte[] data)
    {
        final int n = packets.writeEcho4(out, 0, nextIdentification(), ipv4, destination,
            Icmpv4Message.ECHO_REQUEST, identifier, sequence, data);
        return link.send(this, out, 0, n);
    }

    /**
     * Opens a TCP connection that sends {@code request} and closes after the response.
     *
     * @param destination the server.
     * @param sourcePort  local port.
     * @param port        server port.
     * @param request     bytes to send.
     * @return the client endpoint (check {@link DemoTcpEndpoint#completed()} after the network is idle).
     */
    DemoTcpEndpoint connect(final int destination, final int sourcePort, final int port, final byte[] request)
    {
        final DemoTcpEndpoint client = DemoTcpEndpoint.client(destination, port, sourcePort, random.nextInt(),
            request, this::sendSegment);
        connections.add(client);
        client.open();
        return client;
    }

    private void sendSegment(
        final DemoTcpEndpoint endpoint, final int sequence, final int ack, final int flags, final byte[] data)
    {
        final int n = packets.writeTcp4(out, 0, nextIdentification(), ipv4, endpoint.remoteAddress(),
            endpoint.localPort(), endpoint.remotePort(), sequence, ack, flags, data);
        link.send(this, out, 0, n);
    }

    private int nextIdentification()
    {
        identification = (identification + 1) & 0xFFFF;
        return identification;
    }

    @Override
    void onPacket(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (!DemoPackets.checksumsValid(buffer, offset, length))
        {
            badPackets++;
            return;
        }
        final int version = (buffer.getByte(offset) >> 4) & 0xF;
        if (6 == version)
        {
            if ((buffer.getByte(offset + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF) == IpProtocol.UDP)
            {
                onUdp(buffer, offset + Ipv6Header.HEADER_LENGTH, offset + length);
            }
            return;
        }
        final int source = Ipv4Header.source(buffer, offset);
        final int l4 = offset + Ipv4Header.headerLength(buffer, offset);
        final int end = offset + length;
        switch (Ipv4Header.protocol(buffer, offset))
        {
            case IpProtocol.UDP -> onUdp(buffer, l4, end);
            case IpProtocol.ICMP -> onIcmp(buffer, source, l4, end);
            case IpProtocol.TCP -> onTcp(buffer, source, l4, end);
            default ->
            {
                // Nothing else is spoken here.
            }
        }
    }

    private void onUdp(final DirectBuffer buffer, final int l4, final int end)
    {
        final byte[] payload = new byte[end - l4 - UdpHeader.HEADER_LENGTH];
        buffer.getBytes(l4 + UdpHeader.HEADER_LENGTH, payload);
        datagrams.add(new Datagram(buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF,
            buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF, payload));
    }

    private void onIcmp(final DirectBuffer buffer, final int source, final int l4, final int end)
    {
        final int type = buffer.getByte(l4) & 0xFF;
        final int identifier = buffer.getShort(l4 + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int sequence = buffer.getShort(l4 + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final byte[] data = new byte[end - l4 - Icmpv4Message.HEADER_LENGTH];
        buffer.getBytes(l4 + Icmpv4Message.HEADER_LENGTH, data);
        if (type == Icmpv4Message.ECHO_REQUEST)
        {
            // RFC 1122 3.2.2.6: the reply carries the request's identifier, sequence number and data.
            final int n = packets.writeEcho4(out, 0, nextIdentification(), ipv4, source, Icmpv4Message.ECHO_REPLY,
                identifier, sequence, data);
            link.send(this, out, 0, n);
        }
        else if (type == Icmpv4Message.ECHO_REPLY)
        {
            echoReplies.add(new EchoReply(source, identifier, sequence, data));
        }
    }

    private void onTcp(final DirectBuffer buffer, final int source, final int l4, final int end)
    {
        final int sourcePort = buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int destinationPort = buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int headerLength = ((buffer.getByte(l4 + TcpHeader.DATA_OFFSET_OFFSET) >> 4) & 0xF) * 4;
        final int flags = buffer.getByte(l4 + TcpHeader.FLAGS_OFFSET) & 0xFF;
        final byte[] data = new byte[end - l4 - headerLength];
        buffer.getBytes(l4 + headerLength, data);
        DemoTcpEndpoint endpoint = find(source, sourcePort, destinationPort);
        if (null == endpoint)
        {
            if (destinationPort != listenPort || (flags & TcpHeader.SYN_FLAG) == 0)
            {
                return;
            }
            endpoint = DemoTcpEndpoint.server(source, sourcePort, destinationPort, random.nextInt(), listenResponse,
                this::sendSegment);
            connections.add(endpoint);
        }
        endpoint.onSegment(buffer.getInt(l4 + 4, ByteOrder.BIG_ENDIAN), buffer.getInt(l4 + 8, ByteOrder.BIG_ENDIAN),
            flags, data);
    }

    private DemoTcpEndpoint find(final int remote, final int remotePort, final int localPort)
    {
        for (final DemoTcpEndpoint c : connections)
        {
            if (c.remoteAddress() == remote && c.remotePort() == remotePort && c.localPort() == localPort)
            {
                return c;
            }
        }
        return null;
    }

    /**
     * Connections this host has taken part in, clients and servers.
     *
     * @return the live list.
     */
    List<DemoTcpEndpoint> connections()
    {
        return connections;
    }

    /**
     * UDP datagrams received, oldest first.
     *
     * @return the live list.
     */
    List<Datagram> datagrams()
    {
        return datagrams;
    }

    /**
     * Echo replies received, oldest first.
     *
     * @return the live list.
     */
    List<EchoReply> echoReplies()
    {
        return echoReplies;
    }

    /**
     * Packets dropped because a checksum or length did not verify.
     *
     * @return the count.
     */
    int badPackets()
    {
        return badPackets;
    }

    int ipv4()
    {
        return ipv4;
    }
}
