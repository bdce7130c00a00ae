package io.xlat.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPcapIT
{
    /** Every packet with a bad checksum (IPv4 header, TCP, UDP, ICMP, ICMPv6), malformed, or an expert error. */
    private static final String PROBLEMS = "_ws.malformed || _ws.expert.severity >= 8388608 || "
        + "ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || "
        + "icmp.checksum.status == 0 || icmpv6.checksum.status == 0";

    @TempDir
    Path dir;

    private static boolean tsharkPresent()
    {
        try
        {
            final Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    private static String tshark(final List<String> args) throws Exception
    {
        final Process p = new ProcessBuilder(args).redirectErrorStream(false).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
        assertEquals(0, p.exitValue(), "tshark exit status; stdout:\n" + out + "\nstderr:\n"
            + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void shouldHaveTsharkReadThePcapWithoutBadChecksumsOrMalformedPackets() throws Exception
    {
        final boolean present = tsharkPresent();
        if (null == System.getenv("CI"))
        {
            assumeTrue(present, "tshark is not installed");
        }
        assertTrue(present, "tshark is required when CI is set");
        final Path pcap = dir.resolve("demo.pcap");
        assertEquals(0, DemoCommandTest.run(new StringWriter(), "--pcap", pcap.toString(), "--quiet"));
        assertTrue(Files.size(pcap) > 24);

        final List<String> validate = List.of("tshark", "-n", "-r", pcap.toString(),
            "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");
        final String all = tshark(validate);
        assertEquals(Demo.EXPECTED_PACKETS, all.lines().count(), all);

        final List<String> bad = new java.util.ArrayList<>(validate);
        bad.add("-Y");
        bad.add(PROBLEMS);
        assertEquals("", tshark(bad).strip(), "packets tshark flags");

        // tshark sees the translations: ICMPv6 echo on the IPv6 hops, the synthesized AAAA in a DNS answer.
        final List<String> fields = List.of("tshark", "-n", "-r", pcap.toString(), "-Y", "dns.aaaa", "-T", "fields",
            "-e", "dns.aaaa");
        assertEquals("64:ff9b::c633:640a", tshark(fields).strip());
    }
}
