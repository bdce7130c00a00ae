package io.xlat.dns64.server;

import java.security.SecureRandom;

/**
 * Unpredictable 16-bit values for upstream query IDs and socket choice (RFC 5452 4.3, 9.2): bytes from a
 * {@link SecureRandom} drawn in blocks into a preallocated array, so taking one value allocates nothing; the refill
 * every {@value #BLOCK}/2 values is the only call into the generator.
 */
final class RandomIds
{
    static final int BLOCK = 8192;

    private final SecureRandom random = new SecureRandom();
    private final byte[] bytes = new byte[BLOCK];
    private int position = BLOCK;

    int next16()
    {
        if (position + 2 > BLOCK)
        {
            random.nextBytes(bytes);
            position = 0;
        }
        final int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    int nextInt(final int bound)
    {
        return bound <= 1 ? 0 : (int)((next16() * (long)bound) >>> 16);
    }
}
