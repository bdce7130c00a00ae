package io.xlat.examples.demo;

import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.DropReason;
import io.xlat.examples.daemon.PacketTranslator;
import org.agrona.MutableDirectBuffer;

/**
 * A translator between an IPv4 segment and an IPv6 segment (the CLAT or the PLAT): every packet goes through its
 * {@link PacketTranslator}; translated packets leave on the other side, ICMP errors it originates go back where
 * the packet came from, and drops are told in the trace with their {@link DropReason}.
 */
class TranslatorNode extends DemoNetwork.Node
{
    private final PacketTranslator translator;
    private final TranslationResult result = new TranslationResult();
    private final DemoTrace trace;
    private final DemoClock clock;
    private DemoNetwork.Segment ipv4Side;
    private DemoNetwork.Segment ipv6Side;

    /**
     * Creates the node.
     *
     * @param name       for the trace.
     * @param translator what translates.
     * @param trace      for drop notes.
     * @param clock      the demo's clock, for stateful translators.
     */
    TranslatorNode(final String name, final PacketTranslator translator, final DemoTrace trace, final DemoClock clock)
    {
        super(name);
        this.translator = translator;
        this.trace = trace;
        this.clock = clock;
    }

    /**
     * Attaches both sides.
     *
     * @param ipv4 the IPv4 segment.
     * @param ipv6 the IPv6 segment.
     */
    void attach(final DemoNetwork.Segment ipv4, final DemoNetwork.Segment ipv6)
    {
        this.ipv4Side = ipv4;
        this.ipv6Side = ipv6;
    }

    DemoNetwork.Segment ipv4Side()
    {
        return ipv4Side;
    }

    DemoNetwork.Segment ipv6Side()
    {
        return ipv6Side;
    }

    PacketTranslator translator()
    {
        return translator;
    }

    @Override
    void onPacket(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (intercept(buffer, offset, length))
        {
            return;
        }
        final boolean fromIpv4 = ((buffer.getByte(offset) >> 4) & 0xF) == 4;
        final int verdict = translator.translate(buffer, offset, length, result, clock.millis());
        if (verdict < 0)
        {
            trace.note(name() + " dropped the packet: " + DropReason.label(-verdict));
            return;
        }
        for (int i = 0; i < result.count(); i++)
        {
            final boolean back = result.kind(i) == TranslationResult.KIND_ICMP_ERROR;
            final DemoNetwork.Segment to = fromIpv4 != back ? ipv6Side : ipv4Side;
            to.send(this, result.buffer(), result.offset(i), result.length(i));
        }
    }

    /**
     * Lets a subclass take a packet before translation (the CLAT's DNS proxy).
     *
     * @param buffer holding the packet.
     * @param offset of the IP header.
     * @param length of the packet.
     * @return true when the packet was handled.
     */
    boolean intercept(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        return false;
    }
}
