package io.xlat.examples.routeros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.xlat.routing.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterOsCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGenerateTheNotesExampleInRouterOs6Syntax()
    {
        final Cli.Run r = Cli.xlat("routeros", "generate", "--ros-version", "6", "--advertise", "1.1.1.0/24",
            "--hotspot", "hs1");
        assertEquals(0, r.exitCode(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("/ip route add dst-address=1.1.1.0/24 type=blackhole distance=254"), r.out());
        assertEquals(2, lines.stream().filter(l -> l.startsWith("/ip firewall nat set [find where")
            && l.endsWith("hotspot=!auth")).count(), r.out());
    }

    @Test
    void shouldWriteTheScriptToAFileAndAsJson() throws IOException
    {
        final Path rsc = dir.resolve("policy.rsc");
        final Cli.Run r = Cli.xlat("routeros", "generate", "--advertise", "198.51.100.0/24", "--out", rsc.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readString(rsc).contains("/ip route add dst-address=198.51.100.0/24 blackhole distance=254"));
        final Cli.Run j = Cli.xlat("routeros", "generate", "--advertise", "198.51.100.0/24", "--format", "json");
        final Map<?, ?> m = (Map<?, ?>)Json.parse(j.out());
        assertEquals(7L, m.get("rosVersion"));
        assertEquals(Files.readString(rsc), m.get("script"));
    }

    @Test
    void shouldReadAPolicyFileAndLetFlagsAddToIt() throws IOException
    {
        final Path policy = dir.resolve("edge.policy");
        Files.writeString(policy, "ros-version = 6\nadvertise = 198.51.100.0/24\nplat = plat-a:ether5:10\n");
        final Cli.Run r = Cli.xlat("routeros", "generate", "--policy", policy.toString(), "--plat",
            "plat-b:ether6:100");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("/routing ospf interface add interface=ether5 cost=10"), r.out());
        assertTrue(r.out().contains("/routing ospf interface add interface=ether6 cost=100"), r.out());
        assertTrue(r.out().contains("/routing bgp network add network=198.51.100.0/24 synchronize=yes"), r.out());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--advertise, 198.51.100.1/24",
        "--ros-version, 5",
        "--plat, plat-a:ether5",
        "--pool4, 2001:db8::/64",
        "--hotspot, 'bad name'",
        "--hotspot-variant, sometimes",
        "--format, xml",
    })
    void shouldRejectABadValueWithOneLineNamingTheOption(final String option, final String value)
    {
        final Cli.Run r = Cli.xlat("routeros", "generate", "--advertise", "192.0.2.0/24", option, value);
        assertEquals(2, r.exitCode());
        final String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(option) && err.contains(value), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void shouldRefuseEqualPlatCosts()
    {
        final Cli.Run r = Cli.xlat("routeros", "generate", "--plat", "a:ether5:10", "--plat", "b:ether6:10");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("both have cost=10"), r.err());
    }

    @Test
    void shouldAuditAnExportWithLineNumbersAndExitThree() throws IOException
    {
        final Path export = dir.resolve("export.rsc");
        Files.writeString(export, """
            # by RouterOS 6.49
            /ip firewall nat
            add action=redirect chain=dstnat dst-port=53 protocol=udp to-ports=53
            /routing bgp network
            add network=198.51.100.0/24 synchronize=yes
            """);
        final Cli.Run r = Cli.xlat("routeros", "audit", "--export", export.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.out().contains("2 finding(s)"), r.out());
        final List<String> rows = r.out().lines().filter(l -> l.startsWith("  ") && !l.contains("FINDING")).toList();
        assertEquals(2, rows.size(), r.out());
        assertTrue(rows.get(0).matches("\\s+3\\s+HotspotDnsBypass\\s+.*hotspot=!auth.*"), rows.get(0));
        assertTrue(rows.get(1).matches("\\s+5\\s+BgpFlapGuard\\s+.*198.51.100.0/24 has no blackhole.*"), rows.get(1));

        final Cli.Run j = Cli.xlat("routeros", "audit", "--export", export.toString(), "--format", "json");
        final Map<?, ?> m = (Map<?, ?>)Json.parse(j.out());
        final List<?> findings = (List<?>)m.get("findings");
        assertEquals(5L, ((Map<?, ?>)findings.get(1)).get("line"));
    }

    @Test
    void shouldAuditAGeneratedScriptClean() throws IOException
    {
        final Path rsc = dir.resolve("g.rsc");
        final String[] policy = {"--advertise", "198.51.100.0/24", "--hotspot", "hs1", "--plat", "a:ether5:10",
            "--plat", "b:ether6:20"};
        final String[] gen = concat(new String[] {"routeros", "generate", "--out", rsc.toString()}, policy);
        assertEquals(0, Cli.xlat(gen).exitCode());
        final Cli.Run r = Cli.xlat(concat(new String[] {"routeros", "audit", "--export", rsc.toString()}, policy));
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("0 finding(s)"), r.out());
    }

    @Test
    void shouldReportAMissingExportFileWithExitOne()
    {
        final Cli.Run r = Cli.xlat("routeros", "audit", "--export", dir.resolve("nope.rsc").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("cannot read"), r.err());
    }

    @Test
    void shouldSimulateFlapsWithAndWithoutTheGuard()
    {
        final Cli.Run r = Cli.xlat("routeros", "simulate", "--advertise", "198.51.100.0/24", "--outages", "3");
        assertEquals(0, r.exitCode(), r.err());
        final String out = r.out();
        final int without = out.indexOf("without BgpFlapGuard");
        final int with = out.indexOf("with BgpFlapGuard");
        assertTrue(without >= 0 && with > without, out);
        assertEquals(3, out.substring(without, with).lines().filter(l -> l.contains("withdrawn")).count(), out);
        assertTrue(out.substring(without, with).contains("suppressed 2m .. "), out);
        assertTrue(out.substring(with).contains("no withdrawals"), out);
        assertTrue(out.substring(with).contains("not suppressed"), out);

        final Cli.Run j = Cli.xlat("routeros", "simulate", "--advertise", "198.51.100.0/24", "--format", "json");
        final Map<?, ?> m = (Map<?, ?>)Json.parse(j.out());
        final Map<?, ?> w = (Map<?, ?>)m.get("withoutGuard");
        assertEquals(6, ((List<?>)w.get("advertisementChanges")).size());
        assertEquals(List.of(), ((Map<?, ?>)m.get("withGuard")).get("advertisementChanges"));
    }

    @Test
    void shouldSimulatePlatFailover()
    {
        final Cli.Run r = Cli.xlat("routeros", "simulate", "--plat", "plat-a:ether5:10", "--plat", "plat-b:ether6:100",
            "--pool4", "203.0.113.0/24", "--pool6", "64:ff9b::/96", "--down", "2m");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("0s") && l.contains("203.0.113.0/24")
            && l.contains("plat-a (cost 10)") && l.contains("plat-b (cost 100)")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("2m") && l.contains("64:ff9b::/96")), r.out());
    }

    @Test
    void shouldRejectABadDuration()
    {
        final Cli.Run r = Cli.xlat("routeros", "simulate", "--advertise", "192.0.2.0/24", "--down", "soon");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--down") && r.err().contains("soon"), r.err());
    }

    private static String[] concat(final String[] a, final String[] b)
    {
        final String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
