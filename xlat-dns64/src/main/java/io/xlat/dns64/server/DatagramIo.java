package io.xlat.dns64.server;

import java.io.IOException;
import java.nio.channels.DatagramChannel;

/**
 * The datagram I/O of one UDP listener of a {@link Dns64Server}, batch at a time, with addresses as raw bytes
 * ({@link SocketAddressBytes}) so that no address object is needed per query. The server opens, binds and
 * registers the {@link DatagramChannel} (readiness still comes from its selector); an implementation only moves
 * datagrams through it, e.g. {@link ChannelDatagramIo} (portable, one system call per datagram) or one over
 * Linux's {@code recvmmsg(2)}/{@code sendmmsg(2)} (one system call per batch).
 * <p>
 * Called on the server thread only; neither method may allocate per datagram on the steady path.
 */
public interface DatagramIo extends AutoCloseable
{
    /**
     * Receives up to {@link DatagramBatch#capacity()} datagrams without blocking, into slots 0.. of the batch, and
     * sets {@link DatagramBatch#count()} (0 when nothing was waiting) and {@link DatagramBatch#systemCalls()}.
     *
     * @param batch the slots to fill.
     * @throws IOException when the socket fails (the server counts it and goes on).
     */
    void receive(DatagramBatch batch) throws IOException;

    /**
     * Sends the batch's {@link DatagramBatch#count()} datagrams, each to its slot's address, without blocking, and
     * sets {@link DatagramBatch#systemCalls()}. A datagram the kernel refuses is skipped.
     *
     * @param batch the datagrams.
     * @return how many were sent.
     */
    int send(DatagramBatch batch);

    /**
     * Releases what the implementation holds (not the channel: the server closes it).
     */
    @Override
    void close();

    /**
     * Creates the I/O of a listener.
     */
    @FunctionalInterface
    interface Factory
    {
        /**
         * Creates the I/O for a bound, non-blocking listener channel.
         *
         * @param channel the listener.
         * @return its I/O.
         * @throws IOException when the implementation cannot use the channel.
         */
        DatagramIo open(DatagramChannel channel) throws IOException;
    }
}
