package io.xlat.dns64.server;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The preallocated table of client queries waiting for upstream answers, as parallel primitive arrays indexed by
 * slot (no object per query): the client query bytes and, while the A query of a DNS64 synthesis is out, the AAAA
 * response, each in a fixed-size region of a slab. Upstream IDs map back to slots through a 65536-entry array, so a
 * response is matched in O(1) and an ID is never used twice at a time. Server thread only.
 */
final class PendingQueries
{
    static final int FREE = 0;
    /** Forward the query, relay the answer (no DNS64, or RELAY after the AAAA answer). */
    static final int FORWARD = 1;
    /** DNS64: the AAAA query is out. */
    static final int AAAA = 2;
    /** DNS64: the A query is out, the AAAA answer (or its absence) is kept. */
    static final int A = 3;
    /** DNS64: the in-addr.arpa PTR query is out. */
    static final int PTR = 4;

    static final int QUERY_CAPACITY = 1024;
    static final int AAAA_CAPACITY = 4096;

    final int capacity;
    final int[] state;
    /** Listener index (UDP) or {@code -1 - connectionIndex} (TCP). */
    final int[] client;
    final int[] clientGeneration;
    /** The UDP client's address as raw bytes ({@link SocketAddressBytes}), {@link #addressOffset(int)}. */
    final UnsafeBuffer clientAddresses;
    final int[] clientLimit;
    final boolean[] dns64;
    final int[] queryLength;
    final int[] aaaaLength;
    final int[] upstreamId;
    final int[] upstreamIndex;
    final int[] socketIndex;
    final int[] tcpConnection;
    final boolean[] overTcp;
    final int[] firstUpstream;
    final int[] attempts;
    final long[] deadlineMs;
    final UnsafeBuffer queries;
    final UnsafeBuffer aaaaResponses;
    private final int[] idToSlot = new int[65536];
    private final int[] freeList;
    private int freeCount;
    private int inUse;

    PendingQueries(final int capacity)
    {
        this.capacity = capacity;
        state = new int[capacity];
        client = new int[capacity];
        clientGeneration = new int[capacity];
        clientAddresses = new UnsafeBuffer(new byte[Math.multiplyExact(capacity, SocketAddressBytes.CAPACITY)]);
        clientLimit = new int[capacity];
        dns64 = new boolean[capacity];
        queryLength = new int[capacity];
        aaaaLength = new int[capacity];
        upstreamId = new int[capacity];
        upstreamIndex = new int[capacity];
        socketIndex = new int[capacity];
        tcpConnection = new int[capacity];
        overTcp = new boolean[capacity];
        firstUpstream = new int[capacity];
        attempts = new int[capacity];
        deadlineMs = new long[capacity];
        queries = new UnsafeBuffer(new byte[Math.multiplyExact(capacity, QUERY_CAPACITY)]);
        aaaaResponses = new UnsafeBuffer(new byte[Math.multiplyExact(capacity, AAAA_CAPACITY)]);
        freeList = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeList[i] = capacity - 1 - i;
            upstreamId[i] = -1;
            tcpConnection[i] = -1;
        }
        freeCount = capacity;
    }

    int inUse()
    {
        return inUse;
    }

    /**
     * Takes a free slot.
     *
     * @return the slot, or -1 when the table is full.
     */
    int allocate()
    {
        if (freeCount == 0)
        {
            return -1;
        }
        final int slot = freeList[--freeCount];
        inUse++;
        attempts[slot] = 0;
        aaaaLength[slot] = -1;
        tcpConnection[slot] = -1;
        upstreamId[slot] = -1;
        overTcp[slot] = false;
        return slot;
    }

    void release(final int slot)
    {
        unbindId(slot);
        state[slot] = FREE;
        freeList[freeCount++] = slot;
        inUse--;
    }

    int queryOffset(final int slot)
    {
        return slot * QUERY_CAPACITY;
    }

    int aaaaOffset(final int slot)
    {
        return slot * AAAA_CAPACITY;
    }

    int addressOffset(final int slot)
    {
        return slot * SocketAddressBytes.CAPACITY;
    }

    /**
     * Binds a fresh upstream ID to a slot: tries random IDs until one is unused (the table holds far fewer
     * queries than 65536, so a few tries suffice).
     */
    int bindId(final int slot, final RandomIds random)
    {
        unbindId(slot);
        for (int i = 0; i < 64; i++)
        {
            final int id = random.next16();
            if (idToSlot[id] == 0)
            {
                idToSlot[id] = slot + 1;
                upstreamId[slot] = id;
                return id;
            }
        }
        throw new IllegalStateException("no free upstream id after 64 tries, inUse=" + inUse);
    }

    void unbindId(final int slot)
    {
        final int id = upstreamId[slot];
        if (id >= 0 && idToSlot[id] == slot + 1)
        {
            idToSlot[id] = 0;
        }
        upstreamId[slot] = -1;
    }

    /**
     * The slot waiting for an upstream ID.
     *
     * @return the slot, or -1.
     */
    int slotOf(final int id)
    {
        return idToSlot[id & 0xFFFF] - 1;
    }
}
