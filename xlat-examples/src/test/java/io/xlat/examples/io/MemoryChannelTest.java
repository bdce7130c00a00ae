package io.xlat.examples.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MemoryChannelTest
{
    private static byte[] packet(final int length, final int seed)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(seed * 31 + i);
        }
        return b;
    }

    @Test
    void shouldDeliverPacketsInOrderFromOneEndToTheOtherInBothDirections()
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(1 << 16);
        final UnsafeBuffer in = new UnsafeBuffer(new byte[2048]);
        for (int i = 1; i <= 5; i++)
        {
            final byte[] p = packet(20 * i, i);
            assertEquals(p.length, pipe.left().write(new UnsafeBuffer(p), 0, p.length));
        }
        final byte[] back = packet(60, 99);
        assertEquals(60, pipe.right().write(new UnsafeBuffer(back), 0, 60));
        for (int i = 1; i <= 5; i++)
        {
            final int n = pipe.right().read(in, 7, in.capacity() - 7);
            assertEquals(20 * i, n);
            final byte[] got = new byte[n];
            in.getBytes(7, got);
            assertArrayEquals(packet(20 * i, i), got);
        }
        assertEquals(0, pipe.right().read(in, 0, in.capacity()));
        assertEquals(60, pipe.left().read(in, 0, in.capacity()));
        final byte[] got = new byte[60];
        in.getBytes(0, got);
        assertArrayEquals(back, got);
    }

    @Test
    void shouldWriteOnlyTheBytesOfThePacketIntoTheReadBuffer()
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(1024);
        final byte[] p = packet(40, 3);
        pipe.left().write(new UnsafeBuffer(p), 0, p.length);
        final byte[] window = new byte[48];
        Arrays.fill(window, (byte)0x5A);
        assertEquals(40, pipe.right().read(new UnsafeBuffer(window), 4, 40));
        for (int i = 0; i < 4; i++)
        {
            assertEquals(0x5A, window[i], "canary before the packet at " + i);
            assertEquals(0x5A, window[44 + i], "canary after the packet at " + (44 + i));
        }
    }

    @Test
    void shouldDropPacketsWhenTheRingIsFullAndDeliverTheOnesAccepted()
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(1024);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 20; i++)
        {
            final byte[] p = packet(100, i);
            final int rc = pipe.left().write(new UnsafeBuffer(p), 0, p.length);
            if (rc == 100)
            {
                assertEquals(0, refused, "no packet is accepted after the first refusal");
                accepted++;
            }
            else
            {
                assertEquals(0, rc);
                refused++;
            }
        }
        // Each record takes 8 header bytes + 100, aligned to 8: 112; 1024 / 112 = 9 fit.
        assertEquals(9, accepted);
        final UnsafeBuffer in = new UnsafeBuffer(new byte[200]);
        for (int i = 0; i < accepted; i++)
        {
            assertEquals(100, pipe.right().read(in, 0, 200));
            assertEquals((byte)(i * 31), in.getByte(0));
        }
        assertEquals(0, pipe.right().read(in, 0, 200));
    }

    @Test
    void shouldRefuseAPacketLongerThanAnEighthOfTheRing()
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(1024);
        assertEquals(128, pipe.left().maxPacketLength());
        final UnsafeBuffer big = new UnsafeBuffer(new byte[129]);
        assertEquals(PacketChannel.TOO_LONG, pipe.left().write(big, 0, 129));
        assertEquals(128, pipe.left().write(big, 0, 128));
    }

    @Test
    void shouldDropAndReportAPacketThatDoesNotFitTheReadCapacity()
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(4096);
        pipe.left().write(new UnsafeBuffer(packet(100, 1)), 0, 100);
        pipe.left().write(new UnsafeBuffer(packet(50, 2)), 0, 50);
        final UnsafeBuffer in = new UnsafeBuffer(new byte[100]);
        assertEquals(PacketChannel.TOO_LONG, pipe.right().read(in, 0, 99));
        assertEquals(50, pipe.right().read(in, 0, 99));
        assertEquals((byte)(2 * 31), in.getByte(0));
    }

    @Test
    void shouldLetTheReaderDrainQueuedPacketsAfterThePeerClosesThenReportClosed()
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(4096);
        pipe.left().write(new UnsafeBuffer(packet(10, 1)), 0, 10);
        pipe.left().close();
        final UnsafeBuffer in = new UnsafeBuffer(new byte[64]);
        assertEquals(PacketChannel.CLOSED, pipe.left().write(new UnsafeBuffer(packet(10, 1)), 0, 10));
        assertEquals(PacketChannel.CLOSED, pipe.right().write(new UnsafeBuffer(packet(10, 1)), 0, 10));
        assertEquals(1, pipe.right().awaitReadable(0));
        assertEquals(10, pipe.right().read(in, 0, 64));
        assertEquals(PacketChannel.CLOSED, pipe.right().read(in, 0, 64));
        assertEquals(PacketChannel.CLOSED, pipe.right().awaitReadable(10));
    }

    @Test
    void shouldTimeOutWaitingWhenNothingArrives()
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(4096);
        final long start = System.nanoTime();
        assertEquals(0, pipe.right().awaitReadable(30));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void shouldRejectARingSizeThatIsNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> MemoryChannel.pair(3000));
        assertThrows(IllegalArgumentException.class, () -> MemoryChannel.pair(512));
    }

    @Test
    @Timeout(30)
    void shouldCarryAMillionPacketsAcrossThreadsInOrderWithoutLoss() throws InterruptedException
    {
        final MemoryChannel.Pair pipe = MemoryChannel.pair(1 << 16);
        final int count = 1_000_000;
        final AtomicLong failures = new AtomicLong();
        final Thread producer = Thread.ofPlatform().start(() ->
        {
            final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
            for (int i = 0; i < count; i++)
            {
                out.putInt(0, i, ByteOrder.BIG_ENDIAN);
                final int length = 8 + (i & 31);
                while (pipe.left().write(out, 0, length) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        });
        final UnsafeBuffer in = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        int expected = 0;
        while (expected < count)
        {
            if (pipe.right().awaitReadable(1000) <= 0)
            {
                continue;
            }
            final int n = pipe.right().read(in, 0, 64);
            if (n > 0)
            {
                if (n != 8 + (expected & 31) || in.getInt(0, ByteOrder.BIG_ENDIAN) != expected)
                {
                    failures.incrementAndGet();
                }
                expected++;
            }
        }
        producer.join();
        assertEquals(0, failures.get());
        assertEquals(0, pipe.right().read(in, 0, 64));
    }
}
