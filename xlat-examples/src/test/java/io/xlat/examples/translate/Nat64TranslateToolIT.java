package io.xlat.examples.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code xlat translate --mode nat64} over whole conversations and lets Wireshark judge the output, as
 * {@link TranslateToolIT} does for SIIT: many IPv6 subscribers open TCP connections (handshake, data both ways, FIN
 * both ways), UDP exchanges (replies with and without a UDP checksum) and pings to IPv4 servers; the servers answer;
 * routers and servers send ICMPv4 errors about the sessions' packets and IPv6 hosts send ICMPv6 errors about the
 * translated replies; one subscriber reaches another through a static BIB entry (hairpinning, RFC 6146 3.8).
 * <p>
 * The replies must be addressed to the pool4 transport address the NAT64 chose, so the capture is built in two runs:
 * the outbound packets alone first (the port choice is deterministic for a seed and depends only on the order of
 * outbound packets), then the whole conversation with the replies addressed from the first run's output. Every packet
 * of the second run must translate to exactly one packet; tshark must find nothing malformed and no bad checksum,
 * outer or inner; and every reply must reach the IPv6 host and port that opened its session.
 */
class Nat64TranslateToolIT
{
    private static final String POOL6 = "2001:db8:64::";
    private static final String POOL4 = "192.0.2.1";
    private static final String ROUTER4 = "203.0.113.1";
    private static final int HOSTS = 24;
    private static final int SEED = 11;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void requireTshark()
    {
        TranslateToolIT.requireTshark();
    }

    private static String host(final int i)
    {
        return "2001:db8:1::" + Integer.toHexString(0x100 + i);
    }

    private static String server4(final int i)
    {
        return "198.51.100." + (10 + i % 20);
    }

    private static String server6(final int i)
    {
        final int last = 10 + i % 20;
        return POOL6 + "c633:64" + String.format("%02x", last);
    }

    private static int u16(final byte[] p, final int offset)
    {
        return (p[offset] & 0xFF) << 8 | p[offset + 1] & 0xFF;
    }

    /** One flow's outbound packets and how to answer them. */
    private record Flow(int host, int kind, int hostPort, int serverPort)
    {
    }

    private static final int TCP = 0;
    private static final int UDP = 1;
    private static final int PING = 2;

    private static List<Flow> flows()
    {
        final List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++)
        {
            flows.add(new Flow(i, TCP, 40000 + i, i % 3 == 0 ? 443 : 80));
            flows.add(new Flow(i, UDP, 5000 + 2 * i + i % 2, 53));
            flows.add(new Flow(i, PING, 0x100 + i, 0));
        }
        return flows;
    }

    private static byte[] outbound(final Flow f, final int step, final Random random)
    {
        final PacketBuilder b = PacketBuilder.ipv6(host(f.host), server6(f.host));
        switch (f.kind)
        {
            case TCP:
                b.tcp(f.hostPort, f.serverPort).window(64240);
                if (step == 0)
                {
                    return b.flags(PacketBuilder.SYN).seq(1000).tcpOptions(2, 4, 5, 0xB4, 1, 1, 4, 2).build();
                }
                if (step == 1)
                {
                    return b.flags(PacketBuilder.ACK | PacketBuilder.PSH).seq(1001).ack(7001)
                        .payloadOfLength(1 + random.nextInt(1200)).build();
                }
                return b.flags(PacketBuilder.FIN | PacketBuilder.ACK).seq(3000).ack(9001).build();
            case UDP:
                return b.udp(f.hostPort, f.serverPort).payloadOfLength(20 + random.nextInt(400)).build();
            default:
                return b.echoRequest(f.hostPort, step + 1).payloadOfLength(56).build();
        }
    }

    private static byte[] reply(final Flow f, final int step, final int natPort, final Random random)
    {
        final PacketBuilder b = PacketBuilder.ipv4(server4(f.host), POOL4).df(true);
        switch (f.kind)
        {
            case TCP:
                b.tcp(f.serverPort, natPort).window(65160);
                if (step == 0)
                {
                    return b.flags(PacketBuilder.SYN | PacketBuilder.ACK).seq(7000).ack(1001)
                        .tcpOptions(2, 4, 5, 0xB4, 1, 1, 4, 2).build();
                }
                if (step == 1)
                {
                    return b.flags(PacketBuilder.ACK).seq(7001).ack(3000).payloadOfLength(1 + random.nextInt(1400))
                        .build();
                }
                return b.flags(PacketBuilder.FIN | PacketBuilder.ACK).seq(9000).ack(3001).build();
            case UDP:
                b.udp(f.serverPort, natPort).payloadOfLength(30 + random.nextInt(900));
                return step == 1 ? b.udpZeroChecksum().build() : b.build(); // RFC 7915 4.5: the NAT64 computes one
            default:
                return PacketBuilder.ipv4(server4(f.host), POOL4).echoReply(natPort, step + 1).payloadOfLength(56)
                    .build();
        }
    }

    @Test
    void shouldTranslateWholeNat64ConversationsIntoPacketsTsharkAccepts() throws Exception
    {
        final List<Flow> flows = flows();
        final String[] common = {"translate", "--mode", "nat64", "--pool6", POOL6 + "/96", "--pool4",
            POOL4 + "/32:1024-65535", "--static-bib", "udp:" + POOL4 + "#6000=" + host(0) + "#6000", "--seed",
            Integer.toString(SEED), "--self4", "192.0.2.254"};

        // Run 1: the outbound packets alone, to learn the pool4 port (or ICMP identifier) of each flow.
        final Random random = new Random(SEED);
        final List<byte[]> outbound = new ArrayList<>();
        final List<Integer> owner = new ArrayList<>();
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < flows.size(); i++)
            {
                outbound.add(outbound(flows.get(i), step, random));
                owner.add(i);
            }
        }
        final Path in1 = dir.resolve("outbound.pcap");
        final Path out1 = dir.resolve("outbound-translated.pcap");
        Pcaps.write(in1, outbound);
        final Pcaps.Run run1 = Pcaps.xlat(concat(common, "--in", in1.toString(), "--out", out1.toString()));
        assertEquals(0, run1.exitCode(), run1.err());
        final List<byte[]> translated1 = Pcaps.read(out1);
        assertEquals(outbound.size(), translated1.size(), run1.out());
        final int[] natPort = new int[flows.size()];
        for (int k = 0; k < flows.size(); k++)
        {
            final byte[] p = translated1.get(k);
            assertEquals(4, p[0] >> 4);
            natPort[k] = u16(p, 20 + (flows.get(k).kind == PING ? 4 : 0));
        }

        // Run 2: the whole conversation. Each outbound packet is followed by the server's answer; ICMP errors and
        // a hairpinned exchange are mixed in.
        final Random replies = new Random(SEED + 1);
        final List<byte[]> all = new ArrayList<>();
        final List<String> expectedDestination = new ArrayList<>();
        for (int n = 0; n < outbound.size(); n++)
        {
            final int k = owner.get(n);
            final int step = n / flows.size();
            final Flow f = flows.get(k);
            all.add(outbound.get(n));
            expectedDestination.add(key(server4(f.host), f.kind == PING ? natPort[k] : f.serverPort));
            all.add(reply(f, step, natPort[k], replies));
            expectedDestination.add(key(host(f.host), f.hostPort));
            if (step == 1 && f.kind == UDP && f.host % 4 == 1)
            {
                // The server's port is closed after all: ICMPv4 Port Unreachable quoting the translated datagram.
                final byte[] quoted = translated1.get(n);
                all.add(PacketBuilder.ipv4(server4(f.host), POOL4).icmpError(3, 3, 0, quoted).build());
                expectedDestination.add(key(host(f.host), "-"));
            }
            if (step == 1 && f.kind == TCP && f.host % 4 == 2)
            {
                // A router on the IPv4 path: Fragmentation Needed, MTU 1400 (RFC 7915 4.2: MTU + 20 on IPv6).
                final byte[] quoted = PacketBuilder.truncate(translated1.get(n), 28);
                all.add(PacketBuilder.ipv4(ROUTER4, POOL4).icmpError(3, 4, 1400, quoted).build());
                expectedDestination.add(key(host(f.host), "-"));
            }
            if (step == 0 && f.kind == UDP && f.host % 4 == 3)
            {
                // The IPv6 host has no listener: ICMPv6 Port Unreachable quoting the translated reply.
                final byte[] v4reply = all.get(all.size() - 1);
                final byte[] v6reply = PacketBuilder.ipv6(server6(f.host), host(f.host)).hopLimit(63)
                    .udp(f.serverPort, f.hostPort).payload(Arrays.copyOfRange(v4reply, 28, v4reply.length)).build();
                all.add(PacketBuilder.ipv6(host(f.host), server6(f.host)).icmpError(1, 4, 0, v6reply).build());
                expectedDestination.add(key(server4(f.host), "-"));
            }
        }
        // Hairpinning: host 5 talks to host 0's static UDP service through pool4, and host 0 answers.
        all.add(PacketBuilder.ipv6(host(5), POOL6 + "c000:201").udp(7777, 6000).payload("hairpin question").build());
        expectedDestination.add(key(host(0), 6000));

        final Path in2 = dir.resolve("conversation.pcap");
        final Path out2 = dir.resolve("conversation-translated.pcap");
        Pcaps.write(in2, all);
        final Pcaps.Run run2 = Pcaps.xlat(concat(common, "--in", in2.toString(), "--out", out2.toString()));
        assertEquals(0, run2.exitCode(), run2.err());
        final List<byte[]> translated = Pcaps.read(out2);
        assertEquals(all.size(), translated.size(), "one packet out per packet in\n" + run2.out());

        final List<String> ours = new ArrayList<>();
        for (int i = 0; i < translated.size(); i++)
        {
            final byte[] p = translated.get(i);
            final List<String> problems = RefChecksum.problems(p);
            if (!problems.isEmpty())
            {
                ours.add((i + 1) + ": " + problems);
            }
            assertEquals(expectedDestination.get(i), destination(p), "packet " + (i + 1));
        }
        assertEquals(List.of(), ours, "RefChecksum found problems in the translated output");
        assertEquals(translated.size(), TranslateToolIT.tshark(out2, null, "frame.number").size());
        final List<String> complaints = TranslateToolIT.tshark(out2, TranslateToolIT.BAD, "frame.number",
            "_ws.col.Protocol", "_ws.col.Info", "_ws.expert.message");
        assertEquals(List.of(), complaints, "tshark found problems in the translated output " + out2);
        // The translated ICMP errors carry their inner packets rewritten to the other family.
        assertTrue(TranslateToolIT.tshark(out2, "icmpv6.type == 1 && icmpv6.code == 4 && udp", "frame.number")
            .size() >= HOSTS / 4, "Port Unreachable for sessions translated with their inner datagram");
        assertTrue(TranslateToolIT.tshark(out2, "icmpv6.type == 2 && icmpv6.mtu == 1420", "frame.number")
            .size() >= HOSTS / 4 - 1, "Packet Too Big with MTU + 20");
        assertTrue(TranslateToolIT.tshark(out2, "icmp.type == 3 && icmp.code == 3 && udp", "frame.number")
            .size() >= HOSTS / 4 - 1, "ICMPv6 errors from hosts become ICMPv4 errors");
        final byte[] hairpin = translated.get(translated.size() - 1);
        assertArrayEquals(PacketBuilder.address(POOL4, 4), Arrays.copyOfRange(hairpin, 20, 24),
            "RFC 6146 3.8: the hairpinned packet comes from pool4 (embedded in pool6)");
    }

    /** "address-hex#port" of where a packet goes; "#-" for ICMP errors. */
    private static String destination(final byte[] p)
    {
        final boolean v4 = (p[0] & 0xF0) == 0x40;
        final int l4 = v4 ? 20 : 40;
        final int protocol = v4 ? p[9] : p[6];
        final String text = HexFormat.of().formatHex(p, v4 ? 16 : 24, v4 ? 20 : 40);
        final boolean error = protocol == 1 && (p[l4] == 3 || p[l4] == 11)
            || protocol == 58 && (p[l4] & 0xFF) < 128;
        if (error)
        {
            return text + "#-";
        }
        if (protocol == 1 || protocol == 58)
        {
            return text + "#" + u16(p, l4 + 4);
        }
        return text + "#" + u16(p, l4 + 2);
    }

    /** The same key for an address literal and a port (or "-"). */
    private static String key(final String address, final Object port)
    {
        return HexFormat.of().formatHex(PacketBuilder.address(address, address.contains(":") ? 16 : 4)) + "#" + port;
    }

    private static String[] concat(final String[] head, final String... tail)
    {
        final String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
