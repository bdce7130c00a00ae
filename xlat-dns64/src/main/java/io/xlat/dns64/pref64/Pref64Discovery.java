package io.xlat.dns64.pref64;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.core.addr.Rfc6052;
import io.xlat.dns64.codec.DnsError;
import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsMessageWriter;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;

/**
 * RFC 7050 discovery of the Pref64::/n a DNS64 uses: ask AAAA for {@code ipv4only.arpa} ({@link #writeQuery}), then
 * find the well-known IPv4 addresses 192.0.0.170 and 192.0.0.171 (WKAs, RFC 7050 2) embedded in the AAAA answers
 * ({@link #discover}).
 * <p>
 * For each AAAA record owned by ipv4only.arpa (or the end of its CNAME chain) every RFC 6052 2.2 position (prefix
 * lengths 32, 40, 48, 56, 64, 96) is tried; a position counts when a WKA sits there and, below /96, the u-octet
 * (bits 64..71) is zero. An address with exactly one such position gives a prefix (the address masked to that
 * length). An address with several positions is ambiguous (RFC 7050 3: the node checks the secondary WKA): a
 * position is kept only when the answer also holds the address with the other WKA at that same position and the
 * same prefix bits. AAAA records with no WKA are ignored (RFC 7050 3: "If the AAAA ... does not contain the WKA,
 * the node MUST ignore"). Distinct prefixes are collected, up to {@link #MAX_PREFIXES}, in answer order; the smallest
 * TTL of the records used tells when to ask again (RFC 7050 3.3: re-discovery on expiry).
 * <p>
 * Not implemented here: 3.1 validation through DNSSEC-signed NAT64 FQDNs (the caller can do it with the PTR flow);
 * the prefixes are as trustworthy as the resolver that gave them.
 */
public final class Pref64Discovery
{
    /** The well-known name (RFC 7050 2, RFC 8880). */
    public static final String IPV4ONLY_ARPA = "ipv4only.arpa";
    /** The primary well-known IPv4 address, 192.0.0.170. */
    public static final int WKA_PRIMARY = 0xC00000AA;
    /** The secondary well-known IPv4 address, 192.0.0.171. */
    public static final int WKA_SECONDARY = 0xC00000AB;
    /** Most distinct prefixes kept. */
    public static final int MAX_PREFIXES = 8;
    /** Most AAAA records examined. */
    public static final int MAX_ADDRESSES = 64;

    private static final int[] LENGTHS = {32, 40, 48, 56, 64, 96};
    private static final UnsafeBuffer NAME = new UnsafeBuffer(DnsName.encode(IPV4ONLY_ARPA));

    private final DnsMessageReader reader = new DnsMessageReader();
    private final DnsMessageWriter writer = new DnsMessageWriter();
    private final long[] addressHigh = new long[MAX_ADDRESSES];
    private final long[] addressLow = new long[MAX_ADDRESSES];
    private final long[] prefixHigh = new long[MAX_PREFIXES];
    private final long[] prefixLow = new long[MAX_PREFIXES];
    private final int[] prefixLength = new int[MAX_PREFIXES];
    private int prefixCount;
    private int ttl;

    /**
     * Writes the discovery query: AAAA ipv4only.arpa IN, RD set (RFC 7050 3).
     *
     * @param id       the query ID.
     * @param out      where to write.
     * @param offset   of the first byte.
     * @param capacity bytes available.
     * @return the query length, or a negative {@link DnsError} code.
     */
    public int writeQuery(final int id, final MutableDirectBuffer out, final int offset, final int capacity)
    {
        final DnsMessageWriter w = writer.wrap(out, offset, capacity);
        w.header(id, DnsHeader.RD_FLAG);
        w.question(NAME, DnsRecordType.AAAA, DnsRecordType.CLASS_IN);
        return w.length();
    }

    /**
     * Finds the prefixes in a response to {@link #writeQuery}.
     *
     * @param buffer holding the response.
     * @param offset of the response.
     * @param length of the response.
     * @return the number of prefixes found (0: no DNS64 synthesis seen), or a negative {@link DnsError} code.
     */
    public int discover(final DirectBuffer buffer, final int offset, final int length)
    {
        prefixCount = 0;
        ttl = Integer.MAX_VALUE;
        final int result = reader.wrap(buffer, offset, length);
        if (result < 0)
        {
            return result;
        }
        if (!reader.isResponse())
        {
            return DnsError.WRONG_DIRECTION;
        }
        if (reader.count(DnsMessageReader.QUESTION) != 1 || reader.questionType() != DnsRecordType.AAAA ||
            !DnsName.equalsIgnoreCase(reader.buffer(), reader.start(), reader.end(), reader.questionNameOffset(),
            NAME))
        {
            return DnsError.QUESTION_MISMATCH;
        }
        if (reader.rcode() != DnsHeader.RCODE_NOERROR)
        {
            return 0;
        }
        final int owner = chainEnd();
        int addresses = 0;
        reader.rewind();
        while (reader.next() && addresses < MAX_ADDRESSES)
        {
            if (reader.section() == DnsMessageReader.ANSWER && reader.type() == DnsRecordType.AAAA &&
                reader.dnsClass() == DnsRecordType.CLASS_IN && sameName(reader.nameOffset(), owner))
            {
                addressHigh[addresses] = reader.aaaaHigh();
                addressLow[addresses] = reader.aaaaLow();
                addresses++;
                ttl = Math.min(ttl, reader.ttl());
            }
        }
        for (int i = 0; i < addresses; i++)
        {
            examine(addressHigh[i], addressLow[i], addresses);
        }
        if (prefixCount == 0)
        {
            ttl = 0;
        }
        return prefixCount;
    }

    private void examine(final long high, final long low, final int addresses)
    {
        int positions = 0;
        for (final int length : LENGTHS)
        {
            positions += wkaAt(high, low, length) != 0 ? 1 : 0;
        }
        if (positions == 0)
        {
            return;
        }
        for (final int length : LENGTHS)
        {
            final int wka = wkaAt(high, low, length);
            if (wka != 0 && (positions == 1 || pairPresent(high, low, length, wka, addresses)))
            {
                add(high & Ipv6Prefix.maskHigh(length), low & Ipv6Prefix.maskLow(length), length);
            }
        }
    }

    private static int wkaAt(final long high, final long low, final int length)
    {
        if (length < 96 && (low & Rfc6052.U_OCTET_MASK) != 0)
        {
            return 0;
        }
        final int ipv4 = Rfc6052.extract(high, low, length);
        return ipv4 == WKA_PRIMARY || ipv4 == WKA_SECONDARY ? ipv4 : 0;
    }

    private boolean pairPresent(final long high, final long low, final int length, final int wka, final int n)
    {
        final int other = wka == WKA_PRIMARY ? WKA_SECONDARY : WKA_PRIMARY;
        final long mh = Ipv6Prefix.maskHigh(length);
        final long ml = Ipv6Prefix.maskLow(length);
        for (int i = 0; i < n; i++)
        {
            if ((addressHigh[i] & mh) == (high & mh) && (addressLow[i] & ml) == (low & ml) &&
                wkaAt(addressHigh[i], addressLow[i], length) == other)
            {
                return true;
            }
        }
        return false;
    }

    private void add(final long high, final long low, final int length)
    {
        for (int i = 0; i < prefixCount; i++)
        {
            if (prefixHigh[i] == high && prefixLow[i] == low && prefixLength[i] == length)
            {
                return;
            }
        }
        if (prefixCount < MAX_PREFIXES)
        {
            prefixHigh[prefixCount] = high;
            prefixLow[prefixCount] = low;
            prefixLength[prefixCount] = length;
            prefixCount++;
        }
    }

    private int chainEnd()
    {
        int current = reader.questionNameOffset();
        for (int hop = 0; hop < 16; hop++)
        {
            int next = -1;
            reader.rewind();
            while (reader.next())
            {
                if (reader.section() == DnsMessageReader.ANSWER && reader.type() == DnsRecordType.CNAME &&
                    sameName(reader.nameOffset(), current))
                {
                    next = reader.rdataNameOffset();
                    break;
                }
            }
            if (next < 0)
            {
                return current;
            }
            current = next;
        }
        return current;
    }

    private boolean sameName(final int a, final int b)
    {
        return DnsName.equalsIgnoreCase(reader.buffer(), reader.start(), reader.end(), a, reader.buffer(),
            reader.start(), reader.end(), b);
    }

    /**
     * Number of prefixes found by the last {@link #discover}.
     *
     * @return 0..{@link #MAX_PREFIXES}.
     */
    public int prefixCount()
    {
        return prefixCount;
    }

    /**
     * High half of a prefix found.
     *
     * @param index 0..prefixCount()-1.
     * @return bytes 0..7.
     */
    public long prefixHigh(final int index)
    {
        return prefixHigh[index];
    }

    /**
     * Low half of a prefix found.
     *
     * @param index 0..prefixCount()-1.
     * @return bytes 8..15.
     */
    public long prefixLow(final int index)
    {
        return prefixLow[index];
    }

    /**
     * Length of a prefix found.
     *
     * @param index 0..prefixCount()-1.
     * @return 32, 40, 48, 56, 64 or 96.
     */
    public int prefixLength(final int index)
    {
        return prefixLength[index];
    }

    /**
     * A prefix found, as an object (cold code).
     *
     * @param index 0..prefixCount()-1.
     * @return the prefix.
     */
    public Ipv6Prefix prefix(final int index)
    {
        return Ipv6Prefix.of(prefixHigh[index], prefixLow[index], prefixLength[index]);
    }

    /**
     * Smallest TTL of the AAAA records of the last {@link #discover} (when to ask again).
     *
     * @return seconds; 0 when nothing was found.
     */
    public int ttl()
    {
        return ttl;
    }
}
