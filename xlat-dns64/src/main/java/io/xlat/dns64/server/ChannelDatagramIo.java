package io.xlat.dns64.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The portable {@link DatagramIo}: {@link DatagramChannel#receive} and {@link DatagramChannel#send}, one system call
 * per datagram. The JDK returns a new sender {@link InetSocketAddress} only when the sender changes (it keeps the
 * last one); this class keeps the raw bytes of the last {@value #SENDERS} senders next to their objects, so a
 * repeated sender costs neither an encoding on receive nor a new address object on send.
 */
public final class ChannelDatagramIo implements DatagramIo
{
    private static final int SENDERS = 16;

    private final DatagramChannel channel;
    private final InetSocketAddress[] senders = new InetSocketAddress[SENDERS];
    private final UnsafeBuffer senderBytes = new UnsafeBuffer(new byte[SENDERS * SocketAddressBytes.CAPACITY]);
    private int lastSender = -1;
    private int nextSender;

    /**
     * Wraps a listener.
     *
     * @param channel bound and non-blocking.
     */
    public ChannelDatagramIo(final DatagramChannel channel)
    {
        this.channel = channel;
    }

    @Override
    public void receive(final DatagramBatch batch) throws IOException
    {
        final int capacity = batch.capacity();
        final int slotSize = batch.slotSize();
        final UnsafeBuffer addresses = batch.addresses();
        int count = 0;
        int calls = 0;
        try
        {
            while (count < capacity)
            {
                final ByteBuffer slot = batch.slot(count).clear();
                calls++;
                final SocketAddress from = channel.receive(slot);
                if (null == from)
                {
                    break;
                }
                final int length = slot.position();
                // DatagramChannel drops the tail of a datagram larger than the buffer silently; a full slot may
                // have been cut.
                batch.length(count, length >= slotSize ? DatagramBatch.TRUNCATED : length);
                final int sender = senderIndex((InetSocketAddress)from);
                addresses.putBytes(batch.addressOffset(count), senderBytes, sender * SocketAddressBytes.CAPACITY,
                    SocketAddressBytes.CAPACITY);
                count++;
            }
        }
        finally
        {
            batch.count(count);
            batch.systemCalls(calls);
        }
    }

    private int senderIndex(final InetSocketAddress from)
    {
        if (lastSender >= 0 && senders[lastSender] == from)
        {
            return lastSender;
        }
        for (int i = 0; i < SENDERS; i++)
        {
            if (senders[i] == from)
            {
                lastSender = i;
                return i;
            }
        }
        final int index = nextSender;
        nextSender = (nextSender + 1) % SENDERS;
        senders[index] = from;
        SocketAddressBytes.encode(from, senderBytes, index * SocketAddressBytes.CAPACITY);
        lastSender = index;
        return index;
    }

    @Override
    public int send(final DatagramBatch batch)
    {
        final int count = batch.count();
        final UnsafeBuffer addresses = batch.addresses();
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            final ByteBuffer slot = batch.slot(i).clear().limit(batch.length(i));
            try
            {
                channel.send(slot, destination(addresses, batch.addressOffset(i)));
                sent++;
            }
            catch (final IOException | RuntimeException ex)
            {
                // Counted by the caller (sent < count); the next datagram may well go through.
            }
        }
        batch.systemCalls(count);
        return sent;
    }

    private InetSocketAddress destination(final UnsafeBuffer addresses, final int offset)
    {
        if (lastSender >= 0 &&
            SocketAddressBytes.equals(addresses, offset, senderBytes, lastSender * SocketAddressBytes.CAPACITY))
        {
            return senders[lastSender];
        }
        for (int i = 0; i < SENDERS; i++)
        {
            if (null != senders[i] &&
                SocketAddressBytes.equals(addresses, offset, senderBytes, i * SocketAddressBytes.CAPACITY))
            {
                return senders[i];
            }
        }
        return SocketAddressBytes.decode(addresses, offset);
    }

    @Override
    public void close()
    {
        // The server closes the channel.
    }
}
