package io.xlat.core.siit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.xlat.core.addr.EamTable;
import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.stats.DropReason;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Independent review of the SIIT translator (RFC 7915, RFC 7757) end to end through {@link SiitTranslator} with
 * the production {@link SiitAddressMapper}. Findings are in /work/notes/siit-review.md.
 * <p>
 * Expected at the time of the review: {@code shouldHairpinEamTrafficThroughPool6Rfc7757Section4} FAILS (finding
 * W1: the translator never asks the mapper for the hairpinning source rule); every other test passes and pins
 * behaviour checked against the RFC text and Jool.
 */
class SiitReviewTest
{
    /** A network-specific pool6, so the RFC 6052 3.1 Well-Known-Prefix rule does not interfere. */
    private static final String POOL6 = "2001:db8:64::/96";
    private static final String EAM_A6 = "2001:db8:aaaa::/120";
    private static final String EAM_A4 = "192.0.2.0/24";
    private static final String EAM_B6 = "2001:db8:bbbb::/120";
    private static final String EAM_B4 = "198.51.100.0/24";

    private static SiitAddressMapper mapper(final boolean hairpinning)
    {
        return SiitAddressMapper.builder()
            .pool6(POOL6)
            .eamt(EamTable.builder().add(EAM_A6, EAM_A4).add(EAM_B6, EAM_B4).build())
            .hairpinning(hairpinning)
            .build();
    }

    private static SiitConfig config(final SiitAddressMapper mapper)
    {
        return SiitConfig.builder().mapper(mapper).self4(Ipv4Addresses.parse("203.0.113.254")).build();
    }

    private static SiitConfig pool6Only()
    {
        return config(SiitAddressMapper.builder().pool6(POOL6).build());
    }

    /** Runs one packet through a fresh translator and returns the emitted packets (empty on drop). */
    private static List<byte[]> translate(final SiitConfig config, final byte[] packet, final int[] verdict)
    {
        final SiitTranslator translator = new SiitTranslator(config);
        final TranslationResult result = new TranslationResult();
        verdict[0] = translator.translate(new UnsafeBuffer(packet.clone()), 0, packet.length, result);
        final List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < result.count(); i++)
        {
            final byte[] p = new byte[result.length(i)];
            result.buffer().getBytes(result.offset(i), p);
            out.add(p);
        }
        return out;
    }

    private static byte[] only(final SiitConfig config, final byte[] packet)
    {
        final int[] verdict = new int[1];
        final List<byte[]> out = translate(config, packet, verdict);
        assertEquals(1, verdict[0], "verdict");
        assertEquals(1, out.size());
        return out.get(0);
    }

    private static byte[] v6(final String literal)
    {
        return PacketBuilder.address(literal, 16);
    }

    private static byte[] v4(final String literal)
    {
        return PacketBuilder.address(literal, 4);
    }

    private static int u16(final byte[] p, final int i)
    {
        return ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
    }

    private static long u32(final byte[] p, final int i)
    {
        return ((long)u16(p, i) << 16) | u16(p, i + 2);
    }

    private static void assertClean(final byte[] p)
    {
        final List<String> problems = RefChecksum.problems(p);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    // ----- W1 (wrong per RFC 7757 4): EAM hairpinning -----

    /**
     * RFC 7757 4 (hairpinning), Jool {@code eam-hairpin-mode} (default "intrinsic"): host A (EAM 2001:db8:aaaa::1 =
     * 192.0.2.1) talks to host B (EAM 2001:db8:bbbb::2 = 198.51.100.2) through B's pool6 address. The 6 -> 4 leg
     * gives 192.0.2.1 -> 198.51.100.2, which comes straight back; on the 4 -> 6 leg the source must be translated
     * with pool6 (2001:db8:64::192.0.2.1), not with the EAMT, or B answers 2001:db8:aaaa::1 directly and A gets a
     * reply from an address it never contacted. FAILS today: Ipv4ToIpv6Translator.mapAddresses calls
     * {@code ipv4ToIpv6(source, true, ...)}, never {@code ipv4SourceToIpv6(source, destination, ...)}.
     */
    @Test
    void shouldHairpinEamTrafficThroughPool6Rfc7757Section4()
    {
        final SiitConfig config = config(mapper(true));
        final byte[] fromA = PacketBuilder.ipv6("2001:db8:aaaa::1", "2001:db8:64::c633:6402")
            .hopLimit(64).udp(40000, 53).payload("hairpin").build();
        final byte[] v4 = only(config, fromA);
        assertArrayEquals(v4("192.0.2.1"), Arrays.copyOfRange(v4, 12, 16), "6->4 source via the EAMT");
        assertArrayEquals(v4("198.51.100.2"), Arrays.copyOfRange(v4, 16, 20), "6->4 destination via pool6");

        final byte[] back = only(config, v4);
        assertArrayEquals(v6("2001:db8:bbbb::2"), Arrays.copyOfRange(back, 24, 40), "destination via the EAMT");
        assertArrayEquals(v6("2001:db8:64::c000:201"), Arrays.copyOfRange(back, 8, 24),
            "hairpinned source must be the pool6 address of 192.0.2.1 (RFC 7757 4)");
        assertClean(back);
    }

    /** With hairpinning switched off the EAMT maps the source (Jool eam-hairpin-mode off). Passes. */
    @Test
    void shouldMapTheSourceThroughTheEamtWhenHairpinningIsOffRfc7757Section3dot2()
    {
        final byte[] packet = PacketBuilder.ipv4("192.0.2.1", "198.51.100.2").ttl(64).udp(40000, 53)
            .payload("x").build();
        final byte[] out = only(config(mapper(false)), packet);
        assertArrayEquals(v6("2001:db8:aaaa::1"), Arrays.copyOfRange(out, 8, 24));
        assertArrayEquals(v6("2001:db8:bbbb::2"), Arrays.copyOfRange(out, 24, 40));
        assertClean(out);
    }

    /** RFC 7757 3.2: the EAMT is tried before pool6 in both directions; an address outside it uses pool6. */
    @Test
    void shouldPreferTheEamtAndFallBackToPool6InBothDirectionsRfc7757Section3dot2()
    {
        final SiitConfig config = config(mapper(true));
        final byte[] out6 = only(config, PacketBuilder.ipv4("203.0.113.7", "192.0.2.9").ttl(10).tcp(1234, 80)
            .payload("abc").build());
        assertArrayEquals(v6("2001:db8:64::cb00:7107"), Arrays.copyOfRange(out6, 8, 24));
        assertArrayEquals(v6("2001:db8:aaaa::9"), Arrays.copyOfRange(out6, 24, 40));
        assertClean(out6);

        final byte[] out4 = only(config, PacketBuilder.ipv6("2001:db8:aaaa::9", "2001:db8:64::cb00:7107")
            .hopLimit(10).tcp(80, 1234).payload("abc").build());
        assertArrayEquals(v4("192.0.2.9"), Arrays.copyOfRange(out4, 12, 16));
        assertArrayEquals(v4("203.0.113.7"), Arrays.copyOfRange(out4, 16, 20));
        assertClean(out4);
    }

    // ----- pinned behaviour (passes) -----

    /**
     * RFC 7915 4.2, Destination Unreachable code 4 with MTU 0: "Use the greatest plateau value that is less than
     * the returned Total Length field, but that is larger than or equal to 1280": 1500 -> 1492, an IPv4 path MTU,
     * which takes the +20 of the min() rule like an advertised value (as Jool does): min(1512, mtu6 1500,
     * mtu4 + 20 = 1520) = 1500.
     */
    @Test
    void shouldUseTheGreatestPlateauBelowTheReturnedTotalLengthRfc7915Section4dot2()
    {
        final byte[] inner = PacketBuilder.truncate(PacketBuilder.ipv4("192.0.2.1", "198.51.100.2").ttl(60)
            .df(true).udp(5000, 6000).payloadOfLength(1500 - 28).build(), 548);
        final byte[] error = PacketBuilder.ipv4("198.51.100.1", "192.0.2.1").ttl(60)
            .icmpError(3, 4, 0, inner).build();
        final byte[] out = only(pool6Only(), error);
        assertEquals(58, out[6] & 0xFF);
        assertEquals(2, out[40] & 0xFF, "Packet Too Big");
        assertEquals(0, out[41] & 0xFF);
        assertEquals(1500L, u32(out, 44));
        assertClean(out);
    }

    /** RFC 7915 4.2: advertised MTU + 20 when it is the smallest of the three. */
    @Test
    void shouldAddTwentyToTheAdvertisedMtuRfc7915Section4dot2()
    {
        final byte[] inner = PacketBuilder.truncate(PacketBuilder.ipv4("192.0.2.1", "198.51.100.2").ttl(60)
            .df(true).tcp(5000, 80).payloadOfLength(1400).build(), 100);
        final byte[] error = PacketBuilder.ipv4("198.51.100.1", "192.0.2.1").ttl(60)
            .icmpError(3, 4, 1400, inner).build();
        final byte[] out = only(pool6Only(), error);
        assertEquals(1420L, u32(out, 44));
        assertClean(out);
    }

    /**
     * RFC 1812 4.3.2.7 (a router sends no ICMP error about a non-initial fragment), RFC 7915 4.1 "Hop Limit": a
     * non-first fragment whose TTL would reach 0 is dropped without a Time Exceeded.
     */
    @Test
    void shouldNotSendTimeExceededForANonFirstFragmentRfc1812Section4dot3dot2dot7()
    {
        final byte[] fragment = PacketBuilder.ipv4("192.0.2.1", "198.51.100.2").ttl(1).id(77)
            .fragmentOffset(64).raw(17, new byte[40]).build();
        final int[] verdict = new int[1];
        final List<byte[]> out = translate(pool6Only(), fragment, verdict);
        assertEquals(-DropReason.TTL_EXPIRED, verdict[0]);
        assertEquals(0, out.size());
    }

    /**
     * RFC 7915 5.1: without a Fragment header, "Identification: All zero" (the generator is a MAY) and DF clear up
     * to 1260 bytes. Like Jool, xlat generates one by default (D4 of the review); with the generator off the
     * RFC's base rule holds.
     */
    @Test
    void shouldWriteZeroIdentificationAndClearDfForSmallPacketsRfc7915Section5dot1()
    {
        final byte[] packet = PacketBuilder.ipv6("2001:db8:64::c000:201", "2001:db8:64::c633:6402")
            .hopLimit(5).udp(1, 2).payloadOfLength(100).build();
        final SiitConfig noGenerator = SiitConfig.builder().mapper(SiitAddressMapper.builder().pool6(POOL6).build())
            .generateIpv4Identification(false).build();
        final byte[] out = only(noGenerator, packet);
        assertEquals(0, u16(out, 4), "identification");
        assertEquals(0, u16(out, 6), "flags/offset: DF clear");
        assertEquals(4, out[8] & 0xFF, "TTL decremented");
        assertClean(out);
    }

    /**
     * RFC 7915 5.2: Packet Too Big -> 3/4 with min(advertised - 20, mtu4, mtu6 - 20); Jool's compute_mtu4 is the
     * same formula without the Fragment header adjustment.
     */
    @Test
    void shouldSubtractTwentyFromTheAdvertisedMtuRfc7915Section5dot2()
    {
        final byte[] inner = PacketBuilder.truncate(PacketBuilder.ipv6("2001:db8:64::c000:201",
            "2001:db8:64::c633:6402").hopLimit(60).tcp(80, 5000).payloadOfLength(1400).build(), 200);
        final byte[] ptb = PacketBuilder.ipv6("2001:db8:64::c633:6401", "2001:db8:64::c000:201").hopLimit(60)
            .icmpError(2, 0, 1400, inner).build();
        final byte[] out = only(pool6Only(), ptb);
        assertEquals(3, out[20] & 0xFF);
        assertEquals(4, out[21] & 0xFF);
        assertEquals(1380, u16(out, 26));
        assertClean(out);
    }
}
