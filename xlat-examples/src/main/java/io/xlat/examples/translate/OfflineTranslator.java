package io.xlat.examples.translate;

import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One translation mode of the {@code translate} subcommand (SIIT today; stateful NAT64 later behind
 * {@code --mode}), seen the way the pcap loop needs it.
 */
interface OfflineTranslator
{
    /**
     * Translates one IP packet, IPv4 or IPv6.
     *
     * @param buffer the packet's buffer.
     * @param offset first byte of the IP header.
     * @param length packet length.
     * @param result receives every packet to emit.
     * @return the number of packets in {@code result}, or minus a {@code DropReason}.
     */
    int translate(MutableDirectBuffer buffer, int offset, int length, TranslationResult result);

    /**
     * The translator's counters.
     *
     * @return the counters.
     */
    TranslatorCounters counters();

    /**
     * Tells whether a drop is explained by the RFC 6052 3.1 rule (Well-Known Prefix with a non-global IPv4
     * address), so the summary can suggest {@code --allow-wkp-non-global}.
     *
     * @param verdict the negative verdict {@link #translate} returned.
     * @param buffer  the dropped packet's buffer.
     * @param offset  first byte of the packet.
     * @param length  packet length.
     * @return true when the rule explains the drop.
     */
    boolean droppedByWkpRule(int verdict, DirectBuffer buffer, int offset, int length);

    /**
     * One-line description for the summary header.
     *
     * @return e.g. {@code siit, pool6 64:ff9b::/96, 2 EAMT entries}.
     */
    String describe();
}
