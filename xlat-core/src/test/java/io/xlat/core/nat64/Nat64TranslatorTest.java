package io.xlat.core.nat64;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.xlat.core.nat64.Nat64Fixture.HOST;
import static io.xlat.core.nat64.Nat64Fixture.HOST2;
import static io.xlat.core.nat64.Nat64Fixture.POOL;
import static io.xlat.core.nat64.Nat64Fixture.POOL6;
import static io.xlat.core.nat64.Nat64Fixture.REMOTE;
import static io.xlat.core.nat64.Nat64Fixture.REMOTE2;
import static io.xlat.core.nat64.Nat64Fixture.REMOTE2_6;
import static io.xlat.core.nat64.Nat64Fixture.REMOTE6;
import static io.xlat.core.nat64.Nat64Fixture.ROUTER4;
import static io.xlat.core.nat64.Nat64Fixture.ROUTER4_6;
import static io.xlat.core.nat64.Nat64Fixture.slice;
import static io.xlat.core.nat64.Nat64Fixture.u16;
import static io.xlat.core.testing.PacketBuilder.ACK;
import static io.xlat.core.testing.PacketBuilder.FIN;
import static io.xlat.core.testing.PacketBuilder.SYN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nat64TranslatorTest
{
    private static final long T0 = 1_000_000;

    private static void assertV4(final byte[] p, final String src, final String dst)
    {
        assertEquals(4, (p[0] >> 4) & 0xF);
        assertArrayEquals(PacketBuilder.address(src, 4), slice(p, 12, 4), "IPv4 source");
        assertArrayEquals(PacketBuilder.address(dst, 4), slice(p, 16, 4), "IPv4 destination");
        assertEquals(List.of(), RefChecksum.problems(p));
    }

    private static void assertV6(final byte[] p, final String src, final String dst)
    {
        assertEquals(6, (p[0] >> 4) & 0xF);
        assertArrayEquals(PacketBuilder.address(src, 16), slice(p, 8, 16), "IPv6 source");
        assertArrayEquals(PacketBuilder.address(dst, 16), slice(p, 24, 16), "IPv6 destination");
        assertEquals(List.of(), RefChecksum.problems(p));
    }

    private static byte[] tcp6(final String src, final int sport, final String dst, final int dport, final int flags)
    {
        return PacketBuilder.ipv6(src, dst).tcp(sport, dport).flags(flags).seq(1000).ack(2000).payloadOfLength(11)
            .build();
    }

    private static byte[] tcp4(final String src, final int sport, final String dst, final int dport, final int flags)
    {
        return PacketBuilder.ipv4(src, dst).tcp(sport, dport).flags(flags).seq(5000).ack(1001).payloadOfLength(7)
            .build();
    }

    @Test
    void shouldTranslateATcpFlowBothWaysWithPool4AddressAndPortAndValidChecksums()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final byte[] syn = f.one(tcp6(HOST, 40000, REMOTE6, 443, SYN), T0);
        assertV4(syn, POOL, REMOTE);
        final int port = u16(syn, 20);
        assertTrue(port >= 1024, "pool4 port in range: " + port);
        assertEquals(443, u16(syn, 22));
        assertEquals(Ipv4Addresses.parse(POOL), f.state.bibV4Address(
            f.state.findBib6(Nat64Protocol.TCP, Ipv6Addresses.parse(HOST)[0], Ipv6Addresses.parse(HOST)[1], 40000)));

        final byte[] synAck = f.one(tcp4(REMOTE, 443, POOL, port, SYN | ACK), T0 + 10);
        assertV6(synAck, REMOTE6, HOST);
        assertEquals(443, u16(synAck, 40));
        assertEquals(40000, u16(synAck, 42));

        assertV4(f.one(tcp6(HOST, 40000, REMOTE6, 443, ACK), T0 + 20), POOL, REMOTE);
        assertV6(f.one(tcp4(REMOTE, 443, POOL, port, ACK), T0 + 30), REMOTE6, HOST);
        final byte[] fin6 = f.one(tcp6(HOST, 40000, REMOTE6, 443, FIN | ACK), T0 + 40);
        assertEquals(port, u16(fin6, 20));
        assertV6(f.one(tcp4(REMOTE, 443, POOL, port, FIN | ACK), T0 + 50), REMOTE6, HOST);
        assertV4(f.one(tcp6(HOST, 40000, REMOTE6, 443, ACK), T0 + 60), POOL, REMOTE);
        final int s = f.state.findInbound(Nat64Protocol.TCP, Ipv4Addresses.parse(POOL), port,
            Ipv4Addresses.parse(REMOTE), 443);
        assertEquals(Nat64Tcp.V4_FIN_V6_FIN_RCV, f.state.sessionTcpState(s));
    }

    @Test
    void shouldTranslateUdpBothWays()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final byte[] out = f.one(PacketBuilder.ipv6(HOST, REMOTE6).udp(5353, 53).payload("query").build(), T0);
        assertV4(out, POOL, REMOTE);
        final int port = u16(out, 20);
        assertEquals(port & 1, 5353 & 1, "RFC 6146 3.5.1.1 parity");
        final byte[] back = f.one(PacketBuilder.ipv4(REMOTE, POOL).udp(53, port).payload("answer").build(), T0 + 1);
        assertV6(back, REMOTE6, HOST);
        assertEquals(5353, u16(back, 42));
        assertArrayEquals("answer".getBytes(java.nio.charset.StandardCharsets.US_ASCII), slice(back, 48, 6));
    }

    @Test
    void shouldTranslateIcmpEchoBothWaysByIdentifier()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final byte[] request = f.one(PacketBuilder.ipv6(HOST, REMOTE6).echoRequest(0x1234, 1).payloadOfLength(32)
            .build(), T0);
        assertV4(request, POOL, REMOTE);
        assertEquals(8, request[20]);
        final int id = u16(request, 24);
        final byte[] reply = f.one(PacketBuilder.ipv4(REMOTE, POOL).echoReply(id, 1).payloadOfLength(32).build(),
            T0 + 5);
        assertV6(reply, REMOTE6, HOST);
        assertEquals(129, reply[40] & 0xFF);
        assertEquals(0x1234, u16(reply, 44));
    }

    @Test
    void shouldDropUnsolicitedInboundPacketsWithCountedReasons()
    {
        final Nat64Fixture f = new Nat64Fixture();
        assertEquals(0, f.send(PacketBuilder.ipv4(REMOTE, POOL).udp(53, 4000).build(), T0).size());
        assertEquals(-DropReason.NO_BIB_ENTRY, f.verdict);
        f.send(tcp4(REMOTE, 443, POOL, 4000, ACK), T0);
        assertEquals(-DropReason.NO_BIB_ENTRY, f.verdict, "not a SYN: nothing to hold");
        f.send(tcp6(HOST, 40000, REMOTE6, 443, ACK), T0);
        assertEquals(-DropReason.BAD_TCP_STATE, f.verdict);
        assertEquals(2, f.translator.counters().drops(DropReason.NO_BIB_ENTRY));
        assertEquals(1, f.translator.counters().drops(DropReason.BAD_TCP_STATE));
    }

    private static Nat64Fixture addressDependent()
    {
        return new Nat64Fixture(Nat64Config.builder().seed(7).sessionCapacity(1024)
            .filtering(Nat64Config.ADDRESS_DEPENDENT), POOL + "/32:1024-65535");
    }

    @Test
    void shouldAnswerAHeldUnsolicitedSynWithPortUnreachableAfterSixSeconds()
    {
        final Nat64Fixture f = addressDependent();
        final int port = u16(f.one(tcp6(HOST, 40000, REMOTE6, 443, SYN), T0), 20);
        final byte[] unsolicited = tcp4(REMOTE2, 5555, POOL, port, SYN);
        assertEquals(0, f.send(unsolicited, T0 + 100).size());
        assertEquals(0, f.verdict, "held, nothing emitted");
        assertEquals(1, f.translator.heldSyns());
        assertEquals(0, f.translator.expire(T0 + 100 + 5_999, f.result));
        assertEquals(1, f.translator.expire(T0 + 100 + 6_000, f.result));
        final byte[] error = Nat64Fixture.packets(f.result).get(0);
        assertV4(error, POOL, REMOTE2);
        assertEquals(3, error[20]);
        assertEquals(3, error[21]);
        assertArrayEquals(unsolicited, slice(error, 28, unsolicited.length), "quotes the held SYN");
        assertEquals(0, f.translator.heldSyns());
    }

    @Test
    void shouldProbeAnIdleEstablishedSessionTowardsItsIpv6EndpointAndReviveItOnTheAnswerRfc6146Section3dot5dot2dot2()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final int port = u16(f.one(tcp6(HOST, 40000, REMOTE6, 443, SYN), T0), 20);
        f.one(tcp4(REMOTE, 443, POOL, port, SYN | ACK), T0 + 10);
        f.one(tcp6(HOST, 40000, REMOTE6, 443, ACK), T0 + 20);
        final int s = f.state.findInbound(Nat64Protocol.TCP, Ipv4Addresses.parse(POOL), port,
            Ipv4Addresses.parse(REMOTE), 443);
        assertEquals(Nat64Tcp.ESTABLISHED, f.state.sessionTcpState(s));
        final long established = (2 * 60 + 4) * 60_000L;
        assertEquals(0, f.translator.expire(T0 + 20 + established - 1, f.result), "not idle long enough yet");

        assertEquals(1, f.translator.expire(T0 + 20 + established, f.result));
        final byte[] probe = Nat64Fixture.packets(f.result).get(0);
        assertEquals(60, probe.length, "IPv6 header and a TCP header without data");
        assertV6(probe, REMOTE6, HOST);
        assertEquals(20, u16(probe, 4), "payload length");
        assertEquals(6, probe[6], "next header TCP");
        assertEquals(443, u16(probe, 40));
        assertEquals(40000, u16(probe, 42));
        assertArrayEquals(new byte[8], slice(probe, 44, 8), "sequence and acknowledgment numbers zero");
        assertEquals(ACK, probe[53] & 0x3F, "only ACK set");
        assertEquals(1, f.translator.counters().events(TranslatorCounters.TCP_PROBES_SENT));
        assertEquals(Nat64Tcp.TRANS, f.state.sessionTcpState(s));

        // The live host answers the out-of-window probe with an ACK: the session is established again.
        assertV4(f.one(tcp6(HOST, 40000, REMOTE6, 443, ACK), T0 + 20 + established + 5), POOL, REMOTE);
        assertEquals(Nat64Tcp.ESTABLISHED, f.state.sessionTcpState(s));
    }

    @Test
    void shouldHoldASynToAPortWithoutBibEntryForSixSecondsThenAnswerPortUnreachableRfc6146Section3dot5dot2dot2()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final byte[] unsolicited = tcp4(REMOTE, 5555, POOL, 4000, SYN);
        assertEquals(0, f.send(unsolicited, T0).size());
        assertEquals(0, f.verdict, "stored, nothing emitted, not a drop");
        assertEquals(1, f.translator.heldSyns());
        assertEquals(0, f.translator.counters().drops(DropReason.NO_BIB_ENTRY));
        assertEquals(1, f.state.counters().events(Nat64Counters.SYNS_HELD));
        assertEquals(0, f.state.sessionCount(), "no state for it beyond the stored packet");

        assertEquals(0, f.translator.expire(T0 + 5_999, f.result));
        assertEquals(1, f.translator.expire(T0 + 6_000, f.result));
        final byte[] error = Nat64Fixture.packets(f.result).get(0);
        assertV4(error, POOL, REMOTE);
        assertEquals(3, error[20], "Destination Unreachable");
        assertEquals(3, error[21], "Port Unreachable");
        assertArrayEquals(unsolicited, slice(error, 28, unsolicited.length), "quotes the stored SYN");
        assertEquals(0, f.translator.heldSyns());
        assertEquals(1, f.state.counters().events(Nat64Counters.HELD_SYN_TIMEOUTS));
        assertEquals(0, f.translator.expire(T0 + 60_000, f.result), "answered once");
    }

    @Test
    void shouldDropAnUnsolicitedSynWithoutBibEntryAtOnceWhenExternalTcpIsDropped()
    {
        final Nat64Fixture f = new Nat64Fixture(Nat64Config.builder().seed(7).sessionCapacity(1024)
            .dropExternalTcp(true), POOL + "/32:1024-65535");
        f.send(tcp4(REMOTE, 5555, POOL, 4000, SYN), T0);
        assertTrue(f.verdict < 0, "dropped: " + f.verdict);
        assertEquals(0, f.translator.heldSyns());
        assertEquals(0, f.translator.expire(T0 + 10_000, f.result), "nothing stored, nothing answered later");
    }

    @Test
    void shouldAnswerAtOnceWhenEveryHeldSlotIsBusy()
    {
        final Nat64Fixture f = new Nat64Fixture();
        for (int i = 0; i < Nat64Translator.HELD_SYN_SLOTS; i++)
        {
            assertEquals(0, f.send(tcp4(REMOTE, 10_000 + i, POOL, 4000, SYN), T0).size());
        }
        final byte[] extra = tcp4(REMOTE, 9_999, POOL, 4000, SYN);
        final byte[] error = f.one(extra, T0 + 1);
        assertV4(error, POOL, REMOTE);
        assertEquals(3, error[21], "Port Unreachable");
        assertArrayEquals(extra, slice(error, 28, extra.length));
        assertEquals(Nat64Translator.HELD_SYN_SLOTS, f.translator.heldSyns());
        // All 64 are answered after six seconds (over as many expiry calls as the result's room needs).
        int answered = 0;
        for (int call = 0; call < 4 && answered < Nat64Translator.HELD_SYN_SLOTS; call++)
        {
            answered += f.translator.expire(T0 + 6_000, f.result);
        }
        assertEquals(Nat64Translator.HELD_SYN_SLOTS, answered);
        assertEquals(0, f.translator.heldSyns());
    }

    @Test
    void shouldDiscardAStoredSynWithoutBibEntryWhenTheIpv6SynOfASimultaneousOpenCreatesIt()
    {
        // One TCP port in pool4, so the IPv4 peer can aim at the transport address the IPv6 host will get before
        // the IPv6 side has sent anything (a hole punch by port prediction).
        final Nat64Fixture f = new Nat64Fixture(Nat64Config.builder().seed(7).sessionCapacity(1024),
            POOL + "/32:5000-5000");
        f.send(tcp4(REMOTE2, 5555, POOL, 5000, SYN), T0);
        assertEquals(0, f.verdict);
        assertEquals(1, f.translator.heldSyns());
        f.send(tcp4(REMOTE, 6666, POOL, 5000, SYN), T0 + 1);
        assertEquals(2, f.translator.heldSyns(), "another peer's SYN to the same address");

        final byte[] v6syn = f.one(tcp6(HOST, 40001, REMOTE2_6, 5555, SYN), T0 + 20);
        assertV4(v6syn, POOL, REMOTE2);
        assertEquals(5000, u16(v6syn, 20));
        assertEquals(1, f.translator.heldSyns(), "the simultaneous open's stored SYN is discarded, the other stays");
        assertEquals(1, f.state.counters().events(Nat64Counters.SIMULTANEOUS_OPENS));
        // The peer's retransmitted SYN now meets the session (V6 INIT + V4 SYN -> ESTABLISHED).
        assertV6(f.one(tcp4(REMOTE2, 5555, POOL, 5000, SYN), T0 + 1_000), REMOTE2_6, HOST);
        assertEquals(1, f.translator.expire(T0 + 6_001, f.result), "only the other peer's SYN is answered");
        final byte[] answer = Nat64Fixture.packets(f.result).get(0);
        assertV4(answer, POOL, REMOTE);
    }

    @Test
    void shouldApplyReloadedTimeoutsToLiveSessionsAtTheNextExpiryRun()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final int port = u16(f.one(PacketBuilder.ipv6(HOST, REMOTE6).udp(5353, 53).payload("q").build(), T0), 20);
        f.translator.requestTimeouts(Nat64Timeouts.builder().udp(120_000).build());
        assertEquals(1, f.state.sessionCount(), "not applied before the owning thread's next expiry run");
        f.translator.expire(T0 + 1, f.result);
        f.translator.expire(T0 + 119_999, f.result);
        assertEquals(1, f.state.sessionCount(), "alive until the new 2 min UDP timeout");
        f.translator.expire(T0 + 120_000, f.result);
        assertEquals(0, f.state.sessionCount(), "the live session expired at the new timeout, not the old 5 min");
        f.send(PacketBuilder.ipv4(REMOTE, POOL).udp(53, port).payload("late").build(), T0 + 120_001);
        assertEquals(-DropReason.NO_BIB_ENTRY, f.verdict);
    }

    @Test
    void shouldReleaseAHeldSynWhenTheIpv6SynOfASimultaneousOpenArrives()
    {
        final Nat64Fixture f = addressDependent();
        final int port = u16(f.one(tcp6(HOST, 40000, REMOTE6, 443, SYN), T0), 20);
        f.send(tcp4(REMOTE2, 5555, POOL, port, SYN), T0 + 100);
        assertEquals(0, f.verdict);
        final byte[] v6syn = f.one(tcp6(HOST, 40000, REMOTE2_6, 5555, SYN), T0 + 2000);
        assertV4(v6syn, POOL, REMOTE2);
        assertEquals(port, u16(v6syn, 20));
        assertEquals(0, f.translator.heldSyns());
        assertEquals(0, f.translator.expire(T0 + 10_000, f.result), "no Port Unreachable after a release");
        assertV6(f.one(tcp4(REMOTE2, 5555, POOL, port, SYN | ACK), T0 + 10_001), REMOTE2_6, HOST);
    }

    @Test
    void shouldHairpinAnIpv6PacketAddressedToPool4BackToTheIpv6Host()
    {
        final StaticBibEntry server = StaticBibEntry.parse("udp:" + POOL + "#5000=" + HOST2 + "#53");
        final Nat64Fixture f = new Nat64Fixture(Nat64Config.builder().seed(7).sessionCapacity(1024),
            POOL + "/32:1024-65535", server);
        final byte[] out = f.one(PacketBuilder.ipv6(HOST, POOL6).udp(6000, 5000).payload("hairpin").build(), T0);
        final int clientPort = f.state.bibV4Port(f.state.findBib6(Nat64Protocol.UDP,
            Ipv6Addresses.parse(HOST)[0], Ipv6Addresses.parse(HOST)[1], 6000));
        assertV6(out, POOL6, HOST2);
        assertEquals(clientPort, u16(out, 40), "source: the client's pool4 transport address (RFC 6146 3.8)");
        assertEquals(53, u16(out, 42));
        final byte[] answer = f.one(PacketBuilder.ipv6(HOST2, POOL6).udp(53, clientPort).payload("back").build(),
            T0 + 1);
        assertV6(answer, POOL6, HOST);
        assertEquals(5000, u16(answer, 40));
        assertEquals(6000, u16(answer, 42));
    }

    @Test
    void shouldTranslateAnIcmpv4ErrorForAnExistingSessionWithItsInnerPacketRewritten()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final byte[] out = f.one(PacketBuilder.ipv6(HOST, REMOTE6).udp(4000, 53).payload("question").build(), T0);
        final byte[] error = PacketBuilder.ipv4(ROUTER4, POOL).icmpError(3, 3, 0, out).build();
        final byte[] v6 = f.one(error, T0 + 1);
        assertV6(v6, ROUTER4_6, HOST);
        assertEquals(1, v6[40]);
        assertEquals(4, v6[41], "port unreachable (RFC 7915 4.2)");
        assertArrayEquals(PacketBuilder.address(HOST, 16), slice(v6, 48 + 8, 16), "inner source");
        assertArrayEquals(PacketBuilder.address(REMOTE6, 16), slice(v6, 48 + 24, 16), "inner destination");
        assertEquals(4000, u16(v6, 88));
        assertEquals(53, u16(v6, 90));
    }

    @Test
    void shouldTranslateAnIcmpv6ErrorForAnInboundPacketWithItsInnerPacketRewritten()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final int port = u16(f.one(PacketBuilder.ipv6(HOST, REMOTE6).udp(4000, 53).build(), T0), 20);
        final byte[] in = f.one(PacketBuilder.ipv4(REMOTE, POOL).udp(53, port).payload("late").build(), T0 + 1);
        final byte[] error = PacketBuilder.ipv6(HOST, REMOTE6).icmpError(1, 4, 0, in).build();
        final byte[] v4 = f.one(error, T0 + 2);
        assertV4(v4, POOL, REMOTE);
        assertEquals(3, v4[20]);
        assertEquals(3, v4[21]);
        assertArrayEquals(PacketBuilder.address(REMOTE, 4), slice(v4, 28 + 12, 4), "inner source");
        assertArrayEquals(PacketBuilder.address(POOL, 4), slice(v4, 28 + 16, 4), "inner destination");
        assertEquals(53, u16(v4, 48));
        assertEquals(port, u16(v4, 50));
    }

    @Test
    void shouldForwardInboundConnectionsThroughAStaticBibEntry()
    {
        final StaticBibEntry web = StaticBibEntry.parse("tcp:" + POOL + "#8080=" + HOST2 + "#80");
        final Nat64Fixture f = new Nat64Fixture(Nat64Config.builder().seed(7).sessionCapacity(1024),
            POOL + "/32:1024-65535", web);
        final byte[] syn = f.one(tcp4(REMOTE, 33000, POOL, 8080, SYN), T0);
        assertV6(syn, REMOTE6, HOST2);
        assertEquals(80, u16(syn, 42));
        final byte[] synAck = f.one(tcp6(HOST2, 80, REMOTE6, 33000, SYN | ACK), T0 + 1);
        assertV4(synAck, POOL, REMOTE);
        assertEquals(8080, u16(synAck, 20));
    }

    @Test
    void shouldReportPoolExhaustionWithAddressUnreachableAndSessionLimits()
    {
        final Nat64Fixture f = new Nat64Fixture(Nat64Config.builder().seed(7).sessionCapacity(1024)
            .maxSessionsPerSubscriber(2), POOL + "/32:2000-2001");
        f.one(PacketBuilder.ipv6(HOST, REMOTE6).udp(1, 53).build(), T0);
        f.one(PacketBuilder.ipv6(HOST2, REMOTE6).udp(1, 53).build(), T0);
        final List<byte[]> out = f.send(PacketBuilder.ipv6("2001:db8::3", REMOTE6).udp(1, 53).build(), T0);
        assertEquals(1, out.size());
        assertEquals(1, out.get(0)[40], "ICMPv6 Destination Unreachable");
        assertEquals(3, out.get(0)[41], "Address Unreachable (RFC 6146 3.5.1.1)");
        assertEquals(List.of(), RefChecksum.problems(out.get(0)));
        assertEquals(1, f.translator.counters().drops(DropReason.POOL4_EXHAUSTED));
        f.one(PacketBuilder.ipv6(HOST, REMOTE2_6).udp(1, 53).build(), T0);
        f.send(PacketBuilder.ipv6(HOST, Nat64Fixture.ROUTER4_6).udp(1, 53).build(), T0);
        assertEquals(-DropReason.SESSION_LIMIT, f.verdict);
    }

    @Test
    void shouldExpireIdleSessionsAndThenRefuseTheirReplies()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final int port = u16(f.one(PacketBuilder.ipv6(HOST, REMOTE6).udp(4000, 53).build(), T0), 20);
        f.translator.expire(T0 + 5 * 60_000 - 1);
        assertEquals(1, f.state.sessionCount());
        assertEquals(1, f.translator.expire(T0 + 5 * 60_000));
        assertEquals(0, f.state.sessionCount());
        f.send(PacketBuilder.ipv4(REMOTE, POOL).udp(53, port).build(), T0 + 5 * 60_000 + 1);
        assertEquals(-DropReason.NO_BIB_ENTRY, f.verdict);
    }

    @Test
    void shouldTranslateLaterFragmentsThroughTheSessionOfTheFirstAndDropEarlierOnes()
    {
        final Nat64Fixture f = new Nat64Fixture();
        final List<byte[]> frags = PacketBuilder.ipv6(HOST, REMOTE6).fragmentId(77).udp(4000, 53)
            .payloadOfLength(300).fragments(128);
        assertTrue(frags.size() >= 2);
        f.send(frags.get(1), T0);
        assertEquals(-DropReason.UNMATCHED_FRAGMENT, f.verdict);
        final byte[] first = f.one(frags.get(0), T0 + 1);
        assertV4(first, POOL, REMOTE);
        final byte[] second = f.one(frags.get(1), T0 + 2);
        assertV4(second, POOL, REMOTE);
        assertNotEquals(0, u16(second, 6) & 0x1FFF, "a non-first fragment");
        assertEquals(u16(first, 4), u16(second, 4), "same identification");
        // Reassembled, the UDP checksum over the rewritten port must verify.
        final int headerBytes = 20;
        final byte[] whole = new byte[first.length + second.length - headerBytes];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, headerBytes, whole, first.length, second.length - headerBytes);
        whole[2] = (byte)(whole.length >> 8);
        whole[3] = (byte)whole.length;
        whole[6] = 0;
        whole[7] = 0;
        whole[10] = 0;
        whole[11] = 0;
        final int sum = RefChecksum.onesComplementSum(whole, 0, 20);
        whole[10] = (byte)(~sum >> 8);
        whole[11] = (byte)~sum;
        if (frags.size() == 2)
        {
            assertEquals(List.of(), RefChecksum.problems(whole));
        }
    }
}
