package io.xlat.examples.clat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import io.xlat.core.addr.Ipv6Prefix;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RouterAdvertisementListenerTest
{
    /** RFC 4861 4.2 header: type 134, code 0, checksum, hop limit 64, flags 0, router lifetime 1800, timers 0. */
    private static final int[] RA_HEADER =
        {134, 0, 0, 0, 64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Source link-layer address option (RFC 4861 4.6.1): type 1, length 1 (8 bytes). */
    private static final int[] SLLA = {1, 1, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01};
    /**
     * PREF64 (RFC 8781 4) for 2001:db8:64::/96 with lifetime 600 s: scaled lifetime 75 (600 / 8) in the top 13 bits
     * and PLC 0 (/96) in the low 3: 75 << 3 = 0x0258.
     */
    private static final int[] PREF64_96 =
        {38, 2, 0x02, 0x58, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0};
    /** PREF64 for 2001:db8:aa00::/40 (PLC 4) with lifetime 0 (withdrawal): 0 << 3 | 4 = 0x0004. */
    private static final int[] PREF64_40_WITHDRAWN =
        {38, 2, 0x00, 0x04, 0x20, 0x01, 0x0d, 0xb8, 0xaa, 0, 0, 0, 0, 0, 0, 0};
    /** PREF64 with the undefined PLC 6: ignored (RFC 8781 4). */
    private static final int[] PREF64_BAD_PLC =
        {38, 2, 0x02, 0x5e, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0};

    private static UnsafeBuffer message(final int[]... parts)
    {
        int length = 0;
        for (final int[] part : parts)
        {
            length += part.length;
        }
        final byte[] bytes = new byte[length];
        int at = 0;
        for (final int[] part : parts)
        {
            for (final int b : part)
            {
                bytes[at++] = (byte)b;
            }
        }
        return new UnsafeBuffer(bytes);
    }

    @Test
    void shouldFindEveryPref64OptionOfAnRaInOrderWithItsLifetime()
    {
        final UnsafeBuffer ra = message(RA_HEADER, SLLA, PREF64_96, PREF64_BAD_PLC, PREF64_40_WITHDRAWN);

        final List<PlatPrefixSelector.Pref64> options = RouterAdvertisementListener.parse(ra, 0, ra.capacity());

        assertEquals(List.of(
            new PlatPrefixSelector.Pref64(Ipv6Prefix.parse("2001:db8:64::/96"), 600),
            new PlatPrefixSelector.Pref64(Ipv6Prefix.parse("2001:db8:aa00::/40"), 0)), options);
    }

    @Test
    void shouldReturnNoOptionsForAnRaWithoutPref64()
    {
        final UnsafeBuffer ra = message(RA_HEADER, SLLA);

        assertEquals(List.of(), RouterAdvertisementListener.parse(ra, 0, ra.capacity()));
    }

    @Test
    void shouldDiscardAnRaWithAZeroLengthOption()
    {
        // RFC 4861 4.6: an option of length 0 makes the receiver discard the packet
        final UnsafeBuffer ra = message(RA_HEADER, PREF64_96, new int[] {1, 0, 0, 0, 0, 0, 0, 0});

        assertNull(RouterAdvertisementListener.parse(ra, 0, ra.capacity()));
    }

    @Test
    void shouldDiscardAnRaWhoseLastOptionOverrunsTheMessage()
    {
        final UnsafeBuffer ra = message(RA_HEADER, PREF64_96);

        assertNull(RouterAdvertisementListener.parse(ra, 0, ra.capacity() - 1));
    }

    @Test
    void shouldRefuseAMessageThatIsNotAnRa()
    {
        final int[] solicitation = RA_HEADER.clone();
        solicitation[0] = 133;

        assertNull(RouterAdvertisementListener.parse(message(solicitation, PREF64_96), 0, 32));
    }

    @Test
    void shouldBoundTheRfc7050RefreshBetweenTheMinimumAndADay()
    {
        assertEquals(60_000, ClatPrefixController.refreshDelayMillis(5, 60_000), "short TTLs wait the minimum");
        assertEquals(300_000, ClatPrefixController.refreshDelayMillis(300, 60_000), "else the TTL");
        assertEquals(86_400_000, ClatPrefixController.refreshDelayMillis(Integer.MAX_VALUE, 60_000));
    }
}
