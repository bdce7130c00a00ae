package io.xlat.core.siit;

import static io.xlat.core.siit.Ipv6ToIpv4Fixture.SELF6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.config;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.d6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.run;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.s6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.slice;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.u16;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.u32;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import io.xlat.core.siit.Ipv6ToIpv4Fixture.Run;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7915 section 5.1, 5.1.1 and 5.5: the IPv6 to IPv4 header translation. Expected packets are built
 * independently with {@link PacketBuilder} (checksums by its reference routine) and compared byte for byte.
 */
class Ipv6ToIpv4TranslatorTest
{
    /** The IPv6 host, as the IPv4 side sees it. */
    private static final String HOST6 = "198.51.100.7";
    /** The IPv4 host. */
    private static final String HOST4 = "203.0.113.20";

    private static PacketBuilder packet()
    {
        return PacketBuilder.ipv6(s6(HOST6), d6(HOST4));
    }

    private static PacketBuilder expected()
    {
        return PacketBuilder.ipv4(HOST6, HOST4);
    }

    private static void assertNoChecksumProblems(final byte[] p)
    {
        final List<String> problems = RefChecksum.problems(p);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    private static void assertDropped(final Run run, final int reason)
    {
        assertEquals(-reason, run.verdict(), DropReason.label(reason));
        assertEquals(0, run.packets().size());
        assertEquals(1, run.counters().drops(reason));
        assertEquals(0, run.counters().events(TranslatorCounters.TRANSLATED_6TO4));
    }

    @Test
    void shouldGenerateDistinctIdentificationsForDfClearPacketsByDefaultRfc7915Section5dot1()
    {
        final SiitConfig defaults = config().generateIpv4Identification(true).build();
        final TranslatorCounters counters = new TranslatorCounters();
        final Ipv6ToIpv4Translator translator = new Ipv6ToIpv4Translator(defaults, counters);
        final java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++)
        {
            final byte[] out = run(translator, counters, packet().udp(4000 + i, 53).payload("x").build()).packet(0);
            assertEquals(0, u16(out, 6), "DF clear (<= 1260 bytes)");
            assertTrue(RefChecksum.problems(out).isEmpty(), RefChecksum.problems(out).toString());
            ids.add(u16(out, 4));
        }
        assertEquals(100, ids.size(), "RFC 6864 4.1: datagrams that may be fragmented need distinct IDs");

        final byte[] big = run(translator, counters, packet().udp(4000, 53).payloadOfLength(1300).build()).packet(0);
        assertEquals(0x4000, u16(big, 6), "DF set above 1260 bytes");
        assertEquals(0, u16(big, 4), "atomic datagram: Identification 0 (RFC 7915 5.1, RFC 6864)");
    }

    @Test
    void shouldTranslateEveryHeaderFieldRfc7915Section5dot1()
    {
        final byte[] in = packet().trafficClass(0xB8).flowLabel(0x12345).hopLimit(17).udp(4000, 53).payload("hello")
            .build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_TRANSLATED, run.kinds().get(0));
        final byte[] out = run.packet(0);
        assertEquals(0x45, u8(out, 0), "version 4, IHL 5");
        assertEquals(0xB8, u8(out, 1), "TOS copied from the traffic class");
        assertEquals(20 + 8 + 5, u16(out, 2), "total length = payload length + 20");
        assertEquals(0, u16(out, 4), "identification zero");
        assertEquals(0, u16(out, 6), "DF clear (<= 1260 bytes), MF clear, offset 0");
        assertEquals(16, u8(out, 8), "TTL = hop limit - 1");
        assertEquals(17, u8(out, 9), "protocol");
        assertArrayEquals(Ipv6ToIpv4Fixture.v4(HOST6), slice(out, 12, 16));
        assertArrayEquals(Ipv6ToIpv4Fixture.v4(HOST4), slice(out, 16, 20));
        assertArrayEquals(expected().tos(0xB8).ttl(16).udp(4000, 53).payload("hello").build(), out);
        assertEquals(1, run.counters().events(TranslatorCounters.TRANSLATED_6TO4));
    }

    @Test
    void shouldWriteConfiguredTosWhenResetRfc7915Section5dot1()
    {
        final byte[] in = packet().trafficClass(0xB8).udp(1, 2).build();
        final Run run = run(config().resetTos(0x20).build(), in);
        assertArrayEquals(expected().tos(0x20).ttl(63).udp(1, 2).build(), run.packet(0));
    }

    @ParameterizedTest(name = "IPv4 total length {0} -> DF {1}")
    @CsvSource({"1259, false", "1260, false", "1261, true", "1500, true"})
    void shouldSetDontFragmentOnlyAbove1260BytesRfc7915Section5(final int totalLength, final boolean df)
    {
        final int data = totalLength - 20 - 8;
        final byte[] in = packet().udp(7, 9).payloadOfLength(data).build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        assertArrayEquals(expected().ttl(63).df(df).udp(7, 9).payloadOfLength(data).build(), run.packet(0));
    }

    @Test
    void shouldUpdateTcpChecksumIncrementallyRfc7915Section5dot5()
    {
        final byte[] in = packet().tcp(40000, 443).seq(0x01020304L).ack(0x0A0B0C0DL).flags(PacketBuilder.ACK)
            .tcpOptions(2, 4, 5, 0xB4).payload("GET / HTTP/1.1").build();
        final byte[] out = run(in).packet(0);
        assertArrayEquals(expected().ttl(63).tcp(40000, 443).seq(0x01020304L).ack(0x0A0B0C0DL)
            .flags(PacketBuilder.ACK).tcpOptions(2, 4, 5, 0xB4).payload("GET / HTTP/1.1").build(), out);
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldLeaveChecksumAloneForAChecksumNeutralPrefixRfc6052Section4dot1()
    {
        final byte[] in = PacketBuilder.ipv6("64:ff9b::" + HOST6, "64:ff9b::" + HOST4).tcp(1, 2).payload("x").build();
        final byte[] out = run(in).packet(0);
        assertEquals(u16(in, 40 + 16), u16(out, 20 + 16), "64:ff9b::/96 sums to zero: checksum unchanged");
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldKeepACorruptUdpChecksumCorruptBySameAmountRfc1624()
    {
        final byte[] in = packet().udp(1000, 2000).payload("data").corruptL4Checksum(0x1234).build();
        assertEquals(0x1234, RefChecksum.checksumDiscrepancy(in));
        assertEquals(0x1234, RefChecksum.checksumDiscrepancy(run(in).packet(0)));
    }

    @Test
    void shouldKeepACorruptTcpChecksumCorruptBySameAmountRfc1624()
    {
        final byte[] in = packet().tcp(1000, 2000).payload("data").corruptL4Checksum(0x0F0F).build();
        assertEquals(0x0F0F, RefChecksum.checksumDiscrepancy(run(in).packet(0)));
    }

    @Test
    void shouldForwardAZeroUdpChecksumAsNoChecksumRfc6936Section5()
    {
        final byte[] in = packet().udp(1000, 2000).payload("tunnel").udpZeroChecksum().build();
        final byte[] out = run(in).packet(0);
        assertEquals(0, u16(out, 20 + 6));
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldSkipHopByHopDestinationOptionsAndSpentRoutingHeaderRfc7915Section5dot1()
    {
        final byte[] in = packet().hopByHop().destinationOptions().routingHeader(0, 0, d6(HOST4)).udp(5, 6)
            .payload("skip").build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        assertArrayEquals(expected().ttl(63).udp(5, 6).payload("skip").build(), run.packet(0));
    }

    @Test
    void shouldTranslateAuthenticationHeaderAsTheProtocolRfc7915Section5dot1()
    {
        final byte[] ah = new byte[16];
        ah[1] = 2;
        final byte[] in = packet().destinationOptions().extensionHeader(51, ah).udp(5, 6).payload("ah").build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        final byte[] out = run.packet(0);
        assertEquals(51, u8(out, 9), "first header that is not HbH/Routing/Fragment/DstOpts: AH");
        final int ahAt = 40 + 8;
        assertArrayEquals(slice(in, ahAt, in.length), slice(out, 20, out.length), "AH and what follows copied");
        assertEquals(20 + in.length - ahAt, u16(out, 2));
    }

    @Test
    void shouldSendParameterProblemPointingAtSegmentsLeftRfc7915Section5dot1()
    {
        final byte[] in = packet().hopByHop().routingHeader(0, 1, d6(HOST4)).udp(5, 6).payload("route").build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_ICMP_ERROR, run.kinds().get(0));
        final byte[] err = run.packet(0);
        assertEquals(6, u8(err, 0) >>> 4);
        assertEquals(58, u8(err, 6));
        assertEquals(64, u8(err, 7), "hop limit of originated errors");
        assertArrayEquals(PacketBuilder.address(SELF6, 16), slice(err, 8, 24));
        assertArrayEquals(slice(in, 8, 24), slice(err, 24, 40), "back to the sender");
        assertEquals(4, u8(err, 40));
        assertEquals(0, u8(err, 41));
        assertEquals(40 + 8 + 3, u32(err, 44), "pointer to Segments Left: IPv6 header + HbH + 3");
        assertArrayEquals(in, slice(err, 48, err.length));
        assertNoChecksumProblems(err);
        assertEquals(1, run.counters().drops(DropReason.SEGMENTS_LEFT));
        assertEquals(1, run.counters().events(TranslatorCounters.ICMPV6_ERRORS_SENT));
    }

    @ParameterizedTest(name = "hop limit {0}")
    @CsvSource({"0", "1"})
    void shouldSendTimeExceededWhenHopLimitWouldReachZeroRfc7915Section5dot1(final int hopLimit)
    {
        final byte[] in = packet().hopLimit(hopLimit).udp(33434, 33434).payload("trace").build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_ICMP_ERROR, run.kinds().get(0));
        final byte[] err = run.packet(0);
        assertEquals(3, u8(err, 40), "Time Exceeded");
        assertEquals(0, u8(err, 41), "hop limit exceeded in transit");
        assertEquals(0, u32(err, 44));
        assertArrayEquals(in, slice(err, 48, err.length));
        assertNoChecksumProblems(err);
        assertEquals(1, run.counters().drops(DropReason.TTL_EXPIRED));
        assertEquals(1, run.counters().events(TranslatorCounters.ICMPV6_ERRORS_SENT));
    }

    @Test
    void shouldTranslateHopLimitTwoToTtlOneRfc7915Section5dot1()
    {
        final byte[] out = run(packet().hopLimit(2).udp(1, 2).build()).packet(0);
        assertEquals(1, u8(out, 8));
    }

    @Test
    void shouldCapOriginatedErrorsAt1280BytesRfc4443Section2dot4()
    {
        final byte[] in = packet().hopLimit(1).udp(1, 2).payloadOfLength(1400).build();
        final byte[] err = run(in).packet(0);
        assertEquals(1280, err.length);
        assertEquals(1240, u16(err, 4));
        assertArrayEquals(slice(in, 0, 1232), slice(err, 48, 1280));
        assertNoChecksumProblems(err);
    }

    @Test
    void shouldOnlyDropWhenNoSelf6IsConfiguredRfc7915Section5dot4()
    {
        final SiitConfig noSelf = SiitConfig.builder().mapper(Ipv6ToIpv4Fixture.MAPPER).build();
        assertDropped(run(noSelf, packet().hopLimit(1).udp(1, 2).build()), DropReason.TTL_EXPIRED);
    }

    @Test
    void shouldNotAnswerAnIcmpv6ErrorWithAnErrorRfc4443Section2dot4()
    {
        final byte[] inner = PacketBuilder.ipv6(d6(HOST4), s6(HOST6)).udp(1, 2).build();
        final byte[] in = packet().hopLimit(1).icmpError(1, 4, 0, inner).build();
        assertDropped(run(in), DropReason.TTL_EXPIRED);
    }

    @Test
    void shouldNotAnswerAPacketFromAMulticastSourceRfc4443Section2dot4()
    {
        // A multicast source cannot be mapped: the packet is dropped before its hop limit could draw an error.
        assertDropped(run(PacketBuilder.ipv6("ff0e::1", d6(HOST4)).hopLimit(1).udp(1, 2).build()),
            DropReason.UNTRANSLATABLE_SOURCE);
    }

    @Test
    void shouldDropAnUnmappableSourceRfc7915Section5dot1()
    {
        assertDropped(run(PacketBuilder.ipv6("2001:db8:99::1", d6(HOST4)).udp(1, 2).build()),
            DropReason.UNTRANSLATABLE_SOURCE);
    }

    @Test
    void shouldMapTheSourceInTheSourceRole()
    {
        assertDropped(run(PacketBuilder.ipv6(d6(HOST6), d6(HOST4)).udp(1, 2).build()),
            DropReason.UNTRANSLATABLE_SOURCE);
    }

    @Test
    void shouldDropAnUnmappableDestinationRfc7915Section5dot1()
    {
        assertDropped(run(PacketBuilder.ipv6(s6(HOST6), s6(HOST4)).udp(1, 2).build()),
            DropReason.UNTRANSLATABLE_DESTINATION);
    }

    @Test
    void shouldCopyFragmentHeaderFieldsRfc7915Section5dot1dot1()
    {
        final List<byte[]> fragments = packet().fragmentId(0xABCD1234).udp(1, 2).payloadOfLength(100).fragments(48);
        final List<byte[]> expected = expected().ttl(63).id(0x1234).udp(1, 2).payloadOfLength(100).fragments(48);
        assertEquals(expected.size(), fragments.size());
        for (int i = 0; i < fragments.size(); i++)
        {
            final Run run = run(fragments.get(i));
            assertEquals(1, run.verdict(), "fragment " + i);
            assertArrayEquals(expected.get(i), run.packet(0), "fragment " + i);
            assertEquals(0, u16(run.packet(0), 6) & 0x4000, "DF clear on fragments");
        }
    }

    @Test
    void shouldDropAFragmentHeaderFollowedByAnExtensionHeaderRfc7915Section5dot1dot1()
    {
        final byte[] in = packet().fragmentHeader(0, false, 7).destinationOptions().udp(1, 2).build();
        assertDropped(run(in), DropReason.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void shouldSendAdministrativelyProhibitedForDiscardedPacketsWhenConfiguredRfc7915Section5dot4()
    {
        final SiitConfig prohibit = config().icmpErrorsOnDrop(true).build();
        final byte[] unmappableDestination = PacketBuilder.ipv6(s6(HOST6), s6(HOST4)).udp(1, 2).build();
        final Run run = run(prohibit, unmappableDestination);
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_ICMP_ERROR, run.kinds().get(0));
        final byte[] err = run.packet(0);
        assertEquals(1, u8(err, 40), "Destination Unreachable");
        assertEquals(1, u8(err, 41), "communication with destination administratively prohibited");
        assertEquals(0, u32(err, 44));
        assertArrayEquals(PacketBuilder.address(SELF6, 16), slice(err, 8, 24), "from the translator's self6");
        assertArrayEquals(slice(unmappableDestination, 8, 24), slice(err, 24, 40), "back to the sender");
        assertArrayEquals(unmappableDestination, slice(err, 48, err.length));
        assertNoChecksumProblems(err);
        assertEquals(1, run.counters().drops(DropReason.UNTRANSLATABLE_DESTINATION));
        assertEquals(1, run.counters().events(TranslatorCounters.ICMPV6_ERRORS_SENT));

        final Run source = run(prohibit, PacketBuilder.ipv6("2001:db8:99::1", d6(HOST4)).udp(1, 2).build());
        assertEquals(1, u8(source.packet(0), 41));
        assertEquals(1, source.counters().drops(DropReason.UNTRANSLATABLE_SOURCE));
        final Run afterFragment = run(prohibit, packet().fragmentHeader(0, false, 7).destinationOptions().udp(1, 2)
            .build());
        assertEquals(1, u8(afterFragment.packet(0), 41));
        assertEquals(1, afterFragment.counters().drops(DropReason.UNSUPPORTED_PROTOCOL));

        // Never about an ICMPv6 message (5.4), nor without the switch (silent by default).
        assertDropped(run(prohibit, PacketBuilder.ipv6(s6(HOST6), s6(HOST4)).echoRequest(1, 1).build()),
            DropReason.UNTRANSLATABLE_DESTINATION);
        assertDropped(run(unmappableDestination), DropReason.UNTRANSLATABLE_DESTINATION);
    }

    @Test
    void shouldFragmentATranslatedFragmentToTheIpv4MtuRfc7915Section5dot1dot1()
    {
        final byte[] in = packet().fragmentId(0x77).udp(1, 2).payloadOfLength(1400).fragments(2000).get(0);
        final Run run = run(config().mtu4(576).build(), in);
        final List<byte[]> expected = expected().ttl(63).id(0x77).udp(1, 2).payloadOfLength(1400).fragments(556);
        assertEquals(expected.size(), run.verdict());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), run.packet(i), "fragment " + i);
            assertTrue(run.packet(i).length <= 576);
        }
        assertEquals(expected.size(), run.counters().events(TranslatorCounters.FRAGMENTS_EMITTED));
    }

    @Test
    void shouldFragmentPacketsOfAtMost1260BytesOnASmallerIpv4MtuRfc7915Section5()
    {
        final byte[] in = packet().udp(1, 2).payloadOfLength(1000).build();
        final Run run = run(config().mtu4(400).build(), in);
        assertEquals(3, run.verdict());
        final int id = u16(run.packet(0), 4);
        final List<byte[]> expected = expected().ttl(63).id(id).udp(1, 2).payloadOfLength(1000).fragments(380);
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), run.packet(i), "fragment " + i);
        }
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (final byte[] f : run.packets())
        {
            data.write(f, 20, f.length - 20);
        }
        final byte[] whole = expected().ttl(63).id(id).udp(1, 2).payloadOfLength(1000).build();
        assertArrayEquals(slice(whole, 20, whole.length), data.toByteArray(), "reassembles to the translation");
    }

    @Test
    void shouldGiveEachSelfFragmentedPacketItsOwnIdentificationRfc791()
    {
        final SiitConfig config = config().mtu4(400).build();
        final TranslatorCounters counters = new TranslatorCounters();
        final Ipv6ToIpv4Translator translator = new Ipv6ToIpv4Translator(config, counters);
        final byte[] in = packet().udp(1, 2).payloadOfLength(1000).build();
        final int first = u16(Ipv6ToIpv4Fixture.run(translator, counters, in).packet(0), 4);
        final int second = u16(Ipv6ToIpv4Fixture.run(translator, counters, in).packet(0), 4);
        assertNotEquals(first, second);
    }

    @ParameterizedTest(name = "mtu4 {0}, IPv4 size {1} -> PTB MTU {2}")
    @CsvSource({"1400, 1401, 1420", "1000, 1300, 1280", "1260, 1261, 1280", "1500, 1501, 1520"})
    void shouldSendPacketTooBigWhenDontFragmentIsSetAndTooBigRfc7915Section5dot1dot1(
        final int mtu4, final int size, final long mtu)
    {
        final byte[] in = packet().udp(1, 2).payloadOfLength(size - 28).build();
        final Run run = run(config().mtu4(mtu4).build(), in);
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_ICMP_ERROR, run.kinds().get(0));
        final byte[] err = run.packet(0);
        assertEquals(2, u8(err, 40));
        assertEquals(0, u8(err, 41));
        assertEquals(mtu, u32(err, 44));
        assertNoChecksumProblems(err);
        assertEquals(1, run.counters().drops(DropReason.PACKET_TOO_BIG));
    }

    @Test
    void shouldTranslateANonFirstFragmentWithoutTouchingItsDataRfc7915Section5dot1dot1()
    {
        final List<byte[]> fragments = packet().fragmentId(5).tcp(1, 2).payloadOfLength(200).fragments(104);
        final byte[] second = fragments.get(1);
        final byte[] out = run(second).packet(0);
        assertArrayEquals(slice(second, 48, second.length), slice(out, 20, out.length));
        assertEquals(0x2000 | 104 / 8, u16(out, 6), "MF set, offset copied");
    }

    @Test
    void shouldDropMalformedIpv6()
    {
        assertDropped(run(new byte[30]), DropReason.TRUNCATED);
        final byte[] in = packet().udp(1, 2).payload("abc").build();
        assertDropped(run(PacketBuilder.truncate(in, in.length - 1)), DropReason.BAD_PAYLOAD_LENGTH);
        final byte[] ext = packet().destinationOptions(1, 4, 0, 0, 0, 0).udp(1, 2).build();
        ext[41] = 9;
        assertDropped(run(ext), DropReason.TRUNCATED_EXTENSION_HEADER);
        assertDropped(run(packet().raw(6, new byte[12]).build()), DropReason.BAD_TRANSPORT_HEADER);
    }
}
