package io.xlat.core.siit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranslationResultTest
{
    @Test
    void directResultIsOffHeapCacheLineAlignedAndOfTheCapacityAsked()
    {
        for (int i = 0; i < 8; i++)
        {
            final TranslationResult result = TranslationResult.direct(4096 + 8 * i);
            final UnsafeBuffer buffer = (UnsafeBuffer)result.buffer();
            assertNull(buffer.byteArray(), "off-heap");
            assertEquals(0, buffer.addressOffset() % 64, "aligned to 64 bytes");
            assertEquals(4096 + 8 * i, buffer.capacity());
        }
    }

    @Test
    void packetsCommittedToACallersBufferAreReadBackWhereTheyWereWritten()
    {
        final UnsafeBuffer memory = new UnsafeBuffer(new byte[4096]);
        final TranslationResult result = new TranslationResult(memory);
        result.buffer().putInt(result.limit(), 0x4500_0014);
        result.commit(20, TranslationResult.KIND_TRANSLATED);
        result.buffer().putInt(result.limit(), 0x6000_0000);
        result.commit(40, TranslationResult.KIND_ICMP_ERROR);

        assertEquals(2, result.count());
        assertEquals(20, result.offset(1));
        assertEquals(0x6000_0000, memory.getInt(result.offset(1)));
        assertEquals(TranslationResult.KIND_ICMP_ERROR, result.kind(1));
        assertTrue(result.remaining() <= 4096 - 60);
    }

    @Test
    void rejectsBuffersBelowTheMinimumNamingTheCapacity()
    {
        final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
            () -> new TranslationResult(new UnsafeBuffer(new byte[1024])));
        assertTrue(small.getMessage().contains("capacity=1024"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TranslationResult.direct(100));
    }
}
