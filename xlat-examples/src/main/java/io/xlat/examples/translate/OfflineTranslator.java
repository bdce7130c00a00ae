package io.xlat.examples.translate;

import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.PrintWriter;

/**
 * One translation mode of the {@code translate} subcommand (SIIT, or stateful NAT64 with
 * {@code --mode nat64}), seen the way the pcap loop needs it.
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
     * Advances the translator's clock to a packet's capture time and collects what its timers emit (NAT64: ICMP Port
     * Unreachable for held SYNs that timed out). Called before each packet; SIIT has no timers.
     *
     * @param nowMillis the capture timestamp in milliseconds.
     * @param out       receives the packets the timers emit.
     * @return the number of packets in {@code out}.
     */
    default int tick(final long nowMillis, final TranslationResult out)
    {
        out.reset();
        return 0;
    }

    /**
     * Prints mode-specific lines after the counter summary (NAT64: its counters, sessions and BIB entries).
     *
     * @param out where to print.
     */
    default void printDetails(final PrintWriter out)
    {
    }

    /**
     * One-line description for the summary header.
     *
     * @return e.g. {@code siit, pool6 64:ff9b::/96, 2 EAMT entries}.
     */
    String describe();
}
