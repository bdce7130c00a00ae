package io.xlat.examples.dns64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xlat.dns64.server.Dns64Server;
import io.xlat.dns64.server.Dns64ServerConfig;
import io.xlat.dns64.server.Dns64ServerCounters;
import io.xlat.dns64.synth.AddressMatchList;

/**
 * The xlat DNS64 server in front of a real BIND9 authoritative server, queried with the real {@code dig}, and
 * compared with Unbound's dns64 module in front of the same zones. Expected values come from the zone text
 * ({@link DnsPeers}) and RFC 6147, not from our own output. Loopback and high ports only.
 */
class Dns64ServerIT
{
    private static DnsPeers peers;
    private static Dns64Server xlat;
    private static Dns64Server refusing;
    private static int port;

    @BeforeAll
    static void startPeers() throws Exception
    {
        assumeTrue(DnsPeers.toolsPresent(), "bind9, unbound and dig are needed (.ci/run installs them)");
        peers = new DnsPeers();
        final InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), peers.authPort);
        xlat = Dns64Server.start(Dns64ServerConfig.builder()
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).upstream(upstream)
            .allow(AddressMatchList.parse("127.0.0.0/8")).timeoutMs(1000).build());
        port = xlat.udpAddress(0).getPort();
        refusing = Dns64Server.start(Dns64ServerConfig.builder()
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).upstream(upstream)
            .allow(AddressMatchList.parse("2001:db8::/32; 198.51.100.0/24")).build());
    }

    @AfterAll
    static void stopPeers() throws Exception
    {
        if (null != xlat)
        {
            xlat.close();
        }
        if (null != refusing)
        {
            refusing.close();
        }
        if (null != peers)
        {
            peers.close();
        }
    }

    @Test
    void aOnlyNameGetsOneSynthesizedAaaaWithTheTtlRuleOfRfc6147Section5dot1dot7() throws Exception
    {
        final Dig.Result r = Dig.query(port, "a-only.example", "AAAA");
        assertEquals("NOERROR", r.status());
        assertEquals(Set.of("a-only.example. AAAA 64:ff9b::c000:201"), r.answerKeys());
        // min(A TTL 300, negative TTL of the AAAA NODATA = min(SOA TTL 3600, SOA MINIMUM 60)) = 60 (or less: cache).
        assertTrue(r.ttl("AAAA") <= 60 && r.ttl("AAAA") >= 58, r.text());
    }

    @Test
    void shortTtlIsKeptWhenBelowTheSoaMinimum() throws Exception
    {
        final Dig.Result r = Dig.query(port, "short.example", "AAAA");
        assertEquals(Set.of("short.example. AAAA 64:ff9b::c000:214"), r.answerKeys());
        assertTrue(r.ttl("AAAA") <= 5, r.text());
    }

    @Test
    void realAaaaDataIsReturnedUnchanged() throws Exception
    {
        final Dig.Result r = Dig.query(port, "dual.example", "AAAA");
        assertEquals(Set.of("dual.example. AAAA 2001:db8::2"), r.answerKeys());
        assertFalse(r.flags().contains("aa"), "DNS64 answers are not authoritative: " + r.text());
    }

    @Test
    void mappedAaaaIsExcludedAndTheAIsSynthesizedInstead() throws Exception
    {
        final Dig.Result r = Dig.query(port, "mapped.example", "AAAA");
        assertEquals(Set.of("mapped.example. AAAA 64:ff9b::c000:203"), r.answerKeys());
    }

    @Test
    void cnameChainToAnAOnlyNameIsKeptAndItsEndSynthesized() throws Exception
    {
        final Dig.Result r = Dig.query(port, "chain.example", "AAAA");
        assertEquals(Set.of("chain.example. CNAME cname.example.", "cname.example. CNAME a-only.example.",
            "a-only.example. AAAA 64:ff9b::c000:201"), r.answerKeys());
    }

    @Test
    void nxdomainIsNeverSynthesized() throws Exception
    {
        final Dig.Result r = Dig.query(port, "missing.example", "AAAA");
        assertEquals("NXDOMAIN", r.status());
        assertTrue(r.answer().isEmpty());
        assertEquals("SOA", r.authority().get(0).type());
    }

    @Test
    void nodataStaysNodataWithItsSoa() throws Exception
    {
        final Dig.Result r = Dig.query(port, "txtonly.example", "AAAA");
        assertEquals("NOERROR", r.status());
        assertTrue(r.answer().isEmpty(), r.text());
        assertEquals("SOA", r.authority().get(0).type());
    }

    @Test
    void everyARecordGetsItsAaaa() throws Exception
    {
        final Dig.Result r = Dig.query(port, "multi.example", "AAAA");
        assertEquals(Set.of("multi.example. AAAA 64:ff9b::c000:20a", "multi.example. AAAA 64:ff9b::c000:20b",
            "multi.example. AAAA 64:ff9b::c000:20c"), r.answerKeys());
    }

    @Test
    void ipv4onlyArpaIsSynthesizedUnderTheWellKnownPrefixForRfc7050() throws Exception
    {
        final Dig.Result r = Dig.query(port, "ipv4only.arpa", "AAAA");
        assertEquals(Set.of("ipv4only.arpa. AAAA 64:ff9b::c000:aa", "ipv4only.arpa. AAAA 64:ff9b::c000:ab"),
            r.answerKeys());
    }

    @Test
    void ptrUnderThePrefixIsACnameToInAddrArpa() throws Exception
    {
        final Dig.Result r = Dig.query(port, "-x", "64:ff9b::192.0.2.1");
        assertEquals("NOERROR", r.status());
        assertEquals(Set.of("1.2.0.192.in-addr.arpa. PTR a-only.example."), r.answerKeys("PTR"));
        assertEquals(1, r.answerKeys("CNAME").size(), r.text());
        assertTrue(r.answerKeys("CNAME").iterator().next().endsWith("CNAME 1.2.0.192.in-addr.arpa."), r.text());
    }

    @Test
    void tcpQueriesGetTheSameAnswer() throws Exception
    {
        final Dig.Result r = Dig.query(port, "+tcp", "multi.example", "AAAA");
        assertEquals(3, r.answerKeys("AAAA").size(), r.text());
    }

    @Test
    void largeAnswerIsTruncatedForA512ByteClientAndCompleteOverTcp() throws Exception
    {
        final Dig.Result cut = Dig.query(port, "+bufsize=512", "+ignore", "big.example", "AAAA");
        assertTrue(cut.flags().contains("tc"), cut.text());
        final Dig.Result full = Dig.query(port, "big.example", "AAAA");
        assertEquals(DnsPeers.BIG_COUNT, full.answerKeys("AAAA").size(), full.text());
        assertTrue(xlat.counters().get(Dns64ServerCounters.TCP_RETRIES) > 0, "upstream TC -> TCP retry");
    }

    @Test
    void clientsOutsideTheAclAreRefused() throws Exception
    {
        final Dig.Result r = Dig.query(refusing.udpAddress(0).getPort(), "a-only.example", "AAAA");
        assertEquals("REFUSED", r.status());
        final Dig.Result tcp = Dig.query(refusing.udpAddress(0).getPort(), "+tcp", "a-only.example", "AAAA");
        assertEquals("REFUSED", tcp.status());
    }

    @Test
    void repeatedQueriesAreAnsweredFromTheCache() throws Exception
    {
        final long hits = xlat.counters().get(Dns64ServerCounters.CACHE_HITS);
        Dig.query(port, "long.example", "AAAA");
        final Dig.Result second = Dig.query(port, "long.example", "AAAA");
        assertEquals(Set.of("long.example. AAAA 64:ff9b::c000:215"), second.answerKeys());
        assertTrue(second.ttl("AAAA") <= 60, second.text());
        assertTrue(xlat.counters().get(Dns64ServerCounters.CACHE_HITS) > hits);
    }

    @Test
    void malformedQueryGetsFormerrAndAHeaderlessOneIsDropped() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket())
        {
            socket.setSoTimeout(1000);
            final byte[] badCounts = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
            socket.send(new DatagramPacket(badCounts, badCounts.length, xlat.udpAddress(0)));
            final DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            assertEquals(0x12, reply.getData()[0]);
            assertEquals(1, reply.getData()[3] & 0x0F, "RCODE FORMERR");
            final byte[] stub = {1, 2, 3};
            socket.send(new DatagramPacket(stub, stub.length, xlat.udpAddress(0)));
            socket.setSoTimeout(300);
            boolean answered = true;
            try
            {
                socket.receive(reply);
            }
            catch (final SocketTimeoutException expected)
            {
                answered = false;
            }
            assertFalse(answered);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "a-only.example, AAAA", "dual.example, AAAA", "chain.example, AAAA", "cname.example, AAAA",
        "missing.example, AAAA", "txtonly.example, AAAA", "multi.example, AAAA", "short.example, AAAA",
        "long.example, AAAA", "ipv4only.arpa, AAAA", "a-only.example, A", "multi.example, A", "dual.example, A",
        "txtonly.example, TXT", "missing.example, A"})
    void answersAgreeWithUnboundDns64(final String name, final String type) throws Exception
    {
        final Dig.Result ours = Dig.query(port, name, type);
        final Dig.Result unbound = Dig.query(peers.unboundPort, name, type);
        assertEquals(unbound.status(), ours.status(), ours.text() + unbound.text());
        assertEquals(unbound.answerKeys(), ours.answerKeys(), ours.text() + unbound.text());
        assertEquals(unbound.authority().isEmpty(), ours.authority().isEmpty(), ours.text() + unbound.text());
    }

    @Test
    void ptrTargetAgreesWithUnboundWhichAnswersWithoutTheCname() throws Exception
    {
        final Dig.Result ours = Dig.query(port, "-x", "64:ff9b::192.0.2.1");
        final Dig.Result unbound = Dig.query(peers.unboundPort, "-x", "64:ff9b::192.0.2.1");
        assertEquals(unbound.status(), ours.status());
        assertEquals(Set.of("a-only.example."), Set.of(ours.answer().stream().filter((rr) -> rr.type().equals("PTR"))
            .findFirst().orElseThrow().data()));
        assertEquals(Set.of("a-only.example."), Set.of(unbound.answer().get(0).data()));
    }
}
