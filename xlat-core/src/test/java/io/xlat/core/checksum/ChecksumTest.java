package io.xlat.core.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChecksumTest
{
    private static final long WKP_HIGH = 0x0064_ff9b_0000_0000L;

    /** IPv4/UDP DNS query 192.0.2.1:53124 -> 198.51.100.53:53 (A example.com); tshark: both checksums Good. */
    private static final String DNS_QUERY_V4 = "450000394f2a40004011ff1fc0000201c6336435cf840035002559e71a2b0100" +
        "0001000000000000076578616d706c6503636f6d0000010001";
    /** ICMPv6 echo request 2001:db8::1 -> 64:ff9b::c633:640a; tshark: checksum Good. */
    private static final String ECHO_V6 = "60000000000c3a4020010db80000000000000000000000010064ff9b000000000000" +
        "0000c633640a800005c84321000770696e67";

    private static UnsafeBuffer exact(final String hex)
    {
        return new UnsafeBuffer(ModuloChecksum.bytes(hex));
    }

    @Test
    void shouldSumTheRfc1071NumericalExample()
    {
        // RFC 1071 3: 0001 + f203 + f4f5 + f6f7 = 2ddf0, folded ddf2.
        final UnsafeBuffer buffer = exact("0001f203f4f5f6f7");
        assertEquals(0xddf2, Checksum.sum(buffer, 0, 8, 0));
        assertEquals(0x220d, Checksum.finish(Checksum.sum(buffer, 0, 8, 0)));
    }

    @Test
    void shouldComputeTheChecksumOfAWellKnownIpv4Header()
    {
        // The classic example header (192.168.0.1 -> 192.168.0.199, UDP) whose checksum field is 0xb861.
        final UnsafeBuffer zeroed = exact("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, Checksum.finish(Checksum.sum(zeroed, 0, 20, 0)));
        final UnsafeBuffer filled = exact("45000073000040004011b861c0a80001c0a800c7");
        assertEquals(Checksum.NEGATIVE_ZERO, Checksum.sum(filled, 0, 20, 0));
    }

    @Test
    void shouldPadAnOddTrailingByteWithZero()
    {
        assertEquals(0x1234 + 0x5600, Checksum.sum(exact("123456"), 0, 3, 0));
        assertEquals(0xab00, Checksum.sum(exact("ab"), 0, 1, 0));
    }

    @Test
    void shouldSumFromAnOddOffsetWithWordsCountedFromThatOffset()
    {
        final UnsafeBuffer buffer = exact("ff0102030405060708090a");
        assertEquals(ModuloChecksum.sum(ModuloChecksum.bytes("0102030405060708090a"), 0, 10, 0),
            Checksum.sum(buffer, 1, 10, 0));
    }

    @Test
    void shouldReturnPlusZeroOnlyForAllZeroData()
    {
        assertEquals(0, Checksum.sum(exact("00000000000000000000"), 0, 10, 0));
        assertEquals(0, Checksum.sum(exact(""), 0, 0, 0));
        assertEquals(0xFFFF, Checksum.sum(exact("fffe0001"), 0, 4, 0));
    }

    @Test
    void shouldFollowRfc1624Section4Example()
    {
        // RFC 1624 4: the other header words sum to 0xCD7A, a field m = 0x5555 gives HC = ~(0xCD7A + 0x5555)
        // = 0xDD2F. Changing m to m' = 0x3285 must give HC' = 0x0000, as a recomputation does (eqn. 3), not
        // 0xFFFF as RFC 1141's eqn. 2 gives.
        final UnsafeBuffer header = exact("cd7a5555dd2f");
        assertEquals(0xDD2F, Checksum.finish(Checksum.sum(header, 0, 4, 0)));
        assertEquals(0xFFFF, Checksum.sum(header, 0, 6, 0));

        final int updated = Checksum.update(0xDD2F, 0x5555, 0x3285);
        assertEquals(0x0000, updated);
        header.putShort(2, (short)0x3285, ByteOrder.BIG_ENDIAN);
        assertEquals(Checksum.finish(Checksum.sum(header, 0, 4, 0)), updated);

        final int rfc1141 = Checksum.add(Checksum.add(0xDD2F, 0x5555), ~0x3285 & 0xFFFF);
        assertEquals(0xFFFF, rfc1141, "eqn. 2 of RFC 1141 gives -0 here; ours must not");
    }

    @Test
    void shouldKeepACorruptChecksumCorruptByTheSameAmount()
    {
        final UnsafeBuffer header = exact("45000073000040004011b861c0a80001c0a800c7");
        final int corruptField = Checksum.add(0xb861, 0x0100);
        final int oldWord = header.getShort(8, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int newWord = oldWord - 0x0100;
        header.putShort(8, (short)newWord, ByteOrder.BIG_ENDIAN);
        final int updated = Checksum.update(corruptField, oldWord, newWord);
        header.putShort(10, (short)updated, ByteOrder.BIG_ENDIAN);

        final int correct = Checksum.finish(Checksum.subtract(Checksum.sum(header, 0, 20, 0), updated));
        assertEquals(Checksum.add(correct, 0x0100), updated);
        assertTrue(Checksum.sum(header, 0, 20, 0) != 0xFFFF, "still detectably corrupt");
    }

    @Test
    void shouldVerifyARealUdpChecksumWithTheIpv4PseudoHeader()
    {
        final UnsafeBuffer packet = exact(DNS_QUERY_V4);
        final int udpLength = packet.capacity() - 20;
        final int pseudo = Checksum.ipv4PseudoHeaderSum(packet.getInt(12, ByteOrder.BIG_ENDIAN),
            packet.getInt(16, ByteOrder.BIG_ENDIAN), 17, udpLength);
        assertEquals(0xFFFF, Checksum.sum(packet, 20, udpLength, pseudo));
    }

    @Test
    void shouldVerifyARealIcmpv6ChecksumWithTheIpv6PseudoHeader()
    {
        final UnsafeBuffer packet = exact(ECHO_V6);
        final int pseudo = Checksum.ipv6PseudoHeaderSum(packet, 8, 24, 58, 12);
        assertEquals(0xFFFF, Checksum.sum(packet, 40, 12, pseudo));
        final int fromLongs = Checksum.ipv6PseudoHeaderSum(packet.getLong(8, ByteOrder.BIG_ENDIAN),
            packet.getLong(16, ByteOrder.BIG_ENDIAN), packet.getLong(24, ByteOrder.BIG_ENDIAN),
            packet.getLong(32, ByteOrder.BIG_ENDIAN), 58, 12);
        assertEquals(pseudo, fromLongs);
    }

    @Test
    void shouldSumAddressesWordByWord()
    {
        assertEquals(Checksum.add(0xc000, 0x0201), Checksum.addressSum4(0xc0000201));
        final UnsafeBuffer address = exact("20010db8000000000000000000000001");
        assertEquals(ModuloChecksum.sum(ModuloChecksum.bytes("20010db8000000000000000000000001"), 0, 16, 0),
            Checksum.addressSum6(address, 0));
    }

    @Test
    void shouldFindTheWellKnownPrefixChecksumNeutral()
    {
        // RFC 6052 4.1: 0x0064 + 0xff9b = 0xffff.
        assertTrue(Checksum.isChecksumNeutral(WKP_HIGH, 0L, 96));
        assertEquals(0xFFFF, Checksum.prefixSum(WKP_HIGH, 0L, 96));
    }

    @Test
    void shouldFindTheDocumentationPrefixNotChecksumNeutral()
    {
        assertFalse(Checksum.isChecksumNeutral(0x2001_0db8_0000_0000L, 0L, 96));
    }

    @Test
    void shouldRejectNeutralityForPrefixLengthsThatSplitTheIpv4Address()
    {
        // /64: the IPv4 bytes land at odd offsets 9..12, so the address sum is byte-swapped: not neutral.
        assertFalse(Checksum.isChecksumNeutral(WKP_HIGH, 0L, 64));
        assertTrue(Checksum.isChecksumNeutral(WKP_HIGH, 0L, 32));
    }

    @Test
    void shouldMaskBitsBeyondThePrefixLength()
    {
        assertEquals(Checksum.prefixSum(WKP_HIGH, 0L, 96), Checksum.prefixSum(WKP_HIGH, 0x1234_5678L, 96));
        assertEquals(0x0064, Checksum.prefixSum(WKP_HIGH, 0L, 16));
        assertEquals(0, Checksum.prefixSum(-1L, -1L, 0));
        assertEquals(0xFFFF, Checksum.prefixSum(-1L, -1L, 128));
    }

    @Test
    void shouldRejectAWordIndexOutsideTheInterfaceIdentifier()
    {
        assertThrows(IllegalArgumentException.class, () -> Checksum.makeNeutral(0L, 0L, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Checksum.makeNeutral(0L, 0L, 1, 8));
    }

    @Test
    void shouldMakeAClatAddressNeutralAgainstItsIpv4Address()
    {
        final long high = 0x2001_0db8_0002_0000L;
        final long low = 0x0000_0000_0000_0001L;
        final int ipv4 = 0xc0000004;
        final long neutral = Checksum.makeNeutral(high, low, ipv4, 7);
        assertTrue(ModuloChecksum.congruent(Checksum.addressSum4(ipv4), Checksum.addressSum6(high, neutral)));
        assertEquals(low & ~0xFFFFL, neutral & ~0xFFFFL);
    }

    @Test
    void shouldSendAComputedZeroUdpChecksumAsAllOnes()
    {
        assertEquals(0xFFFF, Checksum.udpField(0));
        assertEquals(0x1234, Checksum.udpField(0x1234));
    }

    @Test
    void shouldHandleBothZerosInAddAndSubtract()
    {
        assertEquals(0, Checksum.add(0, 0));
        assertEquals(0xFFFF, Checksum.add(0xFFFF, 0));
        assertEquals(0xFFFF, Checksum.subtract(0x1234, 0x1234));
        assertEquals(0x0002, Checksum.add(0xFFFF, 0x0002), "-0 + 2 = 2");
        assertEquals(0xFFFF, Checksum.finish(0));
        assertEquals(0, Checksum.finish(0xFFFF));
    }
}
