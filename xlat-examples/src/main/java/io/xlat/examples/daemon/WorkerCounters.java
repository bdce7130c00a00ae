package io.xlat.examples.daemon;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * I/O counters of one worker: packets read from and written to its channel, writes the channel refused, read
 * errors, exceptions caught at the duty-cycle boundary, packets the expiry timer produced, and how GSO
 * super-packets from a TUN device with offloads were handled ({@link OffloadTranslation}). Single writer (the
 * worker), opaque reads for the metrics thread, as {@link io.xlat.core.stats.TranslatorCounters}.
 */
public final class WorkerCounters
{
    /** Packets read from the channel. */
    public static final int RECEIVED = 0;
    /** Packets written to the channel (translated packets and ICMP errors). */
    public static final int SENT = 1;
    /** Packets the channel did not take (full, error, too long): dropped. */
    public static final int WRITE_FAILED = 2;
    /** Reads that returned an error code. */
    public static final int READ_ERRORS = 3;
    /** Exceptions caught at the duty-cycle boundary (a bug: counted, the worker goes on). */
    public static final int EXCEPTIONS = 4;
    /** Packets the expiry timer produced (ICMP errors for held SYNs that timed out). */
    public static final int EXPIRY_PACKETS = 5;
    /** GSO super-packets translated once and written as one super-packet (TUN offloads). */
    public static final int OFFLOADED = 6;
    /** GSO super-packets cut into segments and translated one by one (MTU verdict, FIN, unusual headers...). */
    public static final int SEGMENTED = 7;
    /** Packets read with a virtio-net header that could not be handled (UFO, extension headers, bad offsets). */
    public static final int OFFLOAD_DROPPED = 8;
    /** Number of counters. */
    public static final int COUNT = 9;

    private static final String[] LABELS =
    {
        "received", "sent", "write_failed", "read_errors", "exceptions", "expiry_packets", "offloaded_superpackets",
        "segmented_superpackets", "offload_dropped",
    };
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values = new long[COUNT];

    /**
     * Adds to a counter; worker thread only.
     *
     * @param counter one of the indices of this class.
     * @param delta   amount to add.
     */
    public void add(final int counter, final long delta)
    {
        LONGS.setOpaque(values, counter, values[counter] + delta);
    }

    /**
     * Reads a counter from any thread.
     *
     * @param counter one of the indices of this class.
     * @return its value.
     */
    public long get(final int counter)
    {
        return (long)LONGS.getOpaque(values, counter);
    }

    /**
     * The label of a counter in metrics.
     *
     * @param counter one of the indices of this class.
     * @return a snake_case label.
     */
    public static String label(final int counter)
    {
        return LABELS[counter];
    }
}
