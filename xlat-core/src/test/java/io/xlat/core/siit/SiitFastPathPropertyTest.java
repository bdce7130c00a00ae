package io.xlat.core.siit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The translators' fast paths give what the general paths give: with a {@link SiitAddressMapper} (pool6 only,
 * mapped in registers; IPv6 addresses read once) and with the same mapper hidden behind a plain
 * {@link AddressMapper} (mapped through the scratch buffer and the interface), every verdict, counter and output
 * byte is the same, for valid and mutated packets in both directions. The IPv4 header check that skips the
 * flyweight gives the flyweight's own verdict.
 */
class SiitFastPathPropertyTest
{
    private static final String[] POOL6 =
    {
        "64:ff9b::/96", "2001:db8:64::/96", "2001:db8:100::/64", "2001:db8:122::/56", "2001:db8::/32",
    };
    /**
     * Prefixes for the common-case properties: the Well-Known Prefix and 2001:db8:1:0:0:d245::/96 are
     * checksum-neutral (0x2001 + 0x0db8 + 0x0001 + 0xd245 = 0xffff), the others are not; the /96 ones take the fast
     * path's constant-delta update, the shorter ones its per-packet one.
     */
    private static final String[] COMMON_POOL6 =
    {
        "64:ff9b::/96", "2001:db8:1:0:0:d245::/96", "2001:db8:64::/96", "2001:db8:100::/64", "2001:db8:122::/56",
        "2001:db8::/32", "2001:db8:4400::/40", "2001:db8:aa00::/48",
    };
    private static final String[] IPV4 =
    {
        "192.0.2.10", "198.51.100.20", "203.0.113.5", "10.1.2.3", "192.168.7.9", "127.0.0.1", "224.0.0.9",
    };

    private static SiitConfig config(final AddressMapper mapper, final int variant)
    {
        // Identification generation off: two translators' counters would differ, not their translation.
        final SiitConfig.Builder b = SiitConfig.builder().mapper(mapper).generateIpv4Identification(false);
        if ((variant & 1) != 0)
        {
            b.mtu4(1500).mtu6(1500);
        }
        if ((variant & 2) != 0)
        {
            b.icmpErrorsOnDrop(true);
        }
        return b.build();
    }

    private static SiitAddressMapper mapper(final String pool6, final boolean allowNonGlobal)
    {
        return SiitAddressMapper.builder().pool6(Ipv6Prefix.parse(pool6)).allowWkpNonGlobal(allowNonGlobal).build();
    }

    /** The same mapper seen only through the interface, so the translators take their general paths. */
    private static AddressMapper hidden(final SiitAddressMapper mapper)
    {
        return new AddressMapper()
        {
            @Override
            public boolean ipv4ToIpv6(
                final int ipv4, final boolean isSource, final MutableDirectBuffer out, final int outOffset)
            {
                return mapper.ipv4ToIpv6(ipv4, isSource, out, outOffset);
            }

            @Override
            public long ipv6ToIpv4(final DirectBuffer buffer, final int offset, final boolean isSource)
            {
                return mapper.ipv6ToIpv4(buffer, offset, isSource);
            }
        };
    }

    /** Where an in-place translation's input starts in the result's buffer: room for the 20 bytes 4->6 adds. */
    private static final int HEADROOM = 64;
    private static final byte CANARY = (byte)0xA5;

    private static String translate(final SiitConfig config, final byte[] packet, final TranslationResult result)
    {
        final SiitTranslator translator = new SiitTranslator(config);
        final byte[] copy = packet.clone();
        final int verdict = translator.translate(new UnsafeBuffer(copy), 0, copy.length, result);
        return verdictAndCounters(translator, verdict);
    }

    /**
     * Translates a packet placed in the result's own buffer (in place), and checks that nothing was written in front
     * of the 20 bytes of headroom 4->6 may use.
     */
    private static String translateInPlace(
        final SiitConfig config, final byte[] packet, final TranslationResult result)
    {
        final SiitTranslator translator = new SiitTranslator(config);
        final org.agrona.MutableDirectBuffer buffer = result.buffer();
        buffer.setMemory(0, HEADROOM, CANARY);
        buffer.putBytes(HEADROOM, packet);
        final int verdict = translator.translate(buffer, HEADROOM, packet.length, result);
        for (int i = 0; i < HEADROOM - 20; i++)
        {
            assertEquals(CANARY, buffer.getByte(i), "byte " + i + " in front of the headroom was written");
        }
        return verdictAndCounters(translator, verdict);
    }

    private static String verdictAndCounters(final SiitTranslator translator, final int verdict)
    {
        final StringBuilder counters = new StringBuilder("verdict=").append(verdict);
        for (int i = 0; i < TranslatorCounters.eventCount(); i++)
        {
            counters.append(' ').append(translator.counters().events(i));
        }
        for (int i = 0; i < DropReason.COUNT; i++)
        {
            counters.append(' ').append(translator.counters().drops(i));
        }
        return counters.toString();
    }

    private static void assertSameTranslation(final String pool6, final int variant, final byte[] packet)
    {
        for (final boolean allowNonGlobal : new boolean[] {true, false})
        {
            final SiitAddressMapper mapper = mapper(pool6, allowNonGlobal);
            final TranslationResult fast = new TranslationResult();
            final TranslationResult general = new TranslationResult();
            final TranslationResult inPlace = new TranslationResult();
            final String expected = translate(config(hidden(mapper), variant), packet, general);
            assertEquals(expected, translate(config(mapper, variant), packet, fast));
            // The same packet translated where it lies, in the result's own buffer: the same verdict and packets.
            assertEquals(expected, translateInPlace(config(mapper, variant), packet, inPlace), "in place");
            assertEquals(general.count(), fast.count());
            assertEquals(general.count(), inPlace.count());
            for (int i = 0; i < general.count(); i++)
            {
                assertEquals(general.kind(i), fast.kind(i));
                assertArrayEquals(bytes(general, i), bytes(fast, i), "packet " + i);
                assertEquals(general.kind(i), inPlace.kind(i));
                assertArrayEquals(bytes(general, i), bytes(inPlace, i), "packet " + i + " translated in place");
            }
        }
    }

    private static byte[] bytes(final TranslationResult result, final int index)
    {
        final byte[] p = new byte[result.length(index)];
        result.buffer().getBytes(result.offset(index), p);
        return p;
    }

    private static byte[] mutate(final byte[] packet, final int position, final int value, final int mutations)
    {
        final byte[] mutated = packet.clone();
        for (int i = 0; i < mutations; i++)
        {
            mutated[(position + i * 13) % mutated.length] ^= (byte)(value + i);
        }
        return mutated;
    }

    @Property(tries = 600)
    void ipv4PacketsShouldTranslateAlikeThroughTheFastAndTheGeneralPaths(
        @ForAll("pool6") final String pool6,
        @ForAll("ipv4Packets") final byte[] packet,
        @ForAll @IntRange(max = 3) final int variant,
        @ForAll @IntRange(max = 10_000) final int position,
        @ForAll @IntRange(min = 1, max = 255) final int value,
        @ForAll @IntRange(max = 2) final int mutations)
    {
        assertSameTranslation(pool6, variant, mutate(packet, position, value, mutations));
    }

    @Property(tries = 600)
    void ipv6PacketsShouldTranslateAlikeThroughTheFastAndTheGeneralPaths(
        @ForAll("pool6") final String pool6,
        @ForAll("transport") final int kind,
        @ForAll("ipv4") final String source,
        @ForAll("ipv4") final String destination,
        @ForAll @IntRange(min = 8, max = 1600) final int length,
        @ForAll @IntRange(max = 3) final int variant,
        @ForAll @IntRange(max = 10_000) final int position,
        @ForAll @IntRange(min = 1, max = 255) final int value,
        @ForAll @IntRange(max = 2) final int mutations)
    {
        final SiitAddressMapper mapper = mapper(pool6, true);
        final byte[] v6 = withTransport(PacketBuilder.ipv6(embedded(mapper, source), embedded(mapper, destination))
            .hopLimit(2 + (position & 0x3F)).trafficClass(value), kind).payloadOfLength(length).build();
        assertSameTranslation(pool6, variant, mutate(v6, position, value, mutations));
    }

    @Property(tries = 1000)
    void theIpv4HeaderCheckShouldGiveTheFlyweightVerdict(
        @ForAll("ipv4Packets") final byte[] packet,
        @ForAll @IntRange(max = 10_000) final int position,
        @ForAll @IntRange(min = 1, max = 255) final int value,
        @ForAll @IntRange(max = 2) final int mutations,
        @ForAll @IntRange(max = 80) final int truncate)
    {
        final byte[] mutated = mutate(packet, position, value, mutations);
        final int length = Math.max(0, mutated.length - (truncate < 40 ? 0 : truncate));
        final int expected = new Ipv4Header().wrap(new UnsafeBuffer(mutated.clone()), 0, length).validate(true);
        final SiitTranslator translator = new SiitTranslator(config(mapper("64:ff9b::/96", true), 1));
        final int verdict = translator.translate4to6(new UnsafeBuffer(mutated), 0, length, new TranslationResult());
        if (expected < 0)
        {
            assertEquals(expected, verdict);
        }
        else
        {
            assertEquals(0, translator.counters().drops(DropReason.BAD_HEADER_CHECKSUM) +
                translator.counters().drops(DropReason.BAD_TOTAL_LENGTH) +
                translator.counters().drops(DropReason.BAD_IHL) + translator.counters().drops(DropReason.TRUNCATED));
        }
    }

    private static String embedded(final SiitAddressMapper mapper, final String ipv4)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[16]);
        final int address = parse(ipv4);
        b.putLong(0, mapper.pool6High(address), ByteOrder.BIG_ENDIAN);
        b.putLong(8, mapper.pool6Low(address), ByteOrder.BIG_ENDIAN);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i += 2)
        {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString(b.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF));
        }
        return text.toString();
    }

    private static int parse(final String ipv4)
    {
        int address = 0;
        for (final String part : ipv4.split("\\."))
        {
            address = (address << 8) | Integer.parseInt(part);
        }
        return address;
    }

    private static PacketBuilder withTransport(final PacketBuilder b, final int kind)
    {
        switch (kind)
        {
            case 0:
                return b.tcp(40000, 443).seq(7).ack(9).flags(PacketBuilder.ACK);
            case 1:
                return b.udp(40000, 53);
            case 2:
                return b.echoRequest(7, 1);
            default:
                return b.echoReply(7, 2);
        }
    }

    /**
     * The sum that verifies a transport checksum (RFC 1071), computed byte by byte: 0xFFFF (or 0) for a correct one,
     * off by the corruption otherwise. {@code pseudoHeader} is false for ICMPv4, which has none.
     */
    private static int verificationSum(final byte[] packet, final int start, final boolean pseudoHeader)
    {
        final boolean v6 = (packet[start] & 0xF0) == 0x60;
        final int l4 = start + (v6 ? 40 : (packet[start] & 0x0F) * 4);
        final int end = start + (v6 ? 40 + word(packet, start + 4) : word(packet, start + 2));
        long sum = 0;
        if (pseudoHeader)
        {
            final int addresses = v6 ? start + 8 : start + 12;
            for (int i = addresses; i < l4 && i < addresses + (v6 ? 32 : 8); i += 2)
            {
                sum += word(packet, i);
            }
            sum += (v6 ? packet[start + 6] : packet[start + 9]) & 0xFF;
            sum += end - l4;
        }
        for (int i = l4; i < end; i += 2)
        {
            sum += ((packet[i] & 0xFF) << 8) | (i + 1 < end ? packet[i + 1] & 0xFF : 0);
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum % 0xFFFF;
    }

    private static int word(final byte[] packet, final int index)
    {
        return ((packet[index] & 0xFF) << 8) | (packet[index + 1] & 0xFF);
    }

    /** Adds {@code delta} to the transport checksum field, in one's complement, leaving a zero UDP field alone. */
    private static void corruptTransportChecksum(final byte[] packet, final int delta)
    {
        final boolean v6 = (packet[0] & 0xF0) == 0x60;
        final int l4 = v6 ? 40 : 20;
        final int protocol = v6 ? packet[6] & 0xFF : packet[9] & 0xFF;
        final int field = l4 + (protocol == 6 ? 16 : protocol == 17 ? 6 : 2);
        final int old = word(packet, field);
        int updated = old + delta;
        updated = (updated & 0xFFFF) + (updated >>> 16);
        if (protocol == 17 && (old == 0 || updated == 0))
        {
            return;
        }
        packet[field] = (byte)(updated >>> 8);
        packet[field + 1] = (byte)updated;
    }

    private static SiitConfig commonConfig(final AddressMapper mapper, final int variant, final boolean generateId)
    {
        final SiitConfig.Builder b = SiitConfig.builder().mapper(mapper).generateIpv4Identification(generateId);
        if ((variant & 1) != 0)
        {
            b.mtu4(1500).mtu6(1500);
        }
        if ((variant & 2) != 0)
        {
            b.mtu4(9000).mtu6(9000).lowestIpv6Mtu(1500);
        }
        if ((variant & 4) != 0)
        {
            b.resetTrafficClass(true).resetTos(0x28);
        }
        return b.build();
    }

    /**
     * Translates with the fast path alone and with a translator whose mapper is hidden (general path), and checks
     * the fast path handles the packet exactly when expected, writes the general path's bytes and counts the same,
     * and keeps the transport checksum off by the same amount as the input's (RFC 7915 4.5, 5.5).
     */
    private static void assertFastPathTranslatesAsGeneral(
        final String pool6, final int variant, final byte[] packet, final boolean expectHandled)
    {
        final SiitAddressMapper mapper = mapper(pool6, true);
        final SiitConfig config = commonConfig(mapper, variant, false);
        final boolean v6 = (packet[0] & 0xF0) == 0x60;
        final TranslatorCounters fastCounters = new TranslatorCounters();
        final TranslationResult fast = new TranslationResult();
        fast.reset();
        final int fastVerdict = v6 ?
            new Ipv6ToIpv4FastPath(config, mapper, fastCounters).translate(
                new UnsafeBuffer(packet.clone()), 0, packet.length, fast) :
            new Ipv4ToIpv6FastPath(config, mapper, fastCounters).translate(
                new UnsafeBuffer(packet.clone()), 0, packet.length, fast);
        assertEquals(expectHandled, fastVerdict != Ipv4ToIpv6FastPath.NOT_HANDLED, "handled by the fast path");
        final TranslationResult general = new TranslationResult();
        final SiitTranslator generalTranslator = new SiitTranslator(commonConfig(hidden(mapper), variant, false));
        final int generalVerdict = generalTranslator.translate(new UnsafeBuffer(packet.clone()), 0, packet.length,
            general);
        if (!expectHandled)
        {
            assertEquals(0, fast.count());
            return;
        }
        assertEquals(generalVerdict, fastVerdict);
        assertEquals(1, fast.count());
        assertArrayEquals(bytes(general, 0), bytes(fast, 0));
        for (int i = 0; i < TranslatorCounters.eventCount(); i++)
        {
            assertEquals(generalTranslator.counters().events(i), fastCounters.events(i), "event " + i);
        }
        assertEquals(0, fastCounters.totalDrops());
        final byte[] out = bytes(fast, 0);
        final boolean icmp4In = !v6 && packet[9] == 1;
        final boolean icmp4Out = v6 && packet[6] == 58;
        assertEquals(verificationSum(packet, 0, !icmp4In), verificationSum(out, 0, !icmp4Out), "checksum offset");
        // Through the full translator with the visible mapper too (the hook in the translators).
        assertSameTranslation(pool6, variant & 1, packet);
    }

    @Property(tries = 800)
    void commonCaseIpv4PacketsShouldTakeTheFastPathAndMatchTheGeneralPath(
        @ForAll("commonPool6") final String pool6,
        @ForAll("transport") final int kind,
        @ForAll("ipv4") final String source,
        @ForAll("ipv4") final String destination,
        @ForAll @IntRange(min = 8, max = 1600) final int length,
        @ForAll @IntRange(min = 1, max = 255) final int ttl,
        @ForAll @IntRange(max = 255) final int tos,
        @ForAll final boolean df,
        @ForAll @IntRange(max = 7) final int variant,
        @ForAll @IntRange(max = 0x1FFFF) final int corruption)
    {
        final byte[] packet = withTransport(PacketBuilder.ipv4(source, destination).tos(tos).ttl(ttl).df(df), kind)
            .payloadOfLength(length).build();
        if (corruption > 0xFFFF)
        {
            corruptTransportChecksum(packet, corruption & 0xFFFF);
        }
        final int l4Length = packet.length - 20;
        final int mtu6 = (variant & 2) != 0 ? 9000 : (variant & 1) != 0 ? 1500 : SiitConfig.builder()
            .mapper(mapper(pool6, true)).build().mtu6();
        final int lowest = (variant & 2) != 0 ? 1500 : SiitConfig.builder().mapper(mapper(pool6, true)).build()
            .lowestIpv6Mtu();
        final boolean legalSource = !source.startsWith("127.") && !source.startsWith("224.");
        final boolean udpZero = kind == 1 && packet[26] == 0 && packet[27] == 0;
        final boolean fits = 40 + l4Length <= (df ? mtu6 : Math.min(mtu6, lowest));
        assertFastPathTranslatesAsGeneral(pool6, variant, packet, ttl > 1 && legalSource && !udpZero && fits);
    }

    @Property(tries = 800)
    void commonCaseIpv6PacketsShouldTakeTheFastPathAndMatchTheGeneralPath(
        @ForAll("commonPool6") final String pool6,
        @ForAll("transport") final int kind,
        @ForAll("ipv4") final String source,
        @ForAll("ipv4") final String destination,
        @ForAll @IntRange(min = 8, max = 1600) final int length,
        @ForAll @IntRange(min = 1, max = 255) final int hopLimit,
        @ForAll @IntRange(max = 255) final int trafficClass,
        @ForAll @IntRange(max = 7) final int variant,
        @ForAll @IntRange(max = 0x1FFFF) final int corruption)
    {
        final SiitAddressMapper mapper = mapper(pool6, true);
        final byte[] packet = withTransport(PacketBuilder.ipv6(embedded(mapper, source), embedded(mapper, destination))
            .hopLimit(hopLimit).trafficClass(trafficClass), kind).payloadOfLength(length).build();
        if (corruption > 0xFFFF)
        {
            corruptTransportChecksum(packet, corruption & 0xFFFF);
        }
        final int mtu4 = (variant & 2) != 0 ? 9000 : (variant & 1) != 0 ? 1500 : SiitConfig.builder()
            .mapper(mapper).build().mtu4();
        assertFastPathTranslatesAsGeneral(pool6, variant, packet, hopLimit > 1 && packet.length - 20 <= mtu4);
    }

    /**
     * RFC 7915 5.1 Identification, generated: packets taking the fast path and packets taking the general one (a
     * Destination Options header sends a packet there) draw from one counter, so a flow's identifications follow
     * each other whichever path each packet takes.
     */
    @Property(tries = 100)
    void theFastAndTheGeneralPathShouldDrawIdentificationsFromOneSequence(
        @ForAll("commonPool6") final String pool6,
        @ForAll("transport") final int kind,
        @ForAll @IntRange(min = 8, max = 1000) final int length,
        @ForAll @IntRange(min = 2, max = 12) final int packets,
        @ForAll final long paths)
    {
        final SiitAddressMapper mapper = mapper(pool6, true);
        final SiitTranslator translator = new SiitTranslator(commonConfig(mapper, 0, true));
        final TranslationResult result = new TranslationResult();
        int previous = -1;
        for (int i = 0; i < packets; i++)
        {
            PacketBuilder b = PacketBuilder.ipv6(embedded(mapper, "192.0.2.10"), embedded(mapper, "198.51.100.20"));
            if ((paths >>> i & 1) != 0)
            {
                b = b.destinationOptions();
            }
            final byte[] packet = withTransport(b, kind).payloadOfLength(length).build();
            assertEquals(1, translator.translate6to4(new UnsafeBuffer(packet), 0, packet.length, result));
            final int identification = result.buffer().getShort(result.offset(0) + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (previous >= 0)
            {
                assertEquals((previous + 1) & 0xFFFF, identification, "packet " + i);
            }
            previous = identification;
        }
    }

    @Provide
    Arbitrary<String> commonPool6()
    {
        return Arbitraries.of(COMMON_POOL6);
    }

    @Provide
    Arbitrary<String> pool6()
    {
        return Arbitraries.of(POOL6);
    }

    @Provide
    Arbitrary<String> ipv4()
    {
        return Arbitraries.of(IPV4);
    }

    @Provide
    Arbitrary<Integer> transport()
    {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide
    Arbitrary<byte[]> ipv4Packets()
    {
        return Combinators.combine(transport(), ipv4(), ipv4(), Arbitraries.integers().between(8, 1600),
            Arbitraries.integers().between(0, 0xFFFF)).as((kind, source, destination, length, header) ->
            withTransport(PacketBuilder.ipv4(source, destination).tos(header & 0xFF).ttl(1 + ((header >>> 8) & 0x3F))
                .df((header & 0x4000) != 0), kind).payloadOfLength(length).build());
    }
}
