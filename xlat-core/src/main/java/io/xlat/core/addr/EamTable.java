package io.xlat.core.addr;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 7757 Explicit Address Mapping Table: pairs of (IPv6 prefix, IPv4 prefix) translated by replacing one prefix
 * with the other and copying the suffix (RFC 7757 3.2), longest prefix match in both directions (RFC 7757 3.3).
 * <p>
 * <b>Entry rules</b> (checked in {@link Builder#add}, errors name the entry):
 * <ul>
 *     <li>The two prefixes have the same number of suffix bits ({@code 128 - len6 == 32 - len4}), so each entry
 *     is a one-to-one mapping and a translation round-trips. Uneven entries would fold several IPv6 addresses
 *     onto one IPv4 address (or leave IPv6 suffix bits undefined the other way), so they are refused here on
 *     purpose. As a consequence every IPv6 prefix is /96 or longer and the suffix lives in the low 32 bits.</li>
 *     <li>Overlapping entries are allowed (RFC 7757 3.3: the longest match wins), but two entries may not have
 *     the same IPv4 prefix or the same IPv6 prefix, because the reverse direction would then be ambiguous.</li>
 * </ul>
 * <p>
 * <b>Lookup</b> is allocation-free: per direction, one open-addressing hash table over primitive arrays keyed by
 * (masked address, prefix length), probed once per distinct prefix length present, longest first. Cost is
 * O(number of distinct prefix lengths) - at most 33 per direction because of the equal-suffix rule - and does not
 * grow with the number of entries; tens of thousands of entries cost memory (about 50 bytes each), not time.
 * <p>
 * The table is immutable once built and safe to share between threads; to change it, build a new one and swap
 * the reference.
 */
public final class EamTable
{
    /** A table without entries: every lookup misses. */
    public static final EamTable EMPTY = new Builder().build();

    private final long[] v6High;
    private final long[] v6Low;
    private final int[] v6Length;
    private final int[] v4Address;
    private final int[] v4Length;

    private final int[] v4LengthsDescending;
    private final int[] v4Slots;
    private final int v4SlotMask;

    private final int[] v6LengthsDescending;
    private final int[] v6Slots;
    private final int v6SlotMask;

    private EamTable(final List<Ipv6Prefix> ipv6Prefixes, final List<Ipv4Prefix> ipv4Prefixes)
    {
        final int size = ipv6Prefixes.size();
        v6High = new long[size];
        v6Low = new long[size];
        v6Length = new int[size];
        v4Address = new int[size];
        v4Length = new int[size];
        final boolean[] v4Present = new boolean[33];
        final boolean[] v6Present = new boolean[129];
        for (int i = 0; i < size; i++)
        {
            final Ipv6Prefix p6 = ipv6Prefixes.get(i);
            final Ipv4Prefix p4 = ipv4Prefixes.get(i);
            v6High[i] = p6.high();
            v6Low[i] = p6.low();
            v6Length[i] = p6.length();
            v4Address[i] = p4.address();
            v4Length[i] = p4.length();
            v4Present[p4.length()] = true;
            v6Present[p6.length()] = true;
        }
        v4LengthsDescending = descending(v4Present);
        v6LengthsDescending = descending(v6Present);

        final int capacity = capacityFor(size);
        v4Slots = new int[capacity];
        v6Slots = new int[capacity];
        v4SlotMask = capacity - 1;
        v6SlotMask = capacity - 1;
        for (int i = 0; i < size; i++)
        {
            int s = hash4(v4Address[i], v4Length[i]) & v4SlotMask;
            while (v4Slots[s] != 0)
            {
                s = (s + 1) & v4SlotMask;
            }
            v4Slots[s] = i + 1;

            s = hash6(v6High[i], v6Low[i], v6Length[i]) & v6SlotMask;
            while (v6Slots[s] != 0)
            {
                s = (s + 1) & v6SlotMask;
            }
            v6Slots[s] = i + 1;
        }
    }

    /**
     * Starts a table.
     *
     * @return an empty builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Number of entries.
     *
     * @return the entry count.
     */
    public int size()
    {
        return v4Address.length;
    }

    /**
     * The IPv6 prefix of an entry (cold: allocates).
     *
     * @param index 0 .. size() - 1, in insertion order.
     * @return the prefix.
     */
    public Ipv6Prefix ipv6Prefix(final int index)
    {
        return Ipv6Prefix.of(v6High[index], v6Low[index], v6Length[index]);
    }

    /**
     * The IPv4 prefix of an entry (cold: allocates).
     *
     * @param index 0 .. size() - 1, in insertion order.
     * @return the prefix.
     */
    public Ipv4Prefix ipv4Prefix(final int index)
    {
        return Ipv4Prefix.of(v4Address[index], v4Length[index]);
    }

    /**
     * Index of the entry whose IPv4 prefix is the longest one containing an address.
     *
     * @param ipv4 the address.
     * @return the entry index, or -1 when no entry covers it.
     */
    public int findByIpv4(final int ipv4)
    {
        final int[] lengths = v4LengthsDescending;
        final int[] slots = v4Slots;
        final int slotMask = v4SlotMask;
        for (final int length : lengths)
        {
            final int key = ipv4 & Ipv4Prefix.mask(length);
            int s = hash4(key, length) & slotMask;
            int slot;
            while ((slot = slots[s]) != 0)
            {
                final int index = slot - 1;
                if (v4Address[index] == key && v4Length[index] == length)
                {
                    return index;
                }
                s = (s + 1) & slotMask;
            }
        }
        return -1;
    }

    /**
     * Index of the entry whose IPv6 prefix is the longest one containing an address.
     *
     * @param high bytes 0..7 of the address.
     * @param low  bytes 8..15 of the address.
     * @return the entry index, or -1 when no entry covers it.
     */
    public int findByIpv6(final long high, final long low)
    {
        final int[] lengths = v6LengthsDescending;
        final int[] slots = v6Slots;
        final int slotMask = v6SlotMask;
        for (final int length : lengths)
        {
            final long keyHigh = high & Ipv6Prefix.maskHigh(length);
            final long keyLow = low & Ipv6Prefix.maskLow(length);
            int s = hash6(keyHigh, keyLow, length) & slotMask;
            int slot;
            while ((slot = slots[s]) != 0)
            {
                final int index = slot - 1;
                if (v6High[index] == keyHigh && v6Low[index] == keyLow && v6Length[index] == length)
                {
                    return index;
                }
                s = (s + 1) & slotMask;
            }
        }
        return -1;
    }

    /**
     * Whether some entry's IPv4 prefix covers an address.
     *
     * @param ipv4 the address.
     * @return true when {@link #findByIpv4(int)} finds an entry.
     */
    public boolean coversIpv4(final int ipv4)
    {
        return findByIpv4(ipv4) >= 0;
    }

    /**
     * High half of the IPv6 address an IPv4 address maps to through an entry.
     *
     * @param index entry from {@link #findByIpv4(int)}.
     * @param ipv4  the address.
     * @return bytes 0..7.
     */
    public long mappedHigh(final int index, final int ipv4)
    {
        return v6High[index];
    }

    /**
     * Low half of the IPv6 address an IPv4 address maps to through an entry: the prefix with the IPv4 suffix
     * copied into the last {@code 32 - len4} bits (RFC 7757 3.2).
     *
     * @param index entry from {@link #findByIpv4(int)}.
     * @param ipv4  the address.
     * @return bytes 8..15.
     */
    public long mappedLow(final int index, final int ipv4)
    {
        final int suffix = ipv4 & ~Ipv4Prefix.mask(v4Length[index]);
        return v6Low[index] | (suffix & 0xFFFF_FFFFL);
    }

    /**
     * The IPv4 address an IPv6 address maps to through an entry: the IPv4 prefix with the IPv6 suffix.
     *
     * @param index entry from {@link #findByIpv6(long, long)}.
     * @param low   bytes 8..15 of the IPv6 address (the suffix is at most 32 bits, so only these matter).
     * @return the IPv4 address.
     */
    public int mappedIpv4(final int index, final long low)
    {
        return v4Address[index] | ((int)low & ~Ipv4Prefix.mask(v4Length[index]));
    }

    /**
     * Translates an IPv4 address to IPv6 (RFC 7757 3.2) and writes the 16 bytes.
     *
     * @param ipv4   the address.
     * @param out    buffer to write into; untouched when no entry matches.
     * @param offset of the first address byte.
     * @return false when no entry covers the address.
     */
    public boolean ipv4ToIpv6(final int ipv4, final MutableDirectBuffer out, final int offset)
    {
        final int index = findByIpv4(ipv4);
        if (index < 0)
        {
            return false;
        }
        Ipv6Addresses.write(out, offset, v6High[index], mappedLow(index, ipv4));
        return true;
    }

    /**
     * Translates an IPv6 address to IPv4 (RFC 7757 3.2).
     *
     * @param high bytes 0..7 of the address.
     * @param low  bytes 8..15 of the address.
     * @return the IPv4 address as an unsigned value, or {@link AddressMapper#NOT_MAPPED}.
     */
    public long ipv6ToIpv4(final long high, final long low)
    {
        final int index = findByIpv6(high, low);
        if (index < 0)
        {
            return AddressMapper.NOT_MAPPED;
        }
        return mappedIpv4(index, low) & 0xFFFF_FFFFL;
    }

    /**
     * Translates the IPv6 address at {@code offset} to IPv4 (RFC 7757 3.2).
     *
     * @param buffer holding the 16 address bytes.
     * @param offset of the first address byte.
     * @return the IPv4 address as an unsigned value, or {@link AddressMapper#NOT_MAPPED}.
     */
    public long ipv6ToIpv4(final DirectBuffer buffer, final int offset)
    {
        return ipv6ToIpv4(Ipv6Addresses.high(buffer, offset), Ipv6Addresses.low(buffer, offset));
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("EamTable{");
        for (int i = 0; i < size(); i++)
        {
            sb.append(i == 0 ? "" : ", ").append(ipv6Prefix(i)).append(" <-> ").append(ipv4Prefix(i));
        }
        return sb.append('}').toString();
    }

    private static int[] descending(final boolean[] present)
    {
        int count = 0;
        for (final boolean p : present)
        {
            count += p ? 1 : 0;
        }
        final int[] lengths = new int[count];
        int k = 0;
        for (int length = present.length - 1; length >= 0; length--)
        {
            if (present[length])
            {
                lengths[k++] = length;
            }
        }
        return lengths;
    }

    private static int capacityFor(final int size)
    {
        // Load factor <= 0.5 keeps linear probing short.
        int capacity = 2;
        while (capacity < size * 2)
        {
            capacity <<= 1;
        }
        return capacity;
    }

    private static int hash4(final int address, final int length)
    {
        return mix(((long)address << 8) ^ length);
    }

    private static int hash6(final long high, final long low, final int length)
    {
        return mix(high * 0x9E37_79B9_7F4A_7C15L ^ low ^ ((long)length << 1));
    }

    private static int mix(final long value)
    {
        long x = value;
        x ^= x >>> 33;
        x *= 0xFF51_AFD7_ED55_8CCDL;
        x ^= x >>> 33;
        x *= 0xC4CE_B9FE_1A85_EC53L;
        x ^= x >>> 33;
        return (int)x;
    }

    /**
     * Collects and validates entries (cold code).
     */
    public static final class Builder
    {
        private final List<Ipv6Prefix> ipv6Prefixes = new ArrayList<>();
        private final List<Ipv4Prefix> ipv4Prefixes = new ArrayList<>();
        private final Map<Ipv4Prefix, Integer> byIpv4 = new HashMap<>();
        private final Map<Ipv6Prefix, Integer> byIpv6 = new HashMap<>();

        private Builder()
        {
        }

        /**
         * Adds an entry given as text, e.g. {@code add("2001:db8:aaaa::/120", "192.0.2.0/24")}.
         *
         * @param ipv6Prefix the IPv6 prefix text.
         * @param ipv4Prefix the IPv4 prefix text.
         * @return this builder.
         * @throws IllegalArgumentException naming the entry when a prefix is malformed or the entry is refused.
         */
        public Builder add(final String ipv6Prefix, final String ipv4Prefix)
        {
            final Ipv6Prefix p6;
            final Ipv4Prefix p4;
            try
            {
                p6 = Ipv6Prefix.parse(ipv6Prefix);
                p4 = Ipv4Prefix.parse(ipv4Prefix);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(
                    "invalid EAMT entry \"" + ipv6Prefix + " " + ipv4Prefix + "\": " + ex.getMessage(), ex);
            }
            return add(p6, p4);
        }

        /**
         * Adds an entry.
         *
         * @param ipv6Prefix the IPv6 side.
         * @param ipv4Prefix the IPv4 side; its suffix length must equal the IPv6 side's.
         * @return this builder.
         * @throws IllegalArgumentException naming the entry when the suffix lengths differ or either prefix is
         *                                  already in the table.
         */
        public Builder add(final Ipv6Prefix ipv6Prefix, final Ipv4Prefix ipv4Prefix)
        {
            final String entry = "EAMT entry \"" + ipv6Prefix + " " + ipv4Prefix + "\"";
            if (ipv6Prefix.suffixLength() != ipv4Prefix.suffixLength())
            {
                throw new IllegalArgumentException("invalid " + entry + ": suffix lengths differ (IPv6 " +
                    ipv6Prefix.suffixLength() + " bits, IPv4 " + ipv4Prefix.suffixLength() +
                    " bits); use prefixes of equal size, e.g. /" + (96 + ipv4Prefix.length()) + " with /" +
                    ipv4Prefix.length());
            }
            final Integer sameIpv4 = byIpv4.get(ipv4Prefix);
            if (null != sameIpv4)
            {
                throw new IllegalArgumentException("invalid " + entry + ": IPv4 prefix " + ipv4Prefix +
                    " is already mapped by entry \"" + ipv6Prefixes.get(sameIpv4) + " " + ipv4Prefix + "\"");
            }
            final Integer sameIpv6 = byIpv6.get(ipv6Prefix);
            if (null != sameIpv6)
            {
                throw new IllegalArgumentException("invalid " + entry + ": IPv6 prefix " + ipv6Prefix +
                    " is already mapped by entry \"" + ipv6Prefix + " " + ipv4Prefixes.get(sameIpv6) + "\"");
            }
            byIpv4.put(ipv4Prefix, ipv4Prefixes.size());
            byIpv6.put(ipv6Prefix, ipv6Prefixes.size());
            ipv6Prefixes.add(ipv6Prefix);
            ipv4Prefixes.add(ipv4Prefix);
            return this;
        }

        /**
         * Builds the immutable table.
         *
         * @return the table.
         */
        public EamTable build()
        {
            return new EamTable(ipv6Prefixes, ipv4Prefixes);
        }

        @Override
        public String toString()
        {
            return "EamTable.Builder{" + ipv6Prefixes.size() + " entries}";
        }
    }
}
