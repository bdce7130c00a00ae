package io.xlat.examples.dns64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.xlat.dns64.server.Dns64ServerConfig;
import io.xlat.examples.XlatMain;
import picocli.CommandLine;

class Dns64CommandTest
{
    @Test
    void listenAndUpstreamAddressesParseInEveryForm()
    {
        assertEquals(new InetSocketAddress("::", 53), Dns64Command.parseSocketAddress("--listen", "[::]:53", -1));
        assertEquals(new InetSocketAddress("127.0.0.1", 5353),
            Dns64Command.parseSocketAddress("--listen", "127.0.0.1:5353", -1));
        assertEquals(new InetSocketAddress("198.51.100.53", 53),
            Dns64Command.parseSocketAddress("--upstream", "198.51.100.53", 53));
        assertEquals(new InetSocketAddress("2001:db8::53", 53),
            Dns64Command.parseSocketAddress("--upstream", "2001:db8::53", 53));
    }

    @Test
    void shorthandAndNamedHostsAreRefusedNamingTheValue()
    {
        for (final String bad : new String[] {"10.1.2", "1", "10.1:53", "[10.1.2]:53", "dns.example", "cafe.be"})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Dns64Command.parseSocketAddress("--upstream", bad, 53), bad);
            assertTrue(ex.getMessage().startsWith("--upstream " + bad + ":"), ex.getMessage());
        }
        assertEquals(new InetSocketAddress("192.0.2.1", 53),
            Dns64Command.parseSocketAddress("--upstream", "[::ffff:192.0.2.1]:53", -1));
        assertThrows(IllegalArgumentException.class, () -> Dns64Command.parseSocketAddress("--listen", "[::1]", -1));
        assertThrows(IllegalArgumentException.class,
            () -> Dns64Command.parseSocketAddress("--listen", "127.0.0.1:65536", -1));
    }

    @Test
    void flagsBecomeTheServerConfiguration()
    {
        final Dns64Command command = new Dns64Command();
        new CommandLine(command).parseArgs("--listen", "[::1]:5353", "--upstream", "198.51.100.53",
            "--prefix", "64:ff9b::/96", "--prefix", "2001:db8:64::/96", "--allow", "2001:db8::/32",
            "--allow", "198.51.100.0/24", "--cache-size", "128", "--timeout-ms", "500", "--wkp-global-only");
        final Dns64ServerConfig config = command.toServerConfig();
        assertEquals(2, config.dns64().prefixCount());
        assertTrue(config.dns64().wkpGlobalOnly());
        assertTrue(config.allow().matches(0xC6336405));
        assertTrue(!config.allow().matches(0x7F000001), "loopback not in the given ACL");
        assertEquals(500, config.timeoutMs());
        assertEquals(128, config.cacheSize());
    }

    @Test
    void configFileUsesTheSameKeysAndFlagsOverrideIt(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("dns64.conf");
        Files.writeString(file, "# test\nupstream = 198.51.100.53:5300\nprefix = 2001:db8:64::/96\n" +
            "timeout-ms = 900\nwkp-global-only\n");
        final Dns64Command command = new Dns64Command();
        new CommandLine(command).parseArgs("--config", file.toString(), "--timeout-ms", "700");
        final Dns64ServerConfig config = command.toServerConfigFromFile();
        assertEquals(new InetSocketAddress("198.51.100.53", 5300), config.upstreams().get(0));
        assertEquals("2001:db8:64::/96", config.dns64().prefix(0).toString());
        assertTrue(config.dns64().wkpGlobalOnly());
        assertEquals(700, config.timeoutMs(), "the flag overrides the file");
    }

    @Test
    void commandLineListsAndSwitchesAddToTheConfigFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("dns64.conf");
        Files.writeString(file, "upstream = 198.51.100.53\nprefix = 2001:db8:64::/96  # site prefix\n");
        final Dns64Command command = new Dns64Command();
        new CommandLine(command).parseArgs("--prefix", "64:ff9b::/96", "--config", file.toString(),
            "--wkp-global-only", "--listen", "127.0.0.1:0");
        final Dns64ServerConfig config = command.toServerConfigFromFile();
        assertEquals(2, config.dns64().prefixCount());
        assertEquals("2001:db8:64::/96", config.dns64().prefix(0).toString(), "file values come first");
        assertEquals("64:ff9b::/96", config.dns64().prefix(1).toString());
        assertTrue(config.dns64().wkpGlobalOnly(), "a switch on the command line survives the merge");
        assertEquals(new InetSocketAddress("127.0.0.1", 0), config.listen().get(0), "port 0: any free port");
    }

    @Test
    void aBadOrMissingConfigFileExitsWithStatusTwoNamingIt(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("dns64.conf");
        Files.writeString(file, "upstream = 198.51.100.53\nconfig = other.conf\n");
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = XlatMain.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertEquals(2, commandLine.execute("dns64", "--config", file.toString()));
        assertTrue(err.toString().contains(file + ":2"), err.toString());
        final StringWriter err2 = new StringWriter();
        commandLine.setErr(new PrintWriter(err2));
        assertEquals(2, commandLine.execute("dns64", "--config", dir.resolve("missing.conf").toString()));
        assertTrue(err2.toString().contains("missing.conf"), err2.toString());
    }

    @Test
    void badValuesFailFastNamingTheValue()
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = XlatMain.commandLine();
        commandLine.setErr(new PrintWriter(err));
        final int status = commandLine.execute("dns64", "--upstream", "198.51.100.53", "--prefix", "64:ff9b::/97");
        assertEquals(2, status);
        assertTrue(err.toString().contains("64:ff9b::/97"), err.toString());
        final StringWriter err2 = new StringWriter();
        commandLine.setErr(new PrintWriter(err2));
        assertEquals(2, commandLine.execute("dns64", "--upstream", "dns.example"));
        assertTrue(err2.toString().contains("dns.example"), err2.toString());
    }
}
