package io.xlat.examples.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.xlat.core.testing.PacketBuilder;

/**
 * A seeded corpus of varied IPv4 and IPv6 packets for pool6 {@value #POOL6}: TCP, UDP, ICMP queries and errors
 * with inner packets, fragments, IPv4 options, IPv6 extension headers, TTL/hop limit 1, packets that need
 * fragmenting or a Packet Too Big, both directions. Every packet's checksums are right.
 */
final class SiitCorpus
{
    static final String POOL6 = "2001:db8:64::/96";
    static final String SELF4 = "203.0.113.254";
    static final String SELF6 = "2001:db8:ffff::1";

    private static final String[] V4 = {"192.0.2.1", "192.0.2.77", "198.51.100.2", "198.51.100.200", "203.0.113.9"};

    private final Random random;
    private final List<byte[]> packets = new ArrayList<>();

    private SiitCorpus(final long seed)
    {
        random = new Random(seed);
    }

    /**
     * Builds the corpus.
     *
     * @param seed  random seed.
     * @param count approximate number of generating steps (fragmenting steps add several packets).
     * @return the packets in order.
     */
    static List<byte[]> build(final long seed, final int count)
    {
        final SiitCorpus corpus = new SiitCorpus(seed);
        for (int i = 0; i < count; i++)
        {
            corpus.step(i);
        }
        return corpus.packets;
    }

    /** IPv6 address of an IPv4 host under pool6 (RFC 6052 2.2, /96: the IPv4 address in the last 32 bits). */
    static String v6(final String v4)
    {
        final String[] o = v4.split("\\.");
        return String.format("2001:db8:64::%x:%x", Integer.parseInt(o[0]) << 8 | Integer.parseInt(o[1]),
            Integer.parseInt(o[2]) << 8 | Integer.parseInt(o[3]));
    }

    private String pick()
    {
        return V4[random.nextInt(V4.length)];
    }

    private void step(final int i)
    {
        final String a = pick();
        String b = pick();
        if (b.equals(a))
        {
            b = "198.51.100.123";
        }
        final boolean six = (i & 1) == 1;
        final PacketBuilder p = six ? PacketBuilder.ipv6(v6(a), v6(b)) : PacketBuilder.ipv4(a, b);
        if (six)
        {
            p.hopLimit(1 + random.nextInt(128)).trafficClass(random.nextInt(4) * 0x20).flowLabel(random.nextInt(3));
        }
        else
        {
            p.ttl(1 + random.nextInt(128)).tos(random.nextInt(4) * 0x20).id(random.nextInt(65536))
                .df(random.nextBoolean());
        }
        final int kind = random.nextInt(12);
        switch (kind)
        {
            case 0:
                p.tcp(1024 + random.nextInt(60000), 80).flags(PacketBuilder.SYN).seq(random.nextInt() & 0xFFFFFFFFL)
                    .tcpOptions(2, 4, 0x05, 0xb4, 4, 2, 1, 3, 3, 7);
                break;
            case 1:
                p.tcp(443, 1024 + random.nextInt(60000)).flags(PacketBuilder.ACK | PacketBuilder.PSH)
                    .seq(random.nextInt() & 0xFFFFFFFFL).ack(random.nextInt() & 0xFFFFFFFFL)
                    .payloadOfLength(random.nextInt(1200));
                break;
            case 2:
                p.udp(1024 + random.nextInt(60000), 53).payloadOfLength(random.nextInt(600));
                if (!six && random.nextInt(3) == 0)
                {
                    p.udpZeroChecksum();
                }
                break;
            case 3:
                if (random.nextBoolean())
                {
                    p.echoRequest(random.nextInt(65536), random.nextInt(65536)).payloadOfLength(random.nextInt(100));
                }
                else
                {
                    p.echoReply(random.nextInt(65536), random.nextInt(65536)).payloadOfLength(random.nextInt(100));
                }
                break;
            case 4:
            case 5:
                icmpError(p, six, a, b);
                break;
            case 6:
                bigOrFragmented(p, six);
                return;
            case 7:
                if (six)
                {
                    p.hopByHop(5, 2, 0, 0).destinationOptions().udp(4000, 4001).payloadOfLength(50);
                }
                else
                {
                    // Record route and timestamp are ignored by the translator (RFC 7915 4.1).
                    p.ipv4Options(7, 7, 4, 0, 0, 0, 0).udp(4000, 4001).payloadOfLength(50);
                }
                break;
            case 8:
                if (six)
                {
                    // Segments left 0: skipped; segments left 1: Parameter Problem (RFC 7915 5.1).
                    p.routingHeader(0, random.nextInt(2), "2001:db8:64::c000:2fe").udp(5000, 5001)
                        .payloadOfLength(20);
                }
                else
                {
                    // Loose source route: ICMP error and drop (RFC 7915 4.1).
                    p.ipv4Options(0x83, 7, 4, 192, 0, 2, 99).tcp(5000, 80).flags(PacketBuilder.SYN);
                }
                break;
            case 9:
                if (six)
                {
                    p.hopLimit(1);
                }
                else
                {
                    p.ttl(1);
                }
                p.udp(33434, 33434 + random.nextInt(30)).payloadOfLength(32);
                break;
            case 10:
                p.tcp(22, 50000).flags(PacketBuilder.FIN | PacketBuilder.ACK).seq(1).ack(2).window(0)
                    .payloadOfLength(random.nextInt(20));
                break;
            default:
                // TTL >= 2 so each corrupted datagram is translated, not quoted in a Time Exceeded.
                p.ttl(2 + random.nextInt(100)).udp(123, 123).payloadOfLength(48)
                    .corruptL4Checksum(1 + random.nextInt(0xFFFE));
                break;
        }
        packets.add(p.build());
    }

    private void bigOrFragmented(final PacketBuilder p, final boolean six)
    {
        final int choice = random.nextInt(3);
        if (choice == 0)
        {
            // Fragments of a datagram (L4 checksum over the whole datagram).
            if (six)
            {
                p.fragmentId(random.nextInt());
            }
            else
            {
                p.df(false);
            }
            packets.addAll(p.udp(7000, 7001).payloadOfLength(1500 + random.nextInt(2000)).fragments(600 + 8 *
                random.nextInt(50)));
            return;
        }
        // A datagram bigger than the lowest IPv6 MTU: v4 DF=0 gets fragmented, DF=1 beyond mtu6 gets
        // Fragmentation Needed; v6 beyond mtu4 gets Packet Too Big.
        p.udp(7000, 7002).payloadOfLength(1300 + random.nextInt(400));
        packets.add(p.build());
    }

    private void icmpError(final PacketBuilder p, final boolean six, final String a, final String b)
    {
        // The quoted packet went from the error's destination to somewhere beyond the error's source.
        final String far = "203.0.113.77";
        final PacketBuilder inner = six ? PacketBuilder.ipv6(v6(b), v6(far)).hopLimit(3)
            : PacketBuilder.ipv4(b, far).ttl(3).id(random.nextInt(65536));
        switch (random.nextInt(3))
        {
            case 0:
                inner.udp(40000, 53).payloadOfLength(random.nextInt(200));
                break;
            case 1:
                inner.tcp(40001, 443).flags(PacketBuilder.SYN).seq(5);
                break;
            default:
                inner.echoRequest(random.nextInt(65536), 1).payloadOfLength(random.nextInt(64));
                break;
        }
        byte[] quoted = inner.build();
        if (random.nextInt(3) == 0)
        {
            quoted = PacketBuilder.truncate(quoted, (six ? 48 : 28) + random.nextInt(8));
        }
        final int type;
        final int code;
        final int rest;
        if (six)
        {
            final int[][] rows = {{1, 0, 0}, {1, 1, 0}, {1, 3, 0}, {1, 4, 0}, {2, 0, 1280 + random.nextInt(200)},
                {3, 0, 0}, {3, 1, 0}, {4, 0, 6}, {4, 0, 7}, {4, 1, 40}, {4, 0, 24}};
            final int[] row = rows[random.nextInt(rows.length)];
            type = row[0];
            code = row[1];
            rest = row[2];
        }
        else
        {
            final int[][] rows = {{3, 0, 0}, {3, 1, 0}, {3, 3, 0}, {3, 4, 1400 + random.nextInt(100)}, {3, 4, 0},
                {3, 13, 0}, {11, 0, 0}, {11, 1, 0}, {12, 0, 8 << 24}, {12, 0, 1 << 24}, {12, 0, 16 << 24}};
            final int[] row = rows[random.nextInt(rows.length)];
            type = row[0];
            code = row[1];
            rest = row[2];
        }
        p.icmpError(type, code, rest, quoted);
    }
}
