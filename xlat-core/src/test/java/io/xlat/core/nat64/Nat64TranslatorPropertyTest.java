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
}
