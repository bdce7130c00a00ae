package io.xlat.core.siit;

import static io.xlat.core.siit.Ipv4ToIpv6Fixture.SELF4;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.UNMAPPABLE;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.config;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.run;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.slice;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.u16;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.u32;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.u8;
import static io.xlat.core.siit.Ipv4ToIpv6Fixture.v6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.Ipv4ToIpv6Fixture.Run;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class Ipv4ToIpv6TranslatorTest
{
    private static final String SRC = "198.51.100.7";
    private static final String DST = "203.0.113.20";

    private static PacketBuilder packet()
    {
        return PacketBuilder.ipv4(SRC, DST);
    }

    private static void assertNoChecksumProblems(final byte[] p)
    {
        final List<String> problems = RefChecksum.problems(p);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void shouldTranslateEveryHeaderFieldRfc7915Section4dot1()
    {
        final byte[] in = packet().tos(0xB8).ttl(17).id(0x4242).df(true).udp(4000, 53).payload("hello").build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        final byte[] out = run.packet(0);
        assertEquals(TranslationResult.KIND_TRANSLATED, run.kinds().get(0));
        assertEquals(40 + 8 + 5, out.length);
        assertEquals(6, u8(out, 0) >>> 4, "version");
        assertEquals(0xB8, (u16(out, 0) >>> 4) & 0xFF, "traffic class copied from TOS");
        assertEquals(0, (int)(u32(out, 0) & 0xFFFFF), "flow label 0");
        assertEquals(8 + 5, u16(out, 4), "payload length = total length - IHL*4");
        assertEquals(17, u8(out, 6), "next header = protocol");
        assertEquals(16, u8(out, 7), "hop limit = TTL - 1");
        assertArrayEquals(v6(SRC, true), slice(out, 8, 24));
        assertArrayEquals(v6(DST, false), slice(out, 24, 40));
        assertArrayEquals(slice(in, 20, 26), slice(out, 40, 46), "UDP ports and length unchanged");
        assertArrayEquals(slice(in, 28, in.length), slice(out, 48, out.length), "data unchanged");
        assertNoChecksumProblems(out);
        assertEquals(1, run.counters().events(TranslatorCounters.TRANSLATED_4TO6));
    }

    @Test
    void shouldResetTrafficClassWhenConfiguredRfc7915Section4dot1()
    {
        final byte[] in = packet().tos(0xB8).udp(1, 2).build();
        final Run run = run(config().resetTrafficClass(true).build(), in);
        assertEquals(0, (u16(run.packet(0), 0) >>> 4) & 0xFF);
    }

    @Test
    void shouldUpdateTcpChecksumIncrementallyRfc7915Section4dot5()
    {
        final byte[] in = packet().tcp(40000, 443).flags(PacketBuilder.SYN).payloadOfLength(33).build();
        final byte[] out = run(in).packet(0);
        assertEquals(6, u8(out, 6));
        assertEquals(RefChecksum.expectedL4Checksum(out), u16(out, 40 + 16));
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldKeepACorruptTcpChecksumCorruptBySameAmountRfc7915Section4dot5()
    {
        final byte[] in = packet().tcp(40000, 443).payloadOfLength(20).corruptL4Checksum(0x1234).build();
        assertEquals(0x1234, RefChecksum.checksumDiscrepancy(in));
        assertEquals(0x1234, RefChecksum.checksumDiscrepancy(run(in).packet(0)));
    }

    @Test
    void shouldComputeUdpZeroChecksumByDefaultRfc7915Section4dot5()
    {
        final byte[] in = packet().udp(7, 9).udpZeroChecksum().payloadOfLength(11).build();
        final byte[] out = run(in).packet(0);
        assertEquals(RefChecksum.expectedL4Checksum(out), u16(out, 46));
        assertTrue(u16(out, 46) != 0);
    }

    @Test
    void shouldDropUdpZeroChecksumWhenConfiguredRfc7915Section4dot5()
    {
        final byte[] in = packet().udp(7, 9).udpZeroChecksum().payloadOfLength(11).build();
        final Run run = run(config().amendUdpChecksumZero(false).build(), in);
        assertEquals(-DropReason.UDP_ZERO_CHECKSUM, run.verdict());
        assertEquals(1, run.counters().drops(DropReason.UDP_ZERO_CHECKSUM));
    }

    @Test
    void shouldDropFirstFragmentOfZeroChecksumUdpRfc7915Section4dot5()
    {
        final List<byte[]> frags = packet().id(9).udp(7, 9).udpZeroChecksum().payloadOfLength(100).fragments(48);
        assertEquals(-DropReason.FRAGMENTED_UDP_ZERO_CHECKSUM, run(frags.get(0)).verdict());
        assertEquals(1, run(frags.get(1)).verdict(), "non-first fragments carry no UDP header");
    }

    @Test
    void shouldAddFragmentHeaderForIpv4FragmentsRfc7915Section4dot1()
    {
        final List<byte[]> frags = packet().id(0xBEEF).udp(5, 6).payloadOfLength(200).fragments(64);
        final ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        for (int i = 0; i < frags.size(); i++)
        {
            final byte[] f = frags.get(i);
            final Run run = run(f);
            assertEquals(1, run.verdict());
            final byte[] out = run.packet(0);
            assertEquals(44, u8(out, 6), "next header = Fragment");
            assertEquals(f.length - 20 + 8, u16(out, 4), "payload length includes the Fragment header");
            assertEquals(17, u8(out, 40), "fragment header next header");
            assertEquals(u16(f, 6) & 0x1FFF, u16(out, 42) >>> 3, "offset copied");
            assertEquals((u16(f, 6) >>> 13) & 1, u16(out, 42) & 1, "M copied");
            assertEquals(0xBEEFL, u32(out, 44), "identification: IPv4 id in the low 16 bits");
            reassembled.writeBytes(slice(out, 48, out.length));
        }
        final byte[] whole = PacketBuilder.ipv4(SRC, DST).udp(5, 6).payloadOfLength(200).build();
        final byte[] l4 = reassembled.toByteArray();
        // Reassembled UDP: same bytes as the original except the checksum, which must verify over IPv6.
        assertArrayEquals(slice(whole, 28, whole.length), slice(l4, 8, l4.length));
        final byte[] unfragmented = new byte[40 + l4.length];
        final byte[] first = run(frags.get(0)).packet(0);
        System.arraycopy(first, 0, unfragmented, 0, 40);
        unfragmented[4] = (byte)(l4.length >>> 8);
        unfragmented[5] = (byte)l4.length;
        unfragmented[6] = 17;
        System.arraycopy(l4, 0, unfragmented, 40, l4.length);
        assertEquals(0, RefChecksum.checksumDiscrepancy(unfragmented));
    }

    @Test
    void shouldNotAddFragmentHeaderWhenDfClearAndPacketFitsRfc7915Section4()
    {
        final byte[] in = packet().df(false).udp(5, 6).payloadOfLength(1280 - 48).build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        assertEquals(1280, run.packet(0).length);
        assertEquals(17, u8(run.packet(0), 6));
    }

    @Test
    void shouldFragmentDfClearPacketsLargerThanLowestIpv6MtuRfc7915Section4()
    {
        final byte[] in = packet().df(false).id(0x0102).udp(5, 6).payloadOfLength(3000).build();
        final Run run = run(in);
        assertEquals(3, run.verdict());
        final ByteArrayOutputStream l4 = new ByteArrayOutputStream();
        int expectedOffset = 0;
        for (int i = 0; i < run.packets().size(); i++)
        {
            final byte[] out = run.packet(i);
            assertTrue(out.length <= 1280, "fragment " + i + " fits 1280");
            assertEquals(44, u8(out, 6));
            assertEquals(out.length - 40, u16(out, 4));
            assertEquals(expectedOffset, (u16(out, 42) >>> 3) * 8);
            assertEquals(i < 2 ? 1 : 0, u16(out, 42) & 1);
            assertEquals(0x0102L, u32(out, 44));
            assertArrayEquals(v6(SRC, true), slice(out, 8, 24));
            expectedOffset += out.length - 48;
            if (i < 2)
            {
                assertEquals(0, (out.length - 48) % 8);
            }
            l4.writeBytes(slice(out, 48, out.length));
        }
        assertEquals(3008, l4.size());
        assertEquals(3, run.counters().events(TranslatorCounters.FRAGMENTS_EMITTED));
        final byte[] reassembled = new byte[40 + 3008];
        System.arraycopy(run.packet(0), 0, reassembled, 0, 40);
        reassembled[4] = (byte)(3008 >>> 8);
        reassembled[5] = (byte)3008;
        reassembled[6] = 17;
        System.arraycopy(l4.toByteArray(), 0, reassembled, 40, 3008);
        assertEquals(0, RefChecksum.checksumDiscrepancy(reassembled));
    }

    @Test
    void shouldFragmentToConfiguredLowestIpv6MtuRfc7915Section4()
    {
        final byte[] in = packet().df(false).udp(5, 6).payloadOfLength(1400).build();
        assertEquals(1, run(config().lowestIpv6Mtu(1500).build(), in).verdict(), "1448 fits 1500, no fragments");
        final Run small = run(config().lowestIpv6Mtu(1280).build(), in);
        assertEquals(2, small.verdict());
    }

    @Test
    void shouldFragmentAnIpv4FragmentFurtherKeepingItsOffsetsRfc7915Section4dot1()
    {
        final List<byte[]> frags = packet().id(77).udp(5, 6).payloadOfLength(4000).fragments(2000);
        final byte[] second = frags.get(1);
        final Run run = run(second);
        assertEquals(2, run.verdict());
        assertEquals(2000 / 8, u16(run.packet(0), 42) >>> 3);
        assertEquals(1, u16(run.packet(0), 42) & 1);
        assertEquals((2000 + 1232) / 8, u16(run.packet(1), 42) >>> 3);
        assertEquals(1, u16(run.packet(1), 42) & 1, "input had MF set, so the last piece keeps M");
    }

    @Test
    void shouldSendFragmentationNeededWhenDfSetAndTooBigRfc7915Section4dot1()
    {
        final byte[] in = packet().df(true).udp(5, 6).payloadOfLength(1500 - 28).build();
        final Run run = run(config().mtu6(1400).build(), in);
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_ICMP_ERROR, run.kinds().get(0));
        final byte[] err = run.packet(0);
        assertEquals(4, u8(err, 0) >>> 4);
        assertEquals(3, u8(err, 20));
        assertEquals(4, u8(err, 21));
        assertEquals(1400 - 20, u16(err, 26), "next-hop MTU = mtu6 - 20");
        assertEquals(576, err.length, "capped at 576 bytes");
        assertArrayEquals(slice(in, 0, 548), slice(err, 28, 576), "quotes the original");
        assertNoChecksumProblems(err);
        assertEquals(1, run.counters().drops(DropReason.PACKET_TOO_BIG));
        assertEquals(1, run.counters().events(TranslatorCounters.ICMPV4_ERRORS_SENT));
    }

    @Test
    void shouldSendTimeExceededWhenTtlWouldReachZeroRfc7915Section4dot1()
    {
        final byte[] in = packet().ttl(1).udp(5, 6).payload("x").build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        final byte[] err = run.packet(0);
        assertEquals(TranslationResult.KIND_ICMP_ERROR, run.kinds().get(0));
        assertEquals(0x45, u8(err, 0));
        assertEquals(64, u8(err, 8), "TTL 64");
        assertEquals(1, u8(err, 9));
        assertArrayEquals(PacketBuilder.address(SELF4, 4), slice(err, 12, 16));
        assertArrayEquals(PacketBuilder.address(SRC, 4), slice(err, 16, 20));
        assertEquals(11, u8(err, 20));
        assertEquals(0, u8(err, 21));
        assertEquals(28 + in.length, err.length);
        assertArrayEquals(in, slice(err, 28, err.length));
        assertNoChecksumProblems(err);
        assertEquals(1, run.counters().drops(DropReason.TTL_EXPIRED));
        assertEquals(1, run.counters().events(TranslatorCounters.ICMPV4_ERRORS_SENT));
    }

    @Test
    void shouldDropSilentlyOnTtlExpiryWithoutAnIpv4AddressRfc7915Section4dot1()
    {
        final SiitConfig noSelf = SiitConfig.builder().mapper(Ipv4ToIpv6Fixture.MAPPER).build();
        final Run run = run(noSelf, packet().ttl(1).udp(5, 6).build());
        assertEquals(-DropReason.TTL_EXPIRED, run.verdict());
        assertEquals(1, run.counters().drops(DropReason.TTL_EXPIRED));
        assertEquals(0, run.counters().events(TranslatorCounters.ICMPV4_ERRORS_SENT));
    }

    @Test
    void shouldNotSendTimeExceededForAnIcmpErrorRfc7915Section4dot4()
    {
        final byte[] inner = PacketBuilder.ipv4(DST, SRC).udp(1, 2).build();
        final byte[] in = packet().ttl(1).icmpError(3, 3, 0, inner).build();
        assertEquals(-DropReason.TTL_EXPIRED, run(in).verdict());
    }

    @Test
    void shouldSendSourceRouteFailedForUnexpiredSourceRouteRfc7915Section4dot1()
    {
        // LSRR, length 7, pointer 4: one address still to visit.
        final byte[] in = packet().ipv4Options(131, 7, 4, 192, 0, 2, 1, 0).udp(5, 6).build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        assertEquals(3, u8(run.packet(0), 20));
        assertEquals(5, u8(run.packet(0), 21));
        assertEquals(1, run.counters().drops(DropReason.SOURCE_ROUTE));
        final byte[] strict = packet().ipv4Options(137, 7, 4, 192, 0, 2, 1, 0).udp(5, 6).build();
        assertEquals(5, u8(run(strict).packet(0), 21));
    }

    @Test
    void shouldIgnoreExpiredSourceRouteAndOtherOptionsRfc7915Section4dot1()
    {
        // LSRR with pointer 8 > length 7: exhausted. Record route (7) and NOPs: ignored.
        final byte[] in = packet().ipv4Options(131, 7, 8, 192, 0, 2, 1, 1, 7, 7, 4, 0, 0, 0, 0, 0)
            .udp(5, 6).payload("abc").build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        final byte[] out = run.packet(0);
        assertEquals(48 + 3, out.length);
        assertEquals(11, u16(out, 4));
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldDropUnmappableAddressesRfc7915Section4dot1()
    {
        assertEquals(-DropReason.UNTRANSLATABLE_DESTINATION,
            run(PacketBuilder.ipv4(SRC, UNMAPPABLE).udp(1, 2).build()).verdict());
        assertEquals(-DropReason.UNTRANSLATABLE_SOURCE,
            run(PacketBuilder.ipv4(UNMAPPABLE, DST).udp(1, 2).build()).verdict());
    }

    @Test
    void shouldSendAdministrativelyProhibitedForDiscardedPacketsWhenConfiguredRfc7915Section4dot4()
    {
        final SiitConfig prohibit = config().icmpErrorsOnDrop(true).amendUdpChecksumZero(false).build();
        final byte[] unmappable = PacketBuilder.ipv4(SRC, UNMAPPABLE).udp(1, 2).build();
        final Run run = run(prohibit, unmappable);
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_ICMP_ERROR, run.kinds().get(0));
        assertEquals(3, u8(run.packet(0), 20));
        assertEquals(13, u8(run.packet(0), 21));
        assertArrayEquals(unmappable, slice(run.packet(0), 28, run.packet(0).length));
        assertNoChecksumProblems(run.packet(0));
        assertEquals(1, run.counters().drops(DropReason.UNTRANSLATABLE_DESTINATION));
        assertEquals(1, run.counters().events(TranslatorCounters.ICMPV4_ERRORS_SENT));
        assertEquals(13, u8(run(prohibit, packet().udp(7, 9).udpZeroChecksum().build()).packet(0), 21));
        final byte[] error = PacketBuilder.ipv4(SRC, UNMAPPABLE).icmpError(3, 3, 0, unmappable).build();
        assertEquals(-DropReason.UNTRANSLATABLE_DESTINATION, run(prohibit, error).verdict(), "never about an error");
    }

    @Test
    void shouldTranslateAnIcmpErrorFromAnIllegalSourceRfc7915Section4dot1()
    {
        final byte[] inner = PacketBuilder.ipv4(SRC, DST).udp(1, 2).build();
        final Run run = run(PacketBuilder.ipv4("127.0.0.1", SRC).icmpError(3, 3, 0, inner).build());
        assertEquals(1, run.verdict());
        assertArrayEquals(v6("127.0.0.1", true), slice(run.packet(0), 8, 24));
    }

    @Test
    void shouldDropIllegalSourcesRfc7915Section4dot1()
    {
        for (final String s : new String[] {"0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255", "240.0.0.1"})
        {
            final Run run = run(PacketBuilder.ipv4(s, DST).udp(1, 2).build());
            assertEquals(-DropReason.ILLEGAL_SOURCE, run.verdict(), s);
        }
    }

    @Test
    void shouldDropBadHeaderChecksumRfc1812Section5dot2dot2()
    {
        final Run run = run(packet().udp(1, 2).corruptIpv4HeaderChecksum(1).build());
        assertEquals(-DropReason.BAD_HEADER_CHECKSUM, run.verdict());
        assertEquals(1, run.counters().drops(DropReason.BAD_HEADER_CHECKSUM));
    }

    @Test
    void shouldDropMalformedHeaders()
    {
        assertEquals(-DropReason.TRUNCATED, run(new byte[] {0x45, 0, 0}).verdict());
        final byte[] shortTotal = packet().udp(1, 2).totalLengthOverride(200).build();
        assertEquals(-DropReason.BAD_TOTAL_LENGTH, run(shortTotal).verdict());
    }

    @Test
    void shouldPassOtherProtocolsWithOnlyTheHeaderTranslatedRfc7915Section4dot5()
    {
        final byte[] gre = {0, 0, 0x08, 0, 1, 2, 3, 4};
        final byte[] in = packet().raw(47, gre).build();
        final byte[] out = run(in).packet(0);
        assertEquals(47, u8(out, 6));
        assertArrayEquals(gre, slice(out, 40, out.length));
    }

    @Test
    void shouldDropIgmpRfc7915Section4dot2()
    {
        final Run run = run(packet().raw(2, new byte[] {0x11, 0, (byte)0xEE, (byte)0xFF, 0, 0, 0, 0}).build());
        assertEquals(-DropReason.UNSUPPORTED_PROTOCOL, run.verdict());
    }

    @Test
    void shouldDropFragmentedIcmpRfc7915Section4dot2()
    {
        final List<byte[]> frags = packet().echoRequest(1, 1).payloadOfLength(100).fragments(48);
        assertEquals(-DropReason.FRAGMENTED_ICMP, run(frags.get(0)).verdict());
        assertEquals(-DropReason.FRAGMENTED_ICMP, run(frags.get(1)).verdict());
    }

    @Test
    void shouldTranslateEchoRequestAndReplyRfc7915Section4dot2()
    {
        final byte[] req = packet().echoRequest(0x1234, 7).payload("ping").build();
        final byte[] out = run(req).packet(0);
        assertEquals(58, u8(out, 6));
        assertEquals(128, u8(out, 40));
        assertEquals(0, u8(out, 41));
        assertEquals(0x1234, u16(out, 44));
        assertEquals(7, u16(out, 46));
        assertNoChecksumProblems(out);
        final byte[] rep = run(packet().echoReply(1, 2).payload("pong").corruptL4Checksum(5).build()).packet(0);
        assertEquals(129, u8(rep, 40));
        assertEquals(5, RefChecksum.checksumDiscrepancy(rep), "corruption carried over");
    }

    @Test
    void shouldFragmentALargeDfClearEchoWithAValidChecksumRfc7915Section4()
    {
        final byte[] req = packet().df(false).echoRequest(3, 4).payloadOfLength(2000).build();
        final Run run = run(req);
        assertEquals(2, run.verdict());
        final ByteArrayOutputStream l4 = new ByteArrayOutputStream();
        l4.writeBytes(slice(run.packet(0), 48, run.packet(0).length));
        l4.writeBytes(slice(run.packet(1), 48, run.packet(1).length));
        final byte[] whole = new byte[40 + l4.size()];
        System.arraycopy(run.packet(0), 0, whole, 0, 40);
        whole[4] = (byte)(l4.size() >>> 8);
        whole[5] = (byte)l4.size();
        whole[6] = 58;
        System.arraycopy(l4.toByteArray(), 0, whole, 40, l4.size());
        assertEquals(0, RefChecksum.checksumDiscrepancy(whole));
    }

    @Test
    void shouldLeaveTheTcpChecksumAloneUnderTheChecksumNeutralWellKnownPrefixRfc7915Section4dot5()
    {
        final SiitAddressMapper wkp = SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build();
        final SiitTranslator siit = new SiitTranslator(SiitConfig.builder().mapper(wkp).build());
        final byte[] in = packet().tcp(1234, 80).payloadOfLength(50).build();
        final TranslationResult result = new TranslationResult();
        assertEquals(1, siit.translate(new UnsafeBuffer(in.clone()), 0, in.length, result));
        final byte[] out = new byte[result.length(0)];
        result.buffer().getBytes(result.offset(0), out);
        assertArrayEquals(PacketBuilder.address("64:ff9b::c633:6407", 16), slice(out, 8, 24));
        assertArrayEquals(PacketBuilder.address("64:ff9b::cb00:7114", 16), slice(out, 24, 40));
        assertEquals(u16(in, 20 + 16), u16(out, 40 + 16), "0x0064 + 0xff9b = 0xffff: nothing to update");
        assertNoChecksumProblems(out);
    }
}
