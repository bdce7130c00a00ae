package io.xlat.core.siit;

import static io.xlat.core.siit.Ipv6ToIpv4Fixture.ROUTER6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.config;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.d6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.ipv4;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.run;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.s6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * RFC 7915 5.2 and 5.3, RFC 4884: ICMPv6 to ICMPv4. An ICMPv6 error travels from the IPv6 host (198.51.100.7 on
 * the IPv4 side) to the IPv4 host (203.0.113.20) and quotes a packet that went the other way; the expected ICMPv4
 * packets are built independently with {@link PacketBuilder}, inner packet and checksums included.
 */
class Icmpv6ToIcmpv4TranslatorTest
{
    private static final String HOST6 = "198.51.100.7";
    private static final String HOST4 = "203.0.113.20";

    /** The packet in error as it travelled on the IPv6 side: from the IPv4 host to the IPv6 host. */
    private static PacketBuilder inner6()
    {
        return PacketBuilder.ipv6(d6(HOST4), s6(HOST6)).hopLimit(9).udp(5353, 33434).payload("probe payload");
    }

    /** The same packet as the IPv4 host sent it, as the translated error must quote it. */
    private static PacketBuilder inner4()
    {
        return PacketBuilder.ipv4(HOST4, HOST6).ttl(9).udp(5353, 33434).payload("probe payload");
    }

    private static PacketBuilder error6()
    {
        return PacketBuilder.ipv6(s6(HOST6), d6(HOST4));
    }

    private static PacketBuilder error4()
    {
        return PacketBuilder.ipv4(HOST6, HOST4).ttl(63);
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
    }

    /**
     * Every row of RFC 7915 5.2 for the error types, with the packet in error translated (addresses with roles
     * reversed, hop limit not decremented). {@code -1} means silently dropped.
     */
    @ParameterizedTest(name = "ICMPv6 {0}/{1} -> ICMPv4 {2}/{3}")
    @CsvSource({
        "1, 0, 3, 1", "1, 1, 3, 10", "1, 2, 3, 1", "1, 3, 3, 1", "1, 4, 3, 3",
        "1, 5, -1, -1", "1, 6, -1, -1", "1, 7, -1, -1",
        "3, 0, 11, 0", "3, 1, 11, 1",
        "4, 1, 3, 2", "4, 2, -1, -1", "4, 3, -1, -1",
        "0, 0, -1, -1", "5, 0, -1, -1", "100, 0, -1, -1", "127, 0, -1, -1",
    })
    void shouldMapEveryErrorTypeAndCodeRfc7915Section5dot2(
        final int type6, final int code6, final int type4, final int code4)
    {
        final byte[] in = error6().icmpError(type6, code6, 0, inner6().build()).build();
        final Run run = run(in);
        if (type4 < 0)
        {
            assertDropped(run, DropReason.UNTRANSLATABLE_ICMP);
            return;
        }
        assertEquals(1, run.verdict());
        assertEquals(TranslationResult.KIND_TRANSLATED, run.kinds().get(0));
        assertArrayEquals(error4().icmpError(type4, code4, 0, inner4().build()).build(), run.packet(0));
        assertEquals(type4 << 8 | code4, Icmpv6ToIcmpv4.mapTypeCode(type6, code6));
    }

    /** Informational rows of RFC 7915 5.2: echo translated, MLD, ND and unknown ones silently dropped. */
    @ParameterizedTest(name = "ICMPv6 informational {0} -> {1}")
    @CsvSource({
        "128, 8", "129, 0", "130, -1", "131, -1", "132, -1", "133, -1", "134, -1", "135, -1", "136, -1", "137, -1",
        "143, -1", "200, -1", "255, -1",
    })
    void shouldMapEveryInformationalTypeRfc7915Section5dot2(final int type6, final int type4)
    {
        final byte[] in = error6().icmp(type6, 0, 0x12340005).payload("ping data").build();
        final Run run = run(in);
        if (type4 < 0)
        {
            assertDropped(run, DropReason.UNTRANSLATABLE_ICMP);
            return;
        }
        assertArrayEquals(error4().icmp(type4, 0, 0x12340005).payload("ping data").build(), run.packet(0));
    }

    @Test
    void shouldKeepACorruptEchoChecksumCorruptBySameAmountRfc1624()
    {
        final byte[] in = error6().echoRequest(7, 1).payload("abc").corruptL4Checksum(0x4321).build();
        assertEquals(0x4321, RefChecksum.checksumDiscrepancy(run(in).packet(0)));
    }

    /** RFC 7915 5.2 Figure 6, every row; "n/a" and unlisted pointers are dropped. */
    @ParameterizedTest(name = "IPv6 pointer {0} -> IPv4 pointer {1}")
    @CsvSource({
        "0, 0", "1, 1", "2, -1", "3, -1", "4, 2", "5, 2", "6, 9", "7, 8",
        "8, 12", "15, 12", "23, 12", "24, 16", "31, 16", "39, 16", "40, -1", "41, -1", "4294967295, -1",
    })
    void shouldTranslateTheParameterProblemPointerRfc7915Section5dot2(final long pointer6, final int pointer4)
    {
        assertEquals(pointer4, Icmpv6ToIcmpv4.mapPointer(pointer6));
        final byte[] in = error6().icmpError(4, 0, (int)pointer6, inner6().build()).build();
        final Run run = run(in);
        if (pointer4 < 0)
        {
            assertDropped(run, DropReason.UNTRANSLATABLE_ICMP);
            return;
        }
        assertArrayEquals(error4().icmpError(12, 0, pointer4 << 24, inner4().build()).build(), run.packet(0));
    }

    /** RFC 7915 5.2: min(advertised - 20, mtu4, mtu6 - 20), 8 more with a Fragment header, 16-bit saturated. */
    @ParameterizedTest(name = "advertised {0}, mtu4 {1}, mtu6 {2}, fragment header {3} -> {4}")
    @CsvSource({
        "1500, 1500, 1500, false, 1480", "1400, 1500, 1500, false, 1380", "1500, 1300, 1500, false, 1300",
        "1500, 1500, 1400, false, 1380", "1500, 1500, 1500, true, 1472", "1280, 9000, 9000, false, 1260",
        "4294967295, 65535, 65535, false, 65515", "4294967295, 100000, 100000, false, 65535",
        "10, 1500, 1500, false, 0",
    })
    void shouldComputeThePacketTooBigMtuRfc7915Section5dot2(
        final long advertised, final int mtu4, final int mtu6, final boolean fragment, final int expected)
    {
        assertEquals(expected, Icmpv6ToIcmpv4.packetTooBigMtu(advertised, mtu4, mtu6, fragment));
    }

    @Test
    void shouldTranslatePacketTooBigToFragmentationNeededRfc7915Section5dot2()
    {
        final byte[] in = error6().icmpError(2, 0, 1400, inner6().build()).build();
        final Run run = run(config().mtu4(1500).mtu6(1500).build(), in);
        assertArrayEquals(error4().icmpError(3, 4, 1380, inner4().build()).build(), run.packet(0));
    }

    @Test
    void shouldTakeAnInnerFragmentHeaderIntoAccountForPacketTooBigRfc7915Section5dot2()
    {
        final byte[] inner = inner6().fragmentId(0x10002).fragments(4000).get(0);
        final byte[] in = error6().icmpError(2, 0, 1400, inner).build();
        final byte[] out = run(in).packet(0);
        assertEquals(1372, u16(out, 20 + 6));
        assertArrayEquals(error4().icmpError(3, 4, 1372, inner4().id(2).build()).build(), out);
    }

    @Test
    void shouldRemoveInnerExtensionHeadersAndKeepItsHopLimitRfc7915Section5dot3()
    {
        final byte[] inner = inner6().hopLimit(1).hopByHop().destinationOptions().build();
        final byte[] in = error6().icmpError(3, 0, 0, inner).build();
        assertArrayEquals(error4().icmpError(11, 0, 0, inner4().ttl(1).build()).build(), run(in).packet(0));
    }

    @Test
    void shouldUpdateTheChecksumOfAnInnerTcpSegmentRfc7915Section5dot3()
    {
        final byte[] inner = PacketBuilder.ipv6(d6(HOST4), s6(HOST6)).tcp(443, 50000).seq(99)
            .flags(PacketBuilder.SYN).build();
        final byte[] in = error6().icmpError(1, 4, 0, inner).build();
        final byte[] out = run(in).packet(0);
        assertArrayEquals(error4().icmpError(3, 3, 0, PacketBuilder.ipv4(HOST4, HOST6).tcp(443, 50000).seq(99)
            .flags(PacketBuilder.SYN).build()).build(), out);
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldUpdateTheChecksumOfATruncatedInnerPacketRfc7915Section5dot3()
    {
        final byte[] inner = inner6().payloadOfLength(300).build();
        final byte[] in = error6().icmpError(1, 3, 0, PacketBuilder.truncate(inner, 100)).build();
        final byte[] full4 = inner4().payloadOfLength(300).build();
        assertArrayEquals(error4().icmpError(3, 1, 0, PacketBuilder.truncate(full4, 80)).build(), run(in).packet(0));
    }

    @Test
    void shouldTranslateAnInnerEchoRequestRfc7915Section5dot3()
    {
        final byte[] inner = PacketBuilder.ipv6(d6(HOST4), s6(HOST6)).echoRequest(3, 4).payload("hi").build();
        final byte[] in = error6().icmpError(1, 0, 0, inner).build();
        final byte[] out = run(in).packet(0);
        assertArrayEquals(error4().icmpError(3, 1, 0, PacketBuilder.ipv4(HOST4, HOST6).echoRequest(3, 4)
            .payload("hi").build()).build(), out);
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldCapTranslatedErrorsAt576BytesRfc7915Section5dot2()
    {
        final byte[] inner = inner6().payloadOfLength(1100).build();
        final byte[] in = error6().icmpError(1, 4, 0, inner).build();
        final byte[] out = run(in).packet(0);
        assertEquals(576, out.length);
        final byte[] quoted = PacketBuilder.truncate(inner4().payloadOfLength(1100).build(), 576 - 28);
        assertArrayEquals(error4().icmpError(3, 3, 0, quoted).build(), out);
    }

    @Test
    void shouldTranslateTheRfc4884LengthAndCopyTheExtensionRfc4884Section4()
    {
        final byte[] extension = PacketBuilder.icmpExtensionStructure(new byte[] {0, 8, 1, 1, 10, 20, 30, 40});
        final byte[] in = error6().icmpError(1, 4, 0, inner6().build()).rfc4884(16, extension).build();
        final byte[] out = run(in).packet(0);
        assertArrayEquals(error4().icmpError(3, 3, 0, inner4().build()).rfc4884(32, extension).build(), out,
            "128-byte original datagram field (RFC 4884 minimum), 32 words of 32 bits");
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldPadTheOriginalDatagramTo32BitsRfc4884Section4()
    {
        final byte[] extension = PacketBuilder.icmpExtensionStructure(new byte[] {0, 4, 1, 1});
        final byte[] inner = inner6().payloadOfLength(200).build();
        final byte[] in = error6().icmpError(3, 0, 0, inner).rfc4884(32, extension).build();
        final byte[] out = run(in).packet(0);
        final byte[] quoted = PacketBuilder.truncate(inner4().payloadOfLength(200).build(), 256 - 20);
        assertArrayEquals(error4().icmpError(11, 0, 0, quoted).rfc4884(59, extension).build(), out);
    }

    @Test
    void shouldIgnoreAnRfc4884LengthBeyondTheMessageRfc4884Section5dot1()
    {
        final byte[] in = error6().icmpError(1, 4, 0x20000000, inner6().build()).build();
        assertArrayEquals(error4().icmpError(3, 3, 0, inner4().build()).build(), run(in).packet(0));
    }

    @Test
    void shouldKeepACorruptErrorChecksumCorruptBySameAmountRfc1624()
    {
        final byte[] in = error6().icmpError(1, 4, 0, inner6().payloadOfLength(900).build())
            .corruptL4Checksum(0x00FF).build();
        assertEquals(0x00FF, RefChecksum.checksumDiscrepancy(run(in).packet(0)));
    }

    @Test
    void shouldDropNestedIcmpErrorsRfc7915Section5dot3()
    {
        final byte[] nested = PacketBuilder.ipv6(d6(HOST4), s6(HOST6)).icmpError(1, 4, 0, inner6().build()).build();
        assertDropped(run(error6().icmpError(1, 4, 0, nested).build()), DropReason.NESTED_ICMP_ERROR);
    }

    @Test
    void shouldDropFragmentedIcmpv6Rfc7915Section5dot2()
    {
        final List<byte[]> fragments = error6().echoRequest(1, 1).payloadOfLength(200).fragments(64);
        assertDropped(run(fragments.get(0)), DropReason.FRAGMENTED_ICMP);
        assertDropped(run(fragments.get(1)), DropReason.FRAGMENTED_ICMP);
    }

    @Test
    void shouldMapInnerAddressesWithTheirRolesReversedRfc7915Section5dot3()
    {
        final byte[] inner = PacketBuilder.ipv6(s6(HOST4), d6(HOST6)).udp(1, 2).build();
        assertDropped(run(error6().icmpError(1, 4, 0, inner).build()), DropReason.BAD_INNER_PACKET);
    }

    @Test
    void shouldDropAnErrorWithoutAnIpv6InnerPacket()
    {
        assertDropped(run(error6().icmpError(1, 4, 0, new byte[20]).build()), DropReason.BAD_INNER_PACKET);
    }

    @Test
    void shouldUseTheRfc6791PoolForAnUntranslatableErrorSourceRfc6791()
    {
        final byte[] in = PacketBuilder.ipv6(ROUTER6, d6(HOST4)).icmpError(3, 0, 0, inner6().build()).build();
        final Run run = run(in);
        assertEquals(1, run.verdict());
        final int source = ipv4From(run.packet(0), 12);
        assertTrue(source == ipv4("198.51.100.241") || source == ipv4("198.51.100.242"),
            "from 198.51.100.240/30, without network and broadcast: " + Integer.toHexString(source));
        final byte[] expected = PacketBuilder.ipv4(ipv4Text(source), HOST4).ttl(63)
            .icmpError(11, 0, 0, inner4().build()).build();
        assertArrayEquals(expected, run.packet(0));
    }

    @Test
    void shouldFallBackToSelf4AndThenTheDummyAddressRfc7600()
    {
        final byte[] in = PacketBuilder.ipv6(ROUTER6, d6(HOST4)).icmpError(3, 0, 0, inner6().build()).build();
        final SiitConfig withSelf4 = SiitConfig.builder().mapper(Ipv6ToIpv4Fixture.MAPPER)
            .self4(ipv4(Ipv6ToIpv4Fixture.SELF4)).build();
        assertEquals(ipv4(Ipv6ToIpv4Fixture.SELF4), ipv4From(run(withSelf4, in).packet(0), 12));
        final SiitConfig bare = SiitConfig.builder().mapper(Ipv6ToIpv4Fixture.MAPPER).build();
        assertEquals(ipv4("192.0.0.8"), ipv4From(run(bare, in).packet(0), 12));
    }

    @Test
    void shouldNotUseThePoolForAnUntranslatableNonErrorSourceRfc6791()
    {
        final byte[] in = PacketBuilder.ipv6(ROUTER6, d6(HOST4)).echoRequest(1, 1).build();
        assertDropped(run(in), DropReason.UNTRANSLATABLE_SOURCE);
    }

    @Test
    void shouldFragmentATranslatedErrorOnASmallIpv4Mtu()
    {
        final byte[] in = error6().icmpError(1, 4, 0, inner6().payloadOfLength(600).build()).build();
        final Run run = run(config().mtu4(300).build(), in);
        assertTrue(run.verdict() > 1);
        int data = 0;
        for (final byte[] f : run.packets())
        {
            assertTrue(f.length <= 300);
            data += f.length - 20;
        }
        assertEquals(576 - 20, data);
        assertEquals(1, run.counters().events(TranslatorCounters.TRANSLATED_6TO4));
    }

    @Test
    void shouldLeaveTheResultUntouchedBeyondItsPacketsWhenDropping()
    {
        final TranslationResult result = new TranslationResult();
        result.buffer().setMemory(0, result.buffer().capacity(), (byte)0x5A);
        final byte[] nested = PacketBuilder.ipv6(d6(HOST4), s6(HOST6)).icmpError(1, 4, 0, inner6().build()).build();
        final byte[] in = error6().icmpError(1, 4, 0, nested).build();
        final Ipv6ToIpv4Translator translator = new Ipv6ToIpv4Translator(config().build(), new TranslatorCounters());
        final int verdict = translator.translate(new org.agrona.concurrent.UnsafeBuffer(in), 0, in.length, result);
        assertEquals(-DropReason.NESTED_ICMP_ERROR, verdict);
        for (int i = 0; i < 4096; i++)
        {
            assertEquals((byte)0x5A, result.buffer().getByte(i), "byte " + i);
        }
    }

    private static int ipv4From(final byte[] p, final int at)
    {
        return (u16(p, at) << 16) | u16(p, at + 2);
    }

    private static String ipv4Text(final int address)
    {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
