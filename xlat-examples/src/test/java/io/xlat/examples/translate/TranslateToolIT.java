package io.xlat.examples.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.SiitTranslator;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code xlat translate} in-process over a corpus of several hundred varied packets and lets Wireshark's
 * dissectors judge the output: no malformed packet, no bad checksum (outer and inner IP/TCP/UDP/ICMP), no expert
 * warning; and the output holds exactly the packets the translator's results hold.
 * <p>
 * Needs {@code tshark}: without it the test is skipped, or fails when the environment variable {@code CI} is set.
 */
class TranslateToolIT
{
    /**
     * Display filter for what must not appear. Checksum validation is switched on for IPv4, TCP and UDP (ICMP and
     * ICMPv6 are always checked); TCP sequence analysis is off because the corpus is not a conversation.
     */
    static final String BAD = "_ws.malformed || _ws.expert.severity >= \"Warning\" || ip.checksum.status == \"Bad\""
        + " || tcp.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\" || icmp.checksum.status == \"Bad\""
        + " || icmpv6.checksum.status == \"Bad\"";

    /** Everything but the NTP datagrams (UDP 123 -> 123) whose checksum the corpus corrupts on purpose. */
    static final String JUDGED = "(" + BAD + ") && !(udp.srcport == 123 && udp.dstport == 123)"
        // tshark 4.0 honours a routing header's final destination (RFC 8200 8.1) in a packet's own pseudo-header
        // but not in a packet quoted by an ICMPv6 error, so it misjudges the quoted L4 checksum of the Parameter
        // Problems sent for segments left != 0 (RFC 7915 5.1); RefChecksum still checks those frames fully.
        + " && !(icmpv6.type == 4 && ipv6.routing.segleft > 0 && icmpv6.checksum.status == \"Good\""
        + " && !_ws.malformed)";

    /**
     * Protocols tshark may dissect: IP, ICMP and transport with their options and extension headers. Payloads are
     * left as data, so an application dissector meeting the corpus' patterned payloads cannot cry "malformed".
     */
    static final String LAYERS = "^(frame|raw|ip|ipv6|tcp|udp|icmp|icmpv6|data)(\\..*)?$";

    /** tshark 4.0 takes one name per --disable-protocol and has no "disable all": list every other protocol. */
    private static final List<String> DISABLE = new ArrayList<>();

    static final String[] PREFS = {
        "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
        "-o", "tcp.analyze_sequence_numbers:FALSE", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
    };

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void requireTshark()
    {
        boolean present;
        try
        {
            final Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            present = false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present && System.getenv("CI") != null)
        {
            fail("tshark is required in CI (apt-get install -y tshark)");
        }
        Assumptions.assumeTrue(present, "tshark not installed");
        if (!DISABLE.isEmpty())
        {
            return; // another test class of this JVM listed the protocols already
        }
        try
        {
            final Process p = new ProcessBuilder("tshark", "-G", "protocols")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String table = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            for (final String name : table.lines().map(l -> l.split("\t")).filter(c -> c.length > 2).map(c -> c[2])
                .filter(n -> !n.matches(LAYERS)).toList())
            {
                DISABLE.add("--disable-protocol");
                DISABLE.add(name);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("tshark -G protocols failed", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        assertTrue(DISABLE.contains("dns") && !DISABLE.contains("ipv6.routing"), "protocol list");
    }

    static List<String> tshark(final Path file, final String filter, final String... fields)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
        command.addAll(List.of(PREFS));
        command.addAll(DISABLE);
        if (filter != null)
        {
            command.addAll(List.of("-Y", filter));
        }
        command.addAll(List.of("-T", "fields", "-E", "separator=|"));
        for (final String f : fields)
        {
            command.addAll(List.of("-e", f));
        }
        final Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "tshark timed out");
        assertEquals(0, p.exitValue(), "tshark failed: " + command);
        return out.lines().toList();
    }

    private static SiitTranslator referenceTranslator()
    {
        final long[] self6 = Ipv6Addresses.parse(SiitCorpus.SELF6);
        return new SiitTranslator(SiitConfig.builder()
            .mapper(SiitAddressMapper.builder().pool6(SiitCorpus.POOL6).build())
            .self4(Ipv4Addresses.parse(SiitCorpus.SELF4))
            .self6(self6[0], self6[1])
            .build());
    }

    @Test
    void shouldWriteOnlyWellFormedPacketsWithGoodChecksumsThatTsharkAccepts() throws Exception
    {
        final List<byte[]> corpus = SiitCorpus.build(20_25, 400);
        assertTrue(corpus.size() >= 400, "corpus size " + corpus.size());
        final Path in = dir.resolve("corpus.pcap");
        final Path out = dir.resolve("translated.pcap");
        Pcaps.write(in, corpus);

        // The corpus itself must satisfy both judges (deliberately corrupted L4 checksums aside).
        final List<String> badInput = tshark(in, JUDGED, "frame.number", "_ws.col.Info", "_ws.expert.message");
        assertEquals(List.of(), badInput, "tshark complains about the input corpus " + in);

        // Expected output: the translator's own result counts, packet by packet.
        final SiitTranslator reference = referenceTranslator();
        final TranslationResult result = new TranslationResult();
        long expected = 0;
        for (final byte[] packet : corpus)
        {
            result.reset();
            final int verdict = reference.translate(new UnsafeBuffer(packet.clone()), 0, packet.length, result);
            expected += Math.max(0, verdict);
        }

        final Pcaps.Run run = Pcaps.xlat("translate", "--pool6", SiitCorpus.POOL6, "--self4", SiitCorpus.SELF4,
            "--self6", SiitCorpus.SELF6, "--in", in.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        System.out.println(run.out());
        final TranslateCommand.TranslateSummary summary = run.command().summary();
        assertEquals(corpus.size(), summary.packetsRead());
        assertEquals(0, summary.exceptions(), run.err());
        assertEquals(expected, summary.packetsWritten(), run.out());
        assertTrue(expected > corpus.size() / 2, "too few packets translated: " + expected + "\n" + run.out());

        final List<String> frames = tshark(out, null, "frame.number");
        assertEquals(expected, frames.size(), "packets in the output according to tshark");

        final List<String> complaints = tshark(out, JUDGED, "frame.number", "_ws.col.Protocol", "_ws.col.Info",
            "_ws.expert.message");
        final List<String> ours = new ArrayList<>();
        final List<byte[]> written = Pcaps.read(out);
        for (int i = 0; i < written.size(); i++)
        {
            final List<String> problems = RefChecksum.problems(written.get(i));
            if (!problems.isEmpty() && ntpPorts(written.get(i)) < 0)
            {
                ours.add((i + 1) + ": " + problems);
            }
        }
        assertEquals(List.of(), complaints, "tshark found problems in the translated output " + out);
        assertEquals(List.of(), ours, "RefChecksum found problems in the translated output");
    }

    @Test
    void shouldKeepADeliberatelyWrongChecksumWrongByTheSameAmount() throws Exception
    {
        // RFC 7915 / RFC 1624: the L4 checksum is updated incrementally, so corruption is not laundered.
        final List<byte[]> corpus = SiitCorpus.build(20_25, 400);
        final Path in = dir.resolve("corpus.pcap");
        final Path out = dir.resolve("translated.pcap");
        Pcaps.write(in, corpus);
        final SiitTranslator reference = referenceTranslator();
        final TranslationResult result = new TranslationResult();
        final List<Integer> expected = new ArrayList<>();
        for (final byte[] packet : corpus)
        {
            result.reset();
            final int verdict = reference.translate(new UnsafeBuffer(packet.clone()), 0, packet.length, result);
            if (ntpPorts(packet) >= 0 && verdict == 1 && result.kind(0) == TranslationResult.KIND_TRANSLATED)
            {
                expected.add(RefChecksum.checksumDiscrepancy(packet));
            }
        }
        assertTrue(expected.size() > 5, "corpus has too few corrupted NTP datagrams: " + expected.size());
        assertEquals(0, Pcaps.xlat("translate", "--pool6", SiitCorpus.POOL6, "--self4", SiitCorpus.SELF4,
            "--self6", SiitCorpus.SELF6, "--in", in.toString(), "--out", out.toString()).exitCode());
        final List<Integer> actual = new ArrayList<>();
        for (final byte[] packet : Pcaps.read(out))
        {
            if (ntpPorts(packet) >= 0)
            {
                actual.add(RefChecksum.checksumDiscrepancy(packet));
            }
        }
        assertEquals(expected, actual);
        assertEquals(expected.size(), tshark(out, "udp.port == 123 && udp.checksum.status == \"Bad\" && !icmp"
            + " && !icmpv6", "frame.number").size());
    }

    @Test
    void shouldAnswerDiscardedPacketsWithAdministrativelyProhibitedWhenAskedRfc7915Sections4dot4And5dot4()
        throws Exception
    {
        final String host6 = "2001:db8:64::c633:6407"; // 198.51.100.7 under pool6
        final List<byte[]> packets = List.of(
            // 5.4: destination outside pool6, and an extension header after the Fragment header -> ICMPv6 1/1
            PacketBuilder.ipv6(host6, "2001:db8:99::1").udp(40000, 53).payload("q").build(),
            PacketBuilder.ipv6(host6, "2001:db8:64::cb00:7114").fragmentHeader(0, false, 7).destinationOptions()
                .udp(40000, 53).payload("q").build(),
            // never about an ICMPv6 message
            PacketBuilder.ipv6(host6, "2001:db8:99::1").echoRequest(1, 1).build(),
            // 4.4: UDP without checksum, not amended -> ICMPv4 3/13
            PacketBuilder.ipv4("203.0.113.20", "198.51.100.7").udp(53, 40000).udpZeroChecksum().payload("a").build());
        final Path in = dir.resolve("discards.pcap");
        final Path out = dir.resolve("discards-out.pcap");
        Pcaps.write(in, packets);
        final Pcaps.Run run = Pcaps.xlat("translate", "--pool6", SiitCorpus.POOL6, "--self4", SiitCorpus.SELF4,
            "--self6", SiitCorpus.SELF6, "--no-amend-udp-checksum-zero", "--icmp-errors-on-drop", "--in",
            in.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(3, tshark(out, null, "frame.number").size(), run.out());
        assertEquals(2, tshark(out, "icmpv6.type == 1 && icmpv6.code == 1 && ipv6.src == " + SiitCorpus.SELF6
            + " && ipv6.dst == " + host6, "frame.number").size());
        assertEquals(1, tshark(out, "icmp.type == 3 && icmp.code == 13 && ip.dst == 203.0.113.20",
            "frame.number").size());
        assertEquals(List.of(), tshark(out, JUDGED, "frame.number", "_ws.col.Info", "_ws.expert.message"));
    }

    @Test
    void shouldGenerateIpv4IdentificationsUnlessToldToLeaveThemZeroRfc7915Section5dot1() throws Exception
    {
        final List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            packets.add(PacketBuilder.ipv6("2001:db8:64::c633:6407", "2001:db8:64::cb00:7114").udp(40000 + i, 53)
                .payload("q").build());
        }
        final Path in = dir.resolve("ids.pcap");
        Pcaps.write(in, packets);
        final Path generated = dir.resolve("ids-generated.pcap");
        final Path zero = dir.resolve("ids-zero.pcap");
        assertEquals(0, Pcaps.xlat("translate", "--pool6", SiitCorpus.POOL6, "--in", in.toString(), "--out",
            generated.toString()).exitCode());
        assertEquals(0, Pcaps.xlat("translate", "--pool6", SiitCorpus.POOL6, "--zero-ipv4-identification", "--in",
            in.toString(), "--out", zero.toString()).exitCode());
        // DF clear (<= 1260 bytes): distinct generated IDs by default (RFC 6864 4.1), all 0 when told (5.1).
        final List<String> ids = tshark(generated, "ip.flags.df == 0", "ip.id");
        assertEquals(8, ids.size());
        assertEquals(8, new java.util.HashSet<>(ids).size(), ids.toString());
        assertEquals(8, tshark(zero, "ip.flags.df == 0 && ip.id == 0", "ip.id").size());
    }

    /** Returns 0 for an unfragmented UDP 123 -> 123 datagram right after the IP header, -1 otherwise. */
    private static int ntpPorts(final byte[] p)
    {
        final boolean v4 = (p[0] & 0xF0) == 0x40;
        final int l4 = v4 ? (p[0] & 0x0F) * 4 : 40;
        final int protocol = v4 ? p[9] : p[6];
        final boolean fragment = v4 && (((p[6] & 0x3F) << 8) | (p[7] & 0xFF)) != 0;
        if (protocol != 17 || fragment || p.length < l4 + 8)
        {
            return -1;
        }
        final int sport = (p[l4] & 0xFF) << 8 | p[l4 + 1] & 0xFF;
        final int dport = (p[l4 + 2] & 0xFF) << 8 | p[l4 + 3] & 0xFF;
        return sport == 123 && dport == 123 ? 0 : -1;
    }
}
