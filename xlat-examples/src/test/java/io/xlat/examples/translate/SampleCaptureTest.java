package io.xlat.examples.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/samples/siit-sample.pcap (the README's example input) equal to what {@link #samplePackets()} builds,
 * and checks that it translates cleanly with the documented command. Regenerate the file with
 * {@code -Dxlat.writeSamples=true}.
 */
class SampleCaptureTest
{
    private static final Path SAMPLE = Path.of("..", "docs", "samples", "siit-sample.pcap");

    @TempDir
    Path dir;

    /** A handful of packets between IPv4 192.0.2.0/24 hosts and IPv6 hosts under 2001:db8:64::/96. */
    static List<byte[]> samplePackets()
    {
        final String v4Client = "192.0.2.10";
        final String v4Server = "198.51.100.20";
        final String v6Client = "2001:db8:64::c000:20a";
        final String v6Server = "2001:db8:64::c633:6414";
        final List<byte[]> packets = new ArrayList<>();
        // IPv4 ping and the IPv6 reply.
        packets.add(PacketBuilder.ipv4(v4Client, v4Server).id(1).echoRequest(0x0101, 1).payload("xlat sample ping")
            .build());
        packets.add(PacketBuilder.ipv6(v6Server, v6Client).echoReply(0x0101, 1).payload("xlat sample ping").build());
        // DNS over UDP: query from IPv6, answer from IPv4.
        final byte[] query = java.util.HexFormat.of().parseHex(
            "12340100000100000000000007" + "6578616d706c65036e65740000010001");
        packets.add(PacketBuilder.ipv6(v6Client, v6Server).udp(40000, 53).payload(query).build());
        final byte[] answer = java.util.HexFormat.of().parseHex(
            "12348180000100010000000007" + "6578616d706c65036e65740000010001"
            + "c00c000100010000012c0004c0000201");
        packets.add(PacketBuilder.ipv4(v4Server, v4Client).id(2).df(true).udp(53, 40000).payload(answer).build());
        // A TCP handshake from IPv4 to port 80.
        packets.add(PacketBuilder.ipv4(v4Client, v4Server).id(3).df(true).tcp(50000, 80).flags(PacketBuilder.SYN)
            .seq(1000).tcpOptions(2, 4, 0x05, 0xb4).build());
        packets.add(PacketBuilder.ipv6(v6Server, v6Client).tcp(80, 50000).flags(PacketBuilder.SYN | PacketBuilder.ACK)
            .seq(5000).ack(1001).tcpOptions(2, 4, 0x05, 0x8c).build());
        packets.add(PacketBuilder.ipv4(v4Client, v4Server).id(4).df(true).tcp(50000, 80).flags(PacketBuilder.ACK)
            .seq(1001).ack(5001).build());
        // An ICMPv6 Destination Unreachable (port) quoting a UDP datagram the IPv6 side could not deliver.
        final byte[] quoted = PacketBuilder.ipv6(v6Client, v6Server).udp(40001, 9).payload("probe").build();
        packets.add(PacketBuilder.ipv6(v6Server, v6Client).icmpError(1, 4, 0, quoted).build());
        // TTL 1: the translator answers with Time Exceeded itself.
        packets.add(PacketBuilder.ipv4(v4Client, v4Server).id(5).ttl(1).udp(33434, 33435).payloadOfLength(16)
            .build());
        return packets;
    }

    @Test
    void shouldMatchTheBundledSampleCapture() throws IOException
    {
        final Path fresh = dir.resolve("sample.pcap");
        Pcaps.write(fresh, samplePackets());
        if (Boolean.getBoolean("xlat.writeSamples") || !Files.exists(SAMPLE))
        {
            Files.createDirectories(SAMPLE.getParent());
            Files.copy(fresh, SAMPLE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(SAMPLE),
            "docs/samples/siit-sample.pcap is stale: rerun with -Dxlat.writeSamples=true");
        for (final byte[] p : samplePackets())
        {
            assertEquals(List.of(), RefChecksum.problems(p));
        }
    }

    @Test
    void shouldTranslateTheSampleWithTheDocumentedCommand() throws IOException
    {
        final Path in = dir.resolve("sample.pcap");
        final Path out = dir.resolve("sample-out.pcap");
        Pcaps.write(in, samplePackets());
        final Pcaps.Run run = Pcaps.xlat("translate", "--pool6", "2001:db8:64::/96", "--self4", "203.0.113.1",
            "--self6", "2001:db8:ffff::1", "--in", in.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        final List<byte[]> written = Pcaps.read(out);
        assertEquals(samplePackets().size(), written.size(), run.out());
        for (final byte[] p : written)
        {
            assertEquals(List.of(), RefChecksum.problems(p));
        }
    }
}
