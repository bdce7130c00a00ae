package io.xlat.examples.demo;

import java.nio.ByteOrder;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.codec.UdpHeader;
import io.xlat.dns64.synth.Dns64Config;
import io.xlat.dns64.synth.Dns64Synthesizer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The provider's DNS64 resolver (RFC 6147) on the IPv6 network, answering UDP queries on port 53 from the
 * {@link DemoZone} through the library's {@link Dns64Synthesizer}: A queries pass through (5.1 synthesizes AAAA
 * only); an AAAA query whose answer is empty (NODATA) is followed by an A query and answered with AAAA records
 * made from the A records and pool6 (5.1.6, 5.1.7; RFC 6052 2.2 for the address). The zone is consulted in process,
 * so those inner queries are told in the trace but are not packets.
 */
final class DemoDns64 extends DemoNetwork.Node
{
    private static final int DNS_PORT = 53;

    private final long[] address;
    private final DemoZone zone;
    private final DemoTrace trace;
    private final Dns64Synthesizer synthesizer;
    private final DemoPackets packets = new DemoPackets();
    private final UnsafeBuffer query = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer aaaaResponse = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer aQuery = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer aResponse = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[DemoNetwork.MAX_PACKET]);
    private DemoNetwork.Segment link;
    private int synthesized;
    private int passedThrough;

    /**
     * Creates the resolver.
     *
     * @param address its IPv6 address.
     * @param zone    the data it serves.
     * @param trace   for notes about its inner queries.
     */
    DemoDns64(final long[] address, final DemoZone zone, final DemoTrace trace)
    {
        super("DNS64");
        this.address = address.clone();
        this.zone = zone;
        this.trace = trace;
        // wkpGlobalOnly stays off: the zone's A record is a documentation address, non-global (RFC 6052 3.1).
        this.synthesizer = new Dns64Synthesizer(Dns64Config.builder().prefix(Ipv6Prefix.parse(DemoAddresses.POOL6))
            .build());
    }

    void attach(final DemoNetwork.Segment segment)
    {
        this.link = segment;
    }

    @Override
    void onPacket(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (((buffer.getByte(offset) >> 4) & 0xF) != 6 ||
            (buffer.getByte(offset + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF) != IpProtocol.UDP ||
            !DemoPackets.checksumsValid(buffer, offset, length))
        {
            return;
        }
        final int l4 = offset + Ipv6Header.HEADER_LENGTH;
        final int clientPort = buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) != DNS_PORT)
        {
            return;
        }
        final int queryLength = length - Ipv6Header.HEADER_LENGTH - UdpHeader.HEADER_LENGTH;
        query.putBytes(0, buffer, l4 + UdpHeader.HEADER_LENGTH, queryLength);
        final long[] client = DemoPackets.address6(buffer, offset + Ipv6Header.SOURCE_OFFSET);
        final int n = resolve(queryLength);
        if (n > 0)
        {
            final int packet = packets.writeUdp6(out, 0, address, client, DNS_PORT, clientPort, response, 0, n);
            link.send(this, out, 0, packet);
        }
    }

    private int resolve(final int queryLength)
    {
        final int decision = synthesizer.decide(query, 0, queryLength);
        if (decision == Dns64Synthesizer.RESOLVE_AAAA)
        {
            final int aaaaLength = zone.answer(query, 0, queryLength, aaaaResponse, 0, aaaaResponse.capacity());
            final int next = synthesizer.afterAaaa(query, 0, queryLength, aaaaResponse, 0, aaaaLength);
            if (next == Dns64Synthesizer.RELAY)
            {
                response.putBytes(0, aaaaResponse, 0, aaaaLength);
                return aaaaLength;
            }
            if (next == Dns64Synthesizer.NEED_A)
            {
                trace.note("DNS64: the zone has no AAAA (NODATA), so it asks for A (RFC 6147 5.1.6)");
                final int aq = synthesizer.writeAQuery(query, 0, queryLength, 0x6464, aQuery, 0, aQuery.capacity());
                final int aLength = aq < 0 ? aq : zone.answer(aQuery, 0, aq, aResponse, 0, aResponse.capacity());
                if (aLength < 0)
                {
                    return aLength;
                }
                synthesized++;
                trace.note("DNS64: synthesizes AAAA = pool6 " + DemoAddresses.POOL6 + " + the A address "
                    + "(RFC 6147 5.1.7, RFC 6052 2.2)");
                return synthesizer.synthesize(query, 0, queryLength, aaaaResponse, 0, aaaaLength, aResponse, 0,
                    aLength, response, 0, response.capacity());
            }
            if (next == Dns64Synthesizer.FILTER)
            {
                return synthesizer.synthesize(query, 0, queryLength, aaaaResponse, 0, aaaaLength, null, 0, 0,
                    response, 0, response.capacity());
            }
            return next;
        }
        if (decision == Dns64Synthesizer.FORWARD)
        {
            passedThrough++;
            trace.note("DNS64: not an AAAA query, answered as it is from the zone (RFC 6147 5.1)");
            return zone.answer(query, 0, queryLength, response, 0, response.capacity());
        }
        return -1;
    }

    int synthesized()
    {
        return synthesized;
    }

    int passedThrough()
    {
        return passedThrough;
    }
}
