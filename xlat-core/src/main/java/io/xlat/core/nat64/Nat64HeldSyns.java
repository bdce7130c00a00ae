package io.xlat.core.nat64;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The unsolicited IPv4 SYNs a NAT64 holds while it waits TCP_INCOMING_SYN for the IPv6 SYN of a simultaneous open
 * (RFC 6146 3.5.2.2): a small pool of preallocated slots, each keeping the session index and the first bytes of the
 * packet (as many as an ICMPv4 error of 576 bytes can quote, RFC 1812 4.3.2.3), so that the timeout can answer with
 * ICMP Port Unreachable quoting it.
 * <p>
 * With every slot busy, a further SYN is still held by the state (its retransmissions are filtered) but cannot be
 * answered; {@link #overflows()} counts those. Lookups scan the slots: held SYNs are rare and the pool small.
 */
final class Nat64HeldSyns
{
    /** Bytes kept per held packet: 576 - 20 (IPv4) - 8 (ICMPv4 header). */
    static final int SLOT_BYTES = 548;

    private final int[] session;
    private final int[] length;
    private final MutableDirectBuffer packets;
    private int used;
    private long overflows;

    Nat64HeldSyns(final int slots)
    {
        this.session = new int[slots];
        this.length = new int[slots];
        this.packets = new UnsafeBuffer(new byte[slots * SLOT_BYTES]);
        Arrays.fill(session, -1);
    }

    /**
     * Stores a held packet for a session.
     *
     * @return true when stored, false when every slot is busy (counted).
     */
    boolean store(final int sessionIndex, final DirectBuffer buffer, final int offset, final int packetLength)
    {
        final int free = indexOf(-1);
        if (free < 0)
        {
            overflows++;
            return false;
        }
        final int n = Math.min(packetLength, SLOT_BYTES);
        packets.putBytes(free * SLOT_BYTES, buffer, offset, n);
        session[free] = sessionIndex;
        length[free] = n;
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
        session[slot] = -1;
        used--;
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
        return (long)session.length * (4 + 4 + SLOT_BYTES);
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
