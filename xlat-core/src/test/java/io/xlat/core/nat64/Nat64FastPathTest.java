package io.xlat.core.nat64;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.SiitTranslator;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NAT64 outbound fast path against the general path it shortcuts: the stateless translator with the session
 * bound in {@link Nat64AddressMapper}, then {@link Nat64Rewriter#outbound} (RFC 6146 3.7 over RFC 7915 5).
 */
class Nat64FastPathTest
{
    private static final SiitAddressMapper POOL6 =
        SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build();

    @Property(tries = 1000)
    void fastPathWritesTheSameBytesAsTheStatelessTranslatorFollowedByThePortRewrite(
        @ForAll @IntRange(min = 0, max = 5) final int kind,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int hostWord,
        @ForAll @IntRange(min = 0, max = 255) final int remoteByte,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int oldPort,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int newPort,
        @ForAll @IntRange(min = 0, max = 1400) final int payload,
        @ForAll @IntRange(min = 0, max = 255) final int hopLimit,
        @ForAll @IntRange(min = 0, max = 255) final int trafficClass,
        @ForAll final boolean resetTos)
    {
        final String host = "2001:db8::" + Integer.toHexString(hostWord) + ":1";
        final String remote6 = "64:ff9b::c633:64" + String.format("%02x", remoteByte);
        final PacketBuilder b = PacketBuilder.ipv6(host, remote6).hopLimit(hopLimit).trafficClass(trafficClass);
        switch (kind)
        {
            case 0 -> b.udp(oldPort, 53);
            case 1 -> b.udp(oldPort, 53).udpZeroChecksum();
            case 2 -> b.tcp(oldPort, 443).seq(hostWord * 7919L).flags(0x18);
            case 3 -> b.echoRequest(oldPort, hostWord);
            case 4 -> b.echoReply(oldPort, hostWord);
            default -> b.tcp(oldPort, 80).flags(0x02);
        }
        final byte[] packet = b.payloadOfLength(payload).build();
        final int pool4 = 0xC000_0201;
        final long[] h = Ipv6Addresses.parse(host);
        final long[] r = Ipv6Addresses.parse(remote6);
        final long remote4 = POOL6.ipv6ToIpv4(r[0], r[1], false);
        assertTrue(remote4 != AddressMapper.NOT_MAPPED);

        final SiitConfig.Builder settings = SiitConfig.builder().mtu4(1280).generateIpv4Identification(false);
        if (resetTos)
        {
            settings.resetTos(0x28);
        }
        final Nat64AddressMapper mapper = new Nat64AddressMapper(POOL6);
        final SiitConfig config = settings.mapper(mapper).build();
        mapper.bind(pool4, h[0], h[1]);
        final TranslationResult general = new TranslationResult();
        final int generalVerdict = new SiitTranslator(config, new TranslatorCounters())
            .translate6to4(new UnsafeBuffer(packet.clone()), 0, packet.length, general);
        if (generalVerdict > 0)
        {
            Nat64Rewriter.outbound(general, protocolOf(kind), oldPort, newPort);
        }

        final TranslatorCounters counters = new TranslatorCounters();
        final TranslationResult fast = new TranslationResult();
        final int fastVerdict = new Nat64FastPath(config, counters).outbound(
            new UnsafeBuffer(packet.clone()), 0, packet.length, fast, pool4, (int)remote4, oldPort, newPort);
        if (fastVerdict == Nat64FastPath.NOT_HANDLED)
        {
            assertEquals(0, fast.count(), "nothing written when not handled");
            assertTrue(hopLimit <= 1 || packet.length - 20 > 1280, "declined only hop limit or mtu4 cases");
            return;
        }
        assertEquals(1, fastVerdict);
        assertEquals(generalVerdict, fastVerdict);
        assertEquals(TranslationResult.KIND_TRANSLATED, general.kind(0));
        final byte[] expected = bytes(general, 0);
        final byte[] actual = bytes(fast, 0);
        assertArrayEquals(expected, actual);
        assertEquals(List.of(), RefChecksum.problems(actual));
        assertEquals(1, counters.events(TranslatorCounters.TRANSLATED_6TO4));
    }

    @Property(tries = 1000)
    void inboundFastPathWritesTheSameBytesAsTheStatelessTranslatorFollowedByThePortRewrite(
        @ForAll @IntRange(min = 0, max = 5) final int kind,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int hostWord,
        @ForAll @IntRange(min = 0, max = 255) final int remoteByte,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int oldPort,
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int newPort,
        @ForAll @IntRange(min = 0, max = 1500) final int payload,
        @ForAll @IntRange(min = 0, max = 255) final int ttl,
        @ForAll @IntRange(min = 0, max = 255) final int tos,
        @ForAll final boolean df,
        @ForAll final boolean resetTrafficClass)
    {
        final String host = "2001:db8::" + Integer.toHexString(hostWord) + ":1";
        final String remote = (remoteByte % 3 == 0 ? "127.0.0." : "198.51.100.") + remoteByte;
        final PacketBuilder b = PacketBuilder.ipv4(remote, "192.0.2.1").ttl(ttl).tos(tos).df(df);
        switch (kind)
        {
            case 0 -> b.udp(53, oldPort);
            case 1 -> b.udp(53, oldPort).udpZeroChecksum();
            case 2 -> b.tcp(443, oldPort).seq(hostWord * 7919L).flags(0x18);
            case 3 -> b.echoRequest(oldPort, hostWord);
            case 4 -> b.echoReply(oldPort, hostWord);
            default -> b.tcp(80, oldPort).flags(0x12);
        }
        final byte[] packet = b.payloadOfLength(payload).build();
        final int pool4 = 0xC000_0201;
        final long[] h = Ipv6Addresses.parse(host);

        final SiitConfig.Builder settings = SiitConfig.builder().mtu6(1400);
        if (resetTrafficClass)
        {
            settings.resetTrafficClass(true);
        }
        final Nat64AddressMapper mapper = new Nat64AddressMapper(POOL6);
        final SiitConfig config = settings.mapper(mapper).build();
        mapper.bind(pool4, h[0], h[1]);
        final TranslationResult general = new TranslationResult();
        final int generalVerdict = new SiitTranslator(config, new TranslatorCounters())
            .translate4to6(new UnsafeBuffer(packet.clone()), 0, packet.length, general);
        if (generalVerdict > 0)
        {
            Nat64Rewriter.inbound(general, protocolOf(kind), oldPort, newPort);
        }

        final TranslatorCounters counters = new TranslatorCounters();
        final TranslationResult fast = new TranslationResult();
        final int fastVerdict = new Nat64FastPath(config, counters).inbound(
            new UnsafeBuffer(packet.clone()), 0, packet.length, fast, POOL6, h[0], h[1], oldPort, newPort);
        if (fastVerdict == Nat64FastPath.NOT_HANDLED)
        {
            assertEquals(0, fast.count(), "nothing written when not handled");
            return;
        }
        assertEquals(1, fastVerdict);
        assertEquals(generalVerdict, fastVerdict);
        assertEquals(TranslationResult.KIND_TRANSLATED, general.kind(0));
        final byte[] actual = bytes(fast, 0);
        assertArrayEquals(bytes(general, 0), actual);
        assertEquals(List.of(), RefChecksum.problems(actual));
        assertEquals(1, counters.events(TranslatorCounters.TRANSLATED_4TO6));
    }

    @Property(tries = 200)
    void inboundFastPathHandlesTheCommonCase(
        @ForAll @IntRange(min = 0, max = 0xFFFF) final int oldPort,
        @ForAll @IntRange(min = 0, max = 1000) final int payload)
    {
        final byte[] packet = PacketBuilder.ipv4("198.51.100.7", "192.0.2.1").udp(53, oldPort)
            .payloadOfLength(payload).build();
        final Nat64AddressMapper mapper = new Nat64AddressMapper(POOL6);
        final SiitConfig config = SiitConfig.builder().mapper(mapper).build();
        final TranslationResult fast = new TranslationResult();
        assertEquals(1, new Nat64FastPath(config, new TranslatorCounters()).inbound(
            new UnsafeBuffer(packet), 0, packet.length, fast, POOL6, 0x2001_0db8_0000_0000L, 1, oldPort, 4000));
    }

    private static int protocolOf(final int kind)
    {
        return kind <= 1 ? Nat64Protocol.UDP : (kind == 3 || kind == 4 ? Nat64Protocol.ICMP : Nat64Protocol.TCP);
    }

    private static byte[] bytes(final TranslationResult result, final int index)
    {
        final byte[] out = new byte[result.length(index)];
        result.buffer().getBytes(result.offset(index), out);
        return Arrays.copyOf(out, out.length);
    }
}
