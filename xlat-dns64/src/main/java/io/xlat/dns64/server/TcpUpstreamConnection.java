package io.xlat.dns64.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One upstream TCP exchange for a query whose UDP answer came back truncated (RFC 7766 5, RFC 1035 4.2.2): connect,
 * send the length-prefixed query, read one length-prefixed answer, close. Buffers are preallocated per slot of the
 * small pool; the {@link SocketChannel} itself is opened per exchange (the rare path: an allocation the hot UDP path
 * does not have).
 */
final class TcpUpstreamConnection
{
    static final int QUERY_CAPACITY = 2 + 4096;

    final int index;
    private final ByteBuffer out = ByteBuffer.allocateDirect(QUERY_CAPACITY);
    private final UnsafeBuffer outView = new UnsafeBuffer(out);
    private final ByteBuffer in = ByteBuffer.allocateDirect(2 + 65_535);
    final UnsafeBuffer inView = new UnsafeBuffer(in);
    private SocketChannel channel;
    private SelectionKey key;
    int slot = -1;

    TcpUpstreamConnection(final int index)
    {
        this.index = index;
    }

    boolean busy()
    {
        return slot >= 0;
    }

    void start(
        final Selector selector,
        final InetSocketAddress upstream,
        final int slot,
        final DirectBuffer query,
        final int offset,
        final int length) throws IOException
    {
        if (length + 2 > QUERY_CAPACITY)
        {
            throw new IOException("upstream query too long for TCP: length=" + length);
        }
        out.clear();
        outView.putShort(0, (short)length, ByteOrder.BIG_ENDIAN);
        outView.putBytes(2, query, offset, length);
        out.limit(2 + length);
        in.clear();
        this.slot = slot;
        channel = SocketChannel.open();
        try
        {
            channel.configureBlocking(false);
            final boolean connected = channel.connect(upstream);
            key = channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
        }
        catch (final IOException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Advances the exchange.
     *
     * @return the length of the complete answer (at offset 2 of {@link #inView}), 0 when not complete yet, -1 when
     * the connection failed.
     */
    int onReady(final int readyOps)
    {
        try
        {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0)
            {
                if (!channel.finishConnect())
                {
                    return 0;
                }
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0)
            {
                channel.write(out);
                if (!out.hasRemaining())
                {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if ((readyOps & SelectionKey.OP_READ) != 0)
            {
                if (channel.read(in) < 0)
                {
                    return -1;
                }
                if (in.position() >= 2)
                {
                    final int length = inView.getShort(0, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                    if (in.position() >= 2 + length)
                    {
                        return length;
                    }
                }
            }
            return 0;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    void close()
    {
        slot = -1;
        if (null != key)
        {
            key.cancel();
            key = null;
        }
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing: nothing left to do
            }
            channel = null;
        }
    }
}
