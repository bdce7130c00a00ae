package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * Remembers, for a short time, the session addresses of fragmented datagrams whose first fragment was translated,
 * so that their later fragments (which carry no ports) can follow (RFC 6146 3.4: "reassemble or drop"; xlat does
 * neither fully: it forwards fragments that arrive after the first, and drops the others, counted as
 * {@code UNMATCHED_FRAGMENT}).
 * <p>
 * Direct-mapped over primitive arrays, keyed by (source, destination, identification, protocol): a newer datagram
 * hashing to a busy slot replaces the older one, so the memory is fixed and a flood of fragments only shortens how
 * long each entry survives. An entry lives {@link #LIFETIME_MILLIS} (RFC 6146 3.4's FRAGMENT_MIN, 2 s). IPv4 keys
 * use the high words as zero and the low words as the addresses. Allocation-free after construction.
 */
final class Nat64FragmentCache
{
    /** Lifetime of an entry, the RFC 6146 3.4 minimum fragment wait. */
    static final long LIFETIME_MILLIS = 2_000;

    private final int mask;
    private final long[] keys;
    private final int[] idProtocol;
    private final long[] deadline;
    private final int[] pool4;
    private final long[] hostHigh;
    private final long[] hostLow;
    /** Result of the last successful {@link #find}. */
    int foundPool4;
    long foundHigh;
    long foundLow;

    Nat64FragmentCache(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.keys = new long[size * 4];
        this.idProtocol = new int[size * 2];
        this.deadline = new long[size];
        this.pool4 = new int[size];
        this.hostHigh = new long[size];
        this.hostLow = new long[size];
        Arrays.fill(deadline, Long.MIN_VALUE);
    }

    void put(
        final long srcHigh, final long srcLow, final long dstHigh, final long dstLow, final int id, final int protocol,
        final int pool4Address, final long high, final long low, final long now)
    {
        final int slot = slot(srcHigh, srcLow, dstHigh, dstLow, id, protocol);
        keys[slot * 4] = srcHigh;
        keys[slot * 4 + 1] = srcLow;
        keys[slot * 4 + 2] = dstHigh;
        keys[slot * 4 + 3] = dstLow;
        idProtocol[slot * 2] = id;
        idProtocol[slot * 2 + 1] = protocol;
        deadline[slot] = now + LIFETIME_MILLIS;
        pool4[slot] = pool4Address;
        hostHigh[slot] = high;
        hostLow[slot] = low;
    }

    boolean find(
        final long srcHigh, final long srcLow, final long dstHigh, final long dstLow, final int id, final int protocol,
        final long now)
    {
        final int slot = slot(srcHigh, srcLow, dstHigh, dstLow, id, protocol);
        if (deadline[slot] < now || keys[slot * 4] != srcHigh || keys[slot * 4 + 1] != srcLow ||
            keys[slot * 4 + 2] != dstHigh || keys[slot * 4 + 3] != dstLow || idProtocol[slot * 2] != id ||
            idProtocol[slot * 2 + 1] != protocol)
        {
            return false;
        }
        foundPool4 = pool4[slot];
        foundHigh = hostHigh[slot];
        foundLow = hostLow[slot];
        return true;
    }

    long allocatedBytes()
    {
        return (long)(mask + 1) * (4 * 8 + 2 * 4 + 8 + 4 + 8 + 8);
    }

    private int slot(
        final long srcHigh, final long srcLow, final long dstHigh, final long dstLow, final int id, final int protocol)
    {
        long h = srcHigh * 0x9E37_79B9_7F4A_7C15L ^ srcLow;
        h = (h * 0x9E37_79B9_7F4A_7C15L) ^ dstHigh;
        h = (h * 0x9E37_79B9_7F4A_7C15L) ^ dstLow;
        h = (h * 0x9E37_79B9_7F4A_7C15L) ^ ((long)id << 8 | protocol);
        h *= 0x9E37_79B9_7F4A_7C15L;
        return (int)(h >>> 40) & mask;
    }
}
