package io.xlat.examples.daemon;

import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.SiitTranslator;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;

/**
 * A stateless translator (RFC 7915) for a worker: one {@link SiitTranslator} per worker thread, so its scratch
 * flyweights and counters stay single-threaded.
 */
public final class SiitPacketTranslator implements PacketTranslator
{
    private final SiitTranslator siit;

    /**
     * Creates a translator with its own counters.
     *
     * @param config validated settings, shared read-only between workers.
     */
    public SiitPacketTranslator(final SiitConfig config)
    {
        this.siit = new SiitTranslator(config);
    }

    /**
     * Creates a translator over existing counters, e.g. a new configuration for a
     * {@link SwappablePacketTranslator} whose metrics must continue.
     *
     * @param config   validated settings, shared read-only between workers.
     * @param counters the counters to keep counting into; written only by the worker thread.
     */
    public SiitPacketTranslator(final SiitConfig config, final TranslatorCounters counters)
    {
        this.siit = new SiitTranslator(config, counters);
    }

    /**
     * The settings this translator runs with.
     *
     * @return the configuration.
     */
    public SiitConfig config()
    {
        return siit.config();
    }

    @Override
    public int translate(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final TranslationResult result,
        final long nowMillis)
    {
        return siit.translate(buffer, offset, length, result);
    }

    @Override
    public TranslatorCounters counters()
    {
        return siit.counters();
    }
}
