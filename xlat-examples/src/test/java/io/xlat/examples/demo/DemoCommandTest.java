package io.xlat.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.xlat.core.testing.RefChecksum;
import io.xlat.examples.XlatMain;
import io.xlat.examples.pcap.LinkType;
import io.xlat.examples.pcap.PcapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest
{
    /**
     * Hops the demo must produce, counted from the protocols rather than from the demo's output: DNS (host -> CLAT
     * -> DNS64 and back: 4; the IPv6-only host's query and answer: 2), one ping (request and reply over 3 hops
     * each: 6), two TCP connections (SYN, SYN-ACK, ACK, request, response, FIN, FIN, ACK = 8 segments, 3 hops
     * each: 48).
     */
    private static final int EXPECTED_HOPS = 4 + 2 + 2 * 3 + 2 * 8 * 3;

    @TempDir
    Path dir;

    static int run(final StringWriter out, final String... args)
    {
        final CommandLine cli = XlatMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        final String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    static List<byte[]> packets(final Path pcap) throws Exception
    {
        final List<byte[]> packets = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(pcap))
        {
            assertEquals(LinkType.RAW, reader.linkType());
            long lastMicros = -1;
            while (reader.next())
            {
                final long micros = reader.timestampSeconds() * 1_000_000 + reader.timestampFraction();
                assertTrue(micros > lastMicros, "timestamps increase");
                lastMicros = micros;
                final byte[] p = new byte[reader.ipLength()];
                reader.buffer().getBytes(reader.ipOffset(), p);
                packets.add(p);
            }
        }
        return packets;
    }

    @Test
    void shouldSucceedInEveryStepAndWriteEveryHopWithValidChecksums() throws Exception
    {
        final Path pcap = dir.resolve("demo.pcap");
        final StringWriter out = new StringWriter();

        final int exit = run(out, "--pcap", pcap.toString(), "--no-color");

        final String text = out.toString();
        assertEquals(0, exit, text);
        for (int step = 1; step <= 4; step++)
        {
            assertTrue(text.contains("OK   [" + step + "]"), "step " + step + " OK in:\n" + text);
        }
        assertFalse(text.contains("FAIL"), text);
        assertFalse(text.contains("\u001b["), "no ANSI escapes with --no-color");
        assertTrue(text.contains("v4host -> CLAT"), text);
        assertTrue(text.contains("PLAT -> server"), text);

        final List<byte[]> packets = packets(pcap);
        assertEquals(EXPECTED_HOPS, packets.size());
        for (int i = 0; i < packets.size(); i++)
        {
            assertEquals(List.of(), RefChecksum.problems(packets.get(i)), "packet " + (i + 1));
        }
    }

    @Test
    void shouldGiveTheHostACheckSumNeutralIpv6AddressInsideTheClatPrefix() throws Exception
    {
        final Path pcap = dir.resolve("neutral.pcap");
        assertEquals(0, run(new StringWriter(), "--pcap", pcap.toString(), "--quiet"));

        // The first IPv6 packet from the host's address is the ping leaving the CLAT (packet 7: after 6 DNS hops).
        final byte[] ping6 = packets(pcap).get(7);
        assertEquals(6, (ping6[0] >> 4) & 0xF);
        final byte[] prefix = {0x20, 0x01, 0x0d, (byte)0xb8, 0, 2, 0, 0};
        for (int i = 0; i < 8; i++)
        {
            assertEquals(prefix[i], ping6[8 + i], "byte " + i + " of the CLAT /64");
        }
        // RFC 6052 4.1 / RFC 6877: neutral means equal one's-complement sums of the IPv6 and IPv4 addresses.
        final int sum6 = RefChecksum.onesComplementSum(ping6, 8, 16);
        final int sum4 = RefChecksum.onesComplementSum(new byte[] {(byte)192, 0, 0, 2}, 0, 4);
        assertEquals(sum4 % 0xFFFF, sum6 % 0xFFFF);
        // The destination is the server under the Well-Known Prefix: 64:ff9b::198.51.100.10.
        final byte[] wkp = {0, 0x64, (byte)0xff, (byte)0x9b, 0, 0, 0, 0, 0, 0, 0, 0, (byte)198, 51, 100, 10};
        for (int i = 0; i < 16; i++)
        {
            assertEquals(wkp[i], ping6[24 + i], "destination byte " + i);
        }
    }

    @Test
    void shouldPrintOnlyResultsAndSummaryWhenQuiet() throws Exception
    {
        final StringWriter out = new StringWriter();
        assertEquals(0, run(out, "--pcap", dir.resolve("q.pcap").toString(), "--quiet"));
        final String text = out.toString();
        assertFalse(text.contains("->  "), text);
        assertFalse(text.contains("v4host -> CLAT"), text);
        assertTrue(text.contains("All steps OK."), text);
    }

    @Test
    void shouldExitTwoWhenThePcapCannotBeWritten()
    {
        final StringWriter out = new StringWriter();
        assertEquals(2, run(out, "--pcap", dir.resolve("missing/dir/x.pcap").toString()));
        assertTrue(out.toString().contains("--pcap"), out.toString());
    }
}
