package io.xlat.examples.addrplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.xlat.examples.routeros.Cli;
import io.xlat.routing.addrplan.AddressPlan;
import io.xlat.routing.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddrplanCommandTest
{
    @TempDir
    Path dir;

    private Path init()
    {
        final Path plan = dir.resolve("plan.json");
        final Cli.Run r = Cli.xlat("addrplan", "init", "--plan", plan.toString(), "--provider", "2001:db8::/36",
            "--level", "pop:40", "--level", "site:48", "--level", "customer:56");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("pop /40 leftmost, site /48 centermost, customer /56 rightmost"), r.out());
        return plan;
    }

    @Test
    void shouldAssignPersistAndShowAPlan() throws IOException
    {
        final Path plan = init();
        final Cli.Run a = Cli.xlat("addrplan", "assign", "--plan", plan.toString(), "--level", "pop", "--name", "ams",
            "--name", "fra");
        assertEquals(0, a.exitCode(), a.err());
        assertTrue(a.out().lines().anyMatch(l -> l.matches("\\s+2001:db8:800::/40\\s+pop\\s+fra\\s+-\\s+1")),
            a.out());
        assertEquals(0, Cli.xlat("addrplan", "assign", "--plan", plan.toString(), "--level", "site", "--parent",
            "fra", "--name", "fra-1").exitCode());
        final AddressPlan saved = AddressPlan.fromJson(Files.readString(plan));
        assertEquals("2001:db8:800::/48", saved.find("site", "fra-1").prefix().toString());

        final Cli.Run show = Cli.xlat("addrplan", "show", "--plan", plan.toString());
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().lines().anyMatch(l -> l.matches("\\s+pop\\s+-\\s+2\\s+16\\s+1\\.\\.\\.")), show.out());
        final Cli.Run json = Cli.xlat("addrplan", "show", "--plan", plan.toString(), "--format", "json");
        assertEquals(Files.readString(plan), json.out());
        final Cli.Run level = Cli.xlat("addrplan", "show", "--plan", plan.toString(), "--level", "pop", "--format",
            "json");
        assertEquals(2, ((List<?>)((Map<?, ?>)Json.parse(level.out())).get("assignments")).size());
    }

    @Test
    void shouldRefuseAFullLevelWithExitThreeAndKeepEarlierAssignments() throws IOException
    {
        final Path plan = dir.resolve("small.json");
        assertEquals(0, Cli.xlat("addrplan", "init", "--plan", plan.toString(), "--provider", "2001:db8::/46",
            "--level", "pop:48").exitCode());
        final Cli.Run r = Cli.xlat("addrplan", "assign", "--plan", plan.toString(), "--level", "pop", "--name", "a",
            "--name", "b", "--name", "c", "--name", "d", "--name", "e");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("level pop is full") && r.err().contains("all 4 /48"), r.err());
        assertEquals(4, AddressPlan.fromJson(Files.readString(plan)).assignments().size());
    }

    @Test
    void shouldRejectBadLevelsAndUnknownParents()
    {
        final Cli.Run bad = Cli.xlat("addrplan", "init", "--plan", dir.resolve("x.json").toString(), "--provider",
            "2001:db8::/36", "--level", "pop:32");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--level") && bad.err().contains("pop /32"), bad.err());
        final Path plan = init();
        final Cli.Run orphan = Cli.xlat("addrplan", "assign", "--plan", plan.toString(), "--level", "site",
            "--parent", "nowhere", "--name", "s");
        assertEquals(2, orphan.exitCode());
        assertTrue(orphan.err().contains("no pop named 'nowhere'"), orphan.err());
        final Cli.Run again = Cli.xlat("addrplan", "init", "--plan", plan.toString(), "--provider", "2001:db8::/36",
            "--level", "pop:40");
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("--force"), again.err());
    }

    @Test
    void shouldReportAnInvalidPlanFile() throws IOException
    {
        final Path plan = dir.resolve("broken.json");
        Files.writeString(plan, "{\"format\": \"xlat-addrplan/1\", \"provider\": 5}");
        final Cli.Run r = Cli.xlat("addrplan", "show", "--plan", plan.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("provider"), r.err());
    }
}
