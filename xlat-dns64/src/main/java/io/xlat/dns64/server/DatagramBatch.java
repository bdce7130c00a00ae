package io.xlat.dns64.server;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A preallocated batch of datagrams for {@link DatagramIo}: {@link #capacity()} slots of {@link #slotSize()} bytes
 * in one direct buffer (so a native implementation can point {@code iovec}s straight at them), each with a length
 * and a source or destination address of up to {@link SocketAddressBytes#CAPACITY} raw bytes
 * ({@link SocketAddressBytes} layout) in a second direct buffer.
 * <pre>
 *   data:      | slot 0 (slotSize) | slot 1 | ... | slot capacity-1 |
 *   addresses: | 28 bytes          | 28     | ... | 28              |
 * </pre>
 * Receive fills slots {@code 0..count()-1}; a datagram that did not fit its slot has length {@link #TRUNCATED}.
 * Nothing is allocated after construction.
 */
public final class DatagramBatch
{
    /** Length of a received datagram larger than its slot (its tail was cut by the kernel). */
    public static final int TRUNCATED = -1;

    private final int capacity;
    private final int slotSize;
    private final UnsafeBuffer data;
    private final UnsafeBuffer addresses;
    private final ByteBuffer[] slots;
    private final int[] lengths;
    private int count;
    private int systemCalls;

    /**
     * Allocates the batch.
     *
     * @param capacity datagrams per batch, 1..1024 ({@code UIO_MAXIOV}).
     * @param slotSize bytes per datagram, 512..65535.
     */
    public DatagramBatch(final int capacity, final int slotSize)
    {
        if (capacity < 1 || capacity > 1024 || slotSize < 512 || slotSize > 65_535)
        {
            throw new IllegalArgumentException("capacity=" + capacity + ", slotSize=" + slotSize +
                ": must be 1..1024 and 512..65535");
        }
        this.capacity = capacity;
        this.slotSize = slotSize;
        final ByteBuffer dataBuffer = BufferUtil.allocateDirectAligned(capacity * slotSize, 64);
        data = new UnsafeBuffer(dataBuffer);
        addresses = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity * SocketAddressBytes.CAPACITY, 64));
        slots = new ByteBuffer[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = dataBuffer.duplicate().limit((i + 1) * slotSize).position(i * slotSize).slice();
        }
        lengths = new int[capacity];
    }

    /**
     * How many datagrams the batch holds at most.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * The room for one datagram.
     *
     * @return bytes per slot.
     */
    public int slotSize()
    {
        return slotSize;
    }

    /**
     * The datagram bytes of every slot.
     *
     * @return the data buffer (direct; {@link UnsafeBuffer#addressOffset()} is its native address).
     */
    public UnsafeBuffer buffer()
    {
        return data;
    }

    /**
     * The raw addresses of every slot.
     *
     * @return the address buffer (direct).
     */
    public UnsafeBuffer addresses()
    {
        return addresses;
    }

    /**
     * A {@link ByteBuffer} view of one slot (preallocated, position 0, limit {@link #slotSize()} after
     * {@code clear()}), for implementations over NIO channels.
     *
     * @param index 0..capacity-1.
     * @return the view.
     */
    public ByteBuffer slot(final int index)
    {
        return slots[index];
    }

    /**
     * Where a slot's datagram starts in {@link #buffer()}.
     *
     * @param index 0..capacity-1.
     * @return the offset.
     */
    public int offset(final int index)
    {
        return index * slotSize;
    }

    /**
     * Where a slot's address starts in {@link #addresses()}.
     *
     * @param index 0..capacity-1.
     * @return the offset.
     */
    public int addressOffset(final int index)
    {
        return index * SocketAddressBytes.CAPACITY;
    }

    /**
     * A slot's datagram length.
     *
     * @param index 0..count-1.
     * @return bytes, or {@link #TRUNCATED}.
     */
    public int length(final int index)
    {
        return lengths[index];
    }

    /**
     * Sets a slot's datagram length.
     *
     * @param index  0..capacity-1.
     * @param length bytes, or {@link #TRUNCATED}.
     */
    public void length(final int index, final int length)
    {
        lengths[index] = length;
    }

    /**
     * The datagrams in the batch.
     *
     * @return 0..capacity.
     */
    public int count()
    {
        return count;
    }

    /**
     * Sets the number of datagrams in the batch.
     *
     * @param count 0..capacity.
     */
    public void count(final int count)
    {
        this.count = count;
    }

    /**
     * The system calls the last receive or send took (for the counters that show the batching at work).
     *
     * @return the count.
     */
    public int systemCalls()
    {
        return systemCalls;
    }

    /**
     * Records the system calls of a receive or send.
     *
     * @param calls the count.
     */
    public void systemCalls(final int calls)
    {
        this.systemCalls = calls;
    }

    /**
     * Whether no slot is left.
     *
     * @return true when {@link #count()} equals {@link #capacity()}.
     */
    public boolean isFull()
    {
        return count == capacity;
    }

    /**
     * Appends a datagram and its destination.
     *
     * @param source        the datagram.
     * @param sourceOffset  where it starts.
     * @param length        its length, at most {@link #slotSize()}.
     * @param address       holding a raw address ({@link SocketAddressBytes}).
     * @param addressOffset where it starts.
     * @return the slot used, or -1 when the batch is full or the datagram too long.
     */
    public int add(
        final DirectBuffer source,
        final int sourceOffset,
        final int length,
        final DirectBuffer address,
        final int addressOffset)
    {
        if (count == capacity || length > slotSize)
        {
            return -1;
        }
        final int index = count++;
        data.putBytes(index * slotSize, source, sourceOffset, length);
        addresses.putBytes(index * SocketAddressBytes.CAPACITY, address, addressOffset, SocketAddressBytes.CAPACITY);
        lengths[index] = length;
        return index;
    }
}
