package io.xlat.examples.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import io.xlat.examples.pcap.PcapWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Nat64TranslateCommandTest
{
    @TempDir
    Path dir;

    private static void write(final Path file, final long[] millis, final List<byte[]> packets) throws IOException
    {
        try (PcapWriter writer = PcapWriter.openRaw(file, false))
        {
            for (int i = 0; i < packets.size(); i++)
            {
                final byte[] p = packets.get(i);
                writer.write(1_700_000_000L + millis[i] / 1000, (int)(millis[i] % 1000) * 1000, new UnsafeBuffer(p), 0,
                    p.length);
            }
        }
    }

    @Test
    void shouldReplayANat64CaptureWithItsTimestampsAsTheClock() throws IOException
    {
        final Path in = dir.resolve("in.pcap");
        final Path out = dir.resolve("out.pcap");
        final byte[] syn = PacketBuilder.ipv6("2001:db8::1", "64:ff9b::c633:640a").tcp(40000, 443)
            .flags(PacketBuilder.SYN).build();
        final byte[] echo = PacketBuilder.ipv6("2001:db8::1", "64:ff9b::c633:640a").echoRequest(7, 1).build();
        final byte[] stranger = PacketBuilder.ipv4("198.51.100.99", "192.0.2.1").udp(53, 4000).build();
        final byte[] toStatic = PacketBuilder.ipv4("198.51.100.99", "192.0.2.1").tcp(5555, 8080)
            .flags(PacketBuilder.SYN).build();
        final byte[] late = PacketBuilder.ipv6("2001:db8::1", "64:ff9b::c633:640a").udp(1, 2).build();
        write(in, new long[] {0, 10, 20, 30, 7_000}, List.of(syn, echo, stranger, toStatic, late));
        final Pcaps.Run run = Pcaps.xlat("translate", "--mode", "nat64", "--pool6", "64:ff9b::/96",
            "--allow-wkp-non-global", "--pool4", "192.0.2.1/32:1024-65535", "--static-bib",
            "tcp:192.0.2.1#8080=2001:db8::80#80", "--seed", "5", "--self4", "192.0.2.254", "--in", in.toString(),
            "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<byte[]> packets = Pcaps.read(out);
        assertEquals(4, packets.size(), run.out());
        for (final byte[] p : packets)
        {
            assertEquals(List.of(), RefChecksum.problems(p));
        }
        assertEquals(4, packets.get(0)[0] >> 4);
        assertEquals(6, packets.get(2)[0] >> 4, "static BIB forwards the SYN to the IPv6 server");
        assertTrue(run.out().contains("dropped no_bib_entry"), run.out());
        assertTrue(run.out().contains("nat64 sessions (live)"), run.out());
        assertTrue(run.out().contains("nat64, pool6 64:ff9b::/96"), run.out());
    }

    @Test
    void shouldRejectNat64WithoutPool4()
    {
        final Pcaps.Run run = Pcaps.xlat("translate", "--mode", "nat64", "--in", "x", "--out", "y");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--pool4"), run.err());
    }
}
