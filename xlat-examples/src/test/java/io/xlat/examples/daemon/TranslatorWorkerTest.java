package io.xlat.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import io.xlat.core.testing.RefChecksum;
import io.xlat.examples.io.MemoryChannel;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TranslatorWorkerTest
{
    private static final SiitConfig CONFIG = SiitConfig.builder()
        .mapper(SiitAddressMapper.builder().pool6("64:ff9b::/96").allowWkpNonGlobal(true).build())
        .self4(0xC0000201)
        .build();

    private final MemoryChannel.Pair in = MemoryChannel.pair(1 << 20);
    private final MemoryChannel.Pair out = MemoryChannel.pair(1 << 20);
    private final CachedEpochClock clock = new CachedEpochClock();

    private static byte[] read(final MemoryChannel channel)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[70000]);
        final int n = channel.read(buffer, 0, buffer.capacity());
        return n <= 0 ? new byte[0] : Arrays.copyOf(buffer.byteArray(), n);
    }

    private static void write(final MemoryChannel channel, final byte[] packet)
    {
        assertEquals(packet.length, channel.write(new UnsafeBuffer(packet), 0, packet.length));
    }

    @Test
    void shouldWriteTranslatedPacketsToTheEgressChannelWithValidChecksums()
    {
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(),
            new SiitPacketTranslator(CONFIG), clock, 64, 1000);
        write(in.right(), PacketBuilder.ipv4("198.51.100.7", "203.0.113.9").udp(4000, 53).payload("query").build());

        assertEquals(1, worker.doWork());

        final byte[] v6 = read(out.right());
        assertEquals(6, (v6[0] >> 4) & 0xF);
        // 64:ff9b::198.51.100.7 and 64:ff9b::203.0.113.9 (RFC 6052 2.2, /96: the IPv4 address in the last 4 bytes)
        assertArrayEquals(PacketBuilder.address("64:ff9b::c633:6407", 16), Arrays.copyOfRange(v6, 8, 24));
        assertArrayEquals(PacketBuilder.address("64:ff9b::cb00:7109", 16), Arrays.copyOfRange(v6, 24, 40));
        assertEquals(java.util.List.of(), RefChecksum.problems(v6));
        assertEquals(0, read(in.right()).length, "nothing goes back to the ingress");
        assertEquals(1, worker.counters().get(WorkerCounters.RECEIVED));
        assertEquals(1, worker.counters().get(WorkerCounters.SENT));
    }

    @Test
    void shouldSendIcmpErrorsBackToTheIngressChannel()
    {
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(),
            new SiitPacketTranslator(CONFIG), clock, 64, 1000);
        write(in.right(), PacketBuilder.ipv4("198.51.100.7", "203.0.113.9").ttl(1).udp(4000, 53).build());

        worker.doWork();

        final byte[] error = read(in.right());
        assertEquals(4, (error[0] >> 4) & 0xF);
        assertEquals(1, error[9], "ICMPv4");
        assertEquals(11, error[20], "Time Exceeded (RFC 7915 4.1: TTL would reach zero)");
        assertEquals(0, read(out.right()).length);
    }

    @Test
    void shouldStopABatchAtTheLimitAndContinueOnTheNextDutyCycle()
    {
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(),
            new SiitPacketTranslator(CONFIG), clock, 3, 1000);
        for (int i = 0; i < 5; i++)
        {
            write(in.right(), PacketBuilder.ipv4("198.51.100.7", "203.0.113.9").udp(4000 + i, 53).build());
        }

        assertEquals(3, worker.doWork());
        assertEquals(2, worker.doWork());
        assertEquals(0, worker.doWork());
        assertEquals(5, worker.counters().get(WorkerCounters.SENT));
    }

    @Test
    void shouldCountDropsAndKeepGoingAfterMalformedPackets()
    {
        final SiitPacketTranslator translator = new SiitPacketTranslator(CONFIG);
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(), translator, clock, 64, 1000);
        write(in.right(), new byte[] {0x45, 0, 0});
        write(in.right(), PacketBuilder.ipv4("198.51.100.7", "203.0.113.9").udp(4000, 53).build());

        assertEquals(2, worker.doWork());

        assertEquals(1, translator.counters().totalDrops());
        assertEquals(1, translator.counters().events(TranslatorCounters.TRANSLATED_4TO6));
        assertEquals(6, (read(out.right())[0] >> 4) & 0xF);
    }

    @Test
    void shouldCountAnExceptionAsInternalErrorOnce()
    {
        final ThrowingTranslator translator = new ThrowingTranslator();
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(), translator, clock, 64, 1000);
        write(in.right(), PacketBuilder.ipv4("198.51.100.7", "203.0.113.9").udp(4000, 53).build());

        final IllegalStateException thrown = assertThrows(IllegalStateException.class, worker::doWork);
        worker.onError(thrown);

        assertEquals(1, translator.counters().drops(DropReason.INTERNAL_ERROR));
        assertEquals(1, worker.counters().get(WorkerCounters.EXCEPTIONS));
    }

    @Test
    void shouldRunExpiryOnItsIntervalOnlyAndSendWhatItProduces()
    {
        final ThrowingTranslator translator = new ThrowingTranslator();
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(), translator, clock, 64, 1000);
        clock.update(10_000);
        worker.doWork();
        clock.update(10_999);
        worker.doWork();
        assertEquals(1, translator.expireCalls);
        clock.update(11_000);
        worker.doWork();
        assertEquals(2, translator.expireCalls);
        assertEquals(2, worker.counters().get(WorkerCounters.EXPIRY_PACKETS));
        assertEquals(2, worker.counters().get(WorkerCounters.SENT));
        assertArrayEquals(PacketBuilder.address("198.51.100.7", 4), Arrays.copyOfRange(read(in.right()), 16, 20),
            "timer packets go back out of the ingress channel like ICMP errors");
    }

    @Test
    void shouldTerminateWhenTheChannelCloses()
    {
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(),
            new SiitPacketTranslator(CONFIG), clock, 64, 1000);
        in.right().close();

        assertThrows(AgentTerminationException.class, worker::doWork);
        assertTrue(worker.channelClosed());
    }

    /**
     * A burst is prefetched packet by packet as it is read, then translated in arrival order; a batch larger than a
     * burst is cut into bursts, and what is left at the end of the batch is translated too.
     */
    @Test
    void shouldPrefetchEachBurstBeforeTranslatingItInArrivalOrder()
    {
        final StringBuilder calls = new StringBuilder();
        final PacketTranslator recording = new PacketTranslator()
        {
            private final TranslatorCounters counters = new TranslatorCounters();

            @Override
            public int translate(
                final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
                final long nowMillis)
            {
                calls.append('T').append(buffer.getByte(offset + length - 1)).append(' ');
                result.reset();
                return 0;
            }

            @Override
            public void prefetch(final MutableDirectBuffer buffer, final int offset, final int length)
            {
                calls.append('P').append(buffer.getByte(offset + length - 1)).append(' ');
            }

            @Override
            public TranslatorCounters counters()
            {
                return counters;
            }
        };
        final int packets = TranslatorWorker.BURST + 3;
        final TranslatorWorker worker = new TranslatorWorker("t", in.left(), out.left(), recording, clock, 64, 1000);
        final StringBuilder expected = new StringBuilder();
        for (int i = 0; i < packets; i++)
        {
            write(in.right(), PacketBuilder.ipv4("198.51.100.7", "203.0.113.9").udp(4000, 53)
                .payload(new byte[] {(byte)i}).build());
        }
        for (int from = 0; from < packets; from += TranslatorWorker.BURST)
        {
            final int to = Math.min(packets, from + TranslatorWorker.BURST);
            for (int i = from; i < to; i++)
            {
                expected.append('P').append(i).append(' ');
            }
            for (int i = from; i < to; i++)
            {
                expected.append('T').append(i).append(' ');
            }
        }

        assertEquals(packets, worker.doWork());

        assertEquals(expected.toString(), calls.toString());
    }

    private static final class ThrowingTranslator implements PacketTranslator
    {
        private final TranslatorCounters counters = new TranslatorCounters();
        private int expireCalls;

        @Override
        public int translate(
            final MutableDirectBuffer buffer,
            final int offset,
            final int length,
            final TranslationResult result,
            final long nowMillis)
        {
            throw new IllegalStateException("bug");
        }

        @Override
        public int expire(final long nowMillis, final TranslationResult out)
        {
            expireCalls++;
            out.reset();
            // One packet per call, as a timed-out held SYN's ICMP error would be.
            final byte[] packet = PacketBuilder.ipv4("192.0.2.1", "198.51.100.7").echoRequest(expireCalls, 1).build();
            out.buffer().putBytes(out.limit(), packet);
            out.commit(packet.length, TranslationResult.KIND_ICMP_ERROR);
            return 1;
        }

        @Override
        public TranslatorCounters counters()
        {
            return counters;
        }
    }
}
