package io.xlat.examples.plat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.xlat.examples.XlatMain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class PlatCommandTest
{
    private final StringWriter err = new StringWriter();

    private int run(final String args)
    {
        final CommandLine commandLine = XlatMain.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args.split(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plat --mode stateless --pool6 64:ff9b::/96 | --mode stateless: expected siit or nat64",
        "plat --mode siit | --mode siit needs --pool6",
        "plat --mode siit --pool6 64:ff9b::/96 --pool4 192.0.2.0/28 | --pool4 192.0.2.0/28: stateful NAT64",
        "plat --mode siit --eamt 2001:db8::/120=192.0.2.0/25 | --eamt 2001:db8::/120=192.0.2.0/25: ",
        "plat --mode siit --eamt 2001:db8::/120 | --eamt 2001:db8::/120: expected V6PFX=V4PFX",
        "plat --pool6 64:ff9b::/96 | --pool4 is required in nat64 mode",
        "plat --pool4 192.0.2.0/28 | --pool6 is required in nat64 mode",
        "plat --pool6 64:ff9b::/96 --pool4 192.0.2.0/33 | --pool4 192.0.2.0/33: ",
        "plat --pool6 64:ff9b::/96 --pool4 192.0.2.0/28 --udp-timeout 5min | --udp-timeout 5min: ",
        "plat --pool6 64:ff9b::/96 --pool4 192.0.2.0/28 --static-bib tcp:203.0.113.1#80=2001:db8::1#80 | "
            + "--static-bib tcp:203.0.113.1#80=2001:db8::1#80: the IPv4 side is not in --pool4",
        "plat --mode siit --pool6 64:ff9b::/96 --mtu4 60 | --mtu4 60: outside 68..65535",
        "plat --mode siit --pool6 64:ff9b::/96 --rfc6791v4 192.0.2.1/33 | --rfc6791v4 192.0.2.1/33: ",
        "plat --mode siit --pool6 64:ff9b::/96 --shards 2 --queues 3 | --shards 2 and --queues 3 differ",
        "plat --mode siit --pool6 64:ff9b::/96 --tun bad/name | --tun bad/name",
        "plat --pool6 64:ff9b::/96 --pool4 192.0.2.0/28 --shards 2 --queues 4 | --shards 2 and --queues 4 differ",
    })
    void shouldExitWithStatusTwoNamingTheBadValue(final String args, final String expected)
    {
        assertEquals(2, run(args));
        assertTrue(err.toString().contains("xlat plat: " + expected), err.toString());
    }
}
