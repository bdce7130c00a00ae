package io.xlat.core.siit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Properties of the IPv4 to IPv6 translator: robust on any bytes, never writes outside what it commits, checksums
 * that verify by full recomputation, and corruption carried over exactly (RFC 1624 updates, not recomputation).
 */
class Ipv4ToIpv6PropertyTest
{
    private static final byte CANARY = (byte)0xA5;
    private static final String[] ADDRESSES = {"198.51.100.7", "203.0.113.20", "192.0.2.1", "192.0.2.77"};

    private final SiitConfig config = Ipv4ToIpv6Fixture.config()
        .rfc6791v6(0x2001_0db8_0fffL << 16, 0L, 96).build();
    private final SiitConfig strict = Ipv4ToIpv6Fixture.config()
        .icmpErrorsOnDrop(true).amendUdpChecksumZero(false).lowestIpv6Mtu(1500).mtu6(1400).build();

    /** Translates with a canary-filled result and checks nothing outside the committed packets was written. */
    private TranslationResult translateChecked(final byte[] packet)
    {
        return translateChecked(config, packet);
    }

    private static TranslationResult translateChecked(final SiitConfig config, final byte[] packet)
    {
        final Ipv4ToIpv6Translator translator = new Ipv4ToIpv6Translator(config, new TranslatorCounters());
        final TranslationResult result = new TranslationResult(16 * 1024);
        result.buffer().setMemory(0, result.buffer().capacity(), CANARY);
        final byte[] copy = packet.clone();
        final int verdict = translator.translate(new UnsafeBuffer(copy), 0, copy.length, result);
        assertEquals(verdict >= 0 ? result.count() : 0, Math.max(verdict, 0));
        if (verdict < 0)
        {
            assertEquals(0, result.count());
        }
        for (int i = result.limit(); i < result.buffer().capacity(); i++)
        {
            assertEquals(CANARY, result.buffer().getByte(i), "stray write at " + i);
        }
        return result;
    }

    private static byte[] packet(final TranslationResult result, final int index)
    {
        final byte[] p = new byte[result.length(index)];
        result.buffer().getBytes(result.offset(index), p);
        return p;
    }

    @Property(tries = 2000)
    void arbitraryBytesShouldNeverThrowNorWriteOutsideTheResult(@ForAll @Size(max = 200) final byte[] bytes)
    {
        if (bytes.length > 0)
        {
            bytes[0] = (byte)(0x40 | (bytes[0] & 0x0F));
        }
        translateChecked(bytes);
    }

    @Property(tries = 1500)
    void mutatedValidPacketsShouldNeverThrowNorWriteOutsideTheResult(
        @ForAll("validPackets") final byte[] packet,
        @ForAll @IntRange(max = 10_000) final int position,
        @ForAll final byte value,
        @ForAll @IntRange(max = 2) final int extraMutations)
    {
        final byte[] mutated = packet.clone();
        mutated[position % mutated.length] = value;
        for (int i = 0; i < extraMutations; i++)
        {
            mutated[(position * 31 + i * 7) % mutated.length] ^= (byte)(value + i);
        }
        translateChecked(mutated);
        translateChecked(strict, mutated);
        translateChecked(PacketBuilder.truncate(packet, position % (packet.length + 1)));
    }

    @Property(tries = 1500)
    void validInputsShouldGiveOutputsWhoseEveryChecksumVerifies(@ForAll("validPackets") final byte[] packet)
    {
        for (final SiitConfig c : new SiitConfig[] {config, strict})
        {
            final TranslationResult result = translateChecked(c, packet);
            for (int i = 0; i < result.count(); i++)
            {
                final byte[] out = packet(result, i);
                final List<String> problems = RefChecksum.problems(out);
                assertTrue(problems.isEmpty(), problems.toString());
            }
        }
    }

    @Property(tries = 1500)
    void corruptedChecksumsShouldStayOffByExactlyTheSameAmount(
        @ForAll("corruptedPackets") final byte[] packet)
    {
        final int delta = RefChecksum.checksumDiscrepancy(packet);
        final TranslationResult result = translateChecked(packet);
        if (delta <= 0 || result.count() != 1 || result.kind(0) != TranslationResult.KIND_TRANSLATED)
        {
            return;
        }
        assertEquals(delta, RefChecksum.checksumDiscrepancy(packet(result, 0)));
    }

    @Provide
    Arbitrary<byte[]> validPackets()
    {
        return packets(Arbitraries.just(0));
    }

    @Provide
    Arbitrary<byte[]> corruptedPackets()
    {
        return packets(Arbitraries.integers().between(1, 0xFFFE));
    }

    private Arbitrary<byte[]> packets(final Arbitrary<Integer> corruption)
    {
        final Arbitrary<Integer> kind = Arbitraries.integers().between(0, 6);
        final Arbitrary<Integer> length = Arbitraries.oneOf(
            Arbitraries.integers().between(0, 64), Arbitraries.integers().between(0, 3000));
        final Arbitrary<Integer> header = Arbitraries.integers().between(0, 0xFFFFF);
        final Arbitrary<Integer> addressPair = Arbitraries.integers().between(0, 15);
        return Combinators.combine(kind, length, header, addressPair, corruption)
            .as(Ipv4ToIpv6PropertyTest::build);
    }

    private static byte[] build(
        final int kind, final int length, final int header, final int addresses, final int corruption)
    {
        final String src = ADDRESSES[addresses & 3];
        final String dst = ADDRESSES[(addresses >>> 2) & 3];
        final PacketBuilder b = PacketBuilder.ipv4(src, dst)
            .tos(header & 0xFF)
            .ttl(1 + ((header >>> 8) & 0x7F))
            .df((header & 0x8000) != 0)
            .id(header & 0xFFFF);
        if ((header & 0x10000) != 0)
        {
            b.ipv4Options(1, 7, 7, 4, 0, 0, 0, 0);
        }
        switch (kind)
        {
            case 0 -> b.udp(1000 + length, 53).payloadOfLength(length);
            case 1 -> b.udp(7, 9).udpZeroChecksum().payloadOfLength(length);
            case 2 -> b.tcp(40000, 443).flags(PacketBuilder.ACK).payloadOfLength(length);
            case 3 -> b.echoRequest(header & 0xFFFF, length).payloadOfLength(length);
            case 4 -> b.echoReply(header & 0xFFFF, length).payloadOfLength(length);
            case 5 -> b.icmpError(3, (header >>> 4) & 15, (header & 0x3) * 700,
                PacketBuilder.truncate(PacketBuilder.ipv4(dst, src).ttl(9).udp(5, 6).payloadOfLength(length).build(),
                    20 + length / 2));
            default -> b.icmpError(11, header & 1, 0,
                PacketBuilder.ipv4(dst, src).tcp(7, 8).payloadOfLength(length / 4).build());
        }
        if (corruption != 0)
        {
            b.corruptL4Checksum(corruption);
        }
        return b.build();
    }
}
