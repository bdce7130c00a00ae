package io.xlat.core.siit;

import static io.xlat.core.siit.Ipv6ToIpv4Fixture.config;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.d6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.s6;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.slice;
import static io.xlat.core.siit.Ipv6ToIpv4Fixture.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import io.xlat.core.siit.Ipv6ToIpv4Fixture.Run;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Properties of the IPv6 to IPv4 translator: arbitrary and mutated bytes never throw and never write outside the
 * packets committed to the result (canary bytes), every checksum of every output verifies by full recomputation
 * with the independent test routine when the input's did, a corrupt L4 checksum stays corrupt by exactly the same
 * amount, and fragments the translator cuts reassemble to the unfragmented translation.
 */
class Ipv6ToIpv4PropertyTest
{
    private static final byte CANARY = (byte)0xA5;
    private static final String HOST6 = "198.51.100.7";
    private static final String HOST4 = "203.0.113.20";

    private final TranslatorCounters counters = new TranslatorCounters();
    private final Ipv6ToIpv4Translator translator = new Ipv6ToIpv4Translator(config().build(), counters);
    private final Ipv6ToIpv4Translator smallMtu = new Ipv6ToIpv4Translator(config().mtu4(576).icmpErrorsOnDrop(true)
        .build(), counters);
    private final TranslationResult result = new TranslationResult();

    @Property(tries = 2000)
    void arbitraryBytesShouldNeverThrowNorWriteOutsideTheCommittedPackets(
        @ForAll @Size(max = 1600) final byte[] data, @ForAll final boolean plausible)
    {
        if (plausible && data.length >= 40)
        {
            data[0] = (byte)(0x60 | data[0] & 0x0F);
            final int payload = data.length - 40;
            data[4] = (byte)(payload >>> 8);
            data[5] = (byte)payload;
        }
        checkNeverStrays(translator, data);
        checkNeverStrays(smallMtu, data);
    }

    @Property(tries = 2000)
    void mutatedPacketsShouldNeverThrowNorWriteOutsideTheCommittedPackets(
        @ForAll("validPackets") final byte[] packet,
        @ForAll @IntRange(max = 100_000) final int position,
        @ForAll final byte value,
        @ForAll @IntRange(min = 0, max = 4) final int cut)
    {
        final byte[] mutated = packet.clone();
        mutated[position % mutated.length] = value;
        checkNeverStrays(translator, PacketBuilder.truncate(mutated, mutated.length - cut));
        checkNeverStrays(smallMtu, mutated);
    }

    @Property(tries = 1500)
    void validInputsShouldGiveOutputsWhoseEveryChecksumVerifies(@ForAll("validPackets") final byte[] packet)
    {
        assertTrue(RefChecksum.problems(packet).isEmpty(), "generator: " + RefChecksum.problems(packet));
        for (final Ipv6ToIpv4Translator t : new Ipv6ToIpv4Translator[] {translator, smallMtu})
        {
            final Run run = Ipv6ToIpv4Fixture.run(t, counters, packet);
            // Only an error about an error with an expiring hop limit, or an unlisted pointer, is dropped silently.
            assertTrue(run.verdict() >= 0 || run.verdict() == -DropReason.TTL_EXPIRED ||
                run.verdict() == -DropReason.UNTRANSLATABLE_ICMP, "valid packets are translated or answered: " +
                DropReason.label(run.verdict()));
            for (final byte[] out : run.packets())
            {
                final List<String> problems = RefChecksum.problems(out);
                assertTrue(problems.isEmpty(), problems.toString());
            }
        }
    }

    @Property(tries = 1500)
    void corruptL4ChecksumsShouldStayCorruptByTheSameAmount(
        @ForAll("corruptPackets") final byte[] packet)
    {
        final int delta = RefChecksum.checksumDiscrepancy(packet);
        Assume.that(delta > 0);
        final Run run = Ipv6ToIpv4Fixture.run(translator, counters, packet);
        Assume.that(run.verdict() == 1 && run.kinds().get(0) == TranslationResult.KIND_TRANSLATED);
        final int after = RefChecksum.checksumDiscrepancy(run.packet(0));
        Assume.that(after != RefChecksum.NOT_VERIFIABLE);
        assertEquals(delta, after);
    }

    @Property(tries = 500)
    void fragmentsShouldReassembleToTheUnfragmentedTranslation(
        @ForAll @IntRange(max = 1232) final int length, @ForAll @IntRange(min = 68, max = 1500) final int mtu4)
    {
        final byte[] packet = PacketBuilder.ipv6(s6(HOST6), d6(HOST4)).udp(4000, 5000).payloadOfLength(length)
            .build();
        final Run whole = Ipv6ToIpv4Fixture.run(translator, counters, packet);
        final Run cut = Ipv6ToIpv4Fixture.run(
            new Ipv6ToIpv4Translator(config().mtu4(mtu4).build(), counters), counters, packet);
        final byte[] reference = whole.packet(0);
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int expectedOffset = 0;
        for (int i = 0; i < cut.packets().size(); i++)
        {
            final byte[] f = cut.packet(i);
            assertTrue(f.length <= mtu4);
            assertTrue(RefChecksum.problems(f).isEmpty(), RefChecksum.problems(f).toString());
            assertArrayEquals(slice(reference, 8, 10), slice(f, 8, 10), "TTL and protocol");
            assertArrayEquals(slice(reference, 12, 20), slice(f, 12, 20), "addresses");
            assertEquals(u16(cut.packet(0), 4), u16(f, 4), "one identification");
            final int flags = u16(f, 6);
            assertEquals(expectedOffset, (flags & 0x1FFF) * 8);
            assertEquals(i < cut.packets().size() - 1, (flags & 0x2000) != 0, "MF on all but the last");
            data.write(f, 20, f.length - 20);
            expectedOffset += f.length - 20;
        }
        assertArrayEquals(slice(reference, 20, reference.length), data.toByteArray());
    }

    private void checkNeverStrays(final Ipv6ToIpv4Translator t, final byte[] data)
    {
        final UnsafeBuffer in = new UnsafeBuffer(data.clone());
        final UnsafeBuffer out = (UnsafeBuffer)result.buffer();
        out.setMemory(0, out.capacity(), CANARY);
        final int verdict = t.translate(in, 0, data.length, result);
        assertTrue(verdict < 0 ? result.count() == 0 : verdict == result.count(), "verdict " + verdict);
        int end = 0;
        for (int i = 0; i < result.count(); i++)
        {
            assertEquals(end, result.offset(i), "packets are contiguous");
            end += result.length(i);
        }
        assertEquals(end, result.limit());
        for (int i = end; i < out.capacity(); i++)
        {
            if (out.getByte(i) != CANARY)
            {
                throw new AssertionError("stray write at " + i + " beyond the committed " + end + " bytes");
            }
        }
        assertArrayEquals(data, in.byteArray(), "the input is only read");
    }

    @Provide
    Arbitrary<byte[]> validPackets()
    {
        return packets(false);
    }

    @Provide
    Arbitrary<byte[]> corruptPackets()
    {
        return packets(true);
    }

    private static Arbitrary<byte[]> packets(final boolean corrupt)
    {
        return Combinators.combine(
            Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, 1400),
            Arbitraries.integers().between(1, 255),
            Arbitraries.integers().between(0, 255),
            Arbitraries.of(false, true),
            Arbitraries.integers().between(1, 0xFFFE))
            .as((kind, length, hopLimit, trafficClass, wkp, delta) ->
                build(kind, length, hopLimit, trafficClass, wkp, corrupt ? delta : 0));
    }

    private static byte[] build(
        final int kind, final int length, final int hopLimit, final int trafficClass, final boolean wkp,
        final int delta)
    {
        final String src = wkp ? "64:ff9b::" + HOST6 : s6(HOST6);
        final String dst = wkp ? "64:ff9b::" + HOST4 : d6(HOST4);
        final String innerSrc = wkp ? "64:ff9b::" + HOST4 : d6(HOST4);
        final String innerDst = wkp ? "64:ff9b::" + HOST6 : s6(HOST6);
        final PacketBuilder b = PacketBuilder.ipv6(src, dst).hopLimit(hopLimit).trafficClass(trafficClass);
        final PacketBuilder inner = PacketBuilder.ipv6(innerSrc, innerDst).hopLimit(hopLimit);
        switch (kind)
        {
            case 0:
                b.udp(1000 + length, 53).payloadOfLength(length);
                break;
            case 1:
                b.tcp(40000, 80).seq(length * 77L).flags(PacketBuilder.ACK).payloadOfLength(length);
                break;
            case 2:
                b.echoRequest(length, hopLimit).payloadOfLength(length);
                break;
            case 3:
                b.icmpError(1, 4, 0, PacketBuilder.truncate(inner.udp(53, 1000).payloadOfLength(length).build(),
                    1232));
                break;
            case 4:
                b.icmpError(3, 0, 0, PacketBuilder.truncate(inner.tcp(80, 40000).payloadOfLength(length).build(),
                    40 + length % 100));
                break;
            case 5:
                b.icmpError(2, 0, 1280 + length, inner.echoReply(1, 2).payloadOfLength(length % 600).build());
                break;
            case 6:
                b.icmpError(4, 0, length % 40, inner.hopByHop().udp(5, 6).payloadOfLength(length % 300).build());
                break;
            case 7:
                final byte[] quoted = inner.udp(5, 6).payloadOfLength(length % 300).build();
                // RFC 4884: the length covers the whole (padded) original datagram, at least 128 bytes.
                final int words = Math.max(16, (quoted.length + 7) / 8) + length % 3;
                b.icmpError(3, 1, 0, quoted)
                    .rfc4884(words, PacketBuilder.icmpExtensionStructure(new byte[] {0, 4, 1, 1}));
                break;
            case 8:
                b.hopByHop().destinationOptions().udp(7, 8).payloadOfLength(length);
                break;
            default:
                b.routingHeader(0, 0, dst).udp(9, 10).payloadOfLength(length);
                break;
        }
        if (delta != 0)
        {
            b.corruptL4Checksum(delta);
        }
        return b.build();
    }
}
