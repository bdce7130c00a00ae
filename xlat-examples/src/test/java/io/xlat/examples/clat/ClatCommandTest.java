package io.xlat.examples.clat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.xlat.examples.XlatMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClatCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine commandLine = XlatMain.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldFailWithStatusTwoWhenTheClatAddressIsMissing()
    {
        assertEquals(2, run("clat", "--plat-prefix", "64:ff9b::/96"));
        assertTrue(err.toString().contains("--clat-ipv6 is required"), err.toString());
    }

    @Test
    void shouldRequireExactlyOneOfPlatPrefixAndDns()
    {
        assertEquals(2, run("clat", "--clat-ipv6", "2001:db8:464::/64", "--plat-prefix", "64:ff9b::/96",
            "--dns", "2001:db8:2::1"));
        assertTrue(err.toString().contains("exactly one of --plat-prefix"), err.toString());
    }

    @Test
    void shouldNameABadPlatPrefix()
    {
        assertEquals(2, run("clat", "--clat-ipv6", "2001:db8:464::/64", "--plat-prefix", "64:ff9b::/95"));
        assertTrue(err.toString().contains("--plat-prefix 64:ff9b::/95"), err.toString());
    }

    @Test
    void shouldRefuseANonLoopbackMetricsAddress()
    {
        assertEquals(2, run("clat", "--clat-ipv6", "2001:db8:464::/64", "--plat-prefix", "64:ff9b::/96",
            "--metrics", "198.51.100.1:9464"));
        assertTrue(err.toString().contains("not a loopback address"), err.toString());
    }

    @Test
    void shouldReportABadValueFromTheConfigFile() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("clat.conf"),
            "clat-ipv6 = 2001:db8:464::/64\nplat-prefix = 64:ff9b::/96\nmtu6 = 1000\n");

        assertEquals(2, run("clat", "--config", file.toString()));
        assertTrue(err.toString().contains("--mtu6 1000: outside 1280..65535"), err.toString());
    }

    @Test
    void shouldBuildASiitConfigWithTheEamAndThePlatPrefix()
    {
        final ClatCommand command = new ClatCommand();
        new CommandLine(command).parseArgs("--clat-ipv6", "2001:db8:464::/64", "--plat-prefix", "64:ff9b::/96",
            "--allow-wkp-non-global");
        command.validate();

        final var config = command.siitConfig(io.xlat.core.addr.Ipv6Prefix.parse("64:ff9b::/96"));
        final var mapper = (io.xlat.core.addr.SiitAddressMapper)config.mapper();
        assertEquals(1, mapper.eamt().size());
        assertEquals(command.plan().ipv6Range(), mapper.eamt().ipv6Prefix(0));
        assertEquals(0xC0000001, config.self4());
        assertEquals(0xC0000001, config.rfc6791v4Address());
    }
}
