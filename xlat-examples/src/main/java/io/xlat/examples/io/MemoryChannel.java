package io.xlat.examples.io;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One end of an in-process pipe of packets: what one end writes, the other reads, in order. Each direction is an
 * Agrona {@link OneToOneRingBuffer} in preallocated off-heap memory, so the ends may live on two threads (one
 * writer and one reader per direction) and nothing is allocated per packet.
 * <p>
 * A write to a full ring returns 0 (the packet is dropped, as by a full device queue); a packet longer than the
 * ring's maximum message returns {@link #TOO_LONG}. Closing either end closes the pipe: the other end still reads
 * what was queued, then gets {@link #CLOSED}.
 * <pre>{@code
 * MemoryChannel.Pair pipe = MemoryChannel.pair(1 << 20);
 * pipe.left().write(packet, 0, length);
 * int n = pipe.right().read(buffer, 0, buffer.capacity());
 * }</pre>
 */
public final class MemoryChannel implements PacketChannel
{
    private static final int MSG_TYPE_PACKET = 1;
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final int SPINS = 100;

    /**
     * Both ends of a pipe.
     *
     * @param left  one end.
     * @param right the other end.
     */
    public record Pair(MemoryChannel left, MemoryChannel right)
    {
    }

    private final RingBuffer inbound;
    private final RingBuffer outbound;
    private final Shared shared;
    private final Copier copier = new Copier();

    private static final class Shared
    {
        private volatile boolean closed;
    }

    private static final class Copier implements MessageHandler
    {
        private MutableDirectBuffer target;
        private int offset;
        private int capacity;
        private int result;

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index,
            final int length)
        {
            if (length > capacity)
            {
                result = TOO_LONG;
                return;
            }
            target.putBytes(offset, buffer, index, length);
            result = length;
        }
    }

    private MemoryChannel(final RingBuffer inbound, final RingBuffer outbound, final Shared shared)
    {
        this.inbound = inbound;
        this.outbound = outbound;
        this.shared = shared;
    }

    /**
     * Creates a pipe with two rings of the given size.
     *
     * @param ringBytes bytes per direction, a power of two of at least 1024; a packet may be up to 1/8 of it
     *                  (65536 for a 512 KiB ring), each takes its length plus 8 bytes rounded up to 8.
     * @return both ends.
     * @throws IllegalArgumentException when {@code ringBytes} is not a power of two of at least 1024.
     */
    public static Pair pair(final int ringBytes)
    {
        if (ringBytes < 1024 || Integer.bitCount(ringBytes) != 1)
        {
            throw new IllegalArgumentException("ringBytes=" + ringBytes + " is not a power of two >= 1024");
        }
        final RingBuffer a = ring(ringBytes);
        final RingBuffer b = ring(ringBytes);
        final Shared shared = new Shared();
        return new Pair(new MemoryChannel(a, b, shared), new MemoryChannel(b, a, shared));
    }

    private static RingBuffer ring(final int ringBytes)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Override
    public int read(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        final Copier c = copier;
        c.target = buffer;
        c.offset = offset;
        c.capacity = capacity;
        c.result = 0;
        final int messages = inbound.read(c, 1);
        c.target = null;
        if (messages == 0)
        {
            return shared.closed && inbound.size() == 0 ? CLOSED : 0;
        }
        return c.result;
    }

    @Override
    public int write(final DirectBuffer buffer, final int offset, final int length)
    {
        if (shared.closed)
        {
            return CLOSED;
        }
        if (length > outbound.maxMsgLength())
        {
            return TOO_LONG;
        }
        return outbound.write(MSG_TYPE_PACKET, buffer, offset, length) ? length : 0;
    }

    @Override
    public int awaitReadable(final int timeoutMillis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int spins = 0;
        while (true)
        {
            if (inbound.size() > 0)
            {
                return 1;
            }
            if (shared.closed)
            {
                return CLOSED;
            }
            if (System.nanoTime() - deadline >= 0)
            {
                return 0;
            }
            if (spins < SPINS)
            {
                spins++;
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }

    /**
     * The largest packet this end can write.
     *
     * @return bytes.
     */
    public int maxPacketLength()
    {
        return outbound.maxMsgLength();
    }

    @Override
    public void close()
    {
        shared.closed = true;
    }
}
