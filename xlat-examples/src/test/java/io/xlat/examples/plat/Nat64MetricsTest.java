package io.xlat.examples.plat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64Shards;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.nat64.StaticBibEntry;
import org.junit.jupiter.api.Test;

class Nat64MetricsTest
{
    @Test
    void shouldExportOneGaugePerShardWithStaticBibEntriesCounted()
    {
        final Nat64Shards shards = new Nat64Shards(Nat64Config.builder().sessionCapacity(1024).seed(1).build(),
            Pool4.parse("192.0.2.0/28"), 2,
            List.of(StaticBibEntry.parse("udp:192.0.2.1#7008=2001:db8:2::100#7008")));
        final StringBuilder out = new StringBuilder();

        Nat64Metrics.append(out, shards);

        final String text = out.toString();
        assertTrue(text.contains("# TYPE xlat_nat64_sessions gauge\n"), text);
        assertTrue(text.contains("xlat_nat64_sessions{daemon=\"plat\",shard=\"0\"} 0\n"), text);
        assertTrue(text.contains("xlat_nat64_sessions{daemon=\"plat\",shard=\"1\"} 0\n"), text);
        final long bibLines = text.lines().filter((l) -> l.startsWith("xlat_nat64_bib_entries{")).count();
        final long oneEntry = text.lines().filter((l) -> l.startsWith("xlat_nat64_bib_entries{") && l.endsWith(" 1"))
            .count();
        assertTrue(bibLines == 2 && oneEntry == 1, "the static entry lives in exactly one shard:\n" + text);
    }
}
