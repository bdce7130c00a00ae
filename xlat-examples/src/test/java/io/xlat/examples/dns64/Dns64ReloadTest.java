package io.xlat.examples.dns64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class Dns64ReloadTest
{
    private static final String RETIRED = String.join("\n",
        "# TYPE xlat_dns64_queries_total counter",
        "xlat_dns64_queries_total 40",
        "# TYPE xlat_dns64_answers_total counter",
        "xlat_dns64_answers_total{rcode=\"noerror\"} 30",
        "xlat_dns64_answers_total{rcode=\"nxdomain\"} 10",
        "# TYPE xlat_dns64_cache_entries gauge",
        "xlat_dns64_cache_entries 7",
        "");

    @Test
    void shouldAddTheRetiredServersCountersToTheNewServersSeries()
    {
        final Map<String, Long> carried = new HashMap<>();
        Dns64Reload.carry(RETIRED, carried);
        final String now = String.join("\n",
            "# TYPE xlat_dns64_queries_total counter",
            "xlat_dns64_queries_total 2",
            "# TYPE xlat_dns64_answers_total counter",
            "xlat_dns64_answers_total{rcode=\"noerror\"} 2",
            "xlat_dns64_answers_total{rcode=\"nxdomain\"} 0",
            "# TYPE xlat_dns64_cache_entries gauge",
            "xlat_dns64_cache_entries 1",
            "");

        final String expected = String.join("\n",
            "# TYPE xlat_dns64_queries_total counter",
            "xlat_dns64_queries_total 42",
            "# TYPE xlat_dns64_answers_total counter",
            "xlat_dns64_answers_total{rcode=\"noerror\"} 32",
            "xlat_dns64_answers_total{rcode=\"nxdomain\"} 10",
            "# TYPE xlat_dns64_cache_entries gauge",
            "xlat_dns64_cache_entries 1",
            "");
        assertEquals(expected, Dns64Reload.addCarried(now, carried), "counters summed, the gauge left alone");
    }

    @Test
    void shouldAccumulateOverSeveralReloads()
    {
        final Map<String, Long> carried = new HashMap<>();
        Dns64Reload.carry(RETIRED, carried);
        Dns64Reload.carry(RETIRED, carried);

        assertEquals(Map.of("xlat_dns64_queries_total", 80L, "xlat_dns64_answers_total{rcode=\"noerror\"}", 60L,
            "xlat_dns64_answers_total{rcode=\"nxdomain\"}", 20L), carried);
    }

    @Test
    void shouldLeaveTheTextAloneWhenNothingWasCarried()
    {
        assertEquals(RETIRED, Dns64Reload.addCarried(RETIRED, new HashMap<>()));
    }
}
