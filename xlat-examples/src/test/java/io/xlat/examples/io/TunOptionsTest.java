package io.xlat.examples.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TunOptionsTest
{
    private static String failure(final TunOptions options)
    {
        return assertThrows(IllegalArgumentException.class, options::conclude).getMessage();
    }

    @Test
    void shouldNameTheBadValueOfAnInvalidConfiguration()
    {
        assertTrue(failure(new TunOptions().name("a-name-longer-than-15")).startsWith("name=a-name-longer-than-15"));
        assertTrue(failure(new TunOptions().name("bad/name")).startsWith("name=bad/name"));
        assertTrue(failure(new TunOptions().name("..")).startsWith("name=.."));
        assertTrue(failure(new TunOptions().name("x").queues(0)).startsWith("queues=0"));
        assertTrue(failure(new TunOptions().name("x").queues(257)).startsWith("queues=257"));
        assertTrue(failure(new TunOptions().queues(2)).startsWith("queues=2 needs a name"));
        assertTrue(failure(new TunOptions().name("x").vnetHeaderSize(11)).startsWith("vnetHeaderSize=11"));
        assertTrue(failure(new TunOptions().name("x").offloads(0x100)).startsWith("offloads=0x100"));
        assertTrue(failure(new TunOptions().name("x").offloads(TunOptions.OFFLOAD_TSO4)).contains("OFFLOAD_CSUM"));
    }

    @Test
    void shouldDeriveTheKernelFlagsFromTheOptions()
    {
        final TunOptions plain = new TunOptions().name("plat0").conclude();
        assertEquals(0, plain.vnetHeaderSize());
        assertEquals(false, plain.isMultiQueue());
        final TunOptions offloads = new TunOptions().name("plat0").queues(2).offloads(TunOptions.OFFLOAD_TCP)
            .vnetHeaderSize(TunOptions.VNET_HEADER_SIZE_MERGEABLE).conclude();
        assertTrue(offloads.isMultiQueue());
        assertTrue(offloads.hasVnetHeader());
        assertEquals(12, offloads.vnetHeaderSize());
        assertEquals(0x0F, offloads.offloads());
    }
}
