package io.xlat.core.checksum;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * One's-complement arithmetic of the Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 * <p>
 * Vocabulary used by every method here:
 * <ul>
 *     <li>a <em>sum</em> is a folded 16-bit one's-complement sum, {@code 0..0xFFFF}, of big-endian 16-bit words;</li>
 *     <li>a <em>field</em> is the value stored in a checksum field: {@link #finish(int)} of a sum, {@code ~sum}.</li>
 * </ul>
 * One's complement has two zeros, {@code 0x0000} (+0) and {@code 0xFFFF} (-0). The end-around-carry fold used here
 * returns {@code 0x0000} only when every word added is zero; any sum that involves a non-zero word and is
 * congruent to zero comes out as {@code 0xFFFF}. So {@link #sum} over a packet with a correct checksum field
 * returns {@code 0xFFFF}, and {@link #finish(int)} of a non-zero-data sum is never {@code 0xFFFF}.
 * <p>
 * UDP gives the field value {@code 0} a special meaning ("no checksum", RFC 768; forbidden over IPv6 by RFC 8200
 * 8.1): a UDP sender whose computed field is {@code 0x0000} must transmit {@code 0xFFFF} instead. Methods here
 * return the arithmetic result; the UDP rule is the caller's to apply (see {@link #udpField(int)}).
 * <p>
 * The methods are static, take and return primitives, and never allocate.
 */
public final class Checksum
{
    /** The sum of no words, or of zero words: one's-complement +0. */
    public static final int ZERO = 0;
    /** One's-complement -0: the sum of a correctly checksummed packet. */
    public static final int NEGATIVE_ZERO = 0xFFFF;

    private Checksum()
    {
    }

    /**
     * Adds the big-endian 16-bit words of {@code buffer[offset, offset + length)} to {@code initial} in one's
     * complement (RFC 1071 4.1). An odd trailing byte is padded on the right with a zero byte.
     * <p>
     * Reads 8 bytes at a time into a 64-bit accumulator and folds once at the end (RFC 1071 2(B) deferred carries,
     * 2(C) parallel summation): {@code 2^16 == 1 (mod 0xFFFF)}, so adding 32-bit halves and folding later gives
     * the same residue as adding 16-bit words.
     *
     * @param buffer  the bytes to sum.
     * @param offset  index of the first byte; the word boundaries are counted from here.
     * @param length  number of bytes, {@code >= 0}.
     * @param initial a folded sum to continue from (a pseudo-header sum, or 0).
     * @return the folded sum, {@code 0..0xFFFF}.
     */
    public static int sum(final DirectBuffer buffer, final int offset, final int length, final int initial)
    {
        long acc = initial & 0xFFFFFFFFL;
        int i = offset;
        final int end = offset + length;
        final int longEnd = end - 7;
        while (i < longEnd)
        {
            final long v = buffer.getLong(i, ByteOrder.BIG_ENDIAN);
            acc += (v >>> 32) + (v & 0xFFFFFFFFL);
            i += 8;
        }
        if (end - i >= 4)
        {
            acc += buffer.getInt(i, ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL;
            i += 4;
        }
        if (end - i >= 2)
        {
            acc += buffer.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            i += 2;
        }
        if (i < end)
        {
            acc += (buffer.getByte(i) & 0xFF) << 8;
        }
        return fold(acc);
    }

    /**
     * Folds a non-negative accumulator of 16-bit words to a 16-bit one's-complement sum (end-around carry).
     *
     * @param accumulator a sum of non-negative values, as a long.
     * @return the folded sum, {@code 0..0xFFFF}; {@code 0} only for an accumulator of 0.
     */
    public static int fold(final long accumulator)
    {
        long s = (accumulator & 0xFFFFFFFFL) + (accumulator >>> 32);
        s = (s & 0xFFFFFFFFL) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int)s;
    }

    /**
     * {@link #fold(long)} for an accumulator below 2^31 (a few dozen 16-bit words, or folded sums), in two steps
     * instead of five: the first leaves at most 0x17FFE, the second at most 0xFFFF. Same result as {@code fold}: for
     * a non-zero accumulator, the one value in 1..0xFFFF congruent to it modulo 0xFFFF.
     *
     * @param accumulator a sum in 0..2^31-1.
     * @return the folded sum, {@code 0..0xFFFF}; {@code 0} only for an accumulator of 0.
     */
    public static int fold16(final int accumulator)
    {
        final int s = (accumulator & 0xFFFF) + (accumulator >>> 16);
        return (s & 0xFFFF) + (s >>> 16);
    }

    /**
     * Adds two sums in one's complement.
     *
     * @param a a sum, 16 bits.
     * @param b a sum, 16 bits.
     * @return {@code a +' b}, folded.
     */
    public static int add(final int a, final int b)
    {
        int s = (a & 0xFFFF) + (b & 0xFFFF);
        s = (s & 0xFFFF) + (s >>> 16);
        return s;
    }

    /**
     * Subtracts one sum from another in one's complement: {@code a +' ~b}.
     *
     * @param a a sum, 16 bits.
     * @param b a sum, 16 bits, to remove from {@code a}.
     * @return {@code a -' b}, folded; a result congruent to zero is {@code 0xFFFF} unless both are 0 and 0xFFFF.
     */
    public static int subtract(final int a, final int b)
    {
        return add(a, ~b & 0xFFFF);
    }

    /**
     * Returns the checksum field value for a sum: its one's complement.
     *
     * @param sum a folded sum.
     * @return {@code ~sum & 0xFFFF}.
     */
    public static int finish(final int sum)
    {
        return ~sum & 0xFFFF;
    }

    /**
     * Applies the UDP zero rule to a computed field: a computed {@code 0x0000} is sent as {@code 0xFFFF}, because
     * {@code 0} on the wire means "no checksum" (RFC 768; RFC 8200 8.1 for IPv6).
     *
     * @param field a checksum field value from {@link #finish(int)} or {@link #update(int, int, int)}.
     * @return the value to store in a UDP checksum field.
     */
    public static int udpField(final int field)
    {
        return field == 0 ? 0xFFFF : field;
    }

    /**
     * Returns the sum of the two 16-bit words of an IPv4 address.
     *
     * @param address the IPv4 address as an int.
     * @return the folded sum of its high and low words.
     */
    public static int addressSum4(final int address)
    {
        return add(address >>> 16, address & 0xFFFF);
    }

    /**
     * Returns the sum of the eight 16-bit words of an IPv6 address held in a buffer.
     *
     * @param buffer the buffer holding the address.
     * @param offset index of the first of its 16 bytes.
     * @return the folded sum.
     */
    public static int addressSum6(final DirectBuffer buffer, final int offset)
    {
        final long high = buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
        final long low = buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
        return addressSum6(high, low);
    }

    /**
     * Returns the sum of the eight 16-bit words of an IPv6 address given as two longs.
     *
     * @param high the first 8 bytes, big-endian.
     * @param low  the last 8 bytes, big-endian.
     * @return the folded sum.
     */
    public static int addressSum6(final long high, final long low)
    {
        return fold((high >>> 32) + (high & 0xFFFFFFFFL) + (low >>> 32) + (low & 0xFFFFFFFFL));
    }

    /**
     * Returns the sum of the IPv4 pseudo-header used by TCP and UDP (RFC 793 3.1, RFC 768): source, destination,
     * zero byte + protocol, and the TCP/UDP length.
     *
     * @param source           the IPv4 source address.
     * @param destination      the IPv4 destination address.
     * @param protocol         the protocol number (6, 17...).
     * @param upperLayerLength the length of the TCP/UDP header and data in bytes.
     * @return the folded sum, to pass as {@code initial} to {@link #sum}.
     */
    public static int ipv4PseudoHeaderSum(
        final int source, final int destination, final int protocol, final int upperLayerLength)
    {
        return fold((source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) +
            (protocol & 0xFF) + (long)(upperLayerLength & 0xFFFF));
    }

    /**
     * Returns the sum of the IPv6 pseudo-header (RFC 8200 8.1): source, destination, the 32-bit upper-layer packet
     * length, three zero bytes and the next header value of the upper-layer protocol.
     *
     * @param buffer            the buffer holding both addresses.
     * @param sourceOffset      index of the 16-byte source address.
     * @param destinationOffset index of the 16-byte destination address.
     * @param nextHeader        the upper-layer protocol (6, 17, 58...), not the first extension header.
     * @param upperLayerLength  the length of the upper-layer header and data in bytes (extension headers excluded).
     * @return the folded sum, to pass as {@code initial} to {@link #sum}.
     */
    public static int ipv6PseudoHeaderSum(
        final DirectBuffer buffer,
        final int sourceOffset,
        final int destinationOffset,
        final int nextHeader,
        final int upperLayerLength)
    {
        final long s1 = buffer.getLong(sourceOffset, ByteOrder.BIG_ENDIAN);
        final long s2 = buffer.getLong(sourceOffset + 8, ByteOrder.BIG_ENDIAN);
        final long d1 = buffer.getLong(destinationOffset, ByteOrder.BIG_ENDIAN);
        final long d2 = buffer.getLong(destinationOffset + 8, ByteOrder.BIG_ENDIAN);
        return ipv6PseudoHeaderSum(s1, s2, d1, d2, nextHeader, upperLayerLength);
    }

    /**
     * Returns the sum of the IPv6 pseudo-header (RFC 8200 8.1) from addresses given as longs.
     *
     * @param sourceHigh       first 8 bytes of the source.
     * @param sourceLow        last 8 bytes of the source.
     * @param destinationHigh  first 8 bytes of the destination.
     * @param destinationLow   last 8 bytes of the destination.
     * @param nextHeader       the upper-layer protocol.
     * @param upperLayerLength the upper-layer length in bytes (treated as unsigned 32 bits).
     * @return the folded sum.
     */
    public static int ipv6PseudoHeaderSum(
        final long sourceHigh,
        final long sourceLow,
        final long destinationHigh,
        final long destinationLow,
        final int nextHeader,
        final int upperLayerLength)
    {
        final long acc = (sourceHigh >>> 32) + (sourceHigh & 0xFFFFFFFFL) +
            (sourceLow >>> 32) + (sourceLow & 0xFFFFFFFFL) +
            (destinationHigh >>> 32) + (destinationHigh & 0xFFFFFFFFL) +
            (destinationLow >>> 32) + (destinationLow & 0xFFFFFFFFL) +
            (upperLayerLength & 0xFFFFFFFFL) + (nextHeader & 0xFF);
        return fold(acc);
    }

    /**
     * Updates a checksum field after the data it covers changed, by RFC 1624 eqn. 3:
     * {@code HC' = ~(~HC + ~m + m')}.
     * <p>
     * {@code m} and {@code m'} may be single 16-bit fields or the sums of any number of old and new words (for
     * example the old IPv4 pseudo-header sum and the new IPv6 one), as long as both are at the same word
     * alignment in the covered data. Eqn. 3, unlike RFC 1141's eqn. 2, gives the same result as a full
     * recomputation (never {@code 0xFFFF} where the full computation gives {@code 0x0000}; RFC 1624 3). The one
     * exception is data that becomes all zeros (no real header or pseudo-header does): then this returns
     * {@code 0x0000} where a recomputation gives {@code 0xFFFF}, the same value in one's complement.
     * <p>
     * The update is a difference, so a corrupt input checksum stays corrupt by exactly the same amount: the
     * receiver still detects the error. A translator must use this rather than recompute from scratch, which
     * would launder the corruption into a valid-looking packet (RFC 7915 4.5 and 5.4 only allow recomputation
     * where the IPv4 UDP checksum was absent).
     *
     * @param oldChecksumField the field value currently in the packet ({@code HC}).
     * @param oldSum           the sum of the covered words being replaced ({@code m}).
     * @param newSum           the sum of the words replacing them ({@code m'}).
     * @return the new field value ({@code HC'}). For UDP pass it through {@link #udpField(int)}.
     */
    public static int update(final int oldChecksumField, final int oldSum, final int newSum)
    {
        final int s = (~oldChecksumField & 0xFFFF) + (~oldSum & 0xFFFF) + (newSum & 0xFFFF);
        return ~fold16(s) & 0xFFFF;
    }

    /**
     * Updates a checksum field for one 16-bit word changing from {@code oldWord} to {@code newWord} (RFC 1624
     * eqn. 3; e.g. the TTL/protocol word of an IPv4 header).
     *
     * @param oldChecksumField the field value currently in the packet.
     * @param oldWord          the old 16-bit word.
     * @param newWord          the new 16-bit word.
     * @return the new field value.
     */
    public static int updateWord(final int oldChecksumField, final int oldWord, final int newWord)
    {
        return update(oldChecksumField, oldWord & 0xFFFF, newWord & 0xFFFF);
    }

    /**
     * Returns the one's-complement sum of the first {@code prefixLength} bits of an IPv6 prefix (the rest taken
     * as zero).
     *
     * @param prefixHigh   first 8 bytes of the prefix.
     * @param prefixLow    last 8 bytes of the prefix.
     * @param prefixLength the prefix length, 0..128.
     * @return the folded sum of the masked prefix.
     */
    public static int prefixSum(final long prefixHigh, final long prefixLow, final int prefixLength)
    {
        final long maskHigh = prefixLength <= 0 ? 0L : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
        final long maskLow = prefixLength <= 64 ? 0L : prefixLength >= 128 ? -1L : -1L << (128 - prefixLength);
        return addressSum6(prefixHigh & maskHigh, prefixLow & maskLow);
    }

    /**
     * Tells whether an RFC 6052 translation prefix is checksum-neutral: translating an IPv4 address to prefix +
     * address leaves the one's-complement sum of the address, and so the TCP/UDP pseudo-header sum, unchanged, so
     * the L4 checksum needs no update (RFC 6052 4.1, RFC 7915 4.5).
     * <p>
     * That holds when the words of the prefix sum to zero ({@code 0x0000} or {@code 0xFFFF}) <em>and</em> the
     * embedded IPv4 address fills whole 16-bit words at even byte offsets, which among the RFC 6052 lengths is
     * only {@code /32} (bits 32..63) and {@code /96} (bits 96..127). For /40, /48, /56 and /64 the u-octet at
     * bits 64..71 splits the address across words at odd offsets, so its bytes land in the other half of a word
     * and the sum changes with the address; this method returns {@code false} for those lengths. The Well-Known
     * Prefix 64:ff9b::/96 is neutral: {@code 0x0064 + 0xFF9B = 0xFFFF}.
     *
     * @param prefixHigh   first 8 bytes of the prefix.
     * @param prefixLow    last 8 bytes of the prefix.
     * @param prefixLength the prefix length.
     * @return {@code true} if addresses under the prefix need no L4 checksum adjustment.
     */
    public static boolean isChecksumNeutral(final long prefixHigh, final long prefixLow, final int prefixLength)
    {
        if (prefixLength != 32 && prefixLength != 96)
        {
            return false;
        }
        final int sum = prefixSum(prefixHigh, prefixLow, prefixLength);
        return sum == 0 || sum == 0xFFFF;
    }

    /**
     * Returns the IPv6 address {@code (high, low)} with one word of its interface identifier replaced so that the
     * address is checksum-neutral against {@code ipv4}: {@code addressSum6 == addressSum4} in one's complement
     * (congruent modulo 0xFFFF). This is what Android's clatd does when it chooses its CLAT IPv6 address: packets
     * translated between that IPv6 address and the IPv4 address then keep their TCP/UDP checksums.
     * <p>
     * {@code wordIndex} counts 16-bit words from 0 (bits 0..15) to 7 (bits 112..127); only 4..7, the interface
     * identifier in the low long, are accepted. The usual choice is 7, bits 112..127; word 4 holds the RFC 6052
     * u-octet and the RFC 7136 bits, so avoid it for addresses that must keep those. The returned word may be
     * {@code 0xFFFF} or {@code 0x0000} where either works; the other words are left untouched.
     *
     * @param high      first 8 bytes of the IPv6 address; not changed.
     * @param low       last 8 bytes of the IPv6 address.
     * @param ipv4      the IPv4 address the IPv6 address must be neutral against.
     * @param wordIndex the word to overwrite, 4..7.
     * @return the new low long.
     * @throws IllegalArgumentException if {@code wordIndex} is outside 4..7 (an API contract error).
     */
    public static long makeNeutral(final long high, final long low, final int ipv4, final int wordIndex)
    {
        final int shift = wordShift(wordIndex);
        final long cleared = low & ~(0xFFFFL << shift);
        return cleared | ((long)neutralizingWord(high, low, ipv4, wordIndex) << shift);
    }

    /**
     * Returns the 16-bit value that word {@code wordIndex} of the IPv6 address must hold for the address to be
     * checksum-neutral against {@code ipv4}; {@link #makeNeutral} stores it. The current value of that word is
     * ignored.
     *
     * @param high      first 8 bytes of the IPv6 address.
     * @param low       last 8 bytes of the IPv6 address.
     * @param ipv4      the IPv4 address.
     * @param wordIndex the word to compute, 4..7 (7 = bits 112..127).
     * @return the word value, 0..0xFFFF.
     * @throws IllegalArgumentException if {@code wordIndex} is outside 4..7.
     */
    public static int neutralizingWord(final long high, final long low, final int ipv4, final int wordIndex)
    {
        final long cleared = low & ~(0xFFFFL << wordShift(wordIndex));
        return subtract(addressSum4(ipv4), addressSum6(high, cleared));
    }

    private static int wordShift(final int wordIndex)
    {
        if (wordIndex < 4 || wordIndex > 7)
        {
            throw new IllegalArgumentException("wordIndex=" + wordIndex + " must be 4..7");
        }
        return (7 - wordIndex) * 16;
    }
}
