package io.xlat.examples.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.TranslatorCounters;
import io.xlat.core.testing.PacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SwappablePacketTranslatorTest
{
    private static final int CONFIGS = 16;
    private static final int PACKETS = 200_000;
    private static final byte[] PACKET =
        PacketBuilder.ipv4("198.51.100.7", "203.0.113.9").udp(4000, 53).payload("query").build();

    /** Config k maps IPv4 under 2001:db8:k::/96 (RFC 6052 2.2: the IPv4 address is the last 32 bits). */
    private static SiitConfig config(final int k)
    {
        return SiitConfig.builder()
            .mapper(SiitAddressMapper.builder().pool6("2001:db8:" + Integer.toHexString(k + 1) + "::/96").build())
            .build();
    }

    /** The destination each config must produce, written as text independently of the translator. */
    private static byte[][] expectedDestinations()
    {
        final byte[][] expected = new byte[CONFIGS][];
        for (int k = 0; k < CONFIGS; k++)
        {
            expected[k] = PacketBuilder.address("2001:db8:" + Integer.toHexString(k + 1) + "::cb00:7109", 16);
        }
        return expected;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldTranslateEveryPacketWithExactlyTheOldOrTheNewConfigWhileTheControlThreadSwaps() throws Exception
    {
        final SiitConfig[] configs = new SiitConfig[CONFIGS];
        for (int k = 0; k < CONFIGS; k++)
        {
            configs[k] = config(k);
        }
        final byte[][] expected = expectedDestinations();
        final SwappablePacketTranslator swappable = new SwappablePacketTranslator(new SiitPacketTranslator(configs[0]));
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicReference<String> problem = new AtomicReference<>();
        final int[] seenPerConfig = new int[CONFIGS];
        final AtomicInteger progress = new AtomicInteger();
        final Thread worker = new Thread(() ->
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
            final TranslationResult result = new TranslationResult();
            final byte[] destination = new byte[16];
            int lastIndex = 0;
            started.countDown();
            for (int i = 0; i < PACKETS && null == problem.get(); i++)
            {
                buffer.putBytes(0, PACKET);
                if (swappable.translate(buffer, 0, PACKET.length, result, 0) != 1)
                {
                    problem.set("packet " + i + " not translated");
                    return;
                }
                result.buffer().getBytes(result.offset(0) + 24, destination);
                int index = -1;
                for (int k = 0; k < CONFIGS; k++)
                {
                    if (Arrays.equals(expected[k], destination))
                    {
                        index = k;
                    }
                }
                if (index < 0)
                {
                    problem.set("packet " + i + " has a destination of no config: " + Arrays.toString(destination));
                    return;
                }
                if (index < lastIndex)
                {
                    problem.set("packet " + i + " went back from config " + lastIndex + " to " + index);
                    return;
                }
                lastIndex = index;
                seenPerConfig[index]++;
                progress.lazySet(i + 1);
            }
        }, "test-worker");
        worker.start();
        started.await();
        final TranslatorCounters counters = swappable.counters();
        long lastCount = 0;
        for (int k = 1; k < CONFIGS; k++)
        {
            // let the worker translate a few hundred packets with each config, so every one is really used
            final int target = (k == 1 ? 0 : progress.get()) + 500;
            while (progress.get() < target && worker.isAlive())
            {
                Thread.onSpinWait();
            }
            assertEquals(SiitPacketTranslator.class,
                swappable.publish(new SiitPacketTranslator(configs[k], counters)).getClass());
            final long count = counters.events(TranslatorCounters.TRANSLATED_4TO6);
            assertTrue(count >= lastCount, "the counter went backwards: " + lastCount + " -> " + count);
            lastCount = count;
        }
        worker.join(50_000);
        if (null != problem.get())
        {
            fail(problem.get());
        }
        assertEquals(PACKETS, Arrays.stream(seenPerConfig).sum());
        assertEquals(PACKETS, counters.events(TranslatorCounters.TRANSLATED_4TO6), "no packet lost from the counters");
        assertEquals(CONFIGS - 1, swappable.swaps());
        for (int k = 0; k < CONFIGS; k++)
        {
            assertTrue(seenPerConfig[k] > 0, "config " + k + " was never used: " + Arrays.toString(seenPerConfig));
        }
    }

    @Test
    void shouldKeepCountingIntoTheSameCountersAfterASwap()
    {
        final SwappablePacketTranslator swappable = new SwappablePacketTranslator(new SiitPacketTranslator(config(0)));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        final TranslationResult result = new TranslationResult();
        for (int i = 0; i < 3; i++)
        {
            buffer.putBytes(0, PACKET);
            assertEquals(1, swappable.translate(buffer, 0, PACKET.length, result, 0));
        }
        swappable.publish(new SiitPacketTranslator(config(1), swappable.counters()));
        for (int i = 0; i < 2; i++)
        {
            buffer.putBytes(0, PACKET);
            assertEquals(1, swappable.translate(buffer, 0, PACKET.length, result, 0));
        }
        final byte[] destination = new byte[16];
        result.buffer().getBytes(result.offset(0) + 24, destination);
        assertArrayEquals(PacketBuilder.address("2001:db8:2::cb00:7109", 16), destination);
        assertEquals(5, swappable.counters().events(TranslatorCounters.TRANSLATED_4TO6));
        assertSame(swappable.counters(), swappable.delegate().counters());
    }

    @Test
    void shouldRefuseADelegateWithCountersOfItsOwn()
    {
        final SwappablePacketTranslator swappable = new SwappablePacketTranslator(new SiitPacketTranslator(config(0)));
        final PacketTranslator first = swappable.delegate();

        assertThrows(IllegalArgumentException.class, () -> swappable.publish(new SiitPacketTranslator(config(1))));
        assertSame(first, swappable.delegate());
    }
}
