package io.xlat.examples.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

import io.xlat.core.testing.PacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapReaderTest
{
    @TempDir
    Path dir;

    private static byte[] hex(final String text)
    {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static byte[] concat(final byte[]... parts)
    {
        int n = 0;
        for (final byte[] p : parts)
        {
            n += p.length;
        }
        final byte[] out = new byte[n];
        int pos = 0;
        for (final byte[] p : parts)
        {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    private Path file(final String name, final byte[] content) throws IOException
    {
        final Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private static byte[] ipPacket(final PcapReader reader)
    {
        final byte[] out = new byte[reader.ipLength()];
        reader.buffer().getBytes(reader.ipOffset(), out);
        return out;
    }

    private static final byte[] PING = PacketBuilder.ipv4("192.0.2.1", "198.51.100.2").echoRequest(1, 2)
        .payload("abc").build();
    private static final byte[] PING6 = PacketBuilder.ipv6("2001:db8::1", "2001:db8::2").echoRequest(1, 2)
        .payload("abc").build();

    @Test
    void shouldReadALittleEndianMicrosecondRawFileWrittenByHand() throws IOException
    {
        // libpcap on x86: magic d4 c3 b2 a1, version 2.4, snaplen 65535, linktype 101.
        final byte[] global = hex("d4c3b2a1 0200 0400 00000000 00000000 ffff0000 65000000");
        final byte[] record = concat(hex("01020304 40e20100"), new byte[] {(byte)PING.length, 0, 0, 0,
            (byte)PING.length, 0, 0, 0}, PING);
        try (PcapReader reader = PcapReader.open(file("le.pcap", concat(global, record))))
        {
            assertFalse(reader.nanosecond());
            assertEquals(LinkType.RAW, reader.linkType());
            assertTrue(reader.next());
            assertEquals(0x04030201L, reader.timestampSeconds());
            assertEquals(123_456, reader.timestampFraction());
            assertArrayEquals(PING, ipPacket(reader));
            assertFalse(reader.next());
        }
    }

    @Test
    void shouldReadABigEndianNanosecondIpv6FileWrittenByHand() throws IOException
    {
        final byte[] global = hex("a1b23c4d 0002 0004 00000000 00000000 00040000 000000e5");
        final byte[] record = concat(hex("00000010 3b9ac9ff"), new byte[] {0, 0, 0, (byte)PING6.length, 0, 0, 0,
            (byte)PING6.length}, PING6);
        try (PcapReader reader = PcapReader.open(file("be.pcap", concat(global, record, record))))
        {
            assertTrue(reader.nanosecond());
            assertEquals(LinkType.IPV6, reader.linkType());
            assertTrue(reader.next());
            assertEquals(16, reader.timestampSeconds());
            assertEquals(999_999_999, reader.timestampFraction());
            assertArrayEquals(PING6, ipPacket(reader));
            assertTrue(reader.next());
            assertEquals(24 + 16 + PING6.length, reader.recordOffset());
            assertFalse(reader.next());
            assertEquals(2, reader.records());
        }
    }

    @Test
    void shouldRoundTripThroughTheWriterInBothByteOrders() throws IOException
    {
        for (final ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN})
        {
            for (final boolean nanos : new boolean[] {false, true})
            {
                final Path path = dir.resolve("rt-" + order + nanos + ".pcap");
                try (PcapWriter writer = PcapWriter.open(path, LinkType.RAW, nanos, order))
                {
                    writer.write(1_700_000_000L, 42, new UnsafeBuffer(PING), 0, PING.length);
                    final byte[] padded = concat(new byte[3], PING6);
                    writer.write(1_700_000_001L, 999_999, new UnsafeBuffer(padded), 3, PING6.length);
                }
                final byte[] bytes = Files.readAllBytes(path);
                final byte[] magic = Arrays.copyOf(bytes, 4);
                final byte[] expectedMagic = nanos ? hex("a1b23c4d") : hex("a1b2c3d4");
                if (order == ByteOrder.LITTLE_ENDIAN)
                {
                    reverse(expectedMagic);
                }
                assertArrayEquals(expectedMagic, magic);
                try (PcapReader reader = PcapReader.open(path))
                {
                    assertEquals(nanos, reader.nanosecond());
                    assertTrue(reader.next());
                    assertEquals(1_700_000_000L, reader.timestampSeconds());
                    assertEquals(42, reader.timestampFraction());
                    assertArrayEquals(PING, ipPacket(reader));
                    assertTrue(reader.next());
                    assertEquals(999_999, reader.timestampFraction());
                    assertArrayEquals(PING6, ipPacket(reader));
                    assertFalse(reader.next());
                }
            }
        }
    }

    private static void reverse(final byte[] b)
    {
        for (int i = 0; i < b.length / 2; i++)
        {
            final byte t = b[i];
            b[i] = b[b.length - 1 - i];
            b[b.length - 1 - i] = t;
        }
    }

    private static byte[] leRecord(final byte[] frame)
    {
        final byte[] h = new byte[16];
        h[8] = (byte)frame.length;
        h[9] = (byte)(frame.length >>> 8);
        h[12] = h[8];
        h[13] = h[9];
        return concat(h, frame);
    }

    @Test
    void shouldFindIpBehindEthernetAndVlanTagsAndSkipOtherEthertypes() throws IOException
    {
        final byte[] global = hex("d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000");
        final byte[] macs = hex("020000000001 020000000002");
        // IPv4 with Ethernet padding to the 60-byte minimum: the padding must not reach the translator.
        final byte[] plain = concat(macs, hex("0800"), PING, new byte[60 - 14 - PING.length]);
        final byte[] vlan = concat(macs, hex("8100 0064 86dd"), PING6);
        final byte[] qinq = concat(macs, hex("88a8 00c8 8100 0064 0800"), PING);
        final byte[] arp = concat(macs, hex("0806 0001 0800 0604 0001"), new byte[18]);
        final byte[] runt = hex("0200 0000");
        try (PcapReader reader = PcapReader.open(file("eth.pcap", concat(global, leRecord(plain), leRecord(arp),
            leRecord(vlan), leRecord(runt), leRecord(qinq)))))
        {
            assertTrue(reader.next());
            assertEquals(14, reader.ipOffset());
            assertArrayEquals(PING, ipPacket(reader));
            assertTrue(reader.next());
            assertEquals(18, reader.ipOffset());
            assertArrayEquals(PING6, ipPacket(reader));
            assertTrue(reader.next());
            assertEquals(22, reader.ipOffset());
            assertArrayEquals(PING, ipPacket(reader));
            assertFalse(reader.next());
            assertEquals(5, reader.records());
            assertEquals(2, reader.skipped());
        }
    }

    @Test
    void shouldFindIpInLinuxCookedCaptures() throws IOException
    {
        final byte[] global = hex("d4c3b2a1 0200 0400 00000000 00000000 ffff0000 71000000");
        final byte[] sll = concat(hex("0000 0001 0006 020000000001 0000 86dd"), PING6);
        try (PcapReader reader = PcapReader.open(file("sll.pcap", concat(global, leRecord(sll)))))
        {
            assertTrue(reader.next());
            assertEquals(16, reader.ipOffset());
            assertArrayEquals(PING6, ipPacket(reader));
        }
    }

    @Test
    void shouldNameTheFileAndOffsetOfATruncatedRecord() throws IOException
    {
        final byte[] global = hex("d4c3b2a1 0200 0400 00000000 00000000 ffff0000 65000000");
        final byte[] record = leRecord(PING);
        final Path path = file("cut.pcap", concat(global, record, Arrays.copyOf(record, 16 + 5)));
        try (PcapReader reader = PcapReader.open(path))
        {
            assertTrue(reader.next());
            final PcapFormatException ex = assertThrows(PcapFormatException.class, reader::next);
            final long offset = 24 + record.length + 16;
            assertEquals(path + ": at offset " + offset + ": truncated record: 5 of " + PING.length + " bytes",
                ex.getMessage());
        }
        final PcapFormatException header = assertThrows(PcapFormatException.class,
            () -> PcapReader.open(file("short.pcap", Arrays.copyOf(global, 10))));
        assertTrue(header.getMessage().contains("short.pcap: at offset 10: truncated global header"),
            header.getMessage());
        final PcapFormatException garbage = assertThrows(PcapFormatException.class,
            () -> PcapReader.open(file("junk.pcap", "hello, world, not a capture".getBytes())));
        assertTrue(garbage.getMessage().endsWith("at offset 0: not a pcap file: magic 68656c6c"),
            garbage.getMessage());
        final byte[] huge = concat(global, hex("00000000 00000000 ffffff7f ffffff7f"));
        try (PcapReader reader = PcapReader.open(file("huge.pcap", huge)))
        {
            final PcapFormatException ex = assertThrows(PcapFormatException.class, reader::next);
            assertTrue(ex.getMessage().contains("at offset 32: garbled record"), ex.getMessage());
        }
    }
}
