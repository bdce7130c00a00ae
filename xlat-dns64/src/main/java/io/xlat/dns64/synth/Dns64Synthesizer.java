package io.xlat.dns64.synth;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.core.addr.Ipv4Classification;
import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.Rfc6052;
import io.xlat.dns64.codec.DnsError;
import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsMessageWriter;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;

/**
 * DNS64 (RFC 6147 section 5) for a forwarding server: decides what a client query needs and writes the response
 * to send from the upstream responses, into a caller-provided buffer, without allocation.
 * <p>
 * The flow the server drives (every method takes the client query again, so one synthesizer serves many queries in
 * flight; it holds no state between calls):
 * <pre>
 *   int d = decide(query)                       (after checking servesClient(clientAddress): else FORWARD)
 *   d &lt; 0         : malformed query -&gt; writeErrorResponse(query, FORMERR) (or drop when it returns &lt; 0)
 *   FORWARD       : forward the query upstream, relay the response (no DNS64)
 *   RESOLVE_AAAA  : forward the AAAA query; with its response (or null on timeout, 5.1.3):
 *       int n = afterAaaa(query, aaaaResponse)
 *       RELAY        : send the upstream response (ID set back to the client's)
 *       FILTER       : len = synthesize(query, aaaaResponse, null, out)      (5.1.4, drops excluded AAAA)
 *       NEED_A       : writeAQuery(query, id, out); resolve it, then
 *                      len = synthesize(query, aaaaResponse, aResponse, out) (5.1.6, 5.1.7, 5.4)
 *       n &lt; 0        : upstream garbage -&gt; SERVFAIL; UPSTREAM_TRUNCATED -&gt; retry over TCP first
 *   RESOLVE_PTR   : writePtrQuery(query, id, out); resolve the in-addr.arpa PTR, then
 *                   len = synthesizePtr(query, ptrResponse, out)              (5.3.1, second option)
 * </pre>
 * Responses written: the client's ID and question (case kept), QR, the client's OPCODE, RD and CD, RA from upstream,
 * AA clear, AD clear (RFC 6147 5.5: this server does not validate, so it never claims authentic data), the RCODE of
 * the response used as the basis; answer as 5.1.5-5.1.7 say; authority and additional copied from the basis
 * (5.3.2, 5.4) minus its OPT; RRSIG/NSEC/NSEC3 removed when the client did not set DO (RFC 3225 3); an OPT record
 * when the client sent one, with the client's DO bit. When the response does not fit the output window it is cut
 * to header + question (+ OPT) with TC set (RFC 1035 4.1.1, RFC 6147 5.4).
 * <p>
 * One instance per thread (it owns reusable flyweights).
 */
public final class Dns64Synthesizer
{
    /** {@link #decide}: not a DNS64 matter; forward upstream and relay the answer unchanged. */
    public static final int FORWARD = 0;
    /** {@link #decide}: an AAAA query for DNS64; resolve AAAA upstream, then call {@link #afterAaaa}. */
    public static final int RESOLVE_AAAA = 1;
    /** {@link #decide}: a PTR query under a Pref64::/n; call {@link #writePtrQuery}, then {@link #synthesizePtr}. */
    public static final int RESOLVE_PTR = 2;
    /** {@link #afterAaaa}: send the upstream AAAA response as it is (real AAAA data, or NXDOMAIN). */
    public static final int RELAY = 3;
    /** {@link #afterAaaa}: resolve A for the same name ({@link #writeAQuery}), then {@link #synthesize}. */
    public static final int NEED_A = 4;
    /** {@link #afterAaaa}: call {@link #synthesize} without an A response to drop excluded AAAA records. */
    public static final int FILTER = 5;

    /** Most CNAME links followed to find the end of a chain. */
    public static final int MAX_CNAME_HOPS = 16;

    private static final int MODE_FILTER = 0;
    private static final int MODE_SYNTHESIZE = 1;
    private static final int MODE_BASIS_ONLY = 2;
    private static final int MODE_PTR = 3;

    private final Dns64Config config;
    private final DnsMessageReader query = new DnsMessageReader();
    private final DnsMessageReader upstream = new DnsMessageReader();
    private final DnsMessageReader basis = new DnsMessageReader();
    private final DnsMessageWriter writer = new DnsMessageWriter();
    private final UnsafeBuffer nameScratch = new UnsafeBuffer(new byte[DnsName.MAX_LENGTH + 1]);
    private final UnsafeBuffer inAddrName = new UnsafeBuffer(new byte[ReverseNames.MAX_IN_ADDR_NAME_LENGTH]);
    private final long[] address = new long[2];
    private int inAddrLength;

    /**
     * Creates a synthesizer.
     *
     * @param config prefixes and address sets.
     */
    public Dns64Synthesizer(final Dns64Config config)
    {
        this.config = config;
    }

    /**
     * The configuration.
     *
     * @return the configuration given at construction.
     */
    public Dns64Config config()
    {
        return config;
    }

    /**
     * Whether an IPv4 client gets DNS64 (BIND9 {@code clients}); when not, the server just forwards.
     *
     * @param ipv4 the client address.
     * @return true when the {@code clients} list accepts it.
     */
    public boolean servesClient(final int ipv4)
    {
        return config.clients().matches(ipv4);
    }

    /**
     * Whether an IPv6 client gets DNS64 (BIND9 {@code clients}).
     *
     * @param high bytes 0..7 of the client address.
     * @param low  bytes 8..15 of the client address.
     * @return true when the {@code clients} list accepts it.
     */
    public boolean servesClient(final long high, final long low)
    {
        return config.clients().matches(high, low);
    }

    /**
     * Decides what a client query needs.
     *
     * @param buffer holding the query.
     * @param offset of the query.
     * @param length of the query.
     * @return {@link #FORWARD}, {@link #RESOLVE_AAAA}, {@link #RESOLVE_PTR}, or a negative {@link DnsError} code
     * (malformed: answer FORMERR with {@link #writeErrorResponse}).
     */
    public int decide(final DirectBuffer buffer, final int offset, final int length)
    {
        final int result = query.wrap(buffer, offset, length);
        if (result < 0)
        {
            return result;
        }
        final int flags = query.flags();
        if ((flags & DnsHeader.QR_FLAG) != 0)
        {
            return DnsError.WRONG_DIRECTION;
        }
        if (DnsHeader.opcode(flags) != DnsHeader.OPCODE_QUERY || query.count(DnsMessageReader.QUESTION) != 1)
        {
            return FORWARD;
        }
        // RFC 6147 5.1: other classes behave as though no DNS64 were configured.
        if (query.questionClass() != DnsRecordType.CLASS_IN)
        {
            return FORWARD;
        }
        // RFC 6147 5.5 item 3: CD and DO set -> no synthesis; the client validates and synthesizes itself.
        if ((flags & DnsHeader.CD_FLAG) != 0 && query.dnssecOk())
        {
            return FORWARD;
        }
        final int type = query.questionType();
        if (type == DnsRecordType.AAAA)
        {
            return RESOLVE_AAAA;
        }
        if (type == DnsRecordType.PTR && ptrPrefixIndex() >= 0)
        {
            return RESOLVE_PTR;
        }
        return FORWARD;
    }

    /**
     * Classifies the upstream response to the AAAA query (RFC 6147 5.1.1-5.1.4).
     *
     * @param queryBuffer  holding the client query.
     * @param queryOffset  of the client query.
     * @param queryLength  of the client query.
     * @param aaaaBuffer   holding the upstream AAAA response, or null when it timed out (treated as SERVFAIL,
     *                     5.1.3, hence as an empty answer, 5.1.2).
     * @param aaaaOffset   of the response.
     * @param aaaaLength   of the response.
     * @return {@link #RELAY}, {@link #NEED_A}, {@link #FILTER}, or a negative {@link DnsError} code.
     */
    public int afterAaaa(
        final DirectBuffer queryBuffer,
        final int queryOffset,
        final int queryLength,
        final DirectBuffer aaaaBuffer,
        final int aaaaOffset,
        final int aaaaLength)
    {
        final int q = wrapQuery(queryBuffer, queryOffset, queryLength);
        if (q < 0)
        {
            return q;
        }
        if (null == aaaaBuffer)
        {
            return NEED_A;
        }
        final int r = wrapAaaa(aaaaBuffer, aaaaOffset, aaaaLength);
        if (r < 0)
        {
            return r;
        }
        final int rcode = upstream.rcode();
        // 5.1.2: NXDOMAIN goes back as it is; any other error counts as an empty answer.
        if (rcode == DnsHeader.RCODE_NXDOMAIN)
        {
            return RELAY;
        }
        if (rcode != DnsHeader.RCODE_NOERROR)
        {
            return NEED_A;
        }
        final int chainEnd = chainEnd(upstream);
        int usable = 0;
        int excluded = 0;
        upstream.rewind();
        while (upstream.next())
        {
            if (isAnswerIn(upstream, DnsRecordType.AAAA))
            {
                if (config.exclude().matches(upstream.aaaaHigh(), upstream.aaaaLow()))
                {
                    excluded++;
                }
                else if (sameName(upstream, upstream.nameOffset(), chainEnd))
                {
                    usable++;
                }
            }
        }
        // 5.1.1: real AAAA data wins; 5.1.4: only excluded AAAA data counts as an empty answer.
        if (usable == 0)
        {
            return NEED_A;
        }
        return excluded == 0 ? RELAY : FILTER;
    }

    /**
     * Writes the upstream A query for the client's QNAME: RD and CD as the client set them, and always an OPT record
     * advertising {@link Dns64Config#ednsUdpSize()} (with the client's DO bit).
     *
     * @param queryBuffer holding the client query.
     * @param queryOffset of the client query.
     * @param queryLength of the client query.
     * @param id          the upstream query ID (randomized by the caller).
     * @param out         where to write.
     * @param outOffset   of the first byte.
     * @param capacity    bytes available.
     * @return the query length, or a negative {@link DnsError} code.
     */
    public int writeAQuery(
        final DirectBuffer queryBuffer,
        final int queryOffset,
        final int queryLength,
        final int id,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        final int q = wrapQuery(queryBuffer, queryOffset, queryLength);
        return q < 0 ? q : writeUpstreamQuery(id, query.buffer(), query.start(), query.end(),
            query.questionNameOffset(), DnsRecordType.A, out, outOffset, capacity);
    }

    /**
     * Writes the response to an AAAA query after {@link #afterAaaa} said {@link #FILTER} or {@link #NEED_A}.
     * <ul>
     *     <li>without an A response: the AAAA response without the excluded AAAA records (5.1.4);</li>
     *     <li>with an A response that has A records for the end of its CNAME chain (and some {@code mapped}):
     *     the CNAME/DNAME chain, then one AAAA per A record per prefix (5.1.5, 5.1.7) with TTL
     *     {@code min(A TTL, negative TTL of the AAAA response)} where the negative TTL is
     *     {@code min(SOA TTL, SOA MINIMUM)} of the SOA in its authority section (RFC 2308 5), or the configured
     *     600 s when there is none (5.1.7); authority and additional from the A response (5.4);</li>
     *     <li>with an A response that is an error or has nothing to synthesize: that response is the basis (5.1.6):
     *     its RCODE, its CNAME chain, its authority and additional.</li>
     * </ul>
     *
     * @param queryBuffer holding the client query.
     * @param queryOffset of the client query.
     * @param queryLength of the client query.
     * @param aaaaBuffer  holding the upstream AAAA response, or null when it timed out.
     * @param aaaaOffset  of the AAAA response.
     * @param aaaaLength  of the AAAA response.
     * @param aBuffer     holding the upstream A response, or null to filter the AAAA response only.
     * @param aOffset     of the A response.
     * @param aLength     of the A response.
     * @param out         where to write the response.
     * @param outOffset   of the first byte.
     * @param capacity    bytes available (the client's UDP payload size, or 65535 over TCP).
     * @return the response length, or a negative {@link DnsError} code (answer SERVFAIL).
     */
    public int synthesize(
        final DirectBuffer queryBuffer,
        final int queryOffset,
        final int queryLength,
        final DirectBuffer aaaaBuffer,
        final int aaaaOffset,
        final int aaaaLength,
        final DirectBuffer aBuffer,
        final int aOffset,
        final int aLength,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        final int q = wrapQuery(queryBuffer, queryOffset, queryLength);
        if (q < 0)
        {
            return q;
        }
        if (null != aaaaBuffer)
        {
            final int r = wrapAaaa(aaaaBuffer, aaaaOffset, aaaaLength);
            if (r < 0)
            {
                return r;
            }
        }
        if (null == aBuffer)
        {
            if (null == aaaaBuffer)
            {
                throw new IllegalArgumentException("synthesize needs an AAAA response, an A response or both");
            }
            return assemble(upstream, MODE_FILTER, 0, out, outOffset, capacity);
        }
        final int r = wrapResponse(basis, aBuffer, aOffset, aLength, DnsRecordType.A, false);
        if (r < 0)
        {
            return r;
        }
        final int ttlCap = null == aaaaBuffer ? config.noSoaTtl() : negativeTtl(upstream);
        final boolean synthesizable = basis.rcode() == DnsHeader.RCODE_NOERROR && countSynthesizable(basis) > 0;
        return assemble(basis, synthesizable ? MODE_SYNTHESIZE : MODE_BASIS_ONLY, ttlCap, out, outOffset, capacity);
    }

    /**
     * Writes the in-addr.arpa name that a PTR query under a Pref64::/n maps to (RFC 6147 5.3.1), uncompressed.
     *
     * @param queryBuffer holding the client query.
     * @param queryOffset of the client query.
     * @param queryLength of the client query.
     * @param out         where to write; needs {@link ReverseNames#MAX_IN_ADDR_NAME_LENGTH} bytes.
     * @param outOffset   of the first byte.
     * @return the name length, or a negative {@link DnsError} code ({@link DnsError#NOT_APPLICABLE} when the query
     * is not such a PTR query).
     */
    public int ptrTarget(
        final DirectBuffer queryBuffer,
        final int queryOffset,
        final int queryLength,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        final int r = preparePtr(queryBuffer, queryOffset, queryLength);
        if (r < 0)
        {
            return r;
        }
        out.putBytes(outOffset, inAddrName, 0, inAddrLength);
        return inAddrLength;
    }

    /**
     * Writes the upstream PTR query for the in-addr.arpa name of a PTR query under a Pref64::/n.
     *
     * @param queryBuffer holding the client query.
     * @param queryOffset of the client query.
     * @param queryLength of the client query.
     * @param id          the upstream query ID.
     * @param out         where to write.
     * @param outOffset   of the first byte.
     * @param capacity    bytes available.
     * @return the query length, or a negative {@link DnsError} code.
     */
    public int writePtrQuery(
        final DirectBuffer queryBuffer,
        final int queryOffset,
        final int queryLength,
        final int id,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        final int r = preparePtr(queryBuffer, queryOffset, queryLength);
        return r < 0 ? r : writeUpstreamQuery(id, inAddrName, 0, inAddrLength, 0, DnsRecordType.PTR, out, outOffset,
            capacity);
    }

    /**
     * Writes the response to a PTR query under a Pref64::/n (RFC 6147 5.3.1, second option): a CNAME from the
     * client's ip6.arpa name to the in-addr.arpa name, then the upstream answer for the in-addr.arpa name (its PTR
     * records, or its error RCODE, RFC 6604), its authority and additional sections. The CNAME TTL is the smallest
     * TTL in that answer, else the negative TTL of its SOA, else the configured 600 s.
     *
     * @param queryBuffer holding the client query.
     * @param queryOffset of the client query.
     * @param queryLength of the client query.
     * @param ptrBuffer   holding the upstream response to {@link #writePtrQuery}.
     * @param ptrOffset   of that response.
     * @param ptrLength   of that response.
     * @param out         where to write the response.
     * @param outOffset   of the first byte.
     * @param capacity    bytes available.
     * @return the response length, or a negative {@link DnsError} code.
     */
    public int synthesizePtr(
        final DirectBuffer queryBuffer,
        final int queryOffset,
        final int queryLength,
        final DirectBuffer ptrBuffer,
        final int ptrOffset,
        final int ptrLength,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        final int r = preparePtr(queryBuffer, queryOffset, queryLength);
        if (r < 0)
        {
            return r;
        }
        final int p = wrapResponse(basis, ptrBuffer, ptrOffset, ptrLength, DnsRecordType.PTR, true);
        if (p < 0)
        {
            return p;
        }
        return assemble(basis, MODE_PTR, ptrCnameTtl(basis), out, outOffset, capacity);
    }

    /**
     * Writes an error response (FORMERR, SERVFAIL, REFUSED, ...) to a query: its ID, OPCODE and RD, QR set, the
     * question copied when the query can be read (none otherwise), an OPT when the query had a readable one.
     *
     * @param queryBuffer holding the query.
     * @param queryOffset of the query.
     * @param queryLength of the query.
     * @param rcode       the RCODE (0..15).
     * @param out         where to write.
     * @param outOffset   of the first byte.
     * @param capacity    bytes available.
     * @return the response length, or a negative {@link DnsError} code when not even a header could be read (drop
     * the query silently).
     */
    public int writeErrorResponse(
        final DirectBuffer queryBuffer,
        final int queryOffset,
        final int queryLength,
        final int rcode,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        if (queryLength < DnsHeader.LENGTH)
        {
            return DnsError.TRUNCATED_HEADER;
        }
        final boolean readable = query.wrap(queryBuffer, queryOffset, queryLength) >= 0;
        final DnsMessageWriter w = writer.wrap(out, outOffset, capacity);
        w.header(DnsHeader.id(queryBuffer, queryOffset),
            responseFlags(DnsHeader.flags(queryBuffer, queryOffset), DnsHeader.RA_FLAG, rcode));
        if (!readable)
        {
            return w.length();
        }
        if (query.count(DnsMessageReader.QUESTION) == 1)
        {
            writeClientQuestion(w);
        }
        return finishResponse(w, rcode);
    }

    private int wrapQuery(final DirectBuffer buffer, final int offset, final int length)
    {
        final int result = query.wrap(buffer, offset, length);
        if (result < 0)
        {
            return result;
        }
        if (query.isResponse())
        {
            return DnsError.WRONG_DIRECTION;
        }
        return query.count(DnsMessageReader.QUESTION) == 1 ? 0 : DnsError.BAD_QUESTION_COUNT;
    }

    private int wrapResponse(
        final DnsMessageReader reader,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int expectedType,
        final boolean inAddrQuestion)
    {
        final int result = reader.wrap(buffer, offset, length);
        if (result < 0)
        {
            return result;
        }
        if (!reader.isResponse())
        {
            return DnsError.WRONG_DIRECTION;
        }
        if ((reader.flags() & DnsHeader.TC_FLAG) != 0)
        {
            return DnsError.UPSTREAM_TRUNCATED;
        }
        if (reader.count(DnsMessageReader.QUESTION) != 1 || reader.questionType() != expectedType ||
            reader.questionClass() != DnsRecordType.CLASS_IN)
        {
            return DnsError.QUESTION_MISMATCH;
        }
        final boolean same = inAddrQuestion ?
            questionNameIs(reader, inAddrName, 0, inAddrLength, 0) :
            questionNameIs(reader, query.buffer(), query.start(), query.end(), query.questionNameOffset());
        return same ? 0 : DnsError.QUESTION_MISMATCH;
    }

    private int wrapAaaa(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrapResponse(upstream, buffer, offset, length, DnsRecordType.AAAA, false);
    }

    private static boolean questionNameIs(
        final DnsMessageReader reader,
        final DirectBuffer nameBuffer,
        final int nameStart,
        final int nameEnd,
        final int nameOffset)
    {
        return DnsName.equalsIgnoreCase(reader.buffer(), reader.start(), reader.end(), reader.questionNameOffset(),
            nameBuffer, nameStart, nameEnd, nameOffset);
    }

    private int writeUpstreamQuery(
        final int id,
        final DirectBuffer nameBuffer,
        final int nameStart,
        final int nameEnd,
        final int nameOffset,
        final int type,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        final DnsMessageWriter w = writer.wrap(out, outOffset, capacity);
        w.header(id, query.flags() & (DnsHeader.RD_FLAG | DnsHeader.CD_FLAG));
        w.question(nameBuffer, nameStart, nameEnd, nameOffset, type, DnsRecordType.CLASS_IN);
        // RFC 6891 6.2.3/7: always advertise our UDP size upstream (the OPT of the answer is never copied to the
        // client; the response gets its own OPT only when the client sent one), with the client's DO bit.
        w.opt(config.ednsUdpSize(), 0, 0, query.hasOpt() && query.dnssecOk());
        return w.length();
    }

    /**
     * Parses the client's ip6.arpa QNAME and returns the index of the first prefix containing its address, or -1.
     * Leaves the address in {@link #address}. The query must be wrapped.
     */
    private int ptrPrefixIndex()
    {
        final int length = DnsName.expand(query.buffer(), query.start(), query.end(), query.questionNameOffset(),
            nameScratch, 0);
        if (length < 0 || !ReverseNames.parseIp6Arpa(nameScratch, 0, length, address))
        {
            return -1;
        }
        final int n = config.prefixCount();
        for (int i = 0; i < n; i++)
        {
            if (config.prefix(i).contains(address[0], address[1]))
            {
                return i;
            }
        }
        return -1;
    }

    private int preparePtr(final DirectBuffer buffer, final int offset, final int length)
    {
        final int q = wrapQuery(buffer, offset, length);
        if (q < 0)
        {
            return q;
        }
        if (query.questionType() != DnsRecordType.PTR || query.questionClass() != DnsRecordType.CLASS_IN)
        {
            return DnsError.NOT_APPLICABLE;
        }
        final int index = ptrPrefixIndex();
        if (index < 0)
        {
            return DnsError.NOT_APPLICABLE;
        }
        final int ipv4 = Rfc6052.extract(address[0], address[1], config.prefixLength(index));
        inAddrLength = ReverseNames.writeInAddrArpa(ipv4, inAddrName, 0);
        return 0;
    }

    /**
     * Follows CNAME records in the answer section from the question name (RFC 6147 5.1.5) and returns the offset
     * of the last name reached. DNAME needs no separate walk: a resolver answers with the CNAME it synthesizes.
     */
    private int chainEnd(final DnsMessageReader reader)
    {
        int current = reader.questionNameOffset();
        for (int hop = 0; hop < MAX_CNAME_HOPS; hop++)
        {
            int next = -1;
            reader.rewind();
            while (reader.next())
            {
                if (reader.section() == DnsMessageReader.ANSWER && reader.type() == DnsRecordType.CNAME &&
                    sameName(reader, reader.nameOffset(), current))
                {
                    next = reader.rdataNameOffset();
                    break;
                }
            }
            if (next < 0)
            {
                break;
            }
            current = next;
        }
        return current;
    }

    private static boolean sameName(final DnsMessageReader reader, final int a, final int b)
    {
        final DirectBuffer buffer = reader.buffer();
        return a == b || DnsName.equalsIgnoreCase(buffer, reader.start(), reader.end(), a, buffer, reader.start(),
            reader.end(), b);
    }

    /**
     * The negative-caching TTL of a response: min(SOA TTL, SOA MINIMUM) of the first SOA in its authority section
     * (RFC 2308 5), or the configured cap (RFC 6147 5.1.7: 600 s) when there is none.
     */
    private int negativeTtl(final DnsMessageReader reader)
    {
        reader.rewind();
        while (reader.next())
        {
            if (reader.section() == DnsMessageReader.AUTHORITY && reader.type() == DnsRecordType.SOA)
            {
                return Math.min(reader.ttl(), reader.soaMinimum());
            }
        }
        return config.noSoaTtl();
    }

    /**
     * The TTL of the synthesized PTR CNAME: the smallest TTL in the answer, else the negative TTL (RFC 6147 5.3.1).
     */
    private int ptrCnameTtl(final DnsMessageReader reader)
    {
        int ttl = Integer.MAX_VALUE;
        reader.rewind();
        while (reader.next())
        {
            if (reader.section() == DnsMessageReader.ANSWER)
            {
                ttl = Math.min(ttl, reader.ttl());
            }
        }
        return ttl == Integer.MAX_VALUE ? negativeTtl(reader) : ttl;
    }

    private int countSynthesizable(final DnsMessageReader reader)
    {
        final int chainEnd = chainEnd(reader);
        int count = 0;
        reader.rewind();
        while (reader.next())
        {
            if (isSynthesisSource(reader, chainEnd))
            {
                final int ipv4 = reader.a();
                for (int i = 0; i < config.prefixCount(); i++)
                {
                    count += mayEmbed(ipv4, i) ? 1 : 0;
                }
            }
        }
        return count;
    }

    private boolean isSynthesisSource(final DnsMessageReader reader, final int chainEnd)
    {
        return isAnswerIn(reader, DnsRecordType.A) && sameName(reader, reader.nameOffset(), chainEnd);
    }

    private static boolean isAnswerIn(final DnsMessageReader reader, final int type)
    {
        return reader.section() == DnsMessageReader.ANSWER && reader.type() == type &&
            reader.dnsClass() == DnsRecordType.CLASS_IN;
    }

    /**
     * BIND9 {@code mapped}, and, only when {@link Dns64Config#wkpGlobalOnly()} opts in, RFC 6052 3.1: the Well-Known
     * Prefix MUST NOT represent non-global IPv4 addresses (off by default, as in BIND9 and Unbound, so that RFC 7050
     * ipv4only.arpa discovery works).
     */
    private boolean mayEmbed(final int ipv4, final int prefixIndex)
    {
        if (!config.mapped().matches(ipv4))
        {
            return false;
        }
        final boolean wellKnown = config.prefixLength(prefixIndex) == 96 &&
            config.prefixHigh(prefixIndex) == Ipv6Prefix.WELL_KNOWN.high() &&
            config.prefixLow(prefixIndex) == Ipv6Prefix.WELL_KNOWN.low();
        return !wellKnown || !config.wkpGlobalOnly() || Ipv4Classification.isGlobal(ipv4);
    }

    private int assemble(
        final DnsMessageReader src,
        final int mode,
        final int ttl,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        final int result = assembleOnce(src, mode, ttl, beginResponse(src, 0, out, outOffset, capacity));
        if (result != DnsError.OUTPUT_TOO_SMALL)
        {
            return result;
        }
        // RFC 1035 4.1.1 / RFC 6147 5.4: what does not fit is cut and TC tells the client to retry over TCP.
        final DnsMessageWriter w = beginResponse(src, DnsHeader.TC_FLAG, out, outOffset, capacity);
        return finishResponse(w, src.rcode());
    }

    /**
     * Wraps the writer and writes the response header (client ID, {@link #responseFlags} plus {@code extraFlags})
     * and the client's question.
     */
    private DnsMessageWriter beginResponse(
        final DnsMessageReader src,
        final int extraFlags,
        final MutableDirectBuffer out,
        final int outOffset,
        final int capacity)
    {
        final DnsMessageWriter w = writer.wrap(out, outOffset, capacity);
        w.header(query.id(), responseFlags(query.flags(), src.flags(), src.rcode()) | extraFlags);
        writeClientQuestion(w);
        return w;
    }

    private void writeClientQuestion(final DnsMessageWriter w)
    {
        w.question(query.buffer(), query.start(), query.end(), query.questionNameOffset(), query.questionType(),
            query.questionClass());
    }

    /**
     * Appends an OPT record when the client sent one (with the client's DO bit) and returns the response length.
     */
    private int finishResponse(final DnsMessageWriter w, final int rcode)
    {
        if (query.hasOpt())
        {
            w.opt(config.ednsUdpSize(), rcode, 0, query.dnssecOk());
        }
        return w.length();
    }

    /**
     * QR, the client's OPCODE, RD and CD, RA from {@code raSource}, and the RCODE.
     */
    private static int responseFlags(final int queryFlags, final int raSource, final int rcode)
    {
        // RFC 6147 5.5: AD is never set (no validation here); AA clear: synthesized data is not authoritative.
        return DnsHeader.QR_FLAG | (queryFlags & (DnsHeader.OPCODE_MASK | DnsHeader.RD_FLAG | DnsHeader.CD_FLAG)) |
            (raSource & DnsHeader.RA_FLAG) | (rcode & DnsHeader.RCODE_MASK);
    }

    private int assembleOnce(final DnsMessageReader src, final int mode, final int ttl, final DnsMessageWriter w)
    {
        final boolean clientDo = query.dnssecOk();
        if (mode == MODE_PTR)
        {
            w.beginRecord(DnsMessageReader.ANSWER, query.buffer(), query.start(), query.end(),
                query.questionNameOffset(), DnsRecordType.CNAME, DnsRecordType.CLASS_IN, ttl);
            w.putName(inAddrName, 0, inAddrLength, 0, true);
            w.endRecord();
        }
        final int chainEnd = mode == MODE_SYNTHESIZE ? chainEnd(src) : -1;
        src.rewind();
        while (src.next() && w.error() == 0)
        {
            final int section = src.section();
            final int type = src.type();
            if (section == DnsMessageReader.QUESTION || type == DnsRecordType.OPT ||
                (!clientDo && DnsRecordType.isDnssecProof(type)))
            {
                continue;
            }
            if (section != DnsMessageReader.ANSWER || mode == MODE_PTR)
            {
                w.copyRecord(src, section);
            }
            else if (mode == MODE_FILTER)
            {
                copyFilteredAnswer(src, w, type);
            }
            else if (type == DnsRecordType.CNAME || type == DnsRecordType.DNAME || (type == DnsRecordType.RRSIG &&
                (src.rrsigTypeCovered() == DnsRecordType.CNAME || src.rrsigTypeCovered() == DnsRecordType.DNAME)))
            {
                // 5.1.5: the chain is part of the answer.
                w.copyRecord(src, section);
            }
            else if (mode == MODE_SYNTHESIZE && isSynthesisSource(src, chainEnd))
            {
                // 5.1.6: the A records are replaced by the synthetic AAAA records.
                writeSynthetic(src, w, Math.min(src.ttl(), ttl));
            }
        }
        return finishResponse(w, src.rcode());
    }

    private void copyFilteredAnswer(final DnsMessageReader src, final DnsMessageWriter w, final int type)
    {
        // 5.1.4: excluded AAAA records MUST NOT be returned; their RRSIGs no longer cover the RRset.
        if (type == DnsRecordType.AAAA && src.dnsClass() == DnsRecordType.CLASS_IN &&
            config.exclude().matches(src.aaaaHigh(), src.aaaaLow()))
        {
            return;
        }
        if (type == DnsRecordType.RRSIG && src.rrsigTypeCovered() == DnsRecordType.AAAA)
        {
            return;
        }
        w.copyRecord(src, DnsMessageReader.ANSWER);
    }

    /**
     * RFC 6147 5.1.7: NAME from the A record, TYPE AAAA, CLASS IN, the TTL given, RDATA the RFC 6052 address; one
     * record per prefix (as BIND9 does with several dns64 prefixes).
     */
    private void writeSynthetic(final DnsMessageReader src, final DnsMessageWriter w, final int ttl)
    {
        final int ipv4 = src.a();
        final int n = config.prefixCount();
        for (int i = 0; i < n; i++)
        {
            if (mayEmbed(ipv4, i))
            {
                final int length = config.prefixLength(i);
                w.beginRecord(DnsMessageReader.ANSWER, src.buffer(), src.start(), src.end(), src.nameOffset(),
                    DnsRecordType.AAAA, DnsRecordType.CLASS_IN, ttl);
                w.putAaaa(Rfc6052.embedHigh(config.prefixHigh(i), length, ipv4),
                    Rfc6052.embedLow(config.prefixLow(i), length, ipv4));
                w.endRecord();
            }
        }
    }
}
