package io.xlat.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ReloadsTest
{
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe
    {
        @Mixin
        DaemonOptions daemon = new DaemonOptions();

        @Option(names = "--pool6")
        String pool6;

        @Option(names = "--eamt")
        List<String> eamt = new ArrayList<>();
    }

    private CommandLine started(final String... args)
    {
        final CommandLine line = new CommandLine(new Probe());
        line.parseArgs(args);
        return line;
    }

    @Test
    void shouldReadTheFileAgainWithTheStartCommandLineOnTop() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("probe.conf"), "pool6 = 2001:db8:64::/96\nmtu6 = 1400\n");
        final CommandLine line = started("--config", file.toString(), "--mtu6", "1300");

        final Probe reread = Reloads.reparse(line.getCommandSpec(), new Probe(), file);

        assertEquals("2001:db8:64::/96", reread.pool6);
        assertEquals(1300, reread.daemon.mtu6, "the command line still wins over the file");
    }

    @Test
    void shouldNameEveryChangedOptionAndSplitOffThoseThatNeedARestart() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("probe.conf"), "pool6 = 2001:db8:64::/96\ntun = a\n");
        final CommandLine line = started("--config", file.toString());
        final Probe before = Reloads.reparse(line.getCommandSpec(), new Probe(), file);
        Files.writeString(file, "pool6 = 2001:db8:65::/96\ntun = b\neamt = 2001:db8::/128=192.0.2.1/32\n");
        final Probe after = Reloads.reparse(line.getCommandSpec(), new Probe(), file);

        final Map<String, String> changed = Reloads.changedOptions(before, after);
        final List<String> applied = new ArrayList<>();
        final List<String> restart = new ArrayList<>();
        Reloads.split(changed, Set.of("--tun"), applied, restart);

        assertEquals(List.of("--pool6 (2001:db8:64::/96 -> 2001:db8:65::/96)",
            "--eamt ([] -> [2001:db8::/128=192.0.2.1/32])"), applied);
        assertEquals(List.of("--tun (a -> b)"), restart);
        assertEquals("xlat probe: reload: applied " + applied + "; restart needed for " + restart
            + ", running with the old values of those", Reloads.summary("probe", applied, restart));
    }

    @Test
    void shouldNameTheFileAndValueOfABadEntry() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("probe.conf"), "mtu6 = many\n");
        final CommandLine line = started("--config", file.toString());

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Reloads.reparse(line.getCommandSpec(), new Probe(), file));
        assertEquals(true, ex.getMessage().contains("many"), ex.getMessage());
    }
}
