package io.xlat.examples.demo;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import io.xlat.core.addr.EamTable;
import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.codec.IpProtocol;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.codec.UdpHeader;
import io.xlat.core.siit.SiitConfig;
import io.xlat.examples.clat.ClatAddressPlan;
import io.xlat.examples.daemon.SiitPacketTranslator;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The customer-side translator of RFC 6877: SIIT (RFC 7915) with an RFC 7757 EAM from the host range
 * {@code 192.0.0.0/29} to a checksum-neutral {@code /125} of the CLAT's {@code /64}, and the PLAT's prefix as pool6
 * for every other IPv4 address.
 * <p>
 * It is also the hosts' DNS server: RFC 6877 6.4 says the CLAT SHOULD run a DNS proxy (RFC 5625) rather than let an
 * IPv4-only host query an IPv4 resolver, which would cost a stateless and a stateful translation per lookup. The
 * host asks 192.0.0.1; the proxy sends the same query over native IPv6 from the CPE's WAN address to the
 * provider's DNS64 resolver and relays the answer back. The host asks for A records; the DNS64 resolver passes
 * those through, so the host learns the server's real IPv4 address and the CLAT translates towards pool6.
 */
final class ClatNode extends TranslatorNode
{
    private static final int DNS_PORT = 53;

    private final int clatIpv4;
    private final long[] cpeIpv6;
    private final long[] resolver;
    private final DemoTrace trace;
    private final DemoPackets packets = new DemoPackets();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[DemoNetwork.MAX_PACKET]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[DemoNetwork.MAX_PACKET]);
    private final Map<Integer, int[]> pending = new HashMap<>();
    private int nextProxyPort = 40053;
    private int proxied;

    /**
     * Creates the CLAT.
     *
     * @param plan     its address plan.
     * @param cpeIpv6  the CPE's own IPv6 address (the DNS proxy's source).
     * @param resolver the DNS64 resolver's IPv6 address.
     * @param trace    for notes.
     * @param clock    the demo's clock.
     */
    ClatNode(final ClatAddressPlan plan, final long[] cpeIpv6, final long[] resolver, final DemoTrace trace,
        final DemoClock clock)
    {
        super("CLAT", new SiitPacketTranslator(config(plan)), trace, clock);
        this.clatIpv4 = plan.clatIpv4();
        this.cpeIpv6 = cpeIpv6.clone();
        this.resolver = resolver.clone();
        this.trace = trace;
    }

    /**
     * The CLAT's SIIT settings, as {@code xlat clat} builds them.
     *
     * @param plan the address plan.
     * @return the configuration.
     */
    static SiitConfig config(final ClatAddressPlan plan)
    {
        final EamTable eamt = EamTable.builder().add(plan.ipv6Range(), plan.hostRange()).build();
        // RFC 6052 3.1 forbids non-global IPv4 addresses under the WKP; the documentation ranges are non-global.
        final SiitAddressMapper mapper = SiitAddressMapper.builder().pool6(Ipv6Prefix.parse(DemoAddresses.POOL6))
            .eamt(eamt).allowWkpNonGlobal(true).build();
        final long[] self6 = plan.ipv6Of(plan.clatIpv4());
        return SiitConfig.builder().mapper(mapper).self4(plan.clatIpv4()).self6(self6[0], self6[1]).build();
    }

    @Override
    boolean intercept(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final int version = (buffer.getByte(offset) >> 4) & 0xF;
        if (4 == version && Ipv4Header.destination(buffer, offset) == clatIpv4 &&
            Ipv4Header.protocol(buffer, offset) == IpProtocol.UDP)
        {
            final int l4 = offset + Ipv4Header.headerLength(buffer, offset);
            if ((buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) == DNS_PORT &&
                DemoPackets.checksumsValid(buffer, offset, length))
            {
                forwardQuery(buffer, Ipv4Header.source(buffer, offset), l4, offset + length);
                return true;
            }
        }
        if (6 == version && (buffer.getByte(offset + Ipv6Header.NEXT_HEADER_OFFSET) & 0xFF) == IpProtocol.UDP &&
            Ipv6Addresses.high(buffer, offset + Ipv6Header.DESTINATION_OFFSET) == cpeIpv6[0] &&
            Ipv6Addresses.low(buffer, offset + Ipv6Header.DESTINATION_OFFSET) == cpeIpv6[1])
        {
            final int l4 = offset + Ipv6Header.HEADER_LENGTH;
            final int[] client = pending.remove(buffer.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            if (null != client && DemoPackets.checksumsValid(buffer, offset, length))
            {
                final int n = offset + length - l4 - UdpHeader.HEADER_LENGTH;
                payload.putBytes(0, buffer, l4 + UdpHeader.HEADER_LENGTH, n);
                trace.note("CLAT DNS proxy relays the answer to " + Ipv4Addresses.format(client[0]));
                final int packet = packets.writeUdp4(out, 0, 1 + proxied, clatIpv4, client[0], DNS_PORT, client[1],
                    payload, 0, n);
                ipv4Side().send(this, out, 0, packet);
            }
            return true;
        }
        return false;
    }

    private void forwardQuery(final MutableDirectBuffer buffer, final int client, final int l4, final int end)
    {
        final int clientPort = buffer.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int n = end - l4 - UdpHeader.HEADER_LENGTH;
        payload.putBytes(0, buffer, l4 + UdpHeader.HEADER_LENGTH, n);
        final int proxyPort = nextProxyPort++;
        pending.put(proxyPort, new int[] {client, clientPort});
        proxied++;
        trace.note("CLAT DNS proxy (RFC 6877 6.4, RFC 5625) forwards the query over native IPv6 from the CPE's "
            + "address to the DNS64 resolver; no translation for DNS");
        final int packet = packets.writeUdp6(out, 0, cpeIpv6, resolver, proxyPort, DNS_PORT, payload, 0, n);
        ipv6Side().send(this, out, 0, packet);
    }

    int proxied()
    {
        return proxied;
    }
}
