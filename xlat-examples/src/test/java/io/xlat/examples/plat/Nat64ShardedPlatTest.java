package io.xlat.examples.plat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.handoff.ShardHandoff;
import io.xlat.core.nat64.Nat64Config;
import io.xlat.core.nat64.Nat64Shards;
import io.xlat.core.nat64.Pool4;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.stats.DropReason;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import io.xlat.examples.daemon.ChannelIdleStrategy;
import io.xlat.examples.daemon.TranslatorWorker;
import io.xlat.examples.io.MemoryChannel;
import io.xlat.examples.io.PacketChannel;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 2-queue NAT64 in memory: two workers on two threads, each owning one shard, behind two in-memory "TUN queues"
 * that the test (playing the kernel) fills with the packets of many IPv6 subscribers, putting each on a random queue
 * as a flow hash would. Every flow must be translated once, keep one pool4 transport address whichever queue its
 * packets arrive on, and get its replies back; sessions must exist once in total.
 */
class Nat64ShardedPlatTest
{
    private static final String REMOTE = "198.51.100.10";
    private static final String REMOTE6 = "64:ff9b::c633:640a";
    private static final int HOSTS = 150;

    private final MemoryChannel.Pair[] queues = {MemoryChannel.pair(1 << 22), MemoryChannel.pair(1 << 22)};
    private final List<AgentRunner> runners = new ArrayList<>();
    private final Random random = new Random(42);

    @AfterEach
    void stop()
    {
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
    }

    private static String host(final int h)
    {
        return "2001:db8:" + Integer.toHexString(h + 1) + "::" + Integer.toHexString(h + 7);
    }

    private static byte[] outbound(final int h, final boolean udp)
    {
        final byte[] tag = ("flow-" + h + (udp ? "-udp" : "-icmp")).getBytes(StandardCharsets.US_ASCII);
        return (udp ? PacketBuilder.ipv6(host(h), REMOTE6).udp(10_000 + h, 53) :
            PacketBuilder.ipv6(host(h), REMOTE6).echoRequest(h + 1, 1)).payload(tag).build();
    }

    private static String tag(final byte[] packet, final int from)
    {
        return new String(packet, from, packet.length - from, StandardCharsets.US_ASCII);
    }

    private void send(final byte[] packet)
    {
        final PacketChannel kernelSide = queues[random.nextInt(2)].right();
        assertEquals(packet.length, kernelSide.write(new UnsafeBuffer(packet), 0, packet.length));
    }

    private List<byte[]> collect(final int expected)
    {
        final List<byte[]> out = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[70_000]);
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (out.size() < expected && System.nanoTime() < deadline)
        {
            boolean idle = true;
            for (final MemoryChannel.Pair queue : queues)
            {
                final int n = queue.right().read(buffer, 0, buffer.capacity());
                if (n > 0)
                {
                    out.add(Arrays.copyOf(buffer.byteArray(), n));
                    idle = false;
                }
            }
            if (idle)
            {
                Thread.onSpinWait();
            }
        }
        return out;
    }

    @Test
    void shouldTranslateEveryFlowInExactlyOneShardWhicheverQueueItsPacketsArriveOn()
    {
        final Nat64Shards shards = new Nat64Shards(Nat64Config.builder().seed(5).sessionCapacity(8192).build(),
            Pool4.parse("192.0.2.0/29:1024-65535"), 2, List.of());
        final SiitAddressMapper pool6 = SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true)
            .build();
        final Nat64ShardWiring wiring = new Nat64ShardWiring(shards, pool6, SiitConfig.builder());
        final TranslatorWorker[] workers = new TranslatorWorker[2];
        for (int q = 0; q < 2; q++)
        {
            final var translator = wiring.translator(q);
            final PacketChannel channel = wiring.channel(q, queues[q].left());
            workers[q] = new TranslatorWorker("plat-q" + q, channel, channel, translator, SystemEpochClock.INSTANCE,
                64, 1000);
            final AgentRunner runner = new AgentRunner(new ChannelIdleStrategy(channel, 5), Throwable::printStackTrace,
                null, workers[q]);
            runners.add(runner);
            AgentRunner.startOnThread(runner);
        }

        // Outbound: each flow's first packet on a random queue.
        for (int h = 0; h < HOSTS; h++)
        {
            send(outbound(h, true));
            send(outbound(h, false));
        }
        final List<byte[]> first = collect(2 * HOSTS);
        assertEquals(2 * HOSTS, first.size(), "every flow translated");
        final Map<String, String> pool4OfFlow = new HashMap<>();
        for (final byte[] p : first)
        {
            assertEquals(4, (p[0] >> 4) & 0xF);
            assertEquals(List.of(), RefChecksum.problems(p));
            final String flow = tag(p, 28);
            final int port = p[9] == 17 ? u16(p, 20) : u16(p, 24);
            assertEquals(null, pool4OfFlow.put(flow, address4(p, 12) + "#" + port), "translated once: " + flow);
        }
        assertEquals(2 * HOSTS, sessions(shards), "one session per flow, in one shard");

        // The same flows again, each on a random queue: the same pool4 transport address, no new session.
        for (int h = 0; h < HOSTS; h++)
        {
            send(outbound(h, true));
            send(outbound(h, false));
        }
        for (final byte[] p : collect(2 * HOSTS))
        {
            final int port = p[9] == 17 ? u16(p, 20) : u16(p, 24);
            assertEquals(pool4OfFlow.get(tag(p, 28)), address4(p, 12) + "#" + port, "same mapping");
        }
        assertEquals(2 * HOSTS, sessions(shards));

        // Replies from the IPv4 server to each pool4 transport address, on random queues.
        for (final Map.Entry<String, String> e : pool4OfFlow.entrySet())
        {
            final String[] parts = e.getValue().split("#");
            final int port = Integer.parseInt(parts[1]);
            final byte[] tag = ("reply-" + e.getKey()).getBytes(StandardCharsets.US_ASCII);
            send((e.getKey().endsWith("udp") ? PacketBuilder.ipv4(REMOTE, parts[0]).udp(53, port) :
                PacketBuilder.ipv4(REMOTE, parts[0]).echoReply(port, 1)).payload(tag).build());
        }
        final List<byte[]> replies = collect(2 * HOSTS);
        assertEquals(2 * HOSTS, replies.size(), "every reply delivered");
        for (final byte[] r : replies)
        {
            assertEquals(6, (r[0] >> 4) & 0xF);
            assertEquals(List.of(), RefChecksum.problems(r));
            final String flow = tag(r, 48).substring("reply-".length());
            final int h = Integer.parseInt(flow.split("-")[1]);
            assertTrue(Arrays.equals(PacketBuilder.address(host(h), 16), Arrays.copyOfRange(r, 24, 40)),
                "to the subscriber of " + flow);
            assertEquals(flow.endsWith("udp") ? 10_000 + h : h + 1, u16(r, 42 + (flow.endsWith("udp") ? 0 : 2)));
        }

        final ShardHandoff handoff = wiring.handoff();
        for (int s = 0; s < 2; s++)
        {
            assertTrue(handoff.endpoint(s).counter(ShardHandoff.SENT) > 0, "random queues make both hand off");
            assertEquals(0, handoff.endpoint(s).counter(ShardHandoff.FULL));
            assertEquals(0, workers[s].translator().counters().drops(DropReason.HANDOFF_FULL));
        }
        assertEquals(handoff.endpoint(0).counter(ShardHandoff.SENT),
            handoff.endpoint(1).counter(ShardHandoff.RECEIVED));
        final StringBuilder metrics = new StringBuilder();
        wiring.appendMetrics(metrics);
        assertTrue(metrics.toString().contains("xlat_nat64_handoff_total{daemon=\"plat\",shard=\"1\",event=\"sent\"} "
            + handoff.endpoint(1).counter(ShardHandoff.SENT)), metrics.toString());
    }

    private static int sessions(final Nat64Shards shards)
    {
        return shards.shard(0).sessionCount() + shards.shard(1).sessionCount();
    }

    private static int u16(final byte[] p, final int at)
    {
        return (p[at] & 0xFF) << 8 | p[at + 1] & 0xFF;
    }

    private static String address4(final byte[] p, final int at)
    {
        return (p[at] & 0xFF) + "." + (p[at + 1] & 0xFF) + "." + (p[at + 2] & 0xFF) + "." + (p[at + 3] & 0xFF);
    }
}
