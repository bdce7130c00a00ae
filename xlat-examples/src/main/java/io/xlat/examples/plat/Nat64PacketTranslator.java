package io.xlat.examples.plat;

import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.examples.daemon.PacketTranslator;
import org.agrona.MutableDirectBuffer;

/**
 * A stateful NAT64 translator (RFC 6146) for a worker: one {@link Nat64Translator} over one shard's state, driven
 * only by that worker's thread; the worker's timer runs {@link Nat64Translator#expire(long, TranslationResult)}.
 */
public final class Nat64PacketTranslator implements PacketTranslator
{
    private final Nat64Translator nat64;

    /**
     * Wraps a translator.
     *
     * @param nat64 the translator of one shard.
     */
    public Nat64PacketTranslator(final Nat64Translator nat64)
    {
        this.nat64 = nat64;
    }

    @Override
    public int translate(
        final MutableDirectBuffer buffer,
        final int offset,
        final int length,
        final TranslationResult result,
        final long nowMillis)
    {
        return nat64.translate(buffer, offset, length, result, nowMillis);
    }

    @Override
    public void prefetch(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        nat64.prefetch(buffer, offset, length);
    }

    @Override
    public int expire(final long nowMillis, final TranslationResult out)
    {
        return nat64.expire(nowMillis, out);
    }

    @Override
    public TranslatorCounters counters()
    {
        return nat64.counters();
    }
}
