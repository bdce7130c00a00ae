package io.xlat.examples.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.xlat.core.testing.PacketBuilder;
import io.xlat.examples.pcap.LinkType;
import io.xlat.examples.pcap.PcapReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapChannelTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReplayWhatItRecordedThenReportClosed() throws Exception
    {
        final byte[][] packets = {
            PacketBuilder.ipv4("192.0.2.1", "198.51.100.1").echoRequest(1, 1).payloadOfLength(8).build(),
            PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").udp(1, 2).payloadOfLength(100).build(),
        };
        final Path file = dir.resolve("out.pcap");
        final long[] now = {1_700_000_000_123_456_789L};
        try (PcapChannel out = PcapChannel.open(null, file, () -> now[0]++))
        {
            for (final byte[] p : packets)
            {
                assertEquals(p.length, out.write(new UnsafeBuffer(p), 0, p.length));
            }
            assertEquals(2, out.packetsWritten());
            assertEquals(PacketChannel.CLOSED, out.read(new UnsafeBuffer(new byte[10]), 0, 10));
        }
        try (PcapReader check = PcapReader.open(file))
        {
            assertEquals(LinkType.RAW, check.linkType());
            check.next();
            assertEquals(1_700_000_000L, check.timestampSeconds());
            assertEquals(123_456_789, check.timestampFraction());
        }
        try (PcapChannel in = PcapChannel.reader(file))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2000]);
            for (final byte[] p : packets)
            {
                assertEquals(1, in.awaitReadable(0));
                final int n = in.read(buffer, 3, 1997);
                assertEquals(p.length, n);
                final byte[] got = new byte[n];
                buffer.getBytes(3, got);
                assertArrayEquals(p, got);
            }
            assertEquals(PacketChannel.CLOSED, in.read(buffer, 0, 2000));
            assertEquals(PacketChannel.CLOSED, in.write(buffer, 0, 20));
        }
    }
}
