package io.xlat.examples.dns64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.xlat.dns64.server.Dns64Server;
import io.xlat.dns64.server.Dns64ServerConfig;
import io.xlat.dns64.server.Dns64ServerCounters;
import io.xlat.dns64.synth.AddressMatchList;

/**
 * The DNS64 server with {@link MmsgDatagramIo} ({@code recvmmsg}/{@code sendmmsg}) on an IPv4 and an IPv6 listener,
 * in front of a real BIND9 ({@link DnsPeers}), queried with the real {@code dig} and loaded with {@code dnsperf}.
 * Expected answers come from the zone text and RFC 6147; the batching shows in the server's own system-call
 * counters, checked against what {@code dnsperf} reports it got.
 */
class Dns64ServerMmsgIT
{
    private static DnsPeers peers;
    private static Dns64Server xlat;
    private static int port4;
    private static int port6;

    @BeforeAll
    static void startPeers() throws Exception
    {
        assumeTrue(DnsPeers.toolsPresent(), "bind9, unbound and dig are needed (.ci/run installs them)");
        peers = new DnsPeers();
        final InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), peers.authPort);
        final Dns64ServerConfig.Builder config = Dns64ServerConfig.builder()
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).upstream(upstream)
            .allow(AddressMatchList.parse("127.0.0.0/8; ::1/128")).timeoutMs(1000)
            .datagramIo(MmsgDatagramIo::open);
        if (ipv6LoopbackWorks())
        {
            config.listen(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        }
        xlat = Dns64Server.start(config.build());
        port4 = xlat.udpAddress(0).getPort();
        port6 = xlat.config().listen().size() > 1 ? xlat.udpAddress(1).getPort() : -1;
    }

    @AfterAll
    static void stopPeers() throws Exception
    {
        if (null != xlat)
        {
            xlat.close();
        }
        if (null != peers)
        {
            peers.close();
        }
    }

    @Test
    void aOnlyNameIsSynthesizedOverTheBatchedIpv4Listener() throws Exception
    {
        final long calls = xlat.counters().get(Dns64ServerCounters.UDP_RECEIVE_CALLS);
        final Dig.Result r = Dig.query(port4, "a-only.example", "AAAA");
        assertEquals("NOERROR", r.status());
        assertEquals(Set.of("a-only.example. AAAA 64:ff9b::c000:201"), r.answerKeys());
        assertTrue(xlat.counters().get(Dns64ServerCounters.UDP_RECEIVE_CALLS) > calls, "went through DatagramIo");
    }

    @Test
    void ipv6ListenerAnswersAnIpv6Client() throws Exception
    {
        assumeTrue(port6 > 0, "::1 is not configured");
        final Dig.Result r = Dig.parse(run(List.of("dig", "@::1", "-p", Integer.toString(port6), "+time=2",
            "+tries=1", "+noall", "+comments", "+answer", "+authority", "+nocookie", "multi.example", "AAAA")));
        assertEquals(Set.of("multi.example. AAAA 64:ff9b::c000:20a", "multi.example. AAAA 64:ff9b::c000:20b",
            "multi.example. AAAA 64:ff9b::c000:20c"), r.answerKeys());
    }

    @Test
    void nxdomainAndCnameChainsComeBackAsFromTheDefaultIo() throws Exception
    {
        final Dig.Result missing = Dig.query(port4, "missing.example", "AAAA");
        assertEquals("NXDOMAIN", missing.status());
        final Dig.Result chain = Dig.query(port4, "chain.example", "AAAA");
        assertEquals(Set.of("chain.example. CNAME cname.example.", "cname.example. CNAME a-only.example.",
            "a-only.example. AAAA 64:ff9b::c000:201"), chain.answerKeys());
        final Dig.Result cut = Dig.query(port4, "+bufsize=512", "+ignore", "big.example", "AAAA");
        assertTrue(cut.flags().contains("tc"), cut.text());
    }

    @Test
    void malformedQueryGetsFormerrAndAHeaderlessOneIsDroppedAndCounted() throws Exception
    {
        final long shortDrops = xlat.counters().drops(Dns64ServerCounters.DROP_SHORT);
        try (DatagramSocket socket = new DatagramSocket())
        {
            socket.setSoTimeout(2000);
            final byte[] stub = {1, 2, 3};
            socket.send(new DatagramPacket(stub, stub.length, xlat.udpAddress(0)));
            final byte[] badCounts = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
            socket.send(new DatagramPacket(badCounts, badCounts.length, xlat.udpAddress(0)));
            final DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            assertEquals(0x12, reply.getData()[0]);
            assertEquals(0x34, reply.getData()[1]);
            assertEquals(1, reply.getData()[3] & 0x0F, "RCODE FORMERR");
        }
        assertEquals(shortDrops + 1, xlat.counters().drops(Dns64ServerCounters.DROP_SHORT));
    }

    @Test
    void underDnsperfLoadOneSystemCallCarriesSeveralDatagramsEachWay() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dnsperf")), "dnsperf is needed");
        final Path queries = Files.createTempFile(peers.dir, "queries", ".txt");
        Files.writeString(queries, String.join("\n", "a-only.example AAAA", "dual.example AAAA", "cname.example AAAA",
            "multi.example AAAA", "txtonly.example AAAA", "missing.example AAAA", "a-only.example A", ""));
        final Dns64ServerCounters counters = xlat.counters();
        final long received = counters.get(Dns64ServerCounters.UDP_RECEIVED);
        final long receiveCalls = counters.get(Dns64ServerCounters.UDP_RECEIVE_CALLS);
        final long sent = counters.get(Dns64ServerCounters.UDP_SENT);
        final long sendCalls = counters.get(Dns64ServerCounters.UDP_SEND_CALLS);
        final String out = run(List.of("dnsperf", "-s", "127.0.0.1", "-p", Integer.toString(port4), "-d",
            queries.toString(), "-l", "3", "-c", "4", "-q", "200"));
        final Matcher completed = Pattern.compile("Queries completed:\\s+(\\d+)").matcher(out);
        assertTrue(completed.find(), out);
        final long answered = Long.parseLong(completed.group(1));
        assertTrue(answered > 1000, out);
        final long datagramsIn = counters.get(Dns64ServerCounters.UDP_RECEIVED) - received;
        final long datagramsOut = counters.get(Dns64ServerCounters.UDP_SENT) - sent;
        final long callsIn = counters.get(Dns64ServerCounters.UDP_RECEIVE_CALLS) - receiveCalls;
        final long callsOut = counters.get(Dns64ServerCounters.UDP_SEND_CALLS) - sendCalls;
        // What dnsperf got back, the server sent (plus answers still in flight when dnsperf stopped).
        assertTrue(datagramsOut >= answered && datagramsIn >= datagramsOut, out + counters.prometheus());
        // Batching at work: more than one datagram per system call in both directions.
        assertTrue(datagramsIn > 2 * callsIn, "received " + datagramsIn + " in " + callsIn + " calls");
        assertTrue(datagramsOut > 2 * callsOut, "sent " + datagramsOut + " in " + callsOut + " calls");
    }

    private static boolean ipv6LoopbackWorks()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("::1")))
        {
            return socket.getLocalPort() > 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static String run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("did not finish: " + command);
        }
        return text;
    }
}
