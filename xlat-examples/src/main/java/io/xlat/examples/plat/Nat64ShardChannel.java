package io.xlat.examples.plat;

import java.util.concurrent.TimeUnit;

import io.xlat.core.handoff.ShardHandoff;
import io.xlat.core.nat64.Nat64ShardRouter;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.examples.io.PacketChannel;
import io.xlat.examples.io.VirtioNetHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The channel a NAT64 worker of a multiqueue TUN device reads: its shard's inbox first (packets other workers read
 * from their queues that belong to this shard), then its own TUN queue, returning only packets of its own shard. A
 * packet of another shard is copied into the {@link ShardHandoff} lane to that shard (with its virtio-net header,
 * if any) and the read goes on; a full lane drops it, counted as {@code HANDOFF_FULL} in this worker's translator
 * counters. So the worker stays agnostic: it translates whatever {@link #read} returns, exactly as a packet of its
 * own queue, and its shard's state is only ever touched by its own thread.
 * <p>
 * Writes go straight to the TUN queue (the kernel routes each packet by its destination). {@link #readHeader()}
 * describes the packet the last read returned, whichever way it came. {@link #awaitReadable(int)} returns at once
 * when the inbox holds a packet; otherwise it waits on the TUN queue in slices of {@link #INBOX_CHECK_MILLIS} and
 * checks the inbox between them, which bounds the extra latency of a handed-off packet on an idle worker (a busy
 * worker drains its inbox every duty cycle). Not thread-safe: one worker thread.
 */
public final class Nat64ShardChannel implements PacketChannel
{
    /** Longest wait on the TUN queue before the inbox is checked again. */
    public static final int INBOX_CHECK_MILLIS = 1;
    /** Most packets of other shards handed off per {@link #read} before it returns 0 (the worker's duty cycle). */
    public static final int FOREIGN_LIMIT = 64;
    /** Bytes of a slot's metadata area: a virtio-net header with {@code num_buffers}. */
    public static final int METADATA_LENGTH = 12;

    private final PacketChannel queue;
    private final ShardHandoff.Endpoint endpoint;
    private final Nat64ShardRouter router;
    private final TranslatorCounters counters;
    private final int shard;
    private final UnsafeBuffer outHeaderBuffer = new UnsafeBuffer(new byte[METADATA_LENGTH]);
    private final VirtioNetHeader outHeader = new VirtioNetHeader().wrap(outHeaderBuffer, 0);
    private final UnsafeBuffer inHeaderBuffer = new UnsafeBuffer(new byte[METADATA_LENGTH]);
    private final VirtioNetHeader inHeader = new VirtioNetHeader().wrap(inHeaderBuffer, 0);
    private VirtioNetHeader lastHeader;

    /**
     * Wraps one TUN queue.
     *
     * @param queue    the worker's TUN queue.
     * @param endpoint the hand-off endpoint of the worker's shard.
     * @param router   the router of this worker (shard of every packet read).
     * @param counters the worker's translator counters, where full lanes are counted.
     */
    public Nat64ShardChannel(
        final PacketChannel queue,
        final ShardHandoff.Endpoint endpoint,
        final Nat64ShardRouter router,
        final TranslatorCounters counters)
    {
        if (router.localShard() != endpoint.shard())
        {
            throw new IllegalArgumentException("router shard=" + router.localShard() + " differs from endpoint shard="
                + endpoint.shard());
        }
        this.queue = queue;
        this.endpoint = endpoint;
        this.router = router;
        this.counters = counters;
        this.shard = endpoint.shard();
    }

    @Override
    public int read(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        final int fromInbox = readInbox(buffer, offset, capacity);
        if (fromInbox != 0)
        {
            return fromInbox;
        }
        for (int i = 0; i < FOREIGN_LIMIT; i++)
        {
            final int length = queue.read(buffer, offset, capacity);
            if (length <= 0)
            {
                lastHeader = null;
                return length;
            }
            final int target = router.shardOf(buffer, offset, length);
            if (target == shard)
            {
                lastHeader = queue.readHeader();
                return length;
            }
            handOff(target, buffer, offset, length);
        }
        lastHeader = null;
        return 0;
    }

    private int readInbox(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        final ShardHandoff.Endpoint e = endpoint;
        final int handle = e.poll();
        if (handle == ShardHandoff.NONE)
        {
            return 0;
        }
        final int length = e.packetLength(handle);
        if (length > capacity)
        {
            e.release(handle);
            lastHeader = null;
            return TOO_LONG;
        }
        final MutableDirectBuffer slab = e.buffer(handle);
        buffer.putBytes(offset, slab, e.packetOffset(handle), length);
        final int metadata = e.metadataLength(handle);
        if (metadata > 0)
        {
            inHeaderBuffer.putBytes(0, slab, e.metadataOffset(handle), Math.min(metadata, METADATA_LENGTH));
            lastHeader = inHeader;
        }
        else
        {
            lastHeader = null;
        }
        e.release(handle);
        return length;
    }

    private void handOff(final int target, final DirectBuffer buffer, final int offset, final int length)
    {
        final VirtioNetHeader header = queue.readHeader();
        final int verdict;
        if (null == header)
        {
            verdict = endpoint.offer(target, buffer, offset, length);
        }
        else
        {
            outHeader.flags(header.flags()).gsoType(header.gsoType()).hdrLen(header.hdrLen())
                .gsoSize(header.gsoSize()).csumStart(header.csumStart()).csumOffset(header.csumOffset());
            verdict = endpoint.offer(target, buffer, offset, length, outHeaderBuffer, 0, METADATA_LENGTH);
        }
        if (verdict < 0)
        {
            counters.drop(-verdict);
        }
    }

    @Override
    public int write(final DirectBuffer buffer, final int offset, final int length)
    {
        return queue.write(buffer, offset, length);
    }

    @Override
    public int awaitReadable(final int timeoutMillis)
    {
        if (endpoint.hasInbound())
        {
            return 1;
        }
        if (timeoutMillis <= 0)
        {
            return queue.awaitReadable(0);
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                return 0;
            }
            final int ready = queue.awaitReadable((int)Math.min(INBOX_CHECK_MILLIS,
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            if (ready != 0)
            {
                return ready;
            }
            if (endpoint.hasInbound())
            {
                return 1;
            }
        }
    }

    @Override
    public VirtioNetHeader readHeader()
    {
        return lastHeader;
    }

    @Override
    public VirtioNetHeader writeHeader()
    {
        return queue.writeHeader();
    }

    @Override
    public int lastErrno()
    {
        return queue.lastErrno();
    }

    @Override
    public void close()
    {
        queue.close();
    }

    /**
     * The hand-off endpoint of this channel's shard.
     *
     * @return the endpoint.
     */
    public ShardHandoff.Endpoint endpoint()
    {
        return endpoint;
    }

    /**
     * The router of this channel.
     *
     * @return the router.
     */
    public Nat64ShardRouter router()
    {
        return router;
    }
}
