package io.xlat.examples.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv4Prefix;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.checksum.Checksum;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsMessageWriter;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;
import io.xlat.examples.clat.ClatAddressPlan;
import io.xlat.examples.pcap.PcapWriter;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs the four steps of the demo over a freshly built network and prints the trace and the summary.
 * <ol>
 *     <li>DNS: the IPv4-only host resolves {@code ipv4only.example.} (A) through the CLAT's DNS proxy and the
 *     DNS64 resolver; an IPv6-only host asks the same resolver for AAAA and gets the synthesized address.</li>
 *     <li>Ping: ICMP echo through CLAT and PLAT, ICMPv4 -> ICMPv6 -> ICMPv4 and back.</li>
 *     <li>TCP: open, one request and response, close both ways, to the address from step 1.</li>
 *     <li>IPv4 literal: the same to {@code 198.51.100.10} with no DNS at all, what DNS64 alone cannot do.</li>
 * </ol>
 */
final class Demo
{
    /** Packets the demo puts in the pcap when every step works: DNS 4 + 2, ping 2 x 3 hops, TCP 2 x 8 x 3 hops. */
    static final int EXPECTED_PACKETS = 6 + 6 + 48;

    static final byte[] PING_DATA = "464XLAT demo ping, 32 bytes.....".getBytes(StandardCharsets.US_ASCII);
    static final byte[] RESPONSE = ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 21\r\n\r\n"
        + "hello over 464XLAT!\r\n").getBytes(StandardCharsets.US_ASCII);

    /**
     * The verdict of one step.
     *
     * @param number the step number.
     * @param title  what it does.
     * @param ok     whether it worked.
     * @param detail a few words on the outcome.
     */
    record StepResult(int number, String title, boolean ok, String detail)
    {
    }

    private static final int HTTP_PORT = 80;
    private static final int DNS_PORT = 53;

    private final PrintWriter out;
    private final Path pcapFile;
    private final boolean quiet;
    private final boolean color;
    private final List<StepResult> results = new ArrayList<>();

    private DemoTrace trace;
    private DemoNetwork network;
    private DemoHost v4host;
    private DemoHost v6host;
    private DemoHost server;
    private ClatNode clat;
    private TranslatorNode plat;
    private DemoDns64 dns64;
    private long pcapPackets;

    /**
     * Prepares a run.
     *
     * @param out      where the trace goes.
     * @param pcapFile the capture to write.
     * @param quiet    only results and summary.
     * @param color    ANSI colors.
     */
    Demo(final PrintWriter out, final Path pcapFile, final boolean quiet, final boolean color)
    {
        this.out = out;
        this.pcapFile = pcapFile;
        this.quiet = quiet;
        this.color = color;
    }

    /**
     * Builds the network, runs the steps, prints the summary and closes the pcap.
     *
     * @return true when every step worked, no packet was lost and every received checksum verified.
     * @throws IOException when the pcap cannot be written.
     */
    boolean run() throws IOException
    {
        final DemoClock clock = new DemoClock(System.currentTimeMillis());
        try (PcapWriter writer = PcapWriter.openRaw(pcapFile, false))
        {
            final DemoNetwork.PcapRecorder recorder = new DemoNetwork.PcapRecorder(writer, clock.millis());
            trace = new DemoTrace(out, quiet, color, recorder, clock);
            build(clock);
            introduce();
            final int address = stepDns();
            stepPing();
            stepTcp(3, "TCP exchange with " + DemoAddresses.SERVER_NAME + " (address from step 1)", address, 49152,
                "GET / HTTP/1.0\r\nHost: ipv4only.example\r\n\r\n");
            stepTcp(4, "IPv4 literal " + DemoAddresses.SERVER_IPV4 + ", no DNS",
                Ipv4Addresses.parse(DemoAddresses.SERVER_IPV4), 49153,
                "GET /literal HTTP/1.0\r\nHost: " + DemoAddresses.SERVER_IPV4 + "\r\n\r\n");
            network.close();
            pcapPackets = recorder.packets();
        }
        return summarize();
    }

    private void build(final DemoClock clock)
    {
        final ClatAddressPlan plan = DemoAddresses.CLAT_PLAN;
        final long[] dns64Address = DemoAddresses.ipv6(DemoAddresses.DNS64_IPV6);
        final long[] v6hostAddress = DemoAddresses.ipv6(DemoAddresses.V6HOST_IPV6);
        network = new DemoNetwork(trace);
        v4host = network.add(DemoHost.ipv4("v4host", DemoAddresses.ipv4(DemoAddresses.HOST_IPV4), 1));
        clat = network.add(new ClatNode(plan, DemoAddresses.ipv6(DemoAddresses.CPE_IPV6), dns64Address, trace,
            clock));
        plat = network.add(new TranslatorNode("PLAT", DemoPlat.create(DemoAddresses.hostIpv6(), 4), trace, clock));
        dns64 = network.add(new DemoDns64(dns64Address,
            new DemoZone(DemoAddresses.ipv4(DemoAddresses.SERVER_IPV4)), trace));
        v6host = network.add(DemoHost.ipv6("v6host", v6hostAddress, 3));
        server = network.add(DemoHost.ipv4("server", DemoAddresses.ipv4(DemoAddresses.SERVER_IPV4), 2));
        server.listen(HTTP_PORT, RESPONSE);

        final DemoNetwork.Segment lan = network.segment("lan")
            .route(Ipv4Prefix.parse(DemoAddresses.HOST_IPV4 + "/32"), v4host)
            .route(Ipv4Prefix.parse("0.0.0.0/0"), clat);
        final DemoNetwork.Segment ipv6 = network.segment("ipv6")
            .route(Ipv6Prefix.parse(DemoAddresses.POOL6), plat)
            .route(Ipv6Prefix.parse(DemoAddresses.CLAT_IPV6_PREFIX), clat)
            .route(Ipv6Prefix.of(dns64Address[0], dns64Address[1], 128), dns64)
            .route(Ipv6Prefix.of(v6hostAddress[0], v6hostAddress[1], 128), v6host);
        final DemoNetwork.Segment internet = network.segment("internet")
            .route(Ipv4Prefix.parse(DemoAddresses.SERVER_IPV4 + "/32"), server)
            .route(Ipv4Prefix.parse(DemoAddresses.POOL4), plat);
        v4host.attach(lan);
        clat.attach(lan, ipv6);
        plat.attach(internet, ipv6);
        dns64.attach(ipv6);
        v6host.attach(ipv6);
        server.attach(internet);
    }

    private void introduce()
    {
        final ClatAddressPlan plan = DemoAddresses.CLAT_PLAN;
        final long[] host6 = DemoAddresses.hostIpv6();
        trace.line("xlat demo: 464XLAT (RFC 6877) in one process, real packets over in-memory links");
        trace.line("  v4host " + DemoAddresses.HOST_IPV4 + " --IPv4-- CLAT --IPv6-- PLAT --IPv4-- server "
            + DemoAddresses.SERVER_IPV4);
        trace.line("  CLAT:   SIIT (RFC 7915), EAM " + plan.hostRange() + " <-> " + plan.ipv6Range()
            + " (RFC 7335 host range), pool6 " + DemoAddresses.POOL6 + "; DNS proxy on " + Ipv4Addresses.format(
                plan.clatIpv4()));
        trace.line("          the host's IPv6 address " + Ipv6Addresses.format(host6[0], host6[1]) + " is "
            + "checksum-neutral against " + DemoAddresses.HOST_IPV4 + " (sum 0x"
            + Integer.toHexString(Checksum.addressSum6(host6[0], host6[1])) + " both): TCP/UDP checksums pass "
            + "unchanged");
        trace.line("  PLAT:   " + DemoPlat.description() + ", pool6 " + DemoAddresses.POOL6 + "; DNS64 resolver "
            + DemoAddresses.DNS64_IPV6 + " with zone " + DemoAddresses.ZONE);
        trace.line("  note:   documentation addresses are non-global (RFC 6052 3.1 forbids them under the "
            + "Well-Known Prefix), so both translators run with allowWkpNonGlobal, as a lab would");
        trace.line("  v6host " + DemoAddresses.V6HOST_IPV6 + " is an IPv6-only host on the provider network");
    }

    private int stepDns()
    {
        final String title = "DNS lookup of " + DemoAddresses.SERVER_NAME;
        trace.step(1, title);
        trace.note("v4host asks its DNS server, the CLAT (192.0.0.1), for A " + DemoAddresses.SERVER_NAME);
        v4host.sendUdp(DemoAddresses.ipv4("192.0.0.1"), 53000, DNS_PORT, query(0x1a2b, DnsRecordType.A));
        network.runUntilIdle();
        final DnsAnswer a = lastAnswer(v4host, 0x1a2b, DnsRecordType.A);

        trace.note("for comparison, v6host (IPv6-only) asks the DNS64 resolver for AAAA "
            + DemoAddresses.SERVER_NAME);
        v6host.sendUdp(DemoAddresses.ipv6(DemoAddresses.DNS64_IPV6), 53001, DNS_PORT,
            query(0x2b3c, DnsRecordType.AAAA));
        network.runUntilIdle();
        final DnsAnswer aaaa = lastAnswer(v6host, 0x2b3c, DnsRecordType.AAAA);

        final int expected4 = DemoAddresses.ipv4(DemoAddresses.SERVER_IPV4);
        final Ipv6Prefix pool6 = Ipv6Prefix.parse(DemoAddresses.POOL6);
        final boolean aOk = null != a && a.ipv4 == expected4;
        // RFC 6052 2.2, /96: the IPv4 address is the last 32 bits.
        final boolean aaaaOk = null != aaaa && aaaa.high == pool6.high() &&
            aaaa.low == (pool6.low() | (expected4 & 0xFFFF_FFFFL));
        final String detail = "v4host got A " + (null == a ? "nothing" : Ipv4Addresses.format(a.ipv4))
            + ", v6host got AAAA " + (null == aaaa ? "nothing" : Ipv6Addresses.format(aaaa.high, aaaa.low));
        finish(1, title, aOk && aaaaOk, detail);
        return aOk ? a.ipv4 : expected4;
    }

    private void stepPing()
    {
        final String title = "ping " + DemoAddresses.SERVER_IPV4;
        trace.step(2, title);
        final int target = DemoAddresses.ipv4(DemoAddresses.SERVER_IPV4);
        final int before = v4host.echoReplies().size();
        v4host.ping(target, 1, 1, PING_DATA);
        network.runUntilIdle();
        final List<DemoHost.EchoReply> replies = v4host.echoReplies();
        final boolean ok = replies.size() == before + 1 && replies.get(before).source() == target &&
            replies.get(before).identifier() == 1 && replies.get(before).sequence() == 1 &&
            Arrays.equals(replies.get(before).data(), PING_DATA);
        finish(2, title, ok, ok ? "echo reply id=1 seq=1 with the request's " + PING_DATA.length + " data bytes" :
            "no matching echo reply (" + (replies.size() - before) + " replies)");
    }

    private void stepTcp(final int number, final String title, final int address, final int sourcePort,
        final String request)
    {
        trace.step(number, title);
        if (4 == number)
        {
            trace.note("no DNS: the CLAT maps the literal into pool6, so IPv4-only software works unchanged");
        }
        final int serverConnections = server.connections().size();
        final byte[] requestBytes = request.getBytes(StandardCharsets.US_ASCII);
        final DemoTcpEndpoint client = v4host.connect(address, sourcePort, HTTP_PORT, requestBytes);
        network.runUntilIdle();
        final DemoTcpEndpoint serverSide = server.connections().size() == serverConnections + 1 ?
            server.connections().get(serverConnections) : null;
        final boolean ok = client.completed() && null != serverSide && serverSide.completed() &&
            Arrays.equals(client.received(), RESPONSE) && Arrays.equals(serverSide.received(), requestBytes);
        final String detail;
        if (ok)
        {
            detail = "handshake, " + requestBytes.length + "-byte request, " + RESPONSE.length
                + "-byte response, FIN both ways; client " + client.state() + ", server " + serverSide.state();
        }
        else
        {
            detail = "client " + client.state() + (null == client.error() ? "" : " (" + client.error() + ")")
                + ", server " + (null == serverSide ? "never saw the SYN" : serverSide.state() +
                (null == serverSide.error() ? "" : " (" + serverSide.error() + ")"));
        }
        finish(number, title, ok, detail);
    }

    private void finish(final int number, final String title, final boolean ok, final String detail)
    {
        results.add(new StepResult(number, title, ok, detail));
        trace.line("  => " + trace.verdict(ok) + " " + detail);
    }

    private boolean summarize()
    {
        final int bad = v4host.badPackets() + v6host.badPackets() + server.badPackets();
        final boolean clean = bad == 0 && trace.lostPackets() == 0;
        boolean allOk = clean;
        trace.summary("");
        trace.summary("Summary");
        for (final StepResult r : results)
        {
            trace.summary("  " + trace.verdict(r.ok()) + " [" + r.number() + "] " + r.title() + ": " + r.detail());
            allOk &= r.ok();
        }
        trace.summary("  CLAT   " + counters(clat.translator().counters()) + "; DNS queries proxied "
            + clat.proxied());
        trace.summary("  PLAT   " + counters(plat.translator().counters()) + " [" + DemoPlat.description() + "]");
        trace.summary("  DNS64  AAAA synthesized " + dns64.synthesized() + ", other queries answered as they are "
            + dns64.passedThrough());
        if (!clean)
        {
            trace.summary("  " + trace.verdict(false) + " " + bad + " packet(s) with bad checksums reached a host, "
                + trace.lostPackets() + " packet(s) had no route");
        }
        trace.summary("  pcap   " + pcapPackets + " packets (raw IP) in " + pcapFile
            + "; open it with Wireshark or tshark -r " + pcapFile);
        trace.summary(allOk ? "All steps OK." : "Some steps FAILED.");
        trace.flush();
        return allOk;
    }

    private static String counters(final TranslatorCounters c)
    {
        return "translated 4->6 " + c.events(TranslatorCounters.TRANSLATED_4TO6)
            + ", 6->4 " + c.events(TranslatorCounters.TRANSLATED_6TO4)
            + ", ICMP errors sent " + (c.events(TranslatorCounters.ICMPV4_ERRORS_SENT) +
            c.events(TranslatorCounters.ICMPV6_ERRORS_SENT))
            + ", drops " + c.totalDrops();
    }

    private static byte[] query(final int id, final int type)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final DnsMessageWriter writer = new DnsMessageWriter().wrap(buffer, 0, buffer.capacity());
        writer.header(id, DnsHeader.RD_FLAG);
        writer.question(new UnsafeBuffer(DnsName.encode(DemoAddresses.SERVER_NAME)), type, DnsRecordType.CLASS_IN);
        final byte[] bytes = new byte[writer.length()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private record DnsAnswer(int ipv4, long high, long low)
    {
    }

    private static DnsAnswer lastAnswer(final DemoHost host, final int id, final int type)
    {
        final List<DemoHost.Datagram> datagrams = host.datagrams();
        for (int i = datagrams.size() - 1; i >= 0; i--)
        {
            final DemoHost.Datagram d = datagrams.get(i);
            final DnsMessageReader reader = new DnsMessageReader();
            if (d.sourcePort() != DNS_PORT || reader.wrap(new UnsafeBuffer(d.payload()), 0, d.payload().length) < 0 ||
                !reader.isResponse() || reader.id() != id || reader.rcode() != DnsHeader.RCODE_NOERROR)
            {
                continue;
            }
            while (reader.next())
            {
                if (reader.section() == DnsMessageReader.ANSWER && reader.type() == type)
                {
                    return type == DnsRecordType.A ? new DnsAnswer(reader.a(), 0, 0) :
                        new DnsAnswer(0, reader.aaaaHigh(), reader.aaaaLow());
                }
            }
        }
        return null;
    }

    List<StepResult> results()
    {
        return results;
    }

    long pcapPackets()
    {
        return pcapPackets;
    }
}
