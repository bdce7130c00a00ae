package io.xlat.core.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

class ChecksumPropertyTest
{
    private static final long WKP_HIGH = 0x0064_ff9b_0000_0000L;

    @Property(tries = 500)
    void sumShouldMatchTheOracleForAnyOffsetLengthAndInitial(
        @ForAll @Size(max = 300) final byte[] data,
        @ForAll @IntRange(max = 15) final int offset,
        @ForAll @IntRange(max = 0xFFFF) final int initial)
    {
        final byte[] exact = new byte[offset + data.length];
        System.arraycopy(data, 0, exact, offset, data.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(exact);
        final int expected = ModuloChecksum.sum(exact, offset, exact.length, initial);
        assertEquals(expected, Checksum.sum(buffer, offset, data.length, initial));
    }

    @Property(tries = 500)
    void incrementalUpdateShouldEqualFullRecomputation(
        @ForAll @Size(min = 2, max = 100) final byte[] words,
        @ForAll @IntRange(max = 99) final int changedWord,
        @ForAll @IntRange(max = 0xFFFF) final int newValue)
    {
        // Layout: [checksum field][data words...]; the field covers the data.
        final int dataLength = words.length & ~1;
        final byte[] exact = new byte[2 + dataLength];
        System.arraycopy(words, 0, exact, 2, dataLength);
        final UnsafeBuffer buffer = new UnsafeBuffer(exact);
        final int field = Checksum.finish(Checksum.sum(buffer, 2, dataLength, 0));
        buffer.putShort(0, (short)field, ByteOrder.BIG_ENDIAN);

        final int index = 2 + 2 * (changedWord % (dataLength / 2));
        final int oldValue = buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buffer.putShort(index, (short)newValue, ByteOrder.BIG_ENDIAN);
        final int incremental = Checksum.update(field, oldValue, newValue);
        final int dataSum = ModuloChecksum.sum(exact, 2, exact.length, 0);
        final int full = Checksum.finish(dataSum);
        if (dataSum == 0)
        {
            // All covered data zero, which no real header is: full gives 0xFFFF, eqn. 3 gives 0x0000; both zero.
            assertTrue(ModuloChecksum.congruent(full, incremental));
        }
        else
        {
            assertEquals(full, incremental);
        }
    }

    @Property(tries = 300)
    void swappingAnIpv4PseudoHeaderForAnIpv6OneShouldEqualFullRecomputation(
        @ForAll final int source4,
        @ForAll final int destination4,
        @ForAll @Size(16) final byte[] source6,
        @ForAll @Size(16) final byte[] destination6,
        @ForAll @Size(min = 8, max = 64) final byte[] udp)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(udp);
        payload.putShort(6, (short)0, ByteOrder.BIG_ENDIAN);
        final int dataSum = Checksum.sum(payload, 0, udp.length, 0);
        final int pseudo4 = Checksum.ipv4PseudoHeaderSum(source4, destination4, 17, udp.length);
        final int field4 = Checksum.finish(Checksum.add(pseudo4, dataSum));

        final byte[] addresses = new byte[32];
        System.arraycopy(source6, 0, addresses, 0, 16);
        System.arraycopy(destination6, 0, addresses, 16, 16);
        final UnsafeBuffer addressBuffer = new UnsafeBuffer(addresses);
        final int pseudo6 = Checksum.ipv6PseudoHeaderSum(addressBuffer, 0, 16, 17, udp.length);

        final byte[] pseudoBytes = new byte[40];
        System.arraycopy(addresses, 0, pseudoBytes, 0, 32);
        pseudoBytes[34] = (byte)(udp.length >>> 8);
        pseudoBytes[35] = (byte)udp.length;
        pseudoBytes[39] = 17;
        assertEquals(ModuloChecksum.sum(pseudoBytes, 0, 40, 0), pseudo6);

        final int expected = Checksum.finish(ModuloChecksum.sum(udp, 0, udp.length, pseudo6));
        assertEquals(expected, Checksum.update(field4, pseudo4, pseudo6));
    }

    @Property(tries = 300)
    void ipv4PseudoHeaderShouldMatchTheOracle(
        @ForAll final int source,
        @ForAll final int destination,
        @ForAll @IntRange(max = 255) final int protocol,
        @ForAll @IntRange(max = 0xFFFF) final int length)
    {
        final byte[] pseudo = new byte[12];
        final UnsafeBuffer view = new UnsafeBuffer(pseudo);
        view.putInt(0, source, ByteOrder.BIG_ENDIAN);
        view.putInt(4, destination, ByteOrder.BIG_ENDIAN);
        pseudo[9] = (byte)protocol;
        view.putShort(10, (short)length, ByteOrder.BIG_ENDIAN);
        assertEquals(ModuloChecksum.sum(pseudo, 0, 12, 0),
            Checksum.ipv4PseudoHeaderSum(source, destination, protocol, length));
    }

    @Property(tries = 300)
    void addressesUnderTheWellKnownPrefixShouldSumLikeTheirIpv4Address(@ForAll final int ipv4)
    {
        final long low = ipv4 & 0xFFFFFFFFL;
        assertTrue(ModuloChecksum.congruent(Checksum.addressSum4(ipv4), Checksum.addressSum6(WKP_HIGH, low)));
    }

    @Property(tries = 500)
    void makeNeutralShouldMakeAnyIpv6AddressNeutralAgainstAnyIpv4Address(
        @ForAll final long high,
        @ForAll final long low,
        @ForAll final int ipv4,
        @ForAll @IntRange(min = 4, max = 7) final int wordIndex)
    {
        final long neutral = Checksum.makeNeutral(high, low, ipv4, wordIndex);

        final byte[] six = new byte[16];
        final UnsafeBuffer view = new UnsafeBuffer(six);
        view.putLong(0, high, ByteOrder.BIG_ENDIAN);
        view.putLong(8, neutral, ByteOrder.BIG_ENDIAN);
        final byte[] four = new byte[4];
        new UnsafeBuffer(four).putInt(0, ipv4, ByteOrder.BIG_ENDIAN);
        assertTrue(ModuloChecksum.congruent(ModuloChecksum.sum(six, 0, 16, 0), ModuloChecksum.sum(four, 0, 4, 0)));

        final long untouched = ~(0xFFFFL << ((7 - wordIndex) * 16));
        assertEquals(low & untouched, neutral & untouched);
        assertEquals(Checksum.neutralizingWord(high, low, ipv4, wordIndex),
            (int)(neutral >>> ((7 - wordIndex) * 16)) & 0xFFFF);
    }

    @Property(tries = 300)
    void neutralPrefixesShouldLeaveTheAddressSumUnchanged(@ForAll final long prefixHigh, @ForAll final int ipv4)
    {
        // Any /32 whose two words sum to zero: force it by choosing the second word as the complement of the first.
        final int first = (int)(prefixHigh >>> 48);
        final long high = ((long)first << 48) | ((long)(~first & 0xFFFF) << 32) | (ipv4 & 0xFFFFFFFFL);
        assertTrue(Checksum.isChecksumNeutral(high, 0L, 32));
        assertTrue(ModuloChecksum.congruent(Checksum.addressSum4(ipv4), Checksum.addressSum6(high, 0L)));
    }
}
