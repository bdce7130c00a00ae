package io.xlat.core.handoff;

import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.xlat.core.stats.DropReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardHandoffTest
{
    private static byte[] bytes(final int length, final int seed)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(seed * 31 + i * 7);
        }
        return b;
    }

    private static byte[] copy(final ShardHandoff.Endpoint e, final int handle)
    {
        final byte[] b = new byte[e.packetLength(handle)];
        e.buffer(handle).getBytes(e.packetOffset(handle), b);
        return b;
    }

    @Test
    void shouldDeliverThePacketAndItsMetadataToTheTargetShardOnly()
    {
        final ShardHandoff handoff = new ShardHandoff(3, 4, 1500, 12);
        final byte[] packet = bytes(1500, 1);
        final byte[] metadata = bytes(12, 2);
        final int slot = handoff.endpoint(0).offer(2, new UnsafeBuffer(packet), 0, packet.length,
            new UnsafeBuffer(metadata), 0, metadata.length);
        assertTrue(slot >= 0);
        assertEquals(ShardHandoff.NONE, handoff.endpoint(1).poll());
        assertFalse(handoff.endpoint(1).hasInbound());
        final ShardHandoff.Endpoint target = handoff.endpoint(2);
        assertTrue(target.hasInbound());
        final int handle = target.poll();
        assertEquals(0, target.producer(handle));
        assertArrayEquals(packet, copy(target, handle));
        assertEquals(12, target.metadataLength(handle));
        final byte[] meta = new byte[12];
        target.buffer(handle).getBytes(target.metadataOffset(handle), meta);
        assertArrayEquals(metadata, meta);
        target.release(handle);
        assertEquals(ShardHandoff.NONE, target.poll());
        assertEquals(1, handoff.endpoint(0).counter(ShardHandoff.SENT));
        assertEquals(1, target.counter(ShardHandoff.RECEIVED));
    }

    @Test
    void shouldCarryNoMetadataWhenNoneIsOffered()
    {
        final ShardHandoff handoff = new ShardHandoff(2, 2, 64, 12);
        final byte[] first = bytes(64, 3);
        handoff.endpoint(0).offer(1, new UnsafeBuffer(first), 0, 64, new UnsafeBuffer(bytes(12, 4)), 0, 12);
        final ShardHandoff.Endpoint e = handoff.endpoint(1);
        e.release(e.poll());
        handoff.endpoint(0).offer(1, new UnsafeBuffer(first), 0, 20);
        final int handle = e.poll();
        assertEquals(0, e.metadataLength(handle));
        assertEquals(20, e.packetLength(handle));
    }

    @Test
    void shouldDropAndCountWithoutBlockingWhenEverySlotIsInFlight()
    {
        final ShardHandoff handoff = new ShardHandoff(2, 3, 100, 0);
        final ShardHandoff.Endpoint producer = handoff.endpoint(0);
        final UnsafeBuffer packet = new UnsafeBuffer(bytes(100, 5));
        for (int i = 0; i < 3; i++)
        {
            assertTrue(producer.offer(1, packet, 0, 100) >= 0);
        }
        assertEquals(-DropReason.HANDOFF_FULL, producer.offer(1, packet, 0, 100));
        assertEquals(1, producer.counter(ShardHandoff.FULL));
        final ShardHandoff.Endpoint consumer = handoff.endpoint(1);
        final int handle = consumer.poll();
        assertEquals(-DropReason.HANDOFF_FULL, producer.offer(1, packet, 0, 100), "polled but not released yet");
        consumer.release(handle);
        assertTrue(producer.offer(1, packet, 0, 100) >= 0, "the released slot is reused");
        assertEquals("handoff_full", DropReason.label(DropReason.HANDOFF_FULL));
    }

    @Test
    void shouldRefuseAPacketLongerThanASlot()
    {
        final ShardHandoff handoff = new ShardHandoff(2, 2, 100, 0);
        assertEquals(-DropReason.OUTPUT_TOO_SMALL, handoff.endpoint(0).offer(1, new UnsafeBuffer(new byte[101]),
            0, 101));
        assertEquals(1, handoff.endpoint(0).counter(ShardHandoff.TOO_LONG));
        assertEquals(ShardHandoff.NONE, handoff.endpoint(1).poll());
    }

    @Test
    void shouldRefuseToHandAPacketToItsOwnShard()
    {
        final ShardHandoff handoff = new ShardHandoff(2, 2, 100, 0);
        assertThrows(IllegalArgumentException.class,
            () -> handoff.endpoint(1).offer(1, new UnsafeBuffer(new byte[10]), 0, 10));
    }

    @Test
    void shouldRejectBadSizesNamingTheValue()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new ShardHandoff(0, 2, 100, 0));
        assertTrue(ex.getMessage().contains("shards=0"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ShardHandoff(2, 0, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShardHandoff(2, 2, 100, 1000));
    }

    @Test
    void shouldTakeTurnsBetweenProducers()
    {
        final ShardHandoff handoff = new ShardHandoff(3, 8, 16, 0);
        final UnsafeBuffer p = new UnsafeBuffer(new byte[16]);
        for (int i = 0; i < 3; i++)
        {
            handoff.endpoint(1).offer(0, p, 0, 16);
            handoff.endpoint(2).offer(0, p, 0, 16);
        }
        final ShardHandoff.Endpoint e = handoff.endpoint(0);
        final StringBuilder order = new StringBuilder();
        final int drained = e.drain((producer, buffer, offset, length) -> order.append(producer), 10);
        assertEquals(6, drained);
        assertEquals("121212", order.toString());
    }

    /**
     * Two threads, each both producer and consumer (as two NAT64 workers are), exchange numbered packets; every one
     * must arrive exactly once, intact and in order. A full lane makes the sender retry (a test choice: the daemon
     * drops and counts).
     */
    @Test
    void shouldMoveEveryPacketExactlyOnceAndInOrderBetweenTwoThreads() throws Exception
    {
        final int packets = 100_000;
        final ShardHandoff handoff = new ShardHandoff(2, 64, 256, 12);
        final AtomicReference<String> failure = new AtomicReference<>();
        final CompletableFuture<long[]> a = new CompletableFuture<>();
        final CompletableFuture<long[]> b = new CompletableFuture<>();
        // Two platform threads of their own (the common pool may have a single thread on a 2-CPU machine).
        final Thread ta = new Thread(() -> a.complete(exchange(handoff, 0, packets, failure)), "shard-0");
        final Thread tb = new Thread(() -> b.complete(exchange(handoff, 1, packets, failure)), "shard-1");
        ta.start();
        tb.start();
        final long[] ra = a.get(60, TimeUnit.SECONDS);
        final long[] rb = b.get(60, TimeUnit.SECONDS);
        assertNull(failure.get());
        assertEquals(packets, ra[0], "received by shard 0");
        assertEquals(packets, rb[0], "received by shard 1");
        assertEquals(expectedSum(packets, 1), ra[1], "payload sum at shard 0");
        assertEquals(expectedSum(packets, 0), rb[1], "payload sum at shard 1");
        assertEquals(packets, handoff.endpoint(0).counter(ShardHandoff.SENT));
        assertEquals(packets, handoff.endpoint(1).counter(ShardHandoff.RECEIVED));
        assertEquals(ShardHandoff.NONE, handoff.endpoint(0).poll());
        assertEquals(ShardHandoff.NONE, handoff.endpoint(1).poll());
    }

    private static long expectedSum(final int packets, final int producer)
    {
        long sum = 0;
        for (int i = 0; i < packets; i++)
        {
            sum += payloadValue(producer, i);
        }
        return sum;
    }

    private static long payloadValue(final int producer, final int sequence)
    {
        return (long)sequence * 1_000_003L + producer;
    }

    private static long[] exchange(
        final ShardHandoff handoff, final int shard, final int packets, final AtomicReference<String> failure)
    {
        final ShardHandoff.Endpoint e = handoff.endpoint(shard);
        final int peer = 1 - shard;
        final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
        int sent = 0;
        long received = 0;
        long sum = 0;
        int expected = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        while ((sent < packets || received < packets) && System.nanoTime() < deadline && null == failure.get())
        {
            if (sent < packets)
            {
                final int length = 16 + (sent % 200);
                out.putInt(0, sent, ByteOrder.BIG_ENDIAN);
                out.putLong(4, payloadValue(shard, sent), ByteOrder.BIG_ENDIAN);
                out.putByte(length - 1, (byte)sent);
                if (e.offer(peer, out, 0, length, out, 4, 8) >= 0)
                {
                    sent++;
                }
            }
            final int handle = e.poll();
            if (handle != ShardHandoff.NONE)
            {
                final int offset = e.packetOffset(handle);
                final int sequence = e.buffer(handle).getInt(offset, ByteOrder.BIG_ENDIAN);
                final long value = e.buffer(handle).getLong(offset + 4, ByteOrder.BIG_ENDIAN);
                final long meta = e.buffer(handle).getLong(e.metadataOffset(handle), ByteOrder.BIG_ENDIAN);
                final int length = e.packetLength(handle);
                if (sequence != expected || value != payloadValue(peer, sequence) || meta != value ||
                    length != 16 + (sequence % 200) || e.buffer(handle).getByte(offset + length - 1) != (byte)sequence)
                {
                    failure.compareAndSet(null, "shard " + shard + " got sequence " + sequence + " expecting " +
                        expected + ", length " + length);
                }
                e.release(handle);
                expected++;
                received++;
                sum += value;
            }
        }
        return new long[]{received, sum};
    }
}
