package io.xlat.core.handoff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.xlat.core.stats.DropReason;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.jctools.queues.SpscArrayQueue;

/**
 * Moves packets between the threads of a sharded translator (one thread per shard) without locks, blocking or
 * allocation: each thread copies a packet that belongs to another shard into a preallocated slot and passes the
 * slot's index through a jctools queue; the owning thread reads the packet in place and gives the slot back.
 * <p>
 * One <em>lane</em> per ordered (producer, consumer) pair of shards, each with its own slab of slots, a
 * {@link SpscArrayQueue} of filled slot indices (producer to consumer) and one of freed indices (consumer back to
 * producer). Per pair rather than per consumer because then every queue has one writer and one reader (wait-free
 * offer and poll, no CAS, producers never contend for a consumer's free list), each slab is written by one thread
 * only, and packets from one producer reach a consumer in the order they were offered (the fragments of a datagram
 * stay in order). The price is memory: {@code shards * (shards - 1) * slotsPerPair} slots, see
 * {@link #allocatedBytes()}; callers size {@code slotsPerPair} down when packets are large (GSO super-packets).
 * <pre>
 *  slot (stride rounded up to 64 bytes):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         packet length                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        metadata length                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  metadata (opaque, metadataCapacity bytes, e.g. a virtio-net  |
 *  |  header an I/O layer carries along with the packet)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   packet (up to maxPacket bytes)              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Queue elements are {@link Integer}s preallocated per slot, so no boxing happens per packet. A full lane (every
 * slot in flight) is a counted drop ({@link DropReason#HANDOFF_FULL}), never a wait: a reading thread must not
 * stall behind a slower shard. Memory ordering: the producer's plain writes to a slot happen-before the consumer's
 * reads through the queue's ordered store and volatile load, and likewise for the slot's return.
 * <pre>{@code
 * ShardHandoff handoff = new ShardHandoff(2, 256, 1500, 12);
 * // thread of shard 0                               // thread of shard 1
 * ShardHandoff.Endpoint e0 = handoff.endpoint(0);   ShardHandoff.Endpoint e1 = handoff.endpoint(1);
 * e0.offer(1, buffer, 0, length);                   int h = e1.poll();
 *                                                   translate(e1.buffer(h), e1.packetOffset(h), e1.packetLength(h));
 *                                                   e1.release(h);
 * }</pre>
 */
public final class ShardHandoff
{
    /** {@link Endpoint#poll()}: no packet is waiting. */
    public static final int NONE = -1;

    /** Most shards. */
    public static final int MAX_SHARDS = 1024;
    /** Most slots per lane. */
    public static final int MAX_SLOTS = 1 << 16;
    /** Largest packet a slot may hold (a GSO super-packet plus headroom). */
    public static final int MAX_PACKET = 1 << 20;
    /** Largest metadata area. */
    public static final int MAX_METADATA = 256;

    /** Offset in a slot of the packet length (int). */
    public static final int LENGTH_OFFSET = 0;
    /** Offset in a slot of the metadata length (int). */
    public static final int METADATA_LENGTH_OFFSET = 4;
    /** Offset in a slot of the metadata area. */
    public static final int METADATA_OFFSET = 8;

    /** Counter: packets offered to another shard. */
    public static final int SENT = 0;
    /** Counter: packets received from other shards. */
    public static final int RECEIVED = 1;
    /** Counter: packets dropped because the lane to their shard was full. */
    public static final int FULL = 2;
    /** Counter: packets dropped because they exceed a slot. */
    public static final int TOO_LONG = 3;
    private static final int COUNTERS = 4;
    private static final String[] COUNTER_LABELS = {"sent", "received", "full", "too_long"};

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int shards;
    private final int slotsPerPair;
    private final int maxPacket;
    private final int metadataCapacity;
    private final int stride;
    private final int packetOffset;
    private final Endpoint[] endpoints;

    /**
     * Preallocates every lane.
     *
     * @param shards           number of shards (threads), 1..{@link #MAX_SHARDS}.
     * @param slotsPerPair     slots of each (producer, consumer) lane, 1..{@link #MAX_SLOTS}: how many packets may
     *                         be in flight from one shard to another.
     * @param maxPacket        largest packet a slot holds, 1..{@link #MAX_PACKET}.
     * @param metadataCapacity bytes of the opaque metadata area of a slot, 0..{@link #MAX_METADATA}.
     * @throws IllegalArgumentException naming the bad value, or when a lane would exceed 2 GiB.
     */
    public ShardHandoff(final int shards, final int slotsPerPair, final int maxPacket, final int metadataCapacity)
    {
        check("shards", shards, 1, MAX_SHARDS);
        check("slotsPerPair", slotsPerPair, 1, MAX_SLOTS);
        check("maxPacket", maxPacket, 1, MAX_PACKET);
        check("metadataCapacity", metadataCapacity, 0, MAX_METADATA);
        this.shards = shards;
        this.slotsPerPair = slotsPerPair;
        this.maxPacket = maxPacket;
        this.metadataCapacity = metadataCapacity;
        this.packetOffset = BitUtil.align(METADATA_OFFSET + metadataCapacity, 8);
        this.stride = BitUtil.align(packetOffset + maxPacket, 64);
        if ((long)stride * slotsPerPair > Integer.MAX_VALUE - 64)
        {
            throw new IllegalArgumentException("slotsPerPair=" + slotsPerPair + " x maxPacket=" + maxPacket +
                ": a lane must stay under 2 GiB");
        }
        final Integer[] boxes = new Integer[slotsPerPair];
        for (int i = 0; i < slotsPerPair; i++)
        {
            boxes[i] = i;
        }
        final Lane[][] lanes = new Lane[shards][shards];
        for (int p = 0; p < shards; p++)
        {
            for (int c = 0; c < shards; c++)
            {
                if (p != c)
                {
                    lanes[p][c] = new Lane(slotsPerPair, stride, boxes);
                }
            }
        }
        this.endpoints = new Endpoint[shards];
        for (int s = 0; s < shards; s++)
        {
            final Lane[] out = new Lane[shards];
            final Lane[] in = new Lane[shards];
            for (int o = 0; o < shards; o++)
            {
                out[o] = lanes[s][o];
                in[o] = lanes[o][s];
            }
            endpoints[s] = new Endpoint(this, s, out, in);
        }
    }

    /**
     * The endpoint of one shard; only that shard's thread may use it.
     *
     * @param shard 0..{@link #shardCount()}-1.
     * @return the endpoint.
     */
    public Endpoint endpoint(final int shard)
    {
        return endpoints[shard];
    }

    /**
     * Number of shards.
     *
     * @return at least 1.
     */
    public int shardCount()
    {
        return shards;
    }

    /**
     * Slots of each lane.
     *
     * @return the slot count.
     */
    public int slotsPerPair()
    {
        return slotsPerPair;
    }

    /**
     * Largest packet a slot holds.
     *
     * @return bytes.
     */
    public int maxPacket()
    {
        return maxPacket;
    }

    /**
     * Size of a slot's metadata area.
     *
     * @return bytes.
     */
    public int metadataCapacity()
    {
        return metadataCapacity;
    }

    /**
     * Bytes preallocated for slots (off-heap), all lanes together.
     *
     * @return bytes.
     */
    public long allocatedBytes()
    {
        return (long)shards * (shards - 1) * slotsPerPair * stride;
    }

    /**
     * Label of a counter, for metrics.
     *
     * @param counter {@link #SENT}, {@link #RECEIVED}, {@link #FULL} or {@link #TOO_LONG}.
     * @return snake_case label.
     */
    public static String counterLabel(final int counter)
    {
        return COUNTER_LABELS[counter];
    }

    /**
     * Number of counters of an endpoint.
     *
     * @return the count.
     */
    public static int counterCount()
    {
        return COUNTERS;
    }

    private static void check(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + "=" + value + ": must be in " + min + ".." + max);
        }
    }

    /**
     * One (producer, consumer) lane: its slab, the queue of filled slots, the queue of freed slots, and the
     * producer's private stack of free slots.
     */
    private static final class Lane
    {
        private final UnsafeBuffer slab;
        private final SpscArrayQueue<Integer> filled;
        private final SpscArrayQueue<Integer> freed;
        private final Integer[] boxes;
        private final int[] free;
        private int freeCount;

        Lane(final int slots, final int stride, final Integer[] boxes)
        {
            this.slab = new UnsafeBuffer(ByteBuffer.allocateDirect(slots * stride + 64).alignedSlice(64));
            this.filled = new SpscArrayQueue<>(Math.max(4, slots));
            this.freed = new SpscArrayQueue<>(Math.max(4, slots));
            this.boxes = boxes;
            this.free = new int[slots];
            for (int i = 0; i < slots; i++)
            {
                free[i] = slots - 1 - i;
            }
            this.freeCount = slots;
        }

        /** Producer side: a free slot, or -1. */
        int claim()
        {
            if (freeCount == 0)
            {
                final int[] stack = free;
                final int limit = stack.length;
                int count = 0;
                while (count < limit)
                {
                    final Integer slot = freed.relaxedPoll();
                    if (null == slot)
                    {
                        break;
                    }
                    stack[count++] = slot;
                }
                freeCount = count;
                if (count == 0)
                {
                    return -1;
                }
            }
            return free[--freeCount];
        }
    }

    /**
     * What {@link Endpoint#drain} hands each packet to.
     */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * Called with one packet, which may be modified in place; the slot is released when this returns.
         *
         * @param producer the shard that handed the packet over.
         * @param buffer   the slab holding the packet.
         * @param offset   of the packet.
         * @param length   of the packet.
         */
        void onPacket(int producer, MutableDirectBuffer buffer, int offset, int length);
    }

    /**
     * The side of one shard: offers packets to the other shards' inboxes and polls its own inbox. Used by that
     * shard's thread only, except the counters, which any thread may read.
     */
    public static final class Endpoint
    {
        private final ShardHandoff handoff;
        private final int shard;
        private final Lane[] out;
        private final Lane[] in;
        private final int slots;
        private final int packetOffset;
        private final int stride;
        private final int metadataCapacity;
        private final int maxPacket;
        private final long[] counters = new long[COUNTERS];
        private int nextProducer;

        Endpoint(final ShardHandoff handoff, final int shard, final Lane[] out, final Lane[] in)
        {
            this.handoff = handoff;
            this.shard = shard;
            this.out = out;
            this.in = in;
            this.slots = handoff.slotsPerPair;
            this.packetOffset = handoff.packetOffset;
            this.stride = handoff.stride;
            this.metadataCapacity = handoff.metadataCapacity;
            this.maxPacket = handoff.maxPacket;
        }

        /**
         * The shard of this endpoint.
         *
         * @return the shard.
         */
        public int shard()
        {
            return shard;
        }

        /**
         * The hand-off this endpoint belongs to.
         *
         * @return the hand-off.
         */
        public ShardHandoff handoff()
        {
            return handoff;
        }

        /**
         * Copies a packet into a free slot of the lane to {@code target} and queues it, without metadata.
         *
         * @param target the shard that must handle the packet; not this endpoint's shard.
         * @param packet the packet bytes.
         * @param offset of the packet.
         * @param length of the packet.
         * @return the slot used ({@code >= 0}), or {@code -DropReason.HANDOFF_FULL} when every slot of the lane is in
         * flight, or {@code -DropReason.OUTPUT_TOO_SMALL} when the packet exceeds a slot (both counted here).
         */
        public int offer(final int target, final DirectBuffer packet, final int offset, final int length)
        {
            return offer(target, packet, offset, length, null, 0, 0);
        }

        /**
         * Copies a packet and its metadata into a free slot of the lane to {@code target} and queues it.
         *
         * @param target         the shard that must handle the packet; not this endpoint's shard.
         * @param packet         the packet bytes.
         * @param offset         of the packet.
         * @param length         of the packet.
         * @param metadata       bytes to carry along (e.g. a virtio-net header), or null for none.
         * @param metadataOffset of the metadata.
         * @param metadataLength of the metadata; at most the metadata capacity (more is cut).
         * @return the slot used ({@code >= 0}), or {@code -DropReason.HANDOFF_FULL} when every slot of the lane is in
         * flight, or {@code -DropReason.OUTPUT_TOO_SMALL} when the packet exceeds a slot (both counted here).
         */
        public int offer(
            final int target, final DirectBuffer packet, final int offset, final int length,
            final DirectBuffer metadata, final int metadataOffset, final int metadataLength)
        {
            final Lane lane = out[target];
            if (null == lane)
            {
                throw new IllegalArgumentException("target=" + target + ": not another shard of " + shard);
            }
            if (length > maxPacket || length < 0)
            {
                count(TOO_LONG);
                return -DropReason.OUTPUT_TOO_SMALL;
            }
            final int slot = lane.claim();
            if (slot < 0)
            {
                count(FULL);
                return -DropReason.HANDOFF_FULL;
            }
            final UnsafeBuffer slab = lane.slab;
            final int base = slot * stride;
            final int meta = null == metadata ? 0 : Math.min(metadataLength, metadataCapacity);
            slab.putInt(base + LENGTH_OFFSET, length, ByteOrder.BIG_ENDIAN);
            slab.putInt(base + METADATA_LENGTH_OFFSET, meta, ByteOrder.BIG_ENDIAN);
            if (meta > 0)
            {
                slab.putBytes(base + METADATA_OFFSET, metadata, metadataOffset, meta);
            }
            slab.putBytes(base + packetOffset, packet, offset, length);
            // Capacity >= slots, and a slot is queued at most once, so the offer cannot fail.
            lane.filled.offer(lane.boxes[slot]);
            count(SENT);
            return slot;
        }

        /**
         * Takes the next packet of this shard's inbox, visiting the producers in turn so none starves the others.
         *
         * @return a handle ({@code >= 0}) for the accessors and {@link #release(int)}, or {@link #NONE}.
         */
        public int poll()
        {
            final Lane[] lanes = in;
            final int n = lanes.length;
            int p = nextProducer;
            for (int i = 0; i < n; i++)
            {
                final Lane lane = lanes[p];
                if (null != lane)
                {
                    final Integer slot = lane.filled.relaxedPoll();
                    if (null != slot)
                    {
                        nextProducer = p + 1 == n ? 0 : p + 1;
                        count(RECEIVED);
                        return p * slots + slot;
                    }
                }
                p = p + 1 == n ? 0 : p + 1;
            }
            return NONE;
        }

        /**
         * Whether a packet is waiting in this shard's inbox (a hint: it may be read by the time this returns true;
         * any thread may ask).
         *
         * @return true when some lane into this shard is not empty.
         */
        public boolean hasInbound()
        {
            final Lane[] lanes = in;
            for (int p = 0; p < lanes.length; p++)
            {
                final Lane lane = lanes[p];
                if (null != lane && !lane.filled.isEmpty())
                {
                    return true;
                }
            }
            return false;
        }

        /**
         * The shard that handed a polled packet over.
         *
         * @param handle from {@link #poll()}.
         * @return the producer shard.
         */
        public int producer(final int handle)
        {
            return handle / slots;
        }

        /**
         * The buffer holding a polled packet (and its metadata); the packet may be modified in place until
         * {@link #release(int)}.
         *
         * @param handle from {@link #poll()}.
         * @return the lane's slab.
         */
        public MutableDirectBuffer buffer(final int handle)
        {
            return in[handle / slots].slab;
        }

        /**
         * Where a polled packet starts in {@link #buffer(int)}.
         *
         * @param handle from {@link #poll()}.
         * @return the offset.
         */
        public int packetOffset(final int handle)
        {
            return (handle % slots) * stride + packetOffset;
        }

        /**
         * Length of a polled packet.
         *
         * @param handle from {@link #poll()}.
         * @return bytes.
         */
        public int packetLength(final int handle)
        {
            return in[handle / slots].slab.getInt((handle % slots) * stride + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
        }

        /**
         * Where a polled packet's metadata starts in {@link #buffer(int)}.
         *
         * @param handle from {@link #poll()}.
         * @return the offset.
         */
        public int metadataOffset(final int handle)
        {
            return (handle % slots) * stride + METADATA_OFFSET;
        }

        /**
         * Length of a polled packet's metadata.
         *
         * @param handle from {@link #poll()}.
         * @return bytes, 0 when none was offered.
         */
        public int metadataLength(final int handle)
        {
            return in[handle / slots].slab.getInt(
                (handle % slots) * stride + METADATA_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
        }

        /**
         * Gives a polled slot back to its producer; the handle is invalid afterwards.
         *
         * @param handle from {@link #poll()}.
         */
        public void release(final int handle)
        {
            final Lane lane = in[handle / slots];
            // Capacity >= slots: the freed queue holds at most every slot of the lane.
            lane.freed.offer(lane.boxes[handle % slots]);
        }

        /**
         * Polls up to {@code limit} packets, hands each to {@code handler} and releases it.
         *
         * @param handler called once per packet.
         * @param limit   most packets.
         * @return packets handled.
         */
        public int drain(final Handler handler, final int limit)
        {
            int done = 0;
            while (done < limit)
            {
                final int handle = poll();
                if (handle == NONE)
                {
                    break;
                }
                try
                {
                    handler.onPacket(producer(handle), buffer(handle), packetOffset(handle), packetLength(handle));
                }
                finally
                {
                    release(handle);
                }
                done++;
            }
            return done;
        }

        /**
         * A counter of this endpoint; any thread may read it.
         *
         * @param counter {@link #SENT}, {@link #RECEIVED}, {@link #FULL} or {@link #TOO_LONG}.
         * @return the value.
         */
        public long counter(final int counter)
        {
            return (long)LONGS.getOpaque(counters, counter);
        }

        private void count(final int counter)
        {
            LONGS.setOpaque(counters, counter, counters[counter] + 1);
        }
    }
}
