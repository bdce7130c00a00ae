package io.xlat.dns64.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.dns64.testing.WireBuilder;

class DnsMessageWriterTest
{
    private static final byte CANARY = (byte)0xA5;
    private final DnsMessageWriter writer = new DnsMessageWriter();
    private final DnsMessageReader reader = new DnsMessageReader();

    private static UnsafeBuffer name(final String dotted)
    {
        return new UnsafeBuffer(WireBuilder.encode(dotted));
    }

    @Test
    void shouldCompressNamesAsTheRfc1035Example()
    {
        // RFC 1035 4.1.4: F.ISI.ARPA at 20, FOO.F.ISI.ARPA as FOO + pointer to 20, ARPA as a pointer to 26.
        // Here the header is 12 bytes, so F.ISI.ARPA starts at 12.
        final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
        writer.wrap(out, 0, 512);
        writer.header(1, 0x8000);
        writer.question(name("F.ISI.ARPA"), 1, 1);
        writer.beginRecord(DnsMessageReader.ANSWER, name("FOO.F.ISI.ARPA"), 0, 16, 0, 1, 1, 60);
        writer.putA(0x0A000001);
        writer.endRecord();
        writer.beginRecord(DnsMessageReader.ANSWER, name("arpa"), 0, 6, 0, 1, 1, 60);
        writer.putA(0x0A000002);
        writer.endRecord();
        final byte[] expected = WireBuilder.header(1, 0x8000, 1, 2, 0, 0)
            .name("F.ISI.ARPA").u16(1).u16(1)
            .raw(3, 'F', 'O', 'O', 0xC0, 12).u16(1).u16(1).u32(60).u16(4).raw(10, 0, 0, 1)
            .raw(0xC0, 18).u16(1).u16(1).u32(60).u16(4).raw(10, 0, 0, 2)
            .bytes();
        assertEquals(expected.length, writer.length());
        assertArrayEquals(expected, Arrays.copyOf(out.byteArray(), writer.length()));
    }

    @Test
    void shouldCopyRecordsDecompressingNamesFromTheSourceMessage()
    {
        final UnsafeBuffer src = WireBuilder.header(9, 0x8180, 1, 2, 0, 0)
            .question("www.example.com", 28, 1)
            .raw(0xC0, 12).u16(5).u16(1).u32(300).u16(7).raw(4, 'h', 'o', 's', 't', 0xC0, 16)
            .raw(0xC0, 45).u16(1).u16(1).u32(60).u16(4).raw(192, 0, 2, 1)
            .buffer();
        assertEquals(3, reader.wrap(src, 0, src.capacity()));
        final byte[] window = new byte[300];
        Arrays.fill(window, CANARY);
        final UnsafeBuffer out = new UnsafeBuffer(window);
        writer.wrap(out, 10, 200);
        writer.header(9, 0x8180);
        reader.next();
        writer.question(src, 0, src.capacity(), reader.nameOffset(), reader.type(), reader.dnsClass());
        while (reader.next())
        {
            writer.copyRecord(reader, reader.section());
        }
        final int length = writer.length();
        assertTrue(length > 0);
        for (int i = 0; i < 10; i++)
        {
            assertEquals(CANARY, window[i]);
        }
        for (int i = 10 + length; i < window.length; i++)
        {
            assertEquals(CANARY, window[i]);
        }
        final DnsMessageReader again = new DnsMessageReader();
        assertEquals(3, again.wrap(out, 10, length));
        again.next();
        again.next();
        assertEquals("www.example.com.", DnsName.toString(out, 10, 10 + length, again.nameOffset()));
        assertEquals("host.example.com.", DnsName.toString(out, 10, 10 + length, again.rdataNameOffset()));
        again.next();
        assertEquals("host.example.com.", DnsName.toString(out, 10, 10 + length, again.nameOffset()));
        assertEquals(0xC0000201, again.a());
    }

    @Test
    void shouldReportOutputTooSmallAndKeepTheFirstError()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[20]);
        writer.wrap(out, 0, 20);
        writer.header(1, 0);
        assertEquals(DnsError.OUTPUT_TOO_SMALL, writer.question(name("www.example.com"), 1, 1));
        assertEquals(DnsError.OUTPUT_TOO_SMALL, writer.opt(512, 0, 0, false));
        assertEquals(DnsError.OUTPUT_TOO_SMALL, writer.length());
    }

    @Test
    void shouldRefuseSectionsOutOfOrder()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[200]);
        writer.wrap(out, 0, 200);
        writer.header(1, 0);
        writer.opt(512, 0, 0, false);
        assertThrows(IllegalStateException.class,
            () -> writer.beginRecord(DnsMessageReader.ANSWER, name("a"), 0, 3, 0, 1, 1, 1));
    }

    @Test
    void shouldWriteAnOptRecordAsRfc6891Lays()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[23]);
        writer.wrap(out, 0, 23);
        writer.header(1, 0x8000);
        assertEquals(23, writer.opt(1232, 0x123, 0, true));
        final byte[] expected = WireBuilder.header(1, 0x8000 | 0x3, 0, 0, 0, 1).opt(1232, 0x12, true).bytes();
        expected[3] = 0; // the writer leaves the header RCODE to the caller's flags
        assertArrayEquals(expected, out.byteArray());
    }
}
