package io.xlat.core.checksum;

/**
 * Test oracle for the Internet checksum written differently from {@link Checksum}: one byte at a time, with the
 * one's-complement sum computed as a residue modulo 0xFFFF (2^16 = 1 mod 0xFFFF) rather than by folding carries.
 * The residue 0 is reported as 0xFFFF unless every byte was zero, matching RFC 1071's end-around carry.
 */
final class ModuloChecksum
{
    private ModuloChecksum()
    {
    }

    static int sum(final byte[] bytes, final int from, final int to, final int initial)
    {
        long total = initial;
        boolean anyNonZero = initial != 0;
        for (int i = from; i < to; i++)
        {
            final int weight = ((i - from) % 2 == 0) ? 256 : 1;
            total += (long)(bytes[i] & 0xFF) * weight;
            anyNonZero |= bytes[i] != 0;
        }
        final long residue = total % 0xFFFF;
        if (residue == 0)
        {
            return anyNonZero ? 0xFFFF : 0;
        }
        return (int)residue;
    }

    static boolean congruent(final int a, final int b)
    {
        return (a % 0xFFFF) == (b % 0xFFFF);
    }

    static int ipv4Word(final int address, final int word)
    {
        return word == 0 ? address >>> 16 : address & 0xFFFF;
    }

    static byte[] bytes(final String hex)
    {
        final String clean = hex.replace(" ", "");
        final byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
