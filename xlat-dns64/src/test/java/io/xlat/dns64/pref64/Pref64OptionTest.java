package io.xlat.dns64.pref64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xlat.core.addr.Ipv6Prefix;
import io.xlat.dns64.testing.WireBuilder;

class Pref64OptionTest
{
    @ParameterizedTest(name = "PLC {0} is /{1}")
    @CsvSource({"0, 96", "1, 64", "2, 56", "3, 48", "4, 40", "5, 32", "6, -1", "7, -1"})
    void prefixLengthCodesAreThoseOfRfc8781(final int plc, final int length)
    {
        assertEquals(length, Pref64Option.prefixLength(plc));
        if (length > 0)
        {
            assertEquals(plc, Pref64Option.plc(length));
        }
    }

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({"0, 0", "1, 1", "8, 1", "9, 2", "600, 75", "601, 76", "65528, 8191", "65529, 8191", "1000000, 8191"})
    void lifetimesAreRoundedUpToUnitsOfEightSecondsAndCapped(final long seconds, final int scaled)
    {
        assertEquals(scaled, Pref64Option.scaleLifetime(seconds));
    }

    @Test
    void shouldEncodeTheWellKnownPrefixByteByByte()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        final Ipv6Prefix p = Ipv6Prefix.WELL_KNOWN;
        assertEquals(16, Pref64Option.write(out, 0, p.high(), p.low(), 96, 600));
        // 600 s = 75 units: 75 << 3 | PLC 0 = 0x0258.
        assertArrayEquals(new byte[] {38, 2, 0x02, 0x58, 0, 0x64, (byte)0xff, (byte)0x9b, 0, 0, 0, 0, 0, 0, 0, 0},
            out.byteArray());
        assertEquals(16, Pref64Option.validate(out, 0, 16));
        assertEquals(600, Pref64Option.lifetimeSeconds(out, 0));
        assertEquals(p.high(), Pref64Option.prefixHigh(out, 0));
        assertEquals(p.low(), Pref64Option.prefixLow(out, 0));
    }

    @Test
    void shouldEncodeAShortPrefixAndIgnoreBitsBeyondIt()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        final Ipv6Prefix p = Ipv6Prefix.parse("2001:db8::/32");
        Pref64Option.write(out, 0, p.high(), p.low(), 32, 1800);
        // 1800 s = 225 units: 225 << 3 | PLC 5 = 0x070D.
        assertEquals(0x07, out.getByte(2));
        assertEquals(0x0D, out.getByte(3));
        out.putByte(9, (byte)0x55);
        assertEquals(p.high(), Pref64Option.prefixHigh(out, 0), "bits beyond /32 are ignored by the receiver");
        assertThrows(IllegalArgumentException.class, () -> Pref64Option.write(out, 0, 0, 0, 44, 60));
    }

    @Test
    void shouldFindPref64OptionsInARouterAdvertisementAndSkipBadOnes()
    {
        final WireBuilder ra = new WireBuilder();
        ra.raw(134, 0).u16(0).raw(64, 0).u16(1800).u32(0).u32(0);
        ra.raw(1, 1, 0x02, 0, 0, 0, 0, 1); // source link-layer address option
        ra.raw(38, 2).u16((100 << 3) | 6).raw(new int[12]); // PLC 6: ignored
        ra.raw(38, 2).u16((100 << 3) | 1).raw(0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 0, 0, 0, 0, 0);
        final UnsafeBuffer m = ra.buffer();
        final int first = Pref64Option.nextInRouterAdvertisement(m, 0, m.capacity(), Pref64Option.RA_HEADER_LENGTH);
        assertEquals(40, first);
        assertEquals(64, Pref64Option.prefixLength(Pref64Option.plcField(m, first)));
        assertEquals(Ipv6Prefix.parse("2001:db8:64::/64").high(), Pref64Option.prefixHigh(m, first));
        assertEquals(800, Pref64Option.lifetimeSeconds(m, first));
        assertEquals(-1, Pref64Option.nextInRouterAdvertisement(m, 0, m.capacity(), first + 16));
        final UnsafeBuffer zeroLength = new WireBuilder().raw(134, 0).u16(0).raw(64, 0).u16(1800).u32(0).u32(0)
            .raw(38, 0, 0, 0).buffer();
        assertEquals(-7, Pref64Option.nextInRouterAdvertisement(zeroLength, 0, zeroLength.capacity(), 16));
        final UnsafeBuffer notRa = new WireBuilder().raw(133, 0).u16(0).u32(0).u32(0).u32(0).buffer();
        assertEquals(-9, Pref64Option.nextInRouterAdvertisement(notRa, 0, notRa.capacity(), 16));
    }
}
