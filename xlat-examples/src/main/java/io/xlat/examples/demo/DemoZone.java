package io.xlat.examples.demo;

import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsMessageWriter;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A one-record authoritative zone, {@code example.}, answering in process what the DNS64 resolver would ask an
 * upstream server: {@code ipv4only.example.} has an A record and no AAAA, so an AAAA query gets NODATA (NOERROR, no
 * answer, the SOA in the authority section for negative caching, RFC 2308 2.2) and any other name NXDOMAIN.
 */
final class DemoZone
{
    /** TTL of the A record. */
    static final int A_TTL = 300;
    /** SOA MINIMUM, the negative-caching TTL (RFC 2308 4). */
    static final int SOA_MINIMUM = 60;

    private final DnsMessageReader reader = new DnsMessageReader();
    private final DnsMessageWriter writer = new DnsMessageWriter();
    private final UnsafeBuffer hostName = new UnsafeBuffer(DnsName.encode(DemoAddresses.SERVER_NAME));
    private final UnsafeBuffer apexName = new UnsafeBuffer(DnsName.encode(DemoAddresses.ZONE));
    private final UnsafeBuffer mname = new UnsafeBuffer(DnsName.encode("ns." + DemoAddresses.ZONE));
    private final UnsafeBuffer rname = new UnsafeBuffer(DnsName.encode("hostmaster." + DemoAddresses.ZONE));
    private final int address;

    /**
     * Creates the zone.
     *
     * @param address the A record's address.
     */
    DemoZone(final int address)
    {
        this.address = address;
    }

    /**
     * Answers a query.
     *
     * @param query       holding the query.
     * @param offset      of the query.
     * @param length      of the query.
     * @param out         where to write the response.
     * @param outOffset   of the response.
     * @param capacity    bytes available.
     * @return the response length, or a negative code when the query is malformed or the response does not fit.
     */
    int answer(
        final DirectBuffer query,
        final int offset,
        final int length,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        if (reader.wrap(query, offset, length) < 0 || reader.count(DnsMessageReader.QUESTION) != 1)
        {
            return -1;
        }
        final int start = reader.start();
        final int end = reader.end();
        final int qname = reader.questionNameOffset();
        final int qtype = reader.questionType();
        final boolean isHost = DnsName.equalsIgnoreCase(query, start, end, qname, hostName);
        final boolean isApex = DnsName.equalsIgnoreCase(query, start, end, qname, apexName);
        final int rcode = isHost || isApex ? DnsHeader.RCODE_NOERROR : DnsHeader.RCODE_NXDOMAIN;
        writer.wrap(out, outOffset, capacity);
        writer.header(reader.id(), DnsHeader.QR_FLAG | DnsHeader.AA_FLAG | DnsHeader.RA_FLAG |
            (reader.flags() & DnsHeader.RD_FLAG) | rcode);
        writer.question(query, start, end, qname, qtype, reader.questionClass());
        if (isHost && qtype == DnsRecordType.A && reader.questionClass() == DnsRecordType.CLASS_IN)
        {
            writer.beginRecord(DnsMessageReader.ANSWER, query, start, end, qname, DnsRecordType.A,
                DnsRecordType.CLASS_IN, A_TTL);
            writer.putA(address);
            writer.endRecord();
        }
        else
        {
            writer.beginRecord(DnsMessageReader.AUTHORITY, apexName, 0, apexName.capacity(), 0, DnsRecordType.SOA,
                DnsRecordType.CLASS_IN, 3600);
            writer.putName(mname, 0, mname.capacity(), 0, true);
            writer.putName(rname, 0, rname.capacity(), 0, true);
            writer.putInt(2024010101);
            writer.putInt(7200);
            writer.putInt(900);
            writer.putInt(1209600);
            writer.putInt(SOA_MINIMUM);
            writer.endRecord();
        }
        if (reader.hasOpt())
        {
            writer.opt(1232, 0, 0, reader.dnssecOk());
        }
        return writer.length();
    }
}
