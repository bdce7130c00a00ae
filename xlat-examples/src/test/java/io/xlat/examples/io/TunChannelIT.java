package io.xlat.examples.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.xlat.core.checksum.Checksum;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real TUN device driven by {@link TunChannel}, with real peers: the test JVM opens the device in the host
 * namespace under a unique name, moves it into a network namespace of its own ({@code ip link set dev X netns NS};
 * the file descriptor keeps working), addresses it there with documentation addresses, and answers {@code ping}
 * run inside the namespace, or plays the TCP peer of a {@code bash /dev/tcp} client. No traffic leaves the
 * namespace; the namespace and the device are removed even when a check fails.
 * <p>
 * Needs root, {@code /dev/net/tun}, {@code ip} and {@code ping}: without them the test is skipped, or fails when
 * the environment variable {@code CI} is set.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TunChannelIT
{
    private static final long PID = ProcessHandle.current().pid();
    private static final String PREFIX = "xlt" + PID % 10_000;
    private static final List<String> NAMESPACES = new ArrayList<>();

    @BeforeAll
    static void requireRootTunIpAndPing()
    {
        final List<String> missing = new ArrayList<>();
        if (!Files.exists(Path.of("/dev/net/tun")))
        {
            missing.add("/dev/net/tun");
        }
        if (!"0".equals(quiet(List.of("id", "-u")).strip()))
        {
            missing.add("root");
        }
        for (final String tool : List.of("ip", "ping", "bash", "timeout"))
        {
            if (quiet(List.of("sh", "-c", "command -v " + tool)).isBlank())
            {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty())
        {
            if (System.getenv("CI") != null)
            {
                fail("TunChannelIT needs " + missing + " (CI is set, so this is a failure, not a skip)");
            }
            Assumptions.abort("TunChannelIT needs " + missing);
        }
    }

    @AfterAll
    static void removeLeftovers()
    {
        for (final String ns : NAMESPACES)
        {
            quiet(List.of("ip", "netns", "del", ns));
        }
        for (final String suffix : List.of("a", "m", "v", "f"))
        {
            quiet(List.of("ip", "link", "del", PREFIX + suffix));
        }
    }

    private static String quiet(final List<String> command)
    {
        try
        {
            return IpCommand.tryRun(command, 30).output();
        }
        catch (final IllegalStateException ex)
        {
            return "";
        }
    }

    /** A namespace holding one TUN device, addressed 192.0.2.1/24 and 2001:db8:ffff::1/64; deleted on close. */
    private static final class Namespace implements AutoCloseable
    {
        final String name;

        Namespace(final String suffix, final String device)
        {
            name = "xlat-tun-it-" + PID + "-" + suffix;
            NAMESPACES.add(name);
            IpCommand.ip("netns", "add", name);
            IpCommand.ip("link", "set", "dev", device, "netns", name);
            IpCommand.ip("-n", name, "link", "set", "dev", "lo", "up");
            IpCommand.ip("-n", name, "link", "set", "dev", device, "mtu", "1500");
            IpCommand.ip("-n", name, "addr", "add", "192.0.2.1/24", "dev", device);
            IpCommand.ip("-n", name, "-6", "addr", "add", "2001:db8:ffff::1/64", "dev", device, "nodad");
            IpCommand.ip("-n", name, "link", "set", "dev", device, "up");
        }

        IpCommand.Result run(final long timeoutSeconds, final String... command)
        {
            final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
            full.addAll(Arrays.asList(command));
            return IpCommand.tryRun(full, timeoutSeconds);
        }

        @Override
        public void close()
        {
            quiet(List.of("ip", "netns", "del", name));
        }
    }

    /**
     * Answers echo requests on one or more queues from its own thread, as a translator's worker would loop: wait,
     * read, rewrite in place, write back on the queue it came from. Counts per queue; records packets that fail
     * an independent checksum check.
     */
    private static final class Responder implements AutoCloseable
    {
        final TunChannel[] queues;
        final long[] answered;
        final AtomicReference<String> problem = new AtomicReference<>();
        volatile boolean running = true;
        volatile long total;
        final Thread thread;

        Responder(final TunChannel... queues)
        {
            this.queues = queues;
            this.answered = new long[queues.length];
            thread = Thread.ofPlatform().name("tun-responder").start(this::loop);
        }

        private void loop()
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(65_536));
            while (running)
            {
                for (int q = 0; q < queues.length; q++)
                {
                    final int ready = queues[q].awaitReadable(queues.length == 1 ? 100 : 10);
                    if (ready < 0)
                    {
                        // A detached queue polls as an error until it is attached again.
                        sleep();
                        continue;
                    }
                    for (int burst = 0; burst < 64; burst++)
                    {
                        final int n = queues[q].read(buffer, 0, buffer.capacity());
                        if (n <= 0)
                        {
                            break;
                        }
                        if (answer(buffer, n, q))
                        {
                            answered[q]++;
                            total++;
                        }
                    }
                }
            }
        }

        private static void sleep()
        {
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private boolean answer(final MutableDirectBuffer b, final int length, final int queue)
        {
            final int version = (b.getByte(0) & 0xF0) >>> 4;
            final boolean echo4 = version == 4 && length >= 28 && b.getByte(9) == 1 && b.getByte(20) == 8;
            final boolean echo6 = version == 6 && length >= 48 && b.getByte(6) == 58 && (b.getByte(40) & 0xFF) == 128;
            if (!echo4 && !echo6)
            {
                return false;
            }
            if (total < 16)
            {
                final byte[] copy = new byte[length];
                b.getBytes(0, copy);
                final List<String> problems = RefChecksum.problems(copy);
                if (!problems.isEmpty())
                {
                    problem.compareAndSet(null, "request read on queue " + queue + ": " + problems);
                }
            }
            if (echo4)
            {
                final int ihl = (b.getByte(0) & 0x0F) * 4;
                final int src = b.getInt(12, ByteOrder.BIG_ENDIAN);
                b.putInt(12, b.getInt(16, ByteOrder.BIG_ENDIAN), ByteOrder.BIG_ENDIAN);
                b.putInt(16, src, ByteOrder.BIG_ENDIAN);
                b.putShort(10, (short)0, ByteOrder.BIG_ENDIAN);
                b.putShort(10, (short)Checksum.finish(Checksum.sum(b, 0, ihl, 0)), ByteOrder.BIG_ENDIAN);
                b.putByte(ihl, (byte)0);
                b.putShort(ihl + 2, (short)0, ByteOrder.BIG_ENDIAN);
                b.putShort(ihl + 2, (short)Checksum.finish(Checksum.sum(b, ihl, length - ihl, 0)),
                    ByteOrder.BIG_ENDIAN);
            }
            else
            {
                for (int i = 0; i < 16; i += 8)
                {
                    final long s = b.getLong(8 + i, ByteOrder.BIG_ENDIAN);
                    b.putLong(8 + i, b.getLong(24 + i, ByteOrder.BIG_ENDIAN), ByteOrder.BIG_ENDIAN);
                    b.putLong(24 + i, s, ByteOrder.BIG_ENDIAN);
                }
                b.putByte(40, (byte)129);
                b.putShort(42, (short)0, ByteOrder.BIG_ENDIAN);
                final int pseudo = Checksum.ipv6PseudoHeaderSum(b, 8, 24, 58, length - 40);
                b.putShort(42, (short)Checksum.finish(Checksum.sum(b, 40, length - 40, pseudo)), ByteOrder.BIG_ENDIAN);
            }
            final int written = queues[queue].write(b, 0, length);
            if (written != length)
            {
                problem.compareAndSet(null, "write on queue " + queue + " returned " + written + " errno="
                    + queues[queue].lastErrno());
            }
            return true;
        }

        void stop()
        {
            running = false;
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close()
        {
            stop();
        }
    }

    private static final Pattern PING_SUMMARY =
        Pattern.compile("(\\d+) packets transmitted, (\\d+) received, [^,]*packet loss, time (\\d+)ms");
    /** Most requests ping may still have in flight when it stops at {@code -c} replies (its largest preload). */
    private static final int MAX_IN_FLIGHT = 32;

    /**
     * Checks ping's summary: at least {@code count} replies, nothing lost but the requests still in flight when ping
     * stopped at its count (a preload keeps up to 32 outstanding), no bad checksum or duplicate.
     *
     * @return ping's own "time" in milliseconds.
     */
    private static long assertPingAnswered(final IpCommand.Result ping, final int count)
    {
        assertEquals(0, ping.exitCode(), ping.output());
        final Matcher m = PING_SUMMARY.matcher(ping.output());
        assertTrue(m.find(), ping.output());
        final int transmitted = Integer.parseInt(m.group(1));
        final int received = Integer.parseInt(m.group(2));
        assertTrue(transmitted - received <= MAX_IN_FLIGHT, ping.output());
        assertTrue(received >= count, ping.output());
        assertTrue(!ping.output().contains("BAD CHECKSUM") && !ping.output().contains("DUP!"), ping.output());
        return Long.parseLong(m.group(3));
    }

    @Test
    void shouldAnswerPingsFromANamespaceOverIpv4AndIpv6() throws Exception
    {
        final TunChannel tun = TunChannel.open(new TunOptions().name(PREFIX + "a"));
        try (tun; Namespace ns = new Namespace("a", tun.name()); Responder responder = new Responder(tun))
        {
            assertEquals(PREFIX + "a", tun.name());
            assertEquals(0, tun.vnetHeaderSize());
            assertPingAnswered(ns.run(30, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "192.0.2.2"), 3);
            assertPingAnswered(ns.run(30, "ping", "-6", "-n", "-c", "3", "-i", "0.2", "-W", "2",
                "2001:db8:ffff::2"), 3);
            responder.stop();
            assertEquals(null, responder.problem.get());
            assertEquals(6, responder.answered[0]);
        }
    }

    @Test
    void shouldServeEachQueueOfAMultiqueueDevice() throws Exception
    {
        final TunChannel[] queues = TunChannel.openQueues(new TunOptions().name(PREFIX + "m").queues(2));
        try (TunChannel q0 = queues[0]; TunChannel q1 = queues[1]; Namespace ns = new Namespace("m", q0.name());
            Responder responder = new Responder(queues))
        {
            assertEquals(q0.name(), q1.name());
            // Steer by detaching: with one queue attached, the kernel can only deliver to that one.
            q1.detachQueue();
            assertPingAnswered(ns.run(30, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", "192.0.2.2"), 2);
            q1.attachQueue();
            q0.detachQueue();
            assertPingAnswered(ns.run(30, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", "192.0.2.3"), 2);
            q0.attachQueue();
            responder.stop();
            assertEquals(null, responder.problem.get());
            assertEquals(2, responder.answered[0], "queue 0");
            assertEquals(2, responder.answered[1], "queue 1");
        }
    }

    @Test
    void shouldEchoAFloodOfPingsWithoutAllocatingOnceCompiled() throws Exception
    {
        final TunChannel tun = TunChannel.open(new TunOptions().name(PREFIX + "f"));
        try (tun; Namespace ns = new Namespace("f", tun.name()); Responder responder = new Responder(tun))
        {
            // Warm-up: interpreted and C1-compiled FFM downcalls allocate a little per call (the call-state
            // segment's slice), C2-compiled ones nothing.
            assertPingAnswered(ns.run(60, "ping", "-n", "-q", "-f", "-l", "32", "-c", "40000", "-w", "30",
                "192.0.2.2"), 40000);
            // Throughput of the echo loop: one request in flight (latency-bound), then 32 (preload).
            for (final String preload : List.of("1", "32"))
            {
                final long before = responder.total;
                final IpCommand.Result ping = ns.run(60, "ping", "-n", "-q", "-f", "-l", preload, "-c", "10000", "-w",
                    "30", "192.0.2.2");
                final long millis = Math.max(1, assertPingAnswered(ping, 10000));
                final long echoed = responder.total - before;
                System.out.printf("TunChannelIT: echo loop, ping -f -l %s: %d requests answered in %d ms by ping's"
                    + " clock (%.0f packets/s each way)%n", preload, echoed, millis, echoed * 1000.0 / millis);
            }
            // Steady state: a window of 10000 echoes in which the worker thread allocates nothing at all.
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long id = responder.thread.threadId();
            long best = Long.MAX_VALUE;
            for (int window = 0; window < 6 && best > 0; window++)
            {
                final long before = threads.getThreadAllocatedBytes(id);
                assertPingAnswered(ns.run(60, "ping", "-n", "-q", "-f", "-l", "32", "-c", "10000", "-w", "30",
                    "192.0.2.2"), 10000);
                best = Math.min(best, threads.getThreadAllocatedBytes(id) - before);
                System.out.printf("TunChannelIT: allocation window %d: %d bytes%n", window, best);
            }
            responder.stop();
            assertEquals(null, responder.problem.get());
            assertEquals(0, best, "bytes allocated by the echo loop over 10000 packets");
        }
    }

    @Test
    void shouldReadTcpSuperPacketsBehindVnetHeadersAndCutThemIntoValidSegments() throws Exception
    {
        final TunChannel tun = TunChannel.open(new TunOptions().name(PREFIX + "v").offloads(TunOptions.OFFLOAD_TCP));
        Process client = null;
        try (tun; Namespace ns = new Namespace("v", tun.name()))
        {
            assertEquals(TunOptions.VNET_HEADER_SIZE, tun.vnetHeaderSize());
            final StringBuilder text = new StringBuilder();
            for (int i = 1; i <= 6000; i++)
            {
                text.append(i).append('\n');
            }
            final byte[] expected = text.toString().getBytes(StandardCharsets.US_ASCII);
            client = new ProcessBuilder("ip", "netns", "exec", ns.name, "timeout", "20", "bash", "-c",
                "exec 3<>/dev/tcp/192.0.2.2/9 && seq 1 6000 >&3 && sleep 5").redirectErrorStream(true).start();
            final TcpPeer peer = new TcpPeer(tun);
            final byte[] received = peer.receive(expected.length, TimeUnit.SECONDS.toNanos(20));
            assertEquals(null, peer.problem, peer.problem);
            assertTrue(peer.partialChecksums > 0, "the kernel handed over partial checksums (NEEDS_CSUM)");
            assertTrue(peer.superPackets > 0, "the kernel handed over at least one GSO super-packet; segments="
                + peer.segments);
            assertEquals(expected.length, received.length);
            assertTrue(Arrays.equals(expected, received), "the byte stream rebuilt from the segments is the one sent");
            System.out.printf("TunChannelIT: TCP over TUN with offloads: %d reads, %d super-packets, %d segments,"
                + " largest read %d bytes%n", peer.reads, peer.superPackets, peer.segments, peer.largestRead);
        }
        finally
        {
            if (client != null)
            {
                client.destroyForcibly();
                client.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The server side of one TCP connection, just enough to make the client's kernel send its data. */
    private static final class TcpPeer
    {
        private static final int MSS = 1400;
        private static final long ISN = 1_000_000L;

        final TunChannel tun;
        final UnsafeBuffer in = new UnsafeBuffer(ByteBuffer.allocateDirect(70_000));
        final UnsafeBuffer segment = new UnsafeBuffer(new byte[70_000]);
        final GsoSegmenter segmenter = new GsoSegmenter();
        String problem;
        int partialChecksums;
        int superPackets;
        int segments;
        int reads;
        int largestRead;
        int clientPort = -1;
        long clientIsn;

        TcpPeer(final TunChannel tun)
        {
            this.tun = tun;
        }

        byte[] receive(final int expectedLength, final long timeoutNanos)
        {
            final byte[] stream = new byte[expectedLength];
            int contiguous = 0;
            final long deadline = System.nanoTime() + timeoutNanos;
            while (contiguous < expectedLength && System.nanoTime() < deadline && problem == null)
            {
                if (tun.awaitReadable(100) <= 0)
                {
                    continue;
                }
                final int n = tun.read(in, 0, in.capacity());
                if (n <= 0 || (in.getByte(0) & 0xF0) != 0x40 || in.getByte(9) != 6)
                {
                    continue;
                }
                reads++;
                largestRead = Math.max(largestRead, n);
                final VirtioNetHeader header = tun.readHeader();
                if (header.needsChecksum())
                {
                    partialChecksums++;
                }
                final int count = segmenter.prepare(in, 0, n, header.gsoType(), header.gsoSize());
                if (count < 0)
                {
                    problem = "prepare returned " + count + " for gso_type " + header.gsoType();
                    break;
                }
                if (header.isGso())
                {
                    superPackets++;
                    if (header.gsoSize() > MSS)
                    {
                        problem = "gso_size " + header.gsoSize() + " above the MSS we announced";
                    }
                }
                else if (header.completeChecksum(in, 0, n) != 0)
                {
                    problem = "bad csum_start/csum_offset";
                }
                for (int i = 0; i < count; i++)
                {
                    final int length = header.isGso() ? segmenter.segment(i, segment, 0, segment.capacity()) : n;
                    final byte[] packet = new byte[length];
                    (header.isGso() ? segment : in).getBytes(0, packet);
                    contiguous = onSegment(packet, stream, contiguous);
                }
            }
            return Arrays.copyOf(stream, contiguous);
        }

        private int onSegment(final byte[] packet, final byte[] stream, final int contiguous)
        {
            segments++;
            final List<String> problems = RefChecksum.problems(packet);
            if (!problems.isEmpty())
            {
                problem = "segment " + segments + ": " + problems;
                return contiguous;
            }
            if (packet.length > 1500)
            {
                problem = "segment of " + packet.length + " bytes exceeds the MTU";
            }
            final ByteBuffer b = ByteBuffer.wrap(packet);
            final int port = b.getShort(20) & 0xFFFF;
            final long seq = b.getInt(24) & 0xFFFF_FFFFL;
            final int flags = b.get(33) & 0xFF;
            final int dataOffset = 20 + ((b.get(32) & 0xF0) >>> 4) * 4;
            if ((flags & PacketBuilder.SYN) != 0)
            {
                clientPort = port;
                clientIsn = seq;
                send(PacketBuilder.SYN | PacketBuilder.ACK, ISN, seq + 1, 2, 4, MSS >>> 8, MSS & 0xFF);
                return contiguous;
            }
            if (port != clientPort)
            {
                return contiguous;
            }
            int have = contiguous;
            final int at = (int)(seq - clientIsn - 1);
            final int length = packet.length - dataOffset;
            if (length > 0 && at <= have && at + length > have)
            {
                final int copy = Math.min(at + length, stream.length) - have;
                System.arraycopy(packet, dataOffset + have - at, stream, have, copy);
                have += copy;
            }
            if (length > 0)
            {
                send(PacketBuilder.ACK, ISN + 1, clientIsn + 1 + have);
            }
            return have;
        }

        private void send(final int flags, final long seq, final long ack, final int... options)
        {
            final byte[] reply = PacketBuilder.ipv4("192.0.2.2", "192.0.2.1").df(true).tcp(9, clientPort)
                .seq(seq).ack(ack & 0xFFFF_FFFFL).flags(flags).window(65535).tcpOptions(options).build();
            final int n = tun.write(new UnsafeBuffer(reply), 0, reply.length);
            if (n != reply.length)
            {
                problem = "write returned " + n + " errno=" + tun.lastErrno();
            }
        }
    }
}
