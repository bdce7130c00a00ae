package io.xlat.examples.daemon;

import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;

/**
 * What a worker loop drives: one translator instance, owned by one worker thread (SIIT, CLAT or NAT64).
 * <p>
 * Same contract as {@link io.xlat.core.siit.SiitTranslator#translate}: no allocation, no exception per packet, the
 * verdict is the number of packets in the result or {@code -DropReason} (already counted).
 */
public interface PacketTranslator
{
    /**
     * Translates one packet.
     *
     * @param buffer    holding the packet; may be modified.
     * @param offset    of the IP header.
     * @param length    bytes of the packet.
     * @param result    filled with the packets to emit.
     * @param nowMillis the worker's clock, for stateful translators.
     * @return packet count in {@code result}, or {@code -DropReason}.
     */
    int translate(MutableDirectBuffer buffer, int offset, int length, TranslationResult result, long nowMillis);

    /**
     * Reads ahead the state a later {@link #translate} of this packet will look up, without translating it or
     * changing anything: the worker calls it for every packet of a burst before translating any, so that a stateful
     * translator's cache misses overlap ({@link io.xlat.core.nat64.Nat64Translator#prefetch}). Stateless
     * translators have nothing to read ahead; the default does nothing.
     *
     * @param buffer holding the packet.
     * @param offset of the IP header.
     * @param length bytes of the packet.
     */
    default void prefetch(final MutableDirectBuffer buffer, final int offset, final int length)
    {
    }

    /**
     * Expires state whose deadline has passed; called by the worker's timer, on the worker thread. Packets the
     * timers produce (e.g. the ICMPv4 Port Unreachable for an unsolicited SYN held too long, RFC 6146 3.5.2.2) are
     * written into {@code out} and sent like a translation's.
     *
     * @param nowMillis the worker's clock.
     * @param out       reset, then filled with packets to emit.
     * @return the number of packets in {@code out}.
     */
    default int expire(final long nowMillis, final TranslationResult out)
    {
        out.reset();
        expire(nowMillis);
        return 0;
    }

    /**
     * Expires state for translators whose timers produce no packets; {@link #expire(long, TranslationResult)} calls
     * it by default.
     *
     * @param nowMillis the worker's clock.
     * @return the number of entries expired.
     */
    default int expire(final long nowMillis)
    {
        return 0;
    }

    /**
     * The translator's counters, written by the worker thread and read by the metrics endpoint.
     *
     * @return the counters.
     */
    TranslatorCounters counters();
}
