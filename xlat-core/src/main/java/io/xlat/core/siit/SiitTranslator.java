package io.xlat.core.siit;

import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;

/**
 * Stateless IP/ICMP translator (RFC 7915), both directions.
 * <p>
 * One instance per thread: it keeps reusable flyweights and scratch state. Nothing here allocates, logs or throws
 * per packet: the verdict is an int, and every drop bumps a {@link TranslatorCounters} counter.
 * <pre>{@code
 * SiitTranslator siit = new SiitTranslator(config);
 * TranslationResult out = new TranslationResult();
 * int verdict = siit.translate(buffer, offset, length, out);
 * // verdict >= 0: out.count() packets to send (translated, fragments or an ICMP error back to the sender)
 * // verdict <  0: -verdict is a DropReason, already counted
 * }</pre>
 */
public final class SiitTranslator
{
    private final SiitConfig config;
    private final TranslatorCounters counters;
    private final Ipv4ToIpv6Translator fourToSix;
    private final Ipv6ToIpv4Translator sixToFour;

    /**
     * Creates a translator with its own counters.
     *
     * @param config validated settings.
     */
    public SiitTranslator(final SiitConfig config)
    {
        this(config, new TranslatorCounters());
    }

    /**
     * Creates a translator that bumps the given counters.
     *
     * @param config   validated settings.
     * @param counters counters, written only by the thread using this translator.
     */
    public SiitTranslator(final SiitConfig config, final TranslatorCounters counters)
    {
        this.config = config;
        this.counters = counters;
        this.fourToSix = new Ipv4ToIpv6Translator(config, counters);
        this.sixToFour = new Ipv6ToIpv4Translator(config, counters);
    }

    /**
     * Translates one packet, choosing the direction by its version nibble.
     *
     * @param buffer holding the packet; may be modified (treat as consumed).
     * @param offset of the first byte of the IP header.
     * @param length bytes of the packet.
     * @param result reset, then filled with the packets to emit.
     * @return the number of packets in {@code result} (>= 0), or {@code -DropReason} when nothing is emitted.
     */
    public int translate(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        if (length < 1)
        {
            result.reset();
            counters.drop(DropReason.TRUNCATED);
            return -DropReason.TRUNCATED;
        }
        final int version = (buffer.getByte(offset) >> 4) & 0xF;
        if (4 == version)
        {
            return fourToSix.translate(buffer, offset, length, result);
        }
        if (6 == version)
        {
            return sixToFour.translate(buffer, offset, length, result);
        }
        result.reset();
        counters.drop(DropReason.BAD_VERSION);
        return -DropReason.BAD_VERSION;
    }

    /**
     * Translates an IPv4 packet to IPv6 (RFC 7915 section 4).
     *
     * @param buffer holding the packet.
     * @param offset of the IPv4 header.
     * @param length bytes of the packet.
     * @param result reset, then filled with the packets to emit.
     * @return packet count or {@code -DropReason}.
     */
    public int translate4to6(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        return fourToSix.translate(buffer, offset, length, result);
    }

    /**
     * Translates an IPv6 packet to IPv4 (RFC 7915 section 5).
     *
     * @param buffer holding the packet.
     * @param offset of the IPv6 header.
     * @param length bytes of the packet.
     * @param result reset, then filled with the packets to emit.
     * @return packet count or {@code -DropReason}.
     */
    public int translate6to4(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        return sixToFour.translate(buffer, offset, length, result);
    }

    /**
     * The settings this translator runs with.
     *
     * @return the configuration.
     */
    public SiitConfig config()
    {
        return config;
    }

    /**
     * The counters this translator bumps.
     *
     * @return the counters.
     */
    public TranslatorCounters counters()
    {
        return counters;
    }
}
