package io.xlat.dns64.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.xlat.dns64.codec.DnsMessageReader;

/**
 * TTL aging of cached answers (RFC 1034 4.3.5, RFC 2181 8): a hit returns every record TTL decremented by the whole
 * seconds the entry has spent in the cache, whether the entry's TTL positions were remembered at store time (up to
 * {@link ResponseCache#TTLS_PER_ENTRY} records) or found again by reading the entry. Messages are built byte by byte
 * from RFC 1035 4.1.
 */
class ResponseCacheTest
{
    /** RFC 1035 4.1.2: a.example, QTYPE A, QCLASS IN. */
    private static final byte[] QUESTION = {
        1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1,
    };

    @ParameterizedTest
    @ValueSource(ints = {1, 3, ResponseCache.TTLS_PER_ENTRY, ResponseCache.TTLS_PER_ENTRY + 1, 20})
    void hitsAgeEveryRecordTtlByTheWholeSecondsSpentInTheCache(final int records)
    {
        final ResponseCache cache = new ResponseCache(16, 1024);
        final DnsMessageReader query = new DnsMessageReader();
        final byte[] queryBytes = message(0x0100, 0, 0);
        assertTrue(query.wrap(new UnsafeBuffer(queryBytes), 0, queryBytes.length) >= 0);
        assertTrue(cache.key(query, true));
        final byte[] response = message(0x8180, records, 300);
        // Stored at an offset inside a larger buffer: the remembered positions must be relative to the message.
        final UnsafeBuffer source = new UnsafeBuffer(new byte[response.length + 7]);
        source.putBytes(7, response);
        assertEquals(300, cache.store(source, 7, response.length, 1_000));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
        for (final long nowMs : new long[] {1_999, 6_000, 6_999, 250_000, 1_000})
        {
            final int entry = cache.lookup(nowMs);
            assertTrue(entry >= 0);
            final int length = cache.copyTo(entry, out, 3, nowMs);
            assertEquals(response.length, length);
            final long expected = 300 - (nowMs - 1_000) / 1000;
            for (int r = 0; r < records; r++)
            {
                final int ttlOffset = 3 + 12 + QUESTION.length + r * 16 + 6;
                assertEquals(expected, out.getInt(ttlOffset, ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL,
                    "record " + r + " at " + nowMs + " ms");
            }
        }
        assertEquals(-1, cache.lookup(301_000), "expired after its 300 s");
    }

    /** Header + {@link #QUESTION} + {@code answers} A records (pointer to the QNAME, 192.0.2.r, the given TTL). */
    private static byte[] message(final int flags, final int answers, final int ttl)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(12 + QUESTION.length + answers * 16);
        buffer.putShort((short)0x1234).putShort((short)flags).putShort((short)1).putShort((short)answers)
            .putShort((short)0).putShort((short)0).put(QUESTION);
        for (int r = 0; r < answers; r++)
        {
            buffer.putShort((short)0xC00C).putShort((short)1).putShort((short)1).putInt(ttl).putShort((short)4)
                .put((byte)192).put((byte)0).put((byte)2).put((byte)r);
        }
        return buffer.array();
    }
}
