package io.xlat.dns64.server;

import java.nio.ByteOrder;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;

/**
 * A fixed-capacity response cache, preallocated at start: entries live in a slab of fixed-size slots (responses
 * larger than a slot are not cached), looked up by a key of the lower-cased QNAME, QTYPE, QCLASS and the query bits
 * that change the answer (DO, CD, RD, EDNS present, DNS64 applied). Four-way set associative: a key may sit in the
 * four slots after its hash; a store replaces a matching, free or expired slot, else the one expiring first.
 * <p>
 * TTLs: an entry lives for the smallest TTL of its answer and authority records; a negative answer (NXDOMAIN, or
 * NOERROR with no answer) for min(SOA TTL, SOA MINIMUM) of its SOA and is not cached without one (RFC 2308 5);
 * TTLs are capped at {@link #MAX_TTL}. On a hit the stored TTLs are decremented by the whole seconds spent in the
 * cache (RFC 1034 4.3.5, RFC 2181 8). Nothing here allocates after construction.
 */
final class ResponseCache
{
    static final int WAYS = 4;
    static final int MAX_TTL = 86_400;
    static final int KEY_MAX = DnsName.MAX_LENGTH + 5;

    static final int KEY_DO = 1;
    static final int KEY_CD = 2;
    static final int KEY_RD = 4;
    static final int KEY_EDNS = 8;
    static final int KEY_DNS64 = 16;
    /** TTL positions remembered per entry; an entry with more TTL-carrying records is re-read on each hit. */
    static final int TTLS_PER_ENTRY = 8;

    private final int mask;
    private final int slotSize;
    private final UnsafeBuffer slab;
    private final UnsafeBuffer keys;
    private final int[] keyLength;
    private final int[] keyHash;
    private final int[] responseLength;
    private final long[] storedAt;
    private final long[] expiresAt;
    private final int[] ttlOffsets;
    private final int[] ttlCount;
    private final UnsafeBuffer keyScratch = new UnsafeBuffer(new byte[KEY_MAX]);
    private final DnsMessageReader reader = new DnsMessageReader();
    private int scratchLength;
    private int scratchHash;

    ResponseCache(final int capacity, final int slotSize)
    {
        final int size = Math.max(WAYS, BitUtil.findNextPositivePowerOfTwo(Math.max(1, capacity)));
        this.mask = size - 1;
        this.slotSize = slotSize;
        this.slab = new UnsafeBuffer(new byte[Math.multiplyExact(size, slotSize)]);
        this.keys = new UnsafeBuffer(new byte[size * KEY_MAX]);
        this.keyLength = new int[size];
        this.keyHash = new int[size];
        this.responseLength = new int[size];
        this.storedAt = new long[size];
        this.expiresAt = new long[size];
        this.ttlOffsets = new int[size * TTLS_PER_ENTRY];
        this.ttlCount = new int[size];
    }

    int capacity()
    {
        return mask + 1;
    }

    /**
     * Builds the key of a wrapped query into the scratch key; returns false when the query is not cacheable
     * (not a standard query with one question).
     */
    boolean key(final DnsMessageReader query, final boolean dns64)
    {
        final int flags = query.flags();
        if (DnsHeader.opcode(flags) != DnsHeader.OPCODE_QUERY || query.count(DnsMessageReader.QUESTION) != 1)
        {
            return false;
        }
        final int length = DnsName.expand(query.buffer(), query.start(), query.end(), query.questionNameOffset(),
            keyScratch, 0);
        if (length < 0)
        {
            return false;
        }
        int hash = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            int b = keyScratch.getByte(i) & 0xFF;
            if (b >= 'A' && b <= 'Z')
            {
                b += 'a' - 'A';
                keyScratch.putByte(i, (byte)b);
            }
            hash = (hash ^ b) * 0x01000193;
        }
        keyScratch.putShort(length, (short)query.questionType(), ByteOrder.BIG_ENDIAN);
        keyScratch.putShort(length + 2, (short)query.questionClass(), ByteOrder.BIG_ENDIAN);
        final int bits = (query.dnssecOk() ? KEY_DO : 0) | ((flags & DnsHeader.CD_FLAG) != 0 ? KEY_CD : 0) |
            ((flags & DnsHeader.RD_FLAG) != 0 ? KEY_RD : 0) | (query.hasOpt() ? KEY_EDNS : 0) | (dns64 ? KEY_DNS64 : 0);
        keyScratch.putByte(length + 4, (byte)bits);
        hash = (hash ^ query.questionType()) * 0x01000193;
        hash = (hash ^ query.questionClass()) * 0x01000193;
        hash = (hash ^ bits) * 0x01000193;
        scratchLength = length + 5;
        scratchHash = hash ^ (hash >>> 16);
        return true;
    }

    /**
     * Finds the live entry for the scratch key.
     *
     * @return the entry index, or -1.
     */
    int lookup(final long nowMs)
    {
        for (int way = 0; way < WAYS; way++)
        {
            final int slot = (scratchHash + way) & mask;
            if (keyHash[slot] == scratchHash && keyLength[slot] == scratchLength && expiresAt[slot] > nowMs &&
                sameKey(slot))
            {
                return slot;
            }
        }
        return -1;
    }

    private boolean sameKey(final int slot)
    {
        final int base = slot * KEY_MAX;
        final int length = scratchLength;
        for (int i = 0; i < length; i++)
        {
            if (keys.getByte(base + i) != keyScratch.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies an entry into {@code out} with its TTLs decremented by the whole seconds it has been cached.
     *
     * @return the response length.
     */
    int copyTo(final int entry, final MutableDirectBuffer out, final int outOffset, final long nowMs)
    {
        final int length = responseLength[entry];
        out.putBytes(outOffset, slab, entry * slotSize, length);
        final int elapsed = (int)Math.min(Integer.MAX_VALUE, (nowMs - storedAt[entry]) / 1000);
        if (elapsed <= 0)
        {
            return length;
        }
        final int count = ttlCount[entry];
        if (count >= 0)
        {
            // The TTL positions were found when the entry was stored: no second parse per hit.
            final int base = entry * TTLS_PER_ENTRY;
            for (int i = 0; i < count; i++)
            {
                final int ttlOffset = outOffset + ttlOffsets[base + i];
                final int ttl = out.getInt(ttlOffset, ByteOrder.BIG_ENDIAN);
                out.putInt(ttlOffset, Math.max(0, ttl - elapsed), ByteOrder.BIG_ENDIAN);
            }
        }
        else if (reader.wrap(out, outOffset, length) >= 0)
        {
            reader.rewind();
            while (reader.next())
            {
                if (reader.section() != DnsMessageReader.QUESTION && reader.type() != DnsRecordType.OPT)
                {
                    final int ttlOffset = reader.ttlOffset();
                    final int ttl = out.getInt(ttlOffset, ByteOrder.BIG_ENDIAN);
                    out.putInt(ttlOffset, Math.max(0, ttl - elapsed), ByteOrder.BIG_ENDIAN);
                }
            }
        }
        return length;
    }

    /**
     * Stores a response under the scratch key when it is cacheable.
     *
     * @return the TTL it was stored for, or -1 when not stored.
     */
    int store(final DirectBuffer response, final int offset, final int length, final long nowMs)
    {
        if (length > slotSize)
        {
            return -1;
        }
        final int ttl = cacheTtl(response, offset, length);
        if (ttl <= 0)
        {
            return -1;
        }
        int victim = -1;
        long victimExpiry = Long.MAX_VALUE;
        for (int way = 0; way < WAYS; way++)
        {
            final int slot = (scratchHash + way) & mask;
            final boolean same = keyHash[slot] == scratchHash && keyLength[slot] == scratchLength &&
                sameKey(slot);
            if (same || expiresAt[slot] <= nowMs)
            {
                victim = slot;
                break;
            }
            if (expiresAt[slot] < victimExpiry)
            {
                victimExpiry = expiresAt[slot];
                victim = slot;
            }
        }
        keys.putBytes(victim * KEY_MAX, keyScratch, 0, scratchLength);
        keyLength[victim] = scratchLength;
        keyHash[victim] = scratchHash;
        slab.putBytes(victim * slotSize, response, offset, length);
        responseLength[victim] = length;
        storedAt[victim] = nowMs;
        expiresAt[victim] = nowMs + ttl * 1000L;
        rememberTtlOffsets(victim, offset);
        return ttl;
    }

    /**
     * Records where the TTLs of an entry's records (all but the question and OPT) sit, relative to the start of the
     * response; {@link #reader} still holds the response {@link #cacheTtl} read. More than
     * {@link #TTLS_PER_ENTRY} records: count -1, {@link #copyTo} then reads the entry to find them.
     */
    private void rememberTtlOffsets(final int entry, final int responseOffset)
    {
        final int base = entry * TTLS_PER_ENTRY;
        int count = 0;
        reader.rewind();
        while (reader.next())
        {
            if (reader.section() != DnsMessageReader.QUESTION && reader.type() != DnsRecordType.OPT)
            {
                if (count == TTLS_PER_ENTRY)
                {
                    ttlCount[entry] = -1;
                    return;
                }
                ttlOffsets[base + count++] = reader.ttlOffset() - responseOffset;
            }
        }
        ttlCount[entry] = count;
    }

    /**
     * The lifetime of a response in the cache: 0 for responses that must not be cached (errors other than
     * NXDOMAIN, TC, negative answers without SOA).
     */
    int cacheTtl(final DirectBuffer response, final int offset, final int length)
    {
        if (reader.wrap(response, offset, length) < 0)
        {
            return 0;
        }
        final int flags = reader.flags();
        final int rcode = reader.rcode();
        if ((flags & DnsHeader.TC_FLAG) != 0 ||
            (rcode != DnsHeader.RCODE_NOERROR && rcode != DnsHeader.RCODE_NXDOMAIN))
        {
            return 0;
        }
        final boolean negative = rcode == DnsHeader.RCODE_NXDOMAIN || reader.count(DnsMessageReader.ANSWER) == 0;
        long ttl = MAX_TTL;
        boolean soa = false;
        reader.rewind();
        while (reader.next())
        {
            final int section = reader.section();
            if (section == DnsMessageReader.ANSWER || (section == DnsMessageReader.AUTHORITY && !negative))
            {
                ttl = Math.min(ttl, reader.ttl() & 0xFFFFFFFFL);
            }
            else if (section == DnsMessageReader.AUTHORITY && reader.type() == DnsRecordType.SOA)
            {
                // RFC 2308 5: negative answers live min(SOA TTL, SOA MINIMUM).
                ttl = Math.min(ttl, Math.min(reader.ttl() & 0xFFFFFFFFL, reader.soaMinimum() & 0xFFFFFFFFL));
                soa = true;
            }
        }
        if (negative && !soa)
        {
            return 0;
        }
        return (int)Math.min(ttl, MAX_TTL);
    }
}
