package io.xlat.core.nat64;

/**
 * 64-bit mixing used for table indexes and RFC 6056 port selection: the MurmurHash3 finalizer, which turns keys
 * that differ in one bit into unrelated values. Keyed hashes xor a secret in before mixing.
 */
final class Nat64Hash
{
    private Nat64Hash()
    {
    }

    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xFF51_AFD7_ED55_8CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CE_B9FE_1A85_EC53L;
        return z ^ (z >>> 33);
    }

    static long mix(final long secret, final long a, final long b)
    {
        return mix(mix(secret ^ a) + b);
    }

    static long splitMix(final long seed, final int n)
    {
        long z = seed + (n + 1) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
