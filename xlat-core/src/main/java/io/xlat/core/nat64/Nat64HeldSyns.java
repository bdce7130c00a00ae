package io.xlat.core.nat64;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The unsolicited IPv4 SYNs a NAT64 holds while it waits TCP_INCOMING_SYN for the IPv6 SYN of a simultaneous open
 * (RFC 6146 3.5.2.2): a small pool of preallocated slots, each keeping the session index and the first bytes of the
 * packet (as many as an ICMPv4 error of 576 bytes can quote, RFC 1812 4.3.2.3), so that the timeout can answer with
 * ICMP Port Unreachable quoting it.
 * <p>
 * Two kinds of slot: bound to a session (the destination has a BIB entry and address-dependent filtering keeps the
 * SYN out; the session's TCP_INCOMING_SYN timer decides), and unbound ({@link #storeUnbound}: the destination
 * transport address has no BIB entry at all, so there is no session; the slot keeps its own deadline, checked by
 * {@link #nextExpiredUnbound(long)}).
 * <p>
 * With every slot busy, a further SYN is still held by the state (its retransmissions are filtered) but cannot be
 * answered; {@link #overflows()} counts those. Lookups scan the slots: held SYNs are rare and the pool small.
 */
final class Nat64HeldSyns
{
    /** Bytes kept per held packet: 576 - 20 (IPv4) - 8 (ICMPv4 header). */
    static final int SLOT_BYTES = 548;

    /** The session index of an unbound slot (a SYN to a transport address without a BIB entry). */
    static final int UNBOUND = -2;

    private static final int FREE = -1;
    private static final int IPV4_SOURCE = 12;
    private static final int IPV4_DESTINATION = 16;

    private final int[] session;
    private final int[] length;
    private final long[] deadline;
    private final MutableDirectBuffer packets;
    private int used;
    private int unbound;
    private int lastStored;
    private long overflows;

    Nat64HeldSyns(final int slots)
    {
        this.session = new int[slots];
        this.length = new int[slots];
        this.deadline = new long[slots];
        this.packets = new UnsafeBuffer(new byte[slots * SLOT_BYTES]);
        Arrays.fill(session, FREE);
    }

    /**
     * Stores a held packet for a session.
     *
     * @return true when stored, false when every slot is busy (counted).
     */
    boolean store(final int sessionIndex, final DirectBuffer buffer, final int offset, final int packetLength)
    {
        final int free = indexOf(FREE);
        if (free < 0)
        {
            overflows++;
            return false;
        }
        final int n = Math.min(packetLength, SLOT_BYTES);
        packets.putBytes(free * SLOT_BYTES, buffer, offset, n);
        session[free] = sessionIndex;
        length[free] = n;
        lastStored = free;
        used++;
        return true;
    }

    /**
     * Finds the slot of a session's held packet.
     *
     * @return the slot, or -1.
     */
    int find(final int sessionIndex)
    {
        return used == 0 ? -1 : indexOf(sessionIndex);
    }

    DirectBuffer buffer()
    {
        return packets;
    }

    int offset(final int slot)
    {
        return slot * SLOT_BYTES;
    }

    int length(final int slot)
    {
        return length[slot];
    }

    void release(final int slot)
    {
        if (session[slot] == UNBOUND)
        {
            unbound--;
        }
        session[slot] = FREE;
        used--;
    }

    /**
     * Stores an unsolicited SYN whose destination transport address has no BIB entry (RFC 6146 3.5.2.2), until a
     * deadline.
     *
     * @param buffer       holding the IPv4 packet.
     * @param offset       of its IPv4 header (20 bytes at least, already parsed).
     * @param packetLength its total length.
     * @param until        the clock value at which it is answered.
     * @return true when stored, false when every slot is busy (counted as an overflow).
     */
    boolean storeUnbound(final DirectBuffer buffer, final int offset, final int packetLength, final long until)
    {
        if (!store(UNBOUND, buffer, offset, packetLength))
        {
            return false;
        }
        final int slot = lastStored;
        deadline[slot] = until;
        unbound++;
        return true;
    }

    /**
     * Number of unbound slots in use.
     *
     * @return 0 when none (the common case: callers skip the scans).
     */
    int unbound()
    {
        return unbound;
    }

    /**
     * An unbound slot whose deadline has come.
     *
     * @param now the clock.
     * @return a slot index, or -1.
     */
    int nextExpiredUnbound(final long now)
    {
        if (unbound == 0)
        {
            return -1;
        }
        for (int i = 0; i < session.length; i++)
        {
            if (session[i] == UNBOUND && deadline[i] <= now)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The unbound slot holding a SYN from a remote transport address to a pool4 transport address: the IPv6 SYN of a
     * simultaneous open that just created that BIB entry discards it.
     *
     * @param poolAddress  pool4 address (the held SYN's destination).
     * @param poolPort     pool4 port.
     * @param remoteAddress the remote IPv4 address (the held SYN's source).
     * @param remotePort   the remote port.
     * @return a slot index, or -1.
     */
    int findUnbound(final int poolAddress, final int poolPort, final int remoteAddress, final int remotePort)
    {
        if (unbound == 0)
        {
            return -1;
        }
        for (int i = 0; i < session.length; i++)
        {
            if (session[i] == UNBOUND)
            {
                final int o = i * SLOT_BYTES;
                final int ihl = (packets.getByte(o) & 0x0F) * 4;
                if (packets.getInt(o + IPV4_DESTINATION, ByteOrder.BIG_ENDIAN) == poolAddress &&
                    packets.getInt(o + IPV4_SOURCE, ByteOrder.BIG_ENDIAN) == remoteAddress &&
                    length[i] >= ihl + 4 &&
                    (packets.getShort(o + ihl, ByteOrder.BIG_ENDIAN) & 0xFFFF) == remotePort &&
                    (packets.getShort(o + ihl + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) == poolPort)
                {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The IPv4 destination (a pool4 address) of a held packet.
     *
     * @param slot a slot in use.
     * @return the address.
     */
    int destination(final int slot)
    {
        return packets.getInt(slot * SLOT_BYTES + IPV4_DESTINATION, ByteOrder.BIG_ENDIAN);
    }

    int used()
    {
        return used;
    }

    long overflows()
    {
        return overflows;
    }

    long allocatedBytes()
    {
        return (long)session.length * (4 + 4 + 8 + SLOT_BYTES);
    }

    private int indexOf(final int value)
    {
        for (int i = 0; i < session.length; i++)
        {
            if (session[i] == value)
            {
                return i;
            }
        }
        return -1;
    }
}
