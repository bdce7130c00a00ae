package io.xlat.core.siit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tables of RFC 7915 4.2, row by row, typed in from the RFC text (not from the implementation).
 */
class Icmpv4ToIcmpv6TableTest
{
    @ParameterizedTest(name = "ICMPv4 {0}/{1} -> ICMPv6 {2}/{3}")
    @CsvSource({
        // Echo and Echo Reply (Type 8 and Type 0): 128 and 129
        "8, 0, 128, 0",
        "0, 0, 129, 0",
        // Destination Unreachable (Type 3) -> Type 1, code table
        "3, 0, 1, 0",
        "3, 1, 1, 0",
        "3, 2, 4, 1",     // Protocol Unreachable -> Parameter Problem code 1 (pointer to Next Header)
        "3, 3, 1, 4",     // Port Unreachable -> code 4
        "3, 4, 2, 0",     // Fragmentation Needed -> Packet Too Big
        "3, 5, 1, 0",     // Source Route Failed
        "3, 6, 1, 0",
        "3, 7, 1, 0",
        "3, 8, 1, 0",
        "3, 9, 1, 1",     // administratively prohibited
        "3, 10, 1, 1",
        "3, 11, 1, 0",
        "3, 12, 1, 0",
        "3, 13, 1, 1",    // Communication Administratively Prohibited
        "3, 15, 1, 1",    // Precedence cutoff in effect
        // Time Exceeded (Type 11) -> Type 3, code unchanged
        "11, 0, 3, 0",
        "11, 1, 3, 1",
        // Parameter Problem (Type 12) -> Type 4 code 0 for codes 0 and 2
        "12, 0, 4, 0",
        "12, 2, 4, 0",
    })
    void shouldTranslateEveryListedTypeAndCodeRfc7915Section4dot2(
        final int type, final int code, final int type6, final int code6)
    {
        assertEquals((type6 << 8) | code6, Icmpv4ToIcmpv6.translateTypeCode(type, code));
    }

    @ParameterizedTest(name = "ICMPv4 {0}/{1} is silently dropped")
    @CsvSource({
        "3, 14",          // Host Precedence Violation
        "3, 16",          // other codes
        "3, 255",
        "12, 1",          // Missing a required option
        "12, 3",
        "4, 0",           // Source Quench
        "5, 0", "5, 1",   // Redirect
        "6, 0",           // Alternative Host Address
        "9, 0",           // Router Advertisement
        "10, 0",          // Router Solicitation
        "13, 0", "14, 0", // Timestamp, Timestamp Reply
        "15, 0", "16, 0", // Information Request/Reply
        "17, 0", "18, 0", // Address Mask Request/Reply
        "1, 0", "2, 0", "7, 0", "19, 0", "30, 0", "40, 0", "42, 0", "128, 0", "255, 0", // unknown types
    })
    void shouldDropUntranslatableTypesRfc7915Section4dot2(final int type, final int code)
    {
        assertEquals(Icmpv4ToIcmpv6.NOT_TRANSLATED, Icmpv4ToIcmpv6.translateTypeCode(type, code));
    }

    @ParameterizedTest(name = "pointer {0} -> {1}")
    @CsvSource({
        "0, 0",    // Version/IHL -> Version/Traffic Class
        "1, 1",    // Type Of Service -> Traffic Class/Flow Label
        "2, 4",    // Total Length -> Payload Length
        "3, 4",
        "4, -1",   // Identification -> n/a
        "5, -1",
        "6, -1",   // Flags/Fragment Offset -> n/a
        "7, -1",
        "8, 7",    // Time to Live -> Hop Limit
        "9, 6",    // Protocol -> Next Header
        "10, -1",  // Header Checksum -> n/a
        "11, -1",
        "12, 8",   // Source Address
        "13, 8",
        "14, 8",
        "15, 8",
        "16, 24",  // Destination Address
        "17, 24",
        "18, 24",
        "19, 24",
        "20, -1",  // options: not listed
        "59, -1",
        "255, -1",
    })
    void shouldTranslateParameterProblemPointerRfc7915Section4dot2Figure3(final int pointer4, final int pointer6)
    {
        assertEquals(pointer6, Icmpv4ToIcmpv6.translatePointer(pointer4));
    }

    @ParameterizedTest(name = "advertised {0}, inner total length {1}, mtu4 {2}, mtu6 {3} -> {4}")
    @CsvSource({
        "1400, 1500, 1500, 1500, 1420",   // advertised + 20
        "1480, 1500, 1500, 1450, 1450",   // capped by mtu6
        "1480, 1500, 1400, 1500, 1420",   // capped by mtu4 + 20
        "1000, 1500, 1500, 1500, 1280",   // never below the IPv6 minimum
        "576, 1500, 1500, 1500, 1280",
        "0, 1500, 1500, 1500, 1500",      // RFC 1191 plateau 1492 below 1500, + 20 = 1512, capped by mtu6
        "0, 1500, 9000, 9000, 1512",      // the same, uncapped
        "0, 1492, 1500, 1500, 1280",      // greatest plateau below 1492 is 1006 < 1280
        "0, 4000, 9000, 9000, 2022",      // plateau 2002 below 4000, + 20
        "0, 9000, 9000, 9000, 8186",      // plateau 8166 below 9000, + 20
        "0, 9000, 1500, 1500, 1500",      // plateau 8166 capped by mtu6
        "0, 0, 1500, 1500, 1280",         // no inner header: nothing to go by
        "65515, 65535, 65535, 65535, 65535",
    })
    void shouldComputePacketTooBigMtuRfc7915Section4dot2(
        final int advertised, final int totalLength, final int mtu4, final int mtu6, final int expected)
    {
        assertEquals(expected, Icmpv4ToIcmpv6.packetTooBigMtu(advertised, totalLength, mtu4, mtu6));
    }
}
