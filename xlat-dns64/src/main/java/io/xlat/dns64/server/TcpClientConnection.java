package io.xlat.dns64.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One client TCP connection (RFC 7766): length-prefixed messages in both directions, pipelined queries answered
 * as their answers come (out of order allowed, 6.2.1.1), buffers preallocated once per connection slot and reused
 * by the connections that follow. The generation changes on every close so that answers for a closed connection
 * are recognized and dropped.
 */
final class TcpClientConnection
{
    static final int IN_CAPACITY = 2 + 65_535;
    static final int OUT_CAPACITY = 4 * (2 + 65_535);

    final int index;
    final ByteBuffer in = ByteBuffer.allocateDirect(IN_CAPACITY);
    final UnsafeBuffer inView = new UnsafeBuffer(in);
    private final ByteBuffer out = ByteBuffer.allocateDirect(OUT_CAPACITY);
    private final UnsafeBuffer outView = new UnsafeBuffer(out);
    SocketChannel channel;
    SelectionKey key;
    int generation;
    long lastActivityMs;
    int outstanding;
    boolean open;
    boolean allowed;
    boolean dns64;

    TcpClientConnection(final int index)
    {
        this.index = index;
    }

    void open(final SocketChannel channel, final SelectionKey key, final long nowMs)
    {
        this.channel = channel;
        this.key = key;
        this.lastActivityMs = nowMs;
        this.outstanding = 0;
        this.open = true;
        in.clear();
        out.clear();
    }

    int read() throws IOException
    {
        return channel.read(in);
    }

    /** Drops the first {@code bytes} read bytes, keeping a partial message for the next read. */
    void consume(final int bytes)
    {
        in.flip();
        in.position(bytes);
        in.compact();
    }

    /**
     * Queues a message with its 2-byte length and writes what the socket takes now.
     *
     * @return false when the queue is full or the write failed (close the connection).
     */
    boolean enqueue(final DirectBuffer source, final int offset, final int length)
    {
        if (out.remaining() < 2 + length)
        {
            return false;
        }
        final int position = out.position();
        outView.putShort(position, (short)length, ByteOrder.BIG_ENDIAN);
        outView.putBytes(position + 2, source, offset, length);
        out.position(position + 2 + length);
        return flush();
    }

    boolean flush()
    {
        out.flip();
        try
        {
            channel.write(out);
        }
        catch (final IOException ex)
        {
            out.compact();
            return false;
        }
        out.compact();
        final int ops = out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops)
        {
            key.interestOps(ops);
        }
        return true;
    }

    void close()
    {
        if (!open)
        {
            return;
        }
        open = false;
        generation++;
        key.cancel();
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing: nothing left to do
        }
        channel = null;
        key = null;
    }
}
