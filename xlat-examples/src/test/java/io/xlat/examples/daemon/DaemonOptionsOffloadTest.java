package io.xlat.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DaemonOptionsOffloadTest
{
    private static DaemonOptions parse(final String... args)
    {
        final DaemonOptions options = new DaemonOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void shouldAskForOffloadsByDefault()
    {
        assertTrue(parse().offload());
        assertTrue(parse("--offload").offload());
        assertTrue(parse("--offload=true").offload());
    }

    @Test
    void shouldTurnOffloadsOffWithEitherSpelling()
    {
        assertFalse(parse("--offload=false").offload());
        assertFalse(parse("--no-offload").offload());
        assertFalse(parse("--offload", "--no-offload").offload());
    }

    @Test
    void shouldReadOffloadFalseFromAConfigFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("plat.conf");
        Files.writeString(file, "tun = plat0\noffload = false\n");
        final List<String> args = ConfigFile.toArgs(file);
        assertFalse(parse(args.toArray(new String[0])).offload());
    }
}
