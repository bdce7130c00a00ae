package io.xlat.examples.daemon;

import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;

/**
 * A {@link PacketTranslator} whose delegate the control plane can replace while the worker runs: a reload (SIGHUP)
 * or a PLAT prefix learned from the network (RFC 7050, RFC 8781) builds a new delegate and {@link #publish}es it.
 * <p>
 * The worker reads the delegate once per packet with a volatile load (a plain load on x86-64, an {@code ldar} on
 * AArch64): no lock, no allocation, and every packet is translated by exactly one configuration, the old one or the
 * new one. The new delegate is built on the control thread; the volatile write publishes it safely (its final
 * fields and tables happen-before the worker's first use).
 * <p>
 * Counters stay continuous across swaps because every delegate writes into the same {@link TranslatorCounters}:
 * {@link #publish} refuses a delegate with other counters. The worker thread is still their only writer (it calls
 * the old delegate or the new one, never both at once), so the single-writer rule of the counters holds and the
 * Prometheus counters never go backwards.
 */
public final class SwappablePacketTranslator implements PacketTranslator
{
    private final TranslatorCounters counters;
    private volatile PacketTranslator delegate;
    private volatile long swaps;

    /**
     * Wraps a first delegate; later ones must share its counters.
     *
     * @param initial the translator to start with.
     */
    public SwappablePacketTranslator(final PacketTranslator initial)
    {
        this.counters = initial.counters();
        this.delegate = initial;
    }

    @Override
    public int translate(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final TranslationResult result,
        final long nowMillis)
    {
        return delegate.translate(buffer, offset, length, result, nowMillis);
    }

    @Override
    public void prefetch(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        delegate.prefetch(buffer, offset, length);
    }

    @Override
    public int expire(final long nowMillis, final TranslationResult out)
    {
        return delegate.expire(nowMillis, out);
    }

    @Override
    public TranslatorCounters counters()
    {
        return counters;
    }

    /**
     * Replaces the delegate; control thread only. Packets already inside the old delegate finish there.
     *
     * @param next the new translator, built over {@link #counters()}.
     * @return the delegate it replaced.
     * @throws IllegalArgumentException when {@code next} has counters of its own (they would restart at zero).
     */
    public PacketTranslator publish(final PacketTranslator next)
    {
        if (next.counters() != counters)
        {
            throw new IllegalArgumentException("next=" + next + ": its counters are not this translator's; build it "
                + "over counters() so the metrics stay continuous");
        }
        final PacketTranslator previous = delegate;
        delegate = next;
        swaps = swaps + 1;
        return previous;
    }

    /**
     * The delegate packets go to now.
     *
     * @return the current translator.
     */
    public PacketTranslator delegate()
    {
        return delegate;
    }

    /**
     * How many times the delegate was replaced (for metrics and tests).
     *
     * @return the number of {@link #publish} calls.
     */
    public long swaps()
    {
        return swaps;
    }
}
