package io.xlat.examples.daemon;

import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.DropReason;
import io.xlat.examples.io.PacketChannel;
import io.xlat.examples.io.VirtioNetHeader;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The duty cycle of one queue: read a batch of packets from the channel (until it is empty or the batch limit), in
 * bursts of up to {@link #BURST}: every packet of a burst is read into its own buffer and handed to
 * {@link PacketTranslator#prefetch} as it arrives, then the burst is translated in arrival order (a stateful
 * translator's table lookups then overlap; a burst never waits for packets that have not arrived). Every packet of
 * a result is written: {@link TranslationResult#KIND_TRANSLATED} to the egress
 * channel, {@link TranslationResult#KIND_ICMP_ERROR} back to the ingress channel. A single-TUN translator passes the
 * same channel for both: the kernel routes each packet by its destination. A channel with a virtio-net header (TUN
 * offloads) hands GSO super-packets and partial checksums to {@link OffloadTranslation}. A timer calls
 * {@link PacketTranslator#expire(long, TranslationResult)} every {@code expiryIntervalMillis}.
 * <p>
 * Nothing here allocates per packet. Exceptions are caught once per duty cycle by the {@code AgentRunner}, which
 * hands them to {@link #onError(Throwable)}: counted as {@link DropReason#INTERNAL_ERROR}, and the loop goes on.
 * When the channel reports {@link PacketChannel#CLOSED} (the device vanished) the agent terminates.
 */
public final class TranslatorWorker implements Agent
{
    /** Largest packet read: an IPv4 or IPv6 packet without jumbograms. */
    public static final int MAX_PACKET = 65535;
    /** Packets read ahead and prefetched before the first of them is translated. */
    public static final int BURST = 32;
    /**
     * Where a packet is read in its slot: room in front for the 20 bytes an IPv4 to IPv6 translation in place adds
     * ({@link TranslationResult#commitAt}), rounded to a cache line.
     */
    public static final int HEADROOM = 64;

    private final String roleName;
    private final PacketChannel ingress;
    private final PacketChannel egress;
    private final PacketTranslator translator;
    private final EpochClock clock;
    private final int batchLimit;
    private final long expiryIntervalMillis;
    /**
     * One result per slot, whose buffer the packet is read into (at {@link #HEADROOM}): a translator that can translate
     * in place (SIIT's fast path) then writes no copy of the payload, and anything else goes after the packet.
     */
    private final TranslationResult[] slotResults = new TranslationResult[BURST];
    private final UnsafeBuffer[] slots = new UnsafeBuffer[BURST];
    private final int[] lengths = new int[BURST];
    /** Each slot's virtio-net header, copied: the channel's own describes its last read only. */
    private final VirtioNetHeader[] headers = new VirtioNetHeader[BURST];
    private final boolean[] hasHeader = new boolean[BURST];
    private final TranslationResult result = TranslationResult.direct(TranslationResult.DEFAULT_CAPACITY);
    private final WorkerCounters counters = new WorkerCounters();
    private final OffloadTranslation offload;
    private long nextExpiryMillis;
    private volatile boolean channelClosed;
    private Runnable onStop;

    /**
     * Creates a worker.
     *
     * @param roleName             the agent's (and thread's) name, e.g. {@code xlat-plat-q0}.
     * @param ingress              where packets are read, and where ICMP errors go back.
     * @param egress               where translated packets go (the same channel for a single-TUN translator).
     * @param translator           owned by this worker.
     * @param clock                milliseconds since the epoch; injected so tests can step time.
     * @param batchLimit           most packets per duty cycle, at least 1.
     * @param expiryIntervalMillis how often {@link PacketTranslator#expire(long, TranslationResult)} runs.
     */
    public TranslatorWorker(
        final String roleName,
        final PacketChannel ingress,
        final PacketChannel egress,
        final PacketTranslator translator,
        final EpochClock clock,
        final int batchLimit,
        final long expiryIntervalMillis)
    {
        if (batchLimit < 1)
        {
            throw new IllegalArgumentException("batchLimit=" + batchLimit + " must be at least 1");
        }
        this.roleName = roleName;
        this.ingress = ingress;
        this.egress = egress;
        this.translator = translator;
        this.clock = clock;
        this.batchLimit = batchLimit;
        this.expiryIntervalMillis = expiryIntervalMillis;
        this.offload = new OffloadTranslation(translator, ingress, egress, result, counters);
        final UnsafeBuffer headerBytes = new UnsafeBuffer(new byte[BURST * VirtioNetHeader.HEADER_LENGTH]);
        for (int i = 0; i < BURST; i++)
        {
            slotResults[i] = TranslationResult.direct(HEADROOM + MAX_PACKET + TranslationResult.DEFAULT_CAPACITY);
            slots[i] = (UnsafeBuffer)slotResults[i].buffer();
            headers[i] = new VirtioNetHeader().wrap(headerBytes, i * VirtioNetHeader.HEADER_LENGTH);
        }
    }

    @Override
    public int doWork()
    {
        final long now = clock.time();
        int work = 0;
        if (now >= nextExpiryMillis)
        {
            nextExpiryMillis = now + expiryIntervalMillis;
            final int packets = translator.expire(now, result);
            if (packets > 0)
            {
                counters.add(WorkerCounters.EXPIRY_PACKETS, packets);
                work += packets;
                emit(result);
            }
        }
        final int limit = batchLimit;
        int queued = 0;
        try
        {
            for (int i = 0; i < limit; i++)
            {
                final UnsafeBuffer slot = slots[queued];
                final int length = ingress.read(slot, HEADROOM, MAX_PACKET);
                if (length <= 0)
                {
                    onReadResult(length);
                    break;
                }
                work++;
                counters.add(WorkerCounters.RECEIVED, 1);
                final VirtioNetHeader header = ingress.readHeader();
                hasHeader[queued] = null != header;
                if (null != header)
                {
                    copy(header, headers[queued]);
                }
                lengths[queued] = length;
                translator.prefetch(slot, HEADROOM, length);
                if (++queued == BURST)
                {
                    queued = 0;
                    translateQueued(BURST, now);
                }
            }
        }
        finally
        {
            // Also when a read ends the agent (channel closed): what was read is still translated and sent. (An
            // exception from a translation leaves nothing queued, so nothing is translated twice.)
            final int count = queued;
            queued = 0;
            translateQueued(count, now);
        }
        return work;
    }

    private void translateQueued(final int count, final long now)
    {
        for (int k = 0; k < count; k++)
        {
            if (hasHeader[k])
            {
                offload.onPacket(slots[k], HEADROOM, lengths[k], headers[k], now, slotResults[k]);
            }
            else if (translator.translate(slots[k], HEADROOM, lengths[k], slotResults[k], now) > 0)
            {
                emit(slotResults[k]);
            }
        }
    }

    private static void copy(final VirtioNetHeader from, final VirtioNetHeader to)
    {
        to.clear().flags(from.flags()).gsoType(from.gsoType()).hdrLen(from.hdrLen()).gsoSize(from.gsoSize())
            .csumStart(from.csumStart()).csumOffset(from.csumOffset());
    }

    private void emit(final TranslationResult out)
    {
        final int count = out.count();
        for (int i = 0; i < count; i++)
        {
            final PacketChannel channel = out.kind(i) == TranslationResult.KIND_ICMP_ERROR ? ingress : egress;
            final int length = out.length(i);
            if (channel.write(out.buffer(), out.offset(i), length) == length)
            {
                counters.add(WorkerCounters.SENT, 1);
            }
            else
            {
                counters.add(WorkerCounters.WRITE_FAILED, 1);
            }
        }
    }

    private void onReadResult(final int code)
    {
        if (code == PacketChannel.CLOSED)
        {
            channelClosed = true;
            throw new AgentTerminationException("channel closed: " + roleName);
        }
        if (code < 0)
        {
            counters.add(WorkerCounters.READ_ERRORS, 1);
        }
    }

    /**
     * The error handler the runner calls on the worker thread when {@link #doWork()} throws: counts it once.
     *
     * @param throwable what was thrown.
     */
    public void onError(final Throwable throwable)
    {
        if (!(throwable instanceof AgentTerminationException))
        {
            counters.add(WorkerCounters.EXCEPTIONS, 1);
            translator.counters().drop(DropReason.INTERNAL_ERROR);
        }
    }

    /**
     * Sets what runs on the worker thread when the agent stops (asked to, or its channel closed).
     *
     * @param action called once from {@link #onClose()}.
     * @return this.
     */
    public TranslatorWorker onStop(final Runnable action)
    {
        this.onStop = action;
        return this;
    }

    @Override
    public void onClose()
    {
        if (null != onStop)
        {
            onStop.run();
        }
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    /**
     * Whether the worker stopped because its channel closed (not because it was asked to).
     *
     * @return true after {@link PacketChannel#CLOSED}.
     */
    public boolean channelClosed()
    {
        return channelClosed;
    }

    /**
     * The ingress channel, which the idle strategy waits on.
     *
     * @return the channel.
     */
    public PacketChannel ingress()
    {
        return ingress;
    }

    /**
     * The I/O counters.
     *
     * @return the counters.
     */
    public WorkerCounters counters()
    {
        return counters;
    }

    /**
     * The translator this worker drives.
     *
     * @return the translator.
     */
    public PacketTranslator translator()
    {
        return translator;
    }
}
