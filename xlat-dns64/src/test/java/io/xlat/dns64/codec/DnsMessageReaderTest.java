package io.xlat.dns64.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.xlat.dns64.testing.WireBuilder;

class DnsMessageReaderTest
{
    private final DnsMessageReader reader = new DnsMessageReader();

    @Test
    void shouldIterateEverySectionOfAResponseWithCompression()
    {
        // www.example.com AAAA? -> CNAME to host.example.com (compressed), A in answer (RD RA), SOA in authority,
        // OPT with DO and extended RCODE bits in additional.
        final UnsafeBuffer m = WireBuilder.header(0xBEEF, 0x8180, 1, 2, 1, 1)
            .question("www.example.com", 28, 1)
            .raw(0xC0, 12).u16(5).u16(1).u32(300).u16(7).raw(4, 'h', 'o', 's', 't', 0xC0, 16)
            .raw(0xC0, 45).u16(1).u16(1).u32(0xFFFF_FFFFL).u16(4).raw(192, 0, 2, 1)
            .soa("example.com", 3600, 900)
            .opt(1232, 1, true)
            .buffer();
        assertEquals(5, reader.wrap(m, 0, m.capacity()));
        assertEquals(0xBEEF, reader.id());
        assertTrue(reader.isResponse());
        assertEquals((1 << 4), reader.rcode());
        assertTrue(reader.hasOpt());
        assertTrue(reader.dnssecOk());
        assertEquals(1232, reader.optUdpPayloadSize());
        assertEquals(0, reader.optVersion());
        assertEquals(28, reader.questionType());

        assertTrue(reader.next());
        assertEquals(DnsMessageReader.QUESTION, reader.section());
        assertTrue(reader.next());
        assertEquals(DnsMessageReader.ANSWER, reader.section());
        assertEquals(DnsRecordType.CNAME, reader.type());
        assertEquals("host.example.com.", DnsName.toString(m, 0, m.capacity(), reader.rdataNameOffset()));
        assertTrue(reader.next());
        assertEquals(DnsRecordType.A, reader.type());
        assertEquals("host.example.com.", DnsName.toString(m, 0, m.capacity(), reader.nameOffset()));
        assertEquals(0xC0000201, reader.a());
        assertEquals(0, reader.ttl(), "RFC 2181 8: a TTL with the top bit set reads as 0");
        assertTrue(reader.next());
        assertEquals(DnsMessageReader.AUTHORITY, reader.section());
        assertEquals(900, reader.soaMinimum());
        assertEquals(2024010101, reader.soaSerial());
        assertTrue(reader.next());
        assertEquals(DnsMessageReader.ADDITIONAL, reader.section());
        assertEquals(DnsRecordType.OPT, reader.type());
        assertFalse(reader.next());
    }

    @Test
    void shouldReadAnAaaaRecord()
    {
        final UnsafeBuffer m = WireBuilder.header(1, 0x8180, 1, 1, 0, 0).question("h.example", 28, 1)
            .aaaa("h.example", 60, WireBuilder.v6("2001:db8::1")).buffer();
        assertEquals(2, reader.wrap(m, 0, m.capacity()));
        reader.next();
        reader.next();
        assertEquals(0x2001_0db8_0000_0000L, reader.aaaaHigh());
        assertEquals(1L, reader.aaaaLow());
        assertEquals(60, reader.ttl());
    }

    @Test
    void shouldRejectFewerThanTwelveBytes()
    {
        final UnsafeBuffer m = new UnsafeBuffer(new byte[11]);
        assertEquals(DnsError.TRUNCATED_HEADER, reader.wrap(m, 0, 11));
        assertFalse(reader.next());
    }

    @Test
    void shouldDetectCountsThatPromiseMoreThanThereIs()
    {
        final UnsafeBuffer m = WireBuilder.header(1, 0x8180, 1, 2, 0, 0).question("a.example", 1, 1)
            .a("a.example", 60, 192, 0, 2, 1).buffer();
        assertEquals(DnsError.TRUNCATED_NAME, reader.wrap(m, 0, m.capacity()));
    }

    @Test
    void shouldDetectCountsThatPromiseLessThanThereIs()
    {
        final UnsafeBuffer m = WireBuilder.header(1, 0x8180, 1, 0, 0, 0).question("a.example", 1, 1)
            .a("a.example", 60, 192, 0, 2, 1).buffer();
        assertEquals(DnsError.TRAILING_BYTES, reader.wrap(m, 0, m.capacity()));
    }

    @Test
    void shouldDetectARecordWhoseRdataRunsPastTheEnd()
    {
        final byte[] full = WireBuilder.header(1, 0x8180, 1, 1, 0, 0).question("a.example", 1, 1)
            .a("a.example", 60, 192, 0, 2, 1).bytes();
        for (int cut = 1; cut <= 14; cut++)
        {
            final UnsafeBuffer m = new UnsafeBuffer(java.util.Arrays.copyOf(full, full.length - cut));
            final int result = reader.wrap(m, 0, m.capacity());
            assertTrue(result == DnsError.TRUNCATED_RECORD || result == DnsError.TRUNCATED_NAME, "cut=" + cut);
        }
    }

    @Test
    void shouldRejectRdataOfTheWrongLengthForKnownTypes()
    {
        final UnsafeBuffer a5 = WireBuilder.header(1, 0x8180, 0, 1, 0, 0)
            .rr("a.example", 1, 60, new byte[5]).buffer();
        assertEquals(DnsError.BAD_RDATA, reader.wrap(a5, 0, a5.capacity()));
        final UnsafeBuffer aaaa4 = WireBuilder.header(1, 0x8180, 0, 1, 0, 0)
            .rr("a.example", 28, 60, new byte[4]).buffer();
        assertEquals(DnsError.BAD_RDATA, reader.wrap(aaaa4, 0, aaaa4.capacity()));
        final byte[] target = WireBuilder.encode("b.example");
        final byte[] longer = java.util.Arrays.copyOf(target, target.length + 1);
        final UnsafeBuffer cname = WireBuilder.header(1, 0x8180, 0, 1, 0, 0)
            .rr("a.example", 5, 60, longer).buffer();
        assertEquals(DnsError.BAD_RDATA, reader.wrap(cname, 0, cname.capacity()));
    }

    @Test
    void shouldRejectAnOptOutsideTheAdditionalSectionOrTwice()
    {
        final UnsafeBuffer inAnswer = WireBuilder.header(1, 0x8180, 0, 1, 0, 0).opt(512, 0, false).buffer();
        assertEquals(DnsError.BAD_OPT, reader.wrap(inAnswer, 0, inAnswer.capacity()));
        final UnsafeBuffer twice = WireBuilder.header(1, 0x8180, 0, 0, 0, 2).opt(512, 0, false)
            .opt(512, 0, false).buffer();
        assertEquals(DnsError.BAD_OPT, reader.wrap(twice, 0, twice.capacity()));
        final UnsafeBuffer badOption = WireBuilder.header(1, 0x8180, 0, 0, 0, 1).raw(0).u16(41).u16(512).u32(0)
            .u16(5).u16(10).u16(9).raw(1).buffer();
        assertEquals(DnsError.BAD_OPT, reader.wrap(badOption, 0, badOption.capacity()));
    }

    @Test
    void shouldReadAMessageAtAnOffsetInsideALargerBuffer()
    {
        final byte[] m = WireBuilder.header(7, 0, 1, 0, 0, 0).question("example", 28, 1)
            .raw(0xC0, 12).bytes();
        // A trailing pointer-only "name" is not a question, so trim it: this checks offsets, not content.
        final byte[] framed = new byte[m.length - 2 + 20];
        System.arraycopy(m, 0, framed, 10, m.length - 2);
        final UnsafeBuffer b = new UnsafeBuffer(framed);
        assertEquals(1, reader.wrap(b, 10, m.length - 2));
        assertEquals(7, reader.id());
        assertEquals(28, reader.questionType());
    }
}
