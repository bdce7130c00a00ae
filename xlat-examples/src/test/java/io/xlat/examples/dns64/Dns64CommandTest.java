package io.xlat.examples.dns64;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
