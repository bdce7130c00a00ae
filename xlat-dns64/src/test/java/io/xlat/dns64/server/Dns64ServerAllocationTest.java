package io.xlat.dns64.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.xlat.dns64.synth.AddressMatchList;

/**
 * The cache-warm UDP path of the server thread, measured with {@code com.sun.management.ThreadMXBean}: after one
 * upstream round trip fills the cache, thousands of identical queries are answered from it. A hand-written upstream
 * (answers {@code a.example A 192.0.2.1}, RFC 1035 4.1 wire format built byte by byte here) counts its queries so
 * the test can tell that the answers really came from the cache.
 */
class Dns64ServerAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    /** RFC 1035 4.1.2: a.example, QTYPE A, QCLASS IN. */
    private static final byte[] QUESTION = {
        1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1,
    };
    /** RFC 1035 4.1.3: a pointer to the question name, A, IN, TTL 300, RDLENGTH 4, 192.0.2.1. */
    private static final byte[] ANSWER = {
        (byte)0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, (byte)192, 0, 2, 1,
    };

    private final AtomicInteger upstreamQueries = new AtomicInteger();
    private DatagramSocket upstream;
    private Thread upstreamThread;
    private Dns64Server server;

    @BeforeEach
    void start() throws IOException
    {
        upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        upstreamThread = new Thread(this::serveUpstream, "fake-upstream");
        upstreamThread.setDaemon(true);
        upstreamThread.start();
        server = Dns64Server.start(Dns64ServerConfig.builder()
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .upstream((InetSocketAddress)upstream.getLocalSocketAddress())
            .allow(AddressMatchList.parse("127.0.0.0/8")).timeoutMs(1000).build());
    }

    @AfterEach
    void stop() throws InterruptedException
    {
        if (null != server)
        {
            server.close();
        }
        upstream.close();
        upstreamThread.join(1000);
    }

    @Test
    void cacheWarmUdpQueriesFromOneClientAllocateNothingOnTheServerThread() throws IOException
    {
        try (DatagramSocket client = client())
        {
            final long bytes = allocatedWhileAnswering(new DatagramSocket[] {client});
            // Zero in practice; a few hundred bytes of slack for a JIT deoptimization or a TLAB statistics update.
            assertTrue(bytes < 1024, "server thread allocated " + bytes + " bytes for " + MEASURED + " queries");
        }
    }

    @Test
    void clientsTakingTurnsCostAtMostTheJdksSenderAddressPerQuery() throws IOException
    {
        try (DatagramSocket first = client(); DatagramSocket second = client())
        {
            final long bytes = allocatedWhileAnswering(new DatagramSocket[] {first, second});
            // DatagramChannel.receive decodes a new InetSocketAddress per sender change (with its holder, the
            // Inet4Address, its holder and the address bytes): 120 bytes measured on JDK 25. Nothing of ours: the
            // ACL verdict is cached by address value (by identity it would add a 24-byte getAddress() copy).
            assertTrue(bytes <= 160L * MEASURED,
                "server thread allocated " + bytes / MEASURED + " bytes per query with two clients taking turns");
        }
    }

    private long allocatedWhileAnswering(final DatagramSocket[] clients) throws IOException
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        int id = 1;
        for (int i = 0; i < WARM_UP; i++)
        {
            exchange(clients[i % clients.length], id++ & 0xFFFF);
        }
        final long queriesBefore = upstreamQueries.get();
        final long threadId = server.agentThread().threadId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < MEASURED; i++)
        {
            exchange(clients[i % clients.length], id++ & 0xFFFF);
        }
        final long after = threads.getThreadAllocatedBytes(threadId);
        assertEquals(queriesBefore, upstreamQueries.get(), "every measured query was a cache hit");
        assertTrue(server.counters().get(Dns64ServerCounters.CACHE_HITS) >= WARM_UP + MEASURED - 1);
        return after - before;
    }

    private DatagramSocket client() throws SocketException
    {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(2000);
        return socket;
    }

    /** One query for a.example A with the given ID; checks the ID, the RCODE and the address in the answer. */
    private void exchange(final DatagramSocket client, final int id) throws IOException
    {
        final byte[] query = new byte[12 + QUESTION.length];
        query[0] = (byte)(id >>> 8);
        query[1] = (byte)id;
        query[2] = 0x01; // RD
        query[5] = 1; // QDCOUNT
        System.arraycopy(QUESTION, 0, query, 12, QUESTION.length);
        client.send(new DatagramPacket(query, query.length, server.udpAddress(0)));
        final byte[] response = new byte[512];
        final DatagramPacket packet = new DatagramPacket(response, response.length);
        client.receive(packet);
        assertEquals(id, ((response[0] & 0xFF) << 8) | (response[1] & 0xFF), "ID");
        assertEquals(0, response[3] & 0x0F, "RCODE");
        assertEquals(1, ((response[6] & 0xFF) << 8) | (response[7] & 0xFF), "ANCOUNT");
        assertArrayEquals(new byte[] {(byte)192, 0, 2, 1},
            Arrays.copyOfRange(response, packet.getLength() - 4, packet.getLength()));
    }

    /** Answers every query with its header and question, QR/RD/RA set, and {@link #ANSWER}; drops any OPT. */
    private void serveUpstream()
    {
        final byte[] buffer = new byte[4096];
        while (!upstream.isClosed())
        {
            try
            {
                final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                upstream.receive(packet);
                upstreamQueries.incrementAndGet();
                int end = 12;
                while (buffer[end] != 0)
                {
                    end += 1 + buffer[end];
                }
                end += 5; // root label, QTYPE, QCLASS
                final byte[] response = Arrays.copyOf(buffer, end + ANSWER.length);
                response[2] = (byte)0x81; // QR, RD
                response[3] = (byte)0x80; // RA, RCODE 0
                response[7] = 1; // ANCOUNT
                response[9] = 0; // NSCOUNT
                response[11] = 0; // ARCOUNT: our answer has no OPT
                response[10] = 0;
                System.arraycopy(ANSWER, 0, response, end, ANSWER.length);
                upstream.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }
}
