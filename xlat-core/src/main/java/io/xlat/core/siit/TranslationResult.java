package io.xlat.core.siit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reusable output of one translation: the packets a translator emits for one input packet, laid one after another
 * in a buffer the result owns.
 * <p>
 * A translation emits zero packets (a drop), one packet (the usual case), several (fragments, when the input
 * exceeds the egress MTU), or an ICMP error the translator originates back towards the sender instead of the
 * translated packet. Each packet has an offset, a length and a {@link #kind(int) kind}.
 * <p>
 * Writers (the translators) call {@link #reset()}, then for every packet {@link #limit()} to find where to write,
 * {@link #remaining()} to know how much room there is, and {@link #commit(int, int)} once it is written.
 * Not thread-safe: one per translating thread.
 */
public final class TranslationResult
{
    /** Most packets one translation may emit (fragments of a 64 KiB datagram at a 1280-byte MTU need 54). */
    public static final int MAX_PACKETS = 64;
    /** Default buffer capacity: a 64 KiB datagram fragmented at 1280 bytes, with all its extra headers. */
    public static final int DEFAULT_CAPACITY = 128 * 1024;

    /** The packet is the input translated to the other IP version, to be sent on. */
    public static final int KIND_TRANSLATED = 0;
    /**
     * The packet is an ICMP error the translator originated, of the input's IP version, to be sent back towards
     * the input's source (e.g. Time Exceeded, Fragmentation Needed, Packet Too Big, Parameter Problem).
     */
    public static final int KIND_ICMP_ERROR = 1;

    private final UnsafeBuffer buffer;
    /**
     * One word per packet, so that recording one is a single store: the offset in bits 0-31, the length in bits
     * 32-62 and the kind in bit 63.
     */
    private final long[] packets = new long[MAX_PACKETS];
    private int count;
    private int limit;

    /**
     * Creates a result with {@link #DEFAULT_CAPACITY} bytes of buffer.
     */
    public TranslationResult()
    {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a result with its own buffer.
     *
     * @param capacity bytes of buffer; must hold every packet one translation may emit.
     */
    public TranslationResult(final int capacity)
    {
        this(new UnsafeBuffer(new byte[checkCapacity(capacity)]));
    }

    /**
     * Creates a result over memory the caller provides (e.g. a region of its own off-heap slab).
     *
     * @param buffer where packets are written; at least 2048 bytes, and enough for every packet one translation may
     *               emit ({@link #DEFAULT_CAPACITY} covers all).
     */
    public TranslationResult(final UnsafeBuffer buffer)
    {
        checkCapacity(buffer.capacity());
        this.buffer = buffer;
    }

    /**
     * Creates a result whose buffer is off-heap memory aligned to a cache line: what a daemon writing packets to a
     * device wants (an off-heap buffer goes to {@code write(2)} as it is, where a heap array is first copied out),
     * and what makes the position of every packet in the cache, and so the speed of copying it, the same from run
     * to run.
     *
     * @param capacity bytes of buffer; must hold every packet one translation may emit.
     * @return the result.
     */
    public static TranslationResult direct(final int capacity)
    {
        final int cacheLine = 64;
        // alignedSlice also rounds the end down to a whole line: ask for whole lines plus one to align with.
        final int lines = (checkCapacity(capacity) + cacheLine - 1) / cacheLine;
        final java.nio.ByteBuffer aligned = java.nio.ByteBuffer.allocateDirect((lines + 1) * cacheLine)
            .alignedSlice(cacheLine);
        return new TranslationResult(new UnsafeBuffer(aligned, 0, capacity));
    }

    private static int checkCapacity(final int capacity)
    {
        if (capacity < 2048)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " is below the 2048-byte minimum");
        }
        return capacity;
    }

    /**
     * Forgets every packet, ready for the next translation.
     */
    public void reset()
    {
        count = 0;
        limit = 0;
    }

    /**
     * The buffer the packets are written into.
     *
     * @return the buffer, owned by this result.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the next packet starts in {@link #buffer()}.
     *
     * @return offset of the first free byte.
     */
    public int limit()
    {
        return limit;
    }

    /**
     * How many bytes the next packet may use.
     *
     * @return free bytes after {@link #limit()}, or 0 when no further packet may be added.
     */
    public int remaining()
    {
        return count < MAX_PACKETS ? buffer.capacity() - limit : 0;
    }

    /**
     * Makes the next packet go at {@code end} or later: what a translator does first when the packet it translates
     * is in this result's own buffer (in-place translation), so that anything it writes beyond the packet itself
     * (an ICMP error, fragments, the general path's output) goes after the input instead of over it.
     *
     * @param end first byte after the input packet.
     */
    public void reserveTo(final int end)
    {
        if (end > buffer.capacity())
        {
            throw new IllegalArgumentException("end=" + end + " is beyond the capacity " + buffer.capacity());
        }
        limit = Math.max(limit, end);
    }

    /**
     * Records a packet written at {@code offset} rather than at {@link #limit()}: a packet translated in place,
     * inside the input it came from (which lies in this result's buffer). The limit moves past it if it ends later.
     *
     * @param offset where the packet starts in {@link #buffer()}.
     * @param length bytes of the packet.
     * @param kind   {@link #KIND_TRANSLATED} or {@link #KIND_ICMP_ERROR}.
     */
    public void commitAt(final int offset, final int length, final int kind)
    {
        packets[count] = packet(offset, length, kind);
        count++;
        limit = Math.max(limit, offset + length);
    }

    /**
     * Records a packet just written at {@link #limit()}.
     *
     * @param length bytes written.
     * @param kind   {@link #KIND_TRANSLATED} or {@link #KIND_ICMP_ERROR}.
     */
    public void commit(final int length, final int kind)
    {
        packets[count] = packet(limit, length, kind);
        count++;
        limit += length;
    }

    private static long packet(final int offset, final int length, final int kind)
    {
        return (offset & 0xFFFF_FFFFL) | ((long)length << 32) | ((long)kind << 63);
    }

    /**
     * Number of packets emitted.
     *
     * @return the packet count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Offset of packet {@code index} in {@link #buffer()}.
     *
     * @param index 0 to {@link #count()} - 1.
     * @return its offset.
     */
    public int offset(final int index)
    {
        return (int)packets[index];
    }

    /**
     * Length of packet {@code index}.
     *
     * @param index 0 to {@link #count()} - 1.
     * @return its length in bytes.
     */
    public int length(final int index)
    {
        return (int)(packets[index] >>> 32) & 0x7FFF_FFFF;
    }

    /**
     * Kind of packet {@code index}.
     *
     * @param index 0 to {@link #count()} - 1.
     * @return {@link #KIND_TRANSLATED} or {@link #KIND_ICMP_ERROR}.
     */
    public int kind(final int index)
    {
        return (int)(packets[index] >>> 63);
    }

    /**
     * IP version of packet {@code index}, read from its first byte.
     *
     * @param index 0 to {@link #count()} - 1.
     * @return 4 or 6.
     */
    public int ipVersion(final int index)
    {
        return (buffer.getByte(offset(index)) >> 4) & 0xF;
    }
}
