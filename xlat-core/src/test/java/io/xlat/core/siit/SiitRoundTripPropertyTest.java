package io.xlat.core.siit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * IPv4 to IPv6 and back through two translators sharing pool6 restores the packet, except for what RFC 7915 lets
 * change: TTL (decremented once per translation), the header checksum, IPv4 options (removed, 4.1), DF and the
 * Identification (5.1 derives them from the IPv6 packet's size, not from the original header). The transport
 * header and payload, including the transport checksum, come back byte for byte: the incremental updates of
 * RFC 1624 cancel exactly, whatever the pool6 prefix length.
 * <p>
 * The same holds from IPv6: IPv6 to IPv4 and back restores the packet except hop limit and flow label (set to 0).
 */
class SiitRoundTripPropertyTest
{
    private static final String[] POOL6 =
    {
        "64:ff9b::/96", "2001:db8:64::/96", "2001:db8:100::/64", "2001:db8:122::/56", "2001:db8:122::/48",
        "2001:db8:100::/40", "2001:db8::/32",
    };

    @Provide
    Arbitrary<String> pool6()
    {
        return Arbitraries.of(POOL6);
    }

    @Provide
    Arbitrary<String> ipv4()
    {
        return Arbitraries.integers().between(1, 254)
            .flatMap(host -> Arbitraries.of("192.0.2.", "198.51.100.", "203.0.113.").map(net -> net + host));
    }

    private static SiitTranslator translator(final String pool6)
    {
        final SiitAddressMapper mapper = SiitAddressMapper.builder()
            .pool6(Ipv6Prefix.parse(pool6))
            .allowWkpNonGlobal(true)
            .build();
        return new SiitTranslator(SiitConfig.builder().mapper(mapper).mtu4(1500).mtu6(1500).build());
    }

    private static PacketBuilder withTransport(final PacketBuilder b, final int kind, final int port, final long seq)
    {
        switch (kind)
        {
            case 0:
                return b.tcp(port, 443).seq(seq).ack(seq * 31).flags(PacketBuilder.ACK | PacketBuilder.PSH);
            case 1:
                return b.udp(port, 53);
            case 2:
                return b.echoRequest(port, (int)(seq & 0xFFFF));
            default:
                return b.echoReply(port, (int)(seq & 0xFFFF));
        }
    }

    private static byte[] translateOne(final SiitTranslator translator, final byte[] packet)
    {
        final TranslationResult result = new TranslationResult();
        final byte[] copy = packet.clone();
        final int verdict = translator.translate(new UnsafeBuffer(copy), 0, copy.length, result);
        assertEquals(1, verdict, "verdict");
        assertEquals(TranslationResult.KIND_TRANSLATED, result.kind(0));
        final byte[] out = new byte[result.length(0)];
        result.buffer().getBytes(result.offset(0), out);
        assertTrue(RefChecksum.problems(out).isEmpty(), () -> RefChecksum.problems(out).toString());
        return out;
    }

    @Property(tries = 1500)
    void ipv4ThroughIpv6AndBackShouldRestoreThePacket(
        @ForAll("pool6") final String pool6,
        @ForAll("ipv4") final String source,
        @ForAll("ipv4") final String destination,
        @ForAll @IntRange(max = 3) final int kind,
        @ForAll @IntRange(min = 1, max = 65535) final int port,
        @ForAll @IntRange(min = 3, max = 255) final int ttl,
        @ForAll @IntRange(max = 255) final int tos,
        @ForAll @IntRange(max = 65535) final int id,
        @ForAll final boolean dontFragment,
        @ForAll final boolean withOptions,
        @ForAll @IntRange(max = 1200) final int payloadLength,
        @ForAll final long seq)
    {
        PacketBuilder builder = PacketBuilder.ipv4(source, destination).ttl(ttl).tos(tos).id(id).df(dontFragment);
        if (withOptions)
        {
            builder = builder.ipv4Options(7, 7, 4, 0, 0, 0, 0); // Record Route with one empty slot: not translated
        }
        final byte[] original = withTransport(builder, kind, port, seq & 0xFFFFFFFFL)
            .payloadOfLength(payloadLength).build();
        final SiitTranslator siit = translator(pool6);

        final byte[] v6 = translateOne(siit, original);
        final byte[] back = translateOne(siit, v6);

        final int headerLength = (original[0] & 0xF) * 4;
        assertEquals(original.length - headerLength + 20, back.length, "options removed, nothing else");
        assertEquals(0x45, back[0] & 0xFF);
        assertEquals(tos, back[1] & 0xFF, "TOS <-> traffic class");
        assertEquals(ttl - 2, back[8] & 0xFF, "TTL decremented once per translator");
        assertEquals(original[9], back[9], "protocol");
        assertArrayEquals(Arrays.copyOfRange(original, 12, 20), Arrays.copyOfRange(back, 12, 20), "addresses");
        // RFC 7915 5.1: DF set only above 1260 bytes, Identification zero when DF is set or not generated.
        assertEquals(back.length > 1260, (back[6] & 0x40) != 0, "DF from the IPv6 packet size");
        assertEquals(0, back[6] & 0x3F, "no MF, no offset");
        assertEquals(0, back[7]);
        assertArrayEquals(Arrays.copyOfRange(original, headerLength, original.length),
            Arrays.copyOfRange(back, 20, back.length), "transport header, checksum and payload");
    }

    @Property(tries = 1000)
    void ipv6ThroughIpv4AndBackShouldRestoreThePacket(
        @ForAll("pool6") final String pool6,
        @ForAll("ipv4") final String source,
        @ForAll("ipv4") final String destination,
        @ForAll @IntRange(max = 3) final int kind,
        @ForAll @IntRange(min = 1, max = 65535) final int port,
        @ForAll @IntRange(min = 3, max = 255) final int hopLimit,
        @ForAll @IntRange(max = 255) final int trafficClass,
        @ForAll @IntRange(max = 1200) final int payloadLength,
        @ForAll final long seq)
    {
        final SiitTranslator siit = translator(pool6);
        // Build the IPv4 form, translate it once to learn the IPv6 addresses pool6 gives, then start from IPv6.
        final byte[] v4 = withTransport(PacketBuilder.ipv4(source, destination).ttl(64), kind, port,
            seq & 0xFFFFFFFFL).payloadOfLength(payloadLength).build();
        final byte[] v6Template = translateOne(siit, v4);
        final String source6 = PacketBuilderAddresses.format(Arrays.copyOfRange(v6Template, 8, 24));
        final String destination6 = PacketBuilderAddresses.format(Arrays.copyOfRange(v6Template, 24, 40));
        final byte[] original = withTransport(
            PacketBuilder.ipv6(source6, destination6).hopLimit(hopLimit).trafficClass(trafficClass).flowLabel(0),
            kind, port, seq & 0xFFFFFFFFL).payloadOfLength(payloadLength).build();

        final byte[] back = translateOne(siit, translateOne(siit, original));

        assertEquals(original.length, back.length);
        assertEquals(hopLimit - 2, back[7] & 0xFF, "hop limit decremented once per translator");
        back[7] = original[7];
        assertArrayEquals(original, back, "all else restored, transport checksum included");
    }

    /** Formats 16 address bytes for {@link PacketBuilder}, which parses text. */
    private static final class PacketBuilderAddresses
    {
        static String format(final byte[] address)
        {
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < 16; i += 2)
            {
                if (i > 0)
                {
                    text.append(':');
                }
                text.append(Integer.toHexString(((address[i] & 0xFF) << 8) | (address[i + 1] & 0xFF)));
            }
            return text.toString();
        }
    }
}
