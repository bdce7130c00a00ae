package io.xlat.core.siit;

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

import java.util.List;

import io.xlat.core.siit.Ipv4ToIpv6Fixture.Run;
import io.xlat.core.stats.DropReason;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.junit.jupiter.api.Test;

/**
 * ICMPv4 errors translated with their inner packet (RFC 7915 4.2, 4.3; RFC 4884). The story: an IPv6 host, seen in
 * IPv4 as {@link #HOST}, sent to {@link #SERVER}; IPv4 router {@link #ROUTER} reports a problem back to it.
 */
class Icmpv4ToIcmpv6ErrorTest
{
    private static final String ROUTER = "192.0.2.1";
    private static final String HOST = "198.51.100.7";
    private static final String SERVER = "203.0.113.20";
    /** HOST mapped in the destination role and SERVER in the source role, as text, for independent builders. */
    private static final String HOST6 = "2001:db8:d::c633:6407";
    private static final String SERVER6 = "2001:db8:5::cb00:7114";

    private static byte[] innerUdp()
    {
        return PacketBuilder.ipv4(HOST, SERVER).ttl(3).udp(33434, 53).payload("query").build();
    }

    private static PacketBuilder error()
    {
        return PacketBuilder.ipv4(ROUTER, HOST).ttl(60);
    }

    private static void assertNoChecksumProblems(final byte[] p)
    {
        final List<String> problems = RefChecksum.problems(p);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void shouldTranslatePortUnreachableWithItsInnerPacketRfc7915Section4dot3()
    {
        final byte[] inner = innerUdp();
        final Run run = run(error().icmpError(3, 3, 0, inner).build());
        assertEquals(1, run.verdict());
        final byte[] out = run.packet(0);
        assertEquals(TranslationResult.KIND_TRANSLATED, run.kinds().get(0));
        assertEquals(58, u8(out, 6));
        assertEquals(59, u8(out, 7));
        assertArrayEquals(v6(ROUTER, true), slice(out, 8, 24));
        assertArrayEquals(v6(HOST, false), slice(out, 24, 40));
        assertEquals(1, u8(out, 40));
        assertEquals(4, u8(out, 41));
        assertEquals(0L, u32(out, 44));
        assertEquals(8 + 40 + inner.length - 20, u16(out, 4), "outer payload length grows by 20");
        final int i = 48;
        assertEquals(6, u8(out, i) >>> 4);
        assertEquals(inner.length - 20, u16(out, i + 4));
        assertEquals(17, u8(out, i + 6));
        assertEquals(3, u8(out, i + 7), "inner TTL not decremented");
        assertArrayEquals(v6(HOST, false), slice(out, i + 8, i + 24), "inner source maps like a destination");
        assertArrayEquals(v6(SERVER, true), slice(out, i + 24, i + 40), "inner destination maps like a source");
        assertNoChecksumProblems(out);
        final byte[] expectedInner = PacketBuilder.ipv6(HOST6, SERVER6).hopLimit(3).udp(33434, 53).payload("query")
            .build();
        assertArrayEquals(expectedInner, slice(out, i, out.length), "inner packet as an IPv6 host would send it");
    }

    @Test
    void shouldUpdateTheChecksumOfATruncatedInnerTcpSegmentRfc7915Section4dot3()
    {
        final byte[] full = PacketBuilder.ipv4(HOST, SERVER).tcp(40000, 80).payloadOfLength(400).build();
        final byte[] out = run(error().icmpError(3, 1, 0, PacketBuilder.truncate(full, 64)).build()).packet(0);
        final byte[] reference = PacketBuilder.ipv6(HOST6, SERVER6).tcp(40000, 80).payloadOfLength(400).build();
        assertEquals(u16(reference, 40 + 16), u16(out, 48 + 40 + 16), "inner TCP checksum as for the whole segment");
        assertEquals(420, u16(out, 48 + 4), "inner payload length describes the original packet");
        assertEquals(48 + 40 + 44, out.length);
        assertEquals(0, RefChecksum.checksumDiscrepancy(out));
    }

    @Test
    void shouldCarryAnOuterChecksumCorruptionOverRfc7915Section4dot2()
    {
        final byte[] in = error().icmpError(3, 3, 0, innerUdp()).corruptL4Checksum(0x0BAD).build();
        assertEquals(0x0BAD, RefChecksum.checksumDiscrepancy(run(in).packet(0)));
    }

    @Test
    void shouldTranslateFragmentationNeededToPacketTooBigRfc7915Section4dot2()
    {
        final byte[] inner = PacketBuilder.truncate(
            PacketBuilder.ipv4(HOST, SERVER).df(true).udp(1, 2).payloadOfLength(1472).build(), 28);
        final byte[] out = run(error().icmpError(3, 4, 1400, inner).build()).packet(0);
        assertEquals(2, u8(out, 40));
        assertEquals(0, u8(out, 41));
        assertEquals(1420L, u32(out, 44));
        assertEquals(0, RefChecksum.checksumDiscrepancy(out));
        final byte[] plateau = run(error().icmpError(3, 4, 0, inner).build()).packet(0);
        assertEquals(1500L, u32(plateau, 44), "RFC 1191 plateau 1492 below Total Length 1500, + 20, capped by mtu6");
    }

    @Test
    void shouldTranslateProtocolUnreachableToParameterProblemPointingAtNextHeaderRfc7915Section4dot2()
    {
        final byte[] out = run(error().icmpError(3, 2, 0, innerUdp()).build()).packet(0);
        assertEquals(4, u8(out, 40));
        assertEquals(1, u8(out, 41));
        assertEquals(6L, u32(out, 44));
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldTranslateParameterProblemPointerRfc7915Section4dot2()
    {
        final byte[] out = run(error().icmpError(12, 0, 9 << 24, innerUdp()).build()).packet(0);
        assertEquals(4, u8(out, 40));
        assertEquals(0, u8(out, 41));
        assertEquals(6L, u32(out, 44));
        assertNoChecksumProblems(out);
        final Run checksumPointer = run(error().icmpError(12, 0, 10 << 24, innerUdp()).build());
        assertEquals(-DropReason.UNTRANSLATABLE_ICMP, checksumPointer.verdict());
        final byte[] badLength = run(error().icmpError(12, 2, 2 << 24, innerUdp()).build()).packet(0);
        assertEquals(0, u8(badLength, 41));
        assertEquals(4L, u32(badLength, 44));
    }

    @Test
    void shouldTranslateTimeExceededRfc7915Section4dot2()
    {
        final byte[] out = run(error().icmpError(11, 1, 0, innerUdp()).build()).packet(0);
        assertEquals(3, u8(out, 40));
        assertEquals(1, u8(out, 41));
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldTranslateRfc4884ExtensionAndLengthRfc4884Section4()
    {
        final byte[] extension = PacketBuilder.icmpExtensionStructure(new byte[] {0, 8, 1, 1, 10, 20, 30, 40});
        final byte[] inner = innerUdp();
        final byte[] in = error().icmpError(11, 0, 0, inner).rfc4884(32, extension).build();
        assertEquals(32, u8(in, 20 + 5));
        final byte[] out = run(in).packet(0);
        // Inner: 33 bytes IPv4 -> 53 bytes IPv6, padded to 128 (RFC 4884 minimum), i.e. 16 64-bit words.
        assertEquals(16, u8(out, 44), "length in 64-bit words");
        assertEquals(0, u8(out, 45));
        assertEquals(48 + 128 + extension.length, out.length);
        assertArrayEquals(new byte[128 - (inner.length + 20)], slice(out, 48 + inner.length + 20, 48 + 128));
        assertArrayEquals(extension, slice(out, 48 + 128, out.length));
        assertEquals(0, RefChecksum.checksumDiscrepancy(out));
    }

    @Test
    void shouldDropTheExtensionWhereIcmpv6HasNoLengthFieldRfc4884Section4()
    {
        final byte[] extension = PacketBuilder.icmpExtensionStructure(new byte[] {0, 8, 1, 1, 10, 20, 30, 40});
        final byte[] in = error().icmpError(12, 0, 8 << 24, innerUdp()).rfc4884(32, extension).build();
        final byte[] out = run(in).packet(0);
        assertEquals(48 + innerUdp().length + 20, out.length, "original datagram only, padding trimmed");
        assertEquals(0, RefChecksum.checksumDiscrepancy(out));
    }

    @Test
    void shouldCapTranslatedErrorsAt1280BytesRfc7915Section4dot3()
    {
        final byte[] big = PacketBuilder.ipv4(HOST, SERVER).udp(1, 2).payloadOfLength(1400).build();
        final Run run = run(error().icmpError(3, 3, 0, big).build());
        assertEquals(1280, run.packet(0).length);
        assertEquals(1280 - 40, u16(run.packet(0), 4));
        assertEquals(1428 - 20, u16(run.packet(0), 48 + 4), "inner payload length unchanged");
        assertEquals(0, RefChecksum.checksumDiscrepancy(run.packet(0)));
    }

    @Test
    void shouldDropNestedIcmpErrorsRfc7915Section4dot3()
    {
        final byte[] innerError = PacketBuilder.ipv4(HOST, SERVER).icmpError(3, 3, 0, innerUdp()).build();
        assertEquals(-DropReason.NESTED_ICMP_ERROR, run(error().icmpError(11, 0, 0, innerError).build()).verdict());
    }

    @Test
    void shouldTranslateAnInnerEchoRequestRfc7915Section4dot3()
    {
        final byte[] ping = PacketBuilder.ipv4(HOST, SERVER).ttl(1).echoRequest(5, 6).payload("abcd").build();
        final byte[] out = run(error().icmpError(11, 0, 0, ping).build()).packet(0);
        assertEquals(58, u8(out, 48 + 6));
        assertEquals(128, u8(out, 48 + 40));
        final byte[] reference = PacketBuilder.ipv6(HOST6, SERVER6).hopLimit(1).echoRequest(5, 6).payload("abcd")
            .build();
        assertArrayEquals(reference, slice(out, 48, out.length));
        assertNoChecksumProblems(out);
    }

    @Test
    void shouldUseTheRfc6791PoolForAnUnmappableErrorSourceRfc6791()
    {
        final byte[] in = PacketBuilder.ipv4(UNMAPPABLE, HOST).icmpError(11, 0, 0, innerUdp()).build();
        assertEquals(-DropReason.UNTRANSLATABLE_SOURCE, run(in).verdict());
        final SiitConfig pool = config().rfc6791v6(0x2001_0db8_0fffL << 16, 0L, 96).build();
        final byte[] out = run(pool, in).packet(0);
        final byte[] expected = PacketBuilder.address("2001:db8:fff::cb00:7163", 16);
        assertArrayEquals(expected, slice(out, 8, 24));
        assertNoChecksumProblems(out);
        final byte[] notError = PacketBuilder.ipv4(UNMAPPABLE, HOST).udp(1, 2).build();
        assertEquals(-DropReason.UNTRANSLATABLE_SOURCE, run(pool, notError).verdict());
    }

    @Test
    void shouldDropErrorsWithAnUnreadableInnerPacket()
    {
        assertEquals(-DropReason.BAD_INNER_PACKET, run(error().icmpError(3, 3, 0, new byte[10]).build()).verdict());
        final byte[] toUnmappable = PacketBuilder.ipv4(HOST, UNMAPPABLE).udp(1, 2).build();
        assertEquals(-DropReason.BAD_INNER_PACKET, run(error().icmpError(3, 3, 0, toUnmappable).build()).verdict());
    }

    @Test
    void shouldGiveAnInnerFragmentAFragmentHeaderRfc7915Section4dot3()
    {
        final List<byte[]> frags = PacketBuilder.ipv4(HOST, SERVER).id(0x0A0B).udp(1, 2).payloadOfLength(300)
            .fragments(128);
        final byte[] out = run(error().icmpError(3, 1, 0, frags.get(1)).build()).packet(0);
        final int i = 48;
        assertEquals(44, u8(out, i + 6));
        assertEquals(frags.get(1).length - 20 + 8, u16(out, i + 4));
        assertEquals(17, u8(out, i + 40));
        assertEquals(128 / 8, u16(out, i + 42) >>> 3);
        assertEquals(1, u16(out, i + 42) & 1);
        assertEquals(0x0A0BL, u32(out, i + 44));
        assertArrayEquals(slice(frags.get(1), 20, frags.get(1).length), slice(out, i + 48, out.length));
        assertEquals(0, RefChecksum.checksumDiscrepancy(out));
    }
}
