package io.xlat.dns64.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.dns64.testing.WireBuilder;

class DnsCodecPropertyTest
{
    private final DnsMessageReader reader = new DnsMessageReader();
    private final DnsMessageWriter writer = new DnsMessageWriter();

    @Property(tries = 2000)
    void arbitraryBytesNeverThrowAndGiveACountOrAnError(@ForAll @Size(max = 300) final byte[] data)
    {
        exercise(new UnsafeBuffer(data), data.length);
    }

    @Property(tries = 2000)
    void mutatedResponsesNeverThrow(
        @ForAll @IntRange(max = 200) final int position,
        @ForAll final byte value,
        @ForAll @IntRange(max = 200) final int cut)
    {
        final byte[] m = WireBuilder.header(1, 0x8180, 1, 2, 1, 1).question("www.example.com", 28, 1)
            .raw(0xC0, 12).u16(5).u16(1).u32(300).u16(7).raw(4, 'h', 'o', 's', 't', 0xC0, 16)
            .raw(0xC0, 45).u16(1).u16(1).u32(60).u16(4).raw(192, 0, 2, 1)
            .soa("example.com", 3600, 900).opt(1232, 0, true).bytes();
        m[position % m.length] = value;
        final int length = m.length - cut % (m.length + 1);
        exercise(new UnsafeBuffer(java.util.Arrays.copyOf(m, length)), length);
    }

    private void exercise(final UnsafeBuffer buffer, final int length)
    {
        final int result = reader.wrap(buffer, 0, length);
        if (result < 0)
        {
            assertTrue(DnsError.isMalformed(result), DnsError.label(result));
            return;
        }
        int seen = 0;
        while (reader.next())
        {
            seen++;
            final int end = reader.end();
            assertTrue(DnsName.uncompressedLength(buffer, 0, end, reader.nameOffset()) > 0);
            if (reader.section() != DnsMessageReader.QUESTION)
            {
                reader.ttl();
                final int type = reader.type();
                if (type == DnsRecordType.SOA)
                {
                    reader.soaMinimum();
                }
                else if (type == DnsRecordType.A)
                {
                    reader.a();
                }
                else if (type == DnsRecordType.CNAME || type == DnsRecordType.PTR)
                {
                    assertTrue(DnsName.skip(buffer, 0, end, reader.rdataNameOffset()) > 0);
                }
            }
        }
        assertEquals(result, seen);
        reader.rcode();
        reader.dnssecOk();
    }

    @Provide
    Arbitrary<String> names()
    {
        final Arbitrary<String> label = Arbitraries.of("a", "b", "www", "example", "com", "net", "x1", "mail");
        return label.list().ofMinSize(0).ofMaxSize(5).map(l -> l.isEmpty() ? "." : String.join(".", l));
    }

    record Rr(String name, int type, int ttl, String target, int ipv4)
    {
    }

    @Provide
    Arbitrary<List<Rr>> records()
    {
        final Arbitrary<Rr> rr = Combinators.combine(names(), Arbitraries.of(1, 5, 12, 28, 16),
            Arbitraries.integers().between(0, Integer.MAX_VALUE), names(), Arbitraries.integers())
            .as(Rr::new);
        return rr.list().ofMaxSize(12);
    }

    @Property(tries = 500)
    void writtenMessagesReadBackIdenticallyWithCompression(
        @ForAll("names") final String qname, @ForAll("records") final List<Rr> records)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[8192]);
        writer.wrap(out, 0, out.capacity());
        writer.header(0xABCD, 0x8180);
        final UnsafeBuffer q = new UnsafeBuffer(DnsName.encode(qname));
        writer.question(q, 28, 1);
        for (final Rr r : records)
        {
            final UnsafeBuffer owner = new UnsafeBuffer(DnsName.encode(r.name()));
            writer.beginRecord(DnsMessageReader.ANSWER, owner, 0, owner.capacity(), 0, r.type(), 1, r.ttl());
            if (r.type() == 5 || r.type() == 12)
            {
                final UnsafeBuffer target = new UnsafeBuffer(DnsName.encode(r.target()));
                writer.putName(target, 0, target.capacity(), 0, true);
            }
            else if (r.type() == 1)
            {
                writer.putA(r.ipv4());
            }
            else if (r.type() == 28)
            {
                writer.putAaaa(r.ipv4(), ~r.ipv4());
            }
            else
            {
                writer.putBytes(q, 0, q.capacity());
            }
            writer.endRecord();
        }
        final int length = writer.length();
        assertTrue(length > 0);
        int uncompressed = 12 + q.capacity() + 4;
        for (final Rr r : records)
        {
            uncompressed += DnsName.encode(r.name()).length + 10 + (r.type() == 1 ? 4 : r.type() == 28 ? 16 :
                r.type() == 16 ? q.capacity() : DnsName.encode(r.target()).length);
        }
        assertTrue(length <= uncompressed);

        assertEquals(1 + records.size(), reader.wrap(out, 0, length));
        reader.next();
        assertEquals(dotted(qname), DnsName.toString(out, 0, length, reader.nameOffset()));
        for (final Rr r : records)
        {
            assertTrue(reader.next());
            assertEquals(dotted(r.name()), DnsName.toString(out, 0, length, reader.nameOffset()));
            assertEquals(r.type(), reader.type());
            assertEquals(r.ttl(), reader.ttl());
            if (r.type() == 5 || r.type() == 12)
            {
                assertEquals(dotted(r.target()), DnsName.toString(out, 0, length, reader.rdataNameOffset()));
            }
            else if (r.type() == 1)
            {
                assertEquals(r.ipv4(), reader.a());
            }
            else if (r.type() == 28)
            {
                assertEquals((long)r.ipv4(), reader.aaaaHigh());
                assertEquals(~(long)r.ipv4(), reader.aaaaLow());
            }
        }
    }

    private static String dotted(final String name)
    {
        return ".".equals(name) ? "." : name + ".";
    }
}
