package io.xlat.examples.translate;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.nat64.Nat64Counters;
import io.xlat.core.nat64.Nat64State;
import io.xlat.core.nat64.Nat64Translator;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.PrintWriter;

/**
 * {@code --mode nat64}: one {@link Nat64Translator} (RFC 6146) whose clock is the pcap timestamps, so its timers
 * (the 6 s hold of unsolicited SYNs, session lifetimes) replay exactly; IPv6 packets go outbound, IPv4 inbound.
 */
final class Nat64OfflineTranslator implements OfflineTranslator
{
    private final Nat64Translator translator;
    private final Nat64State state;
    private final SiitAddressMapper pool6;
    private final int staticEntries;
    private long now;

    Nat64OfflineTranslator(
        final Nat64State state, final SiitAddressMapper pool6, final SiitConfig.Builder settings,
        final int staticEntries)
    {
        this.state = state;
        this.pool6 = pool6;
        this.staticEntries = staticEntries;
        this.translator = new Nat64Translator(state, pool6, settings);
    }

    @Override
    public int tick(final long nowMillis, final TranslationResult out)
    {
        now = nowMillis;
        return translator.expire(nowMillis, out);
    }

    @Override
    public int translate(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        return translator.translate(buffer, offset, length, result, now);
    }

    @Override
    public TranslatorCounters counters()
    {
        return translator.counters();
    }

    @Override
    public boolean droppedByWkpRule(final int verdict, final DirectBuffer buffer, final int offset, final int length)
    {
        return false;
    }

    @Override
    public void printDetails(final PrintWriter out)
    {
        final Nat64Counters c = state.counters();
        for (int e = 0; e < Nat64Counters.eventCount(); e++)
        {
            out.printf("  %-34s %d%n", "nat64 " + Nat64Counters.label(e), c.events(e));
        }
        out.printf("  %-34s %d%n", "nat64 sessions (live)", state.sessionCount());
        out.printf("  %-34s %d%n", "nat64 BIB entries (live)", state.bibCount());
        out.printf("  %-34s %d%n", "nat64 held SYNs (live)", translator.heldSyns());
    }

    @Override
    public String describe()
    {
        return "nat64, pool6 " + pool6.pool6() + ", pool4 " + state.pool() + ", " + staticEntries
            + " static BIB entries, seed " + state.config().seed();
    }
}
