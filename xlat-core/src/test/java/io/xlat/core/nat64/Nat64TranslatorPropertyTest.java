package io.xlat.core.nat64;

import io.xlat.core.stats.DropReason;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nat64TranslatorPropertyTest
{
    private static final int CANARY = 64;

    @Property(tries = 500)
    void arbitraryBytesNeverThrowNorWriteOutsideThePacket(
        @ForAll @Size(max = 200) final byte[] bytes, @ForAll final boolean ipv6)
    {
        final Nat64Fixture f = new Nat64Fixture();
        final byte[] packet = bytes.clone();
        if (packet.length > 0)
        {
            packet[0] = (byte)((ipv6 ? 0x60 : 0x45) | (packet[0] & 0x0F & (ipv6 ? 0xF : 0)));
        }
        final byte[] framed = new byte[packet.length + 2 * CANARY];
        java.util.Arrays.fill(framed, (byte)0xA5);
        System.arraycopy(packet, 0, framed, CANARY, packet.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(framed);
        f.translator.prefetch(buffer, CANARY, packet.length);
        final int verdict = f.translator.translate(buffer, CANARY, packet.length, f.result, 1000);
        for (int i = 0; i < CANARY; i++)
        {
            assertEquals((byte)0xA5, framed[i]);
            assertEquals((byte)0xA5, framed[CANARY + packet.length + i]);
        }
        assertTrue(verdict >= 0 ? verdict == f.result.count() : -verdict < DropReason.COUNT);
    }

    @Provide
    Arbitrary<List<int[]>> flows()
    {
        // [kind 0..5, host 0..2, remote 0..2, port, payload length, clock step]
        return Arbitraries.integers().between(0, 5).flatMap(k -> Arbitraries.integers().between(0, 2).flatMap(
            h -> Arbitraries.integers().between(0, 2).flatMap(r -> Arbitraries.integers().between(1, 3).flatMap(
                p -> Arbitraries.integers().between(0, 40).flatMap(n -> Arbitraries.integers().between(0, 90_000)
                    .map(d -> new int[] {k, h, r, p, n, d}))))))
            .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void randomValidFlowsAlwaysProduceVerifyingChecksums(@ForAll("flows") final List<int[]> steps,
        @ForAll @IntRange(min = 0, max = 1) final int filtering)
    {
        final Nat64Fixture f = new Nat64Fixture(Nat64Config.builder().seed(3).sessionCapacity(256)
            .filtering(filtering), Nat64Fixture.POOL + "/32:1024-1100");
        final String[] hosts = {"2001:db8::1", "2001:db8::2", "2001:db8:1::9"};
        final String[] remotes4 = {"198.51.100.10", "198.51.100.20", "203.0.113.5"};
        final String[] remotes6 = {"64:ff9b::c633:640a", "64:ff9b::c633:6414", "64:ff9b::cb00:7105"};
        final List<int[]> known = new ArrayList<>();
        long now = 0;
        for (final int[] s : steps)
        {
            now += s[5];
            final int kind = s[0];
            final byte[] packet;
            if (kind <= 2 || known.isEmpty())
            {
                final PacketBuilder b = PacketBuilder.ipv6(hosts[s[1]], remotes6[s[2]]);
                packet = (kind == 0 ? b.udp(1000 + s[3], 53) : kind == 1 ?
                    b.tcp(1000 + s[3], 80).flags(PacketBuilder.SYN) : b.echoRequest(s[3], 1))
                    .payloadOfLength(s[4]).build();
            }
            else
            {
                final int[] k = known.get(s[3] % known.size());
                final PacketBuilder b = PacketBuilder.ipv4(remotes4[k[1]], Nat64Fixture.POOL);
                packet = (k[0] == 17 ? b.udp(53, k[2]) : k[0] == 6 ? b.tcp(80, k[2])
                    .flags(kind == 3 ? PacketBuilder.SYN | PacketBuilder.ACK : PacketBuilder.ACK) :
                    b.echoReply(k[2], 1)).payloadOfLength(s[4]).build();
            }
            final List<byte[]> out = f.send(packet, now);
            for (final byte[] p : out)
            {
                assertEquals(List.of(), RefChecksum.problems(p));
                if ((p[0] >> 4) == 4 && kind <= 2)
                {
                    final int proto = p[9];
                    final int port = proto == 1 ? Nat64Fixture.u16(p, 24) : Nat64Fixture.u16(p, 20);
                    known.add(new int[] {proto, s[2], port});
                }
            }
            f.translator.expire(now, f.result);
            for (final byte[] p : Nat64Fixture.packets(f.result))
            {
                assertEquals(List.of(), RefChecksum.problems(p));
            }
        }
    }

    /**
     * Bursts as a daemon would run them (prefetch every packet of the burst, then translate each in order, or in
     * reverse order, and with each packet in the buffer it is translated into or not) give the same packets and
     * verdicts as translating one at a time without prefetching, on two translators built alike.
     */
    @Property(tries = 300)
    void prefetchingBurstsChangesNothing(@ForAll("flows") final List<int[]> steps,
        @ForAll @IntRange(min = 1, max = 8) final int burst, @ForAll final boolean reversed,
        @ForAll final boolean inPlace)
    {
        final Nat64Fixture plain = new Nat64Fixture(Nat64Config.builder().seed(3).sessionCapacity(64),
            Nat64Fixture.POOL + "/32:1024-1100");
        final Nat64Fixture burstly = new Nat64Fixture(Nat64Config.builder().seed(3).sessionCapacity(64),
            Nat64Fixture.POOL + "/32:1024-1100");
        final String[] hosts = {"2001:db8::1", "2001:db8::2", "2001:db8:1::9"};
        final String[] remotes4 = {"198.51.100.10", "198.51.100.20", "203.0.113.5"};
        final String[] remotes6 = {"64:ff9b::c633:640a", "64:ff9b::c633:6414", "64:ff9b::cb00:7105"};
        final List<int[]> known = new ArrayList<>();
        long now = 0;
        for (int start = 0; start < steps.size(); start += burst)
        {
            final List<byte[]> packets = new ArrayList<>();
            for (final int[] s : steps.subList(start, Math.min(steps.size(), start + burst)))
            {
                final int kind = s[0];
                if (kind <= 2 || known.isEmpty())
                {
                    final PacketBuilder b = PacketBuilder.ipv6(hosts[s[1]], remotes6[s[2]]);
                    packets.add((kind == 0 ? b.udp(1000 + s[3], 53) : kind == 1 ?
                        b.tcp(1000 + s[3], 80).flags(PacketBuilder.SYN) : b.echoRequest(s[3], 1))
                        .payloadOfLength(s[4]).build());
                }
                else
                {
                    final int[] k = known.get(s[3] % known.size());
                    final PacketBuilder b = PacketBuilder.ipv4(remotes4[k[1]], Nat64Fixture.POOL);
                    packets.add((k[0] == 17 ? b.udp(53, k[2]) : k[0] == 6 ? b.tcp(80, k[2])
                        .flags(kind == 3 ? PacketBuilder.SYN | PacketBuilder.ACK : PacketBuilder.ACK) :
                        b.echoReply(k[2], 1)).payloadOfLength(s[4]).build());
                }
            }
            final List<UnsafeBuffer> buffers = new ArrayList<>();
            for (final byte[] p : packets)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(p.clone());
                buffers.add(buffer);
                burstly.translator.prefetch(buffer, 0, p.length);
            }
            now += steps.get(start)[5];
            if (reversed)
            {
                // A prefetch is only a hint: translating in another order must still be right.
                java.util.Collections.reverse(packets);
                java.util.Collections.reverse(buffers);
            }
            for (int i = 0; i < packets.size(); i++)
            {
                final List<byte[]> expected = plain.send(packets.get(i), now);
                final int verdict;
                if (inPlace)
                {
                    // Translated where it lies in the result's own buffer (SIIT's in-place mode, under NAT64).
                    burstly.result.buffer().putBytes(64, packets.get(i));
                    verdict = burstly.translator.translate(burstly.result.buffer(), 64, packets.get(i).length,
                        burstly.result, now);
                }
                else
                {
                    verdict = burstly.translator.translate(buffers.get(i), 0, packets.get(i).length, burstly.result,
                        now);
                }
                final List<byte[]> actual = Nat64Fixture.packets(burstly.result);
                assertEquals(plain.verdict, verdict, "verdict of packet " + (start + i));
                assertEquals(expected.size(), actual.size());
                for (int j = 0; j < expected.size(); j++)
                {
                    assertArrayEquals(withoutIdentification(expected.get(j)), withoutIdentification(actual.get(j)),
                        "packet " + (start + i) + " output " + j);
                    final byte[] p = expected.get(j);
                    if ((p[0] >> 4) == 4 && (p[9] == 17 || p[9] == 6 || p[9] == 1))
                    {
                        final int port = p[9] == 1 ? Nat64Fixture.u16(p, 24) : Nat64Fixture.u16(p, 20);
                        final int remote = java.util.Arrays.asList(remotes4).indexOf(
                            (p[16] & 0xFF) + "." + (p[17] & 0xFF) + "." + (p[18] & 0xFF) + "." + (p[19] & 0xFF));
                        if (remote >= 0)
                        {
                            known.add(new int[] {p[9], remote, port});
                        }
                    }
                }
            }
        }
    }

    /** A copy with the IPv4 Identification and header checksum zeroed: each translator draws its own IDs. */
    private static byte[] withoutIdentification(final byte[] packet)
    {
        final byte[] copy = packet.clone();
        if ((copy[0] >> 4) == 4)
        {
            copy[4] = 0;
            copy[5] = 0;
            copy[10] = 0;
            copy[11] = 0;
        }
        return copy;
    }
}
