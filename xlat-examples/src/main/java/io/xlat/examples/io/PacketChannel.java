package io.xlat.examples.io;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A source and sink of whole IP packets (raw IPv4 or IPv6, no link-layer header), the one I/O abstraction the
 * daemons' worker loops see.
 * <p>
 * Results are {@code int}s, never exceptions: a positive value is the number of packet bytes moved, {@code 0}
 * means nothing is ready now (a non-blocking channel with no packet, or a full queue on write), and a negative
 * value is one of the codes below. The hot methods do not allocate. A channel is used by one worker thread at a
 * time; {@link #close()} is called once that worker has stopped (the worker waits with
 * {@link #awaitReadable(int)} and a timeout so it can notice a stop flag).
 * <pre>{@code
 * while (running)
 * {
 *     if (channel.awaitReadable(100) > 0)
 *     {
 *         final int n = channel.read(in, 0, in.capacity());
 *         if (n > 0)
 *         {
 *             final int m = translate(in, 0, n, out, 0);
 *             if (m > 0)
 *             {
 *                 other.write(out, 0, m);
 *             }
 *         }
 *         else if (n == PacketChannel.CLOSED)
 *         {
 *             break;
 *         }
 *     }
 * }
 * }</pre>
 * There is no batch read: a TUN file descriptor gives one packet per {@code read(2)} and has no
 * {@code recvmmsg(2)}. The kernel's batching across a TUN device is GSO (see {@link TunOptions#offloads(int)}); a
 * worker drains several packets per wake-up by calling {@link #read} until it returns {@code 0}, with a limit.
 */
public interface PacketChannel extends AutoCloseable
{
    /** The channel is closed (end of file, closed peer, closed or vanished device). */
    int CLOSED = -1;

    /** An operating-system error; {@link #lastErrno()} tells which. */
    int ERROR = -2;

    /** The packet did not fit the capacity given to {@link #read}, or exceeds what the channel carries; dropped. */
    int TOO_LONG = -3;

    /**
     * Reads the next packet into a buffer.
     *
     * @param buffer   where to put the packet; a direct (off-heap) buffer avoids one copy on a TUN channel.
     * @param offset   index of the first byte to write.
     * @param capacity bytes available from {@code offset}; at least the device MTU, or 65535 with GSO offloads.
     * @return the packet length ({@code > 0}), {@code 0} when no packet is ready, or {@link #CLOSED},
     * {@link #ERROR}, {@link #TOO_LONG}.
     */
    int read(MutableDirectBuffer buffer, int offset, int capacity);

    /**
     * Writes one packet.
     *
     * @param buffer the packet bytes.
     * @param offset index of the first byte (the IP header).
     * @param length packet length in bytes.
     * @return {@code length} when written, {@code 0} when the channel cannot take it now (dropped: the caller
     * counts it), or {@link #CLOSED}, {@link #ERROR}, {@link #TOO_LONG}.
     */
    int write(DirectBuffer buffer, int offset, int length);

    /**
     * Waits until a packet can be read, the timeout passes or the channel closes.
     *
     * @param timeoutMillis longest wait in milliseconds; {@code 0} checks without waiting.
     * @return {@code > 0} when {@link #read} would return a packet or a code, {@code 0} on timeout (or an
     * interrupted wait), negative codes as {@link #read}.
     */
    int awaitReadable(int timeoutMillis);

    /**
     * The virtio-net header of the packet the last {@link #read} returned, on a channel that carries one (a TUN
     * device opened with IFF_VNET_HDR): GSO type and size, partial-checksum offsets. Channels without offloads
     * return null, and every packet they return is a plain one with complete checksums.
     *
     * @return a flyweight owned by the channel, valid until the next read; or null.
     */
    default VirtioNetHeader readHeader()
    {
        return null;
    }

    /**
     * The virtio-net header the next {@link #write} sends, on a channel that carries one; cleared after each write.
     *
     * @return a flyweight owned by the channel; or null when the channel carries no header.
     */
    default VirtioNetHeader writeHeader()
    {
        return null;
    }

    /**
     * The {@code errno} of the last {@link #ERROR} returned by this channel.
     *
     * @return a Linux errno value, or 0 when none was recorded.
     */
    default int lastErrno()
    {
        return 0;
    }

    /**
     * Releases the channel. Idempotent; call it after the worker using the channel has stopped.
     */
    @Override
    void close();
}
