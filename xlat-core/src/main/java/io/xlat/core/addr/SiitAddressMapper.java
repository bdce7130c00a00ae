package io.xlat.core.addr;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The SIIT address mapping: the RFC 7757 EAMT first, then the RFC 6052 prefix pool6 (RFC 7757 3.2 places the
 * EAM algorithm before RFC 6052 in both directions).
 * <p>
 * Rules applied per address:
 * <ul>
 *     <li><b>RFC 6052 3.1</b>: with the Well-Known Prefix 64:ff9b::/96 as pool6, an IPv4 address that is not
 *     global ({@link Ipv4Classification#isGlobal(int)}) is not mapped in either direction ("Address translators
 *     MUST NOT translate packets in which an address is composed of the Well-Known Prefix and a non-global IPv4
 *     address; they MUST drop these packets"). {@code allowWkpNonGlobal} lifts the rule for labs and test
 *     networks that use documentation addresses. EAMT entries are not affected: they are explicit.</li>
 *     <li><b>6 -> 4 under pool6</b>: an address inside pool6 whose u-octet (bits 64..71) or suffix is not zero
 *     ({@link Rfc6052#isWellFormed}) was not made by RFC 6052 2.2 and is not mapped. RFC 6052 only says how
 *     addresses are generated; refusing malformed ones keeps the mapping one-to-one.</li>
 *     <li><b>RFC 7757 section 4, hairpinning</b>: an IPv6 node covered by an EAM that talks to another EAM node
 *     through its pool6 address sends a packet that leaves the translator as IPv4 and comes straight back. On the
 *     way back (4 -> 6), both addresses are covered by EAMs; if the source went through the EAMT the receiver
 *     would see the sender's real IPv6 address, answer it directly, and the sender would get a reply from an
 *     address it never contacted. So for an IPv4 packet whose source and destination are both covered by the
 *     EAMT, the source is mapped with pool6 instead ({@link #ipv4SourceToIpv6(int, int, MutableDirectBuffer,
 *     int)}); with no pool6 it falls back to the EAMT. Only the outer source of a 4 -> 6 packet gets this rule:
 *     inner packets of ICMP errors carry the addresses their owner used and go through {@link #ipv4ToIpv6}.</li>
 * </ul>
 * Built with {@link #builder()}; immutable and thread-safe afterwards; every per-packet method is allocation-free.
 */
public final class SiitAddressMapper implements AddressMapper
{
    private final boolean hasPool6;
    private final long pool6High;
    private final long pool6Low;
    private final int pool6Length;
    private final long pool6MaskHigh;
    private final long pool6MaskLow;
    private final boolean enforceWkpGlobal;
    private final EamTable eamt;
    /** Whether the EAMT has entries, decided once so an SIIT without EAMT skips the lookups per packet. */
    private final boolean hasEamt;
    private final boolean hairpinning;
    private final Ipv6Prefix pool6;

    private SiitAddressMapper(final Builder builder)
    {
        pool6 = builder.pool6;
        hasPool6 = null != pool6;
        pool6High = hasPool6 ? pool6.high() : 0;
        pool6Low = hasPool6 ? pool6.low() : 0;
        pool6Length = hasPool6 ? pool6.length() : 0;
        pool6MaskHigh = Ipv6Prefix.maskHigh(pool6Length);
        pool6MaskLow = Ipv6Prefix.maskLow(pool6Length);
        enforceWkpGlobal = hasPool6 && Ipv6Prefix.WELL_KNOWN.equals(pool6) && !builder.allowWkpNonGlobal;
        eamt = null == builder.eamt ? EamTable.EMPTY : builder.eamt;
        hasEamt = eamt.size() > 0;
        hairpinning = builder.hairpinning;
    }

    /**
     * Starts a mapper configuration.
     *
     * @return a builder with no pool6, an empty EAMT, the RFC 6052 3.1 rule enforced and hairpinning on.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    @Override
    public boolean ipv4ToIpv6(final int ipv4, final boolean isSource, final MutableDirectBuffer out,
        final int outOffset)
    {
        final int index = hasEamt ? eamt.findByIpv4(ipv4) : -1;
        if (index >= 0)
        {
            Ipv6Addresses.write(out, outOffset, eamt.mappedHigh(index, ipv4), eamt.mappedLow(index, ipv4));
            return true;
        }
        return ipv4ToIpv6ViaPool6(ipv4, out, outOffset);
    }

    /**
     * {@inheritDoc}
     * <p>
     * RFC 7757 section 4: when both addresses are covered by the EAMT the packet is hairpinned EAM traffic and
     * the source is mapped with pool6 (see the class comment).
     */
    @Override
    public boolean ipv4SourceToIpv6(
        final int source, final int destination, final MutableDirectBuffer out, final int outOffset)
    {
        if (hairpinning && hasPool6 && hasEamt && eamt.coversIpv4(source) && eamt.coversIpv4(destination))
        {
            return ipv4ToIpv6ViaPool6(source, out, outOffset);
        }
        return ipv4ToIpv6(source, true, out, outOffset);
    }

    /**
     * Maps an IPv4 address with pool6 only (RFC 6052 2.2 and 3.1), skipping the EAMT.
     *
     * @param ipv4      the address.
     * @param out       buffer receiving the IPv6 address; untouched when not mapped.
     * @param outOffset of the first address byte.
     * @return false with no pool6, or when the RFC 6052 3.1 rule forbids the address.
     */
    public boolean ipv4ToIpv6ViaPool6(final int ipv4, final MutableDirectBuffer out, final int outOffset)
    {
        if (!pool6Maps(ipv4))
        {
            return false;
        }
        Ipv6Addresses.write(out, outOffset, pool6High(ipv4), pool6Low(ipv4));
        return true;
    }

    /**
     * Whether every IPv4 address is mapped through pool6 alone: pool6 is set and the EAMT is empty. Decided at build
     * time, so a translator can then map with {@link #pool6Maps(int)}, {@link #pool6High(int)} and
     * {@link #pool6Low(int)}, in registers, and get what {@link #ipv4ToIpv6(int, boolean, MutableDirectBuffer, int)}
     * would write.
     *
     * @return true when the mapping is RFC 6052 with pool6 only.
     */
    public boolean isPool6Only()
    {
        return hasPool6 && !hasEamt;
    }

    /**
     * Whether pool6 maps an IPv4 address: pool6 is set, and the address is global or the RFC 6052 3.1 rule for
     * the Well-Known Prefix is not enforced.
     *
     * @param ipv4 the IPv4 address.
     * @return true when {@link #ipv4ToIpv6ViaPool6(int, MutableDirectBuffer, int)} would map it.
     */
    public boolean pool6Maps(final int ipv4)
    {
        return hasPool6 && !(enforceWkpGlobal && !Ipv4Classification.isGlobal(ipv4));
    }

    /**
     * High 64 bits of the pool6 address of an IPv4 address (RFC 6052 2.2); meaningful when
     * {@link #pool6Maps(int)}.
     *
     * @param ipv4 the IPv4 address.
     * @return bytes 0..7 of the IPv4-embedded address.
     */
    public long pool6High(final int ipv4)
    {
        return Rfc6052.embedHigh(pool6High, pool6Length, ipv4);
    }

    /**
     * Low 64 bits of the pool6 address of an IPv4 address (RFC 6052 2.2, u-octet and suffix zero); meaningful
     * when {@link #pool6Maps(int)}.
     *
     * @param ipv4 the IPv4 address.
     * @return bytes 8..15 of the IPv4-embedded address.
     */
    public long pool6Low(final int ipv4)
    {
        return Rfc6052.embedLow(pool6Low, pool6Length, ipv4);
    }

    @Override
    public long ipv6ToIpv4(final DirectBuffer buffer, final int offset, final boolean isSource)
    {
        return ipv6ToIpv4(Ipv6Addresses.high(buffer, offset), Ipv6Addresses.low(buffer, offset), isSource);
    }

    /**
     * IPv6 -> IPv4 for an address already read into two longs.
     *
     * @param high     bytes 0..7.
     * @param low      bytes 8..15.
     * @param isSource true for a source address (the rules are the same for both roles).
     * @return the IPv4 address as an unsigned value, or {@link #NOT_MAPPED}.
     */
    public long ipv6ToIpv4(final long high, final long low, final boolean isSource)
    {
        final int index = hasEamt ? eamt.findByIpv6(high, low) : -1;
        if (index >= 0)
        {
            return eamt.mappedIpv4(index, low) & 0xFFFF_FFFFL;
        }
        if (!hasPool6 || (high & pool6MaskHigh) != pool6High || (low & pool6MaskLow) != pool6Low ||
            !Rfc6052.isWellFormed(high, low, pool6Length))
        {
            return NOT_MAPPED;
        }
        final int ipv4 = Rfc6052.extract(high, low, pool6Length);
        if (enforceWkpGlobal && !Ipv4Classification.isGlobal(ipv4))
        {
            return NOT_MAPPED;
        }
        return ipv4 & 0xFFFF_FFFFL;
    }

    /**
     * The RFC 6052 prefix.
     *
     * @return pool6, or null when only the EAMT maps addresses.
     */
    public Ipv6Prefix pool6()
    {
        return pool6;
    }

    /**
     * The explicit address mappings.
     *
     * @return the table, {@link EamTable#EMPTY} when none was configured.
     */
    public EamTable eamt()
    {
        return eamt;
    }

    /**
     * Whether the RFC 6052 3.1 rule is being enforced (pool6 is the Well-Known Prefix and it was not relaxed).
     *
     * @return true when non-global IPv4 addresses are refused under pool6.
     */
    public boolean enforcesWkpGlobalRule()
    {
        return enforceWkpGlobal;
    }

    @Override
    public String toString()
    {
        return "SiitAddressMapper{pool6=" + pool6 + ", eamt=" + eamt.size() + " entries, enforceWkpGlobal=" +
            enforceWkpGlobal + ", hairpinning=" + hairpinning + "}";
    }

    /**
     * Configuration for {@link SiitAddressMapper}; {@link #build()} validates and names the bad value.
     */
    public static final class Builder
    {
        private Ipv6Prefix pool6;
        private EamTable eamt;
        private boolean allowWkpNonGlobal;
        private boolean hairpinning = true;

        private Builder()
        {
        }

        /**
         * Sets the RFC 6052 prefix.
         *
         * @param pool6 a /32, /40, /48, /56, /64 or /96 with a zero u-octet, or null for none.
         * @return this builder.
         * @throws IllegalArgumentException naming the prefix when it is not a valid RFC 6052 prefix.
         */
        public Builder pool6(final Ipv6Prefix pool6)
        {
            if (null != pool6)
            {
                try
                {
                    Rfc6052.checkPrefix(pool6);
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException("pool6=" + pool6 + ": " + ex.getMessage(), ex);
                }
            }
            this.pool6 = pool6;
            return this;
        }

        /**
         * Sets the RFC 6052 prefix from text.
         *
         * @param pool6 e.g. {@code 64:ff9b::/96}.
         * @return this builder.
         * @throws IllegalArgumentException naming the text when it does not parse or is not a valid prefix.
         */
        public Builder pool6(final String pool6)
        {
            final Ipv6Prefix prefix;
            try
            {
                prefix = Ipv6Prefix.parse(pool6);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("pool6=" + pool6 + ": " + ex.getMessage(), ex);
            }
            return pool6(prefix);
        }

        /**
         * Sets the explicit address mappings.
         *
         * @param eamt the table, or null for none.
         * @return this builder.
         */
        public Builder eamt(final EamTable eamt)
        {
            this.eamt = eamt;
            return this;
        }

        /**
         * Relaxes RFC 6052 3.1 so the Well-Known Prefix carries non-global IPv4 addresses too (labs, tests).
         *
         * @param allowWkpNonGlobal true to translate e.g. 64:ff9b::192.0.2.1.
         * @return this builder.
         */
        public Builder allowWkpNonGlobal(final boolean allowWkpNonGlobal)
        {
            this.allowWkpNonGlobal = allowWkpNonGlobal;
            return this;
        }

        /**
         * Turns the RFC 7757 section 4 hairpinning rule on (default) or off.
         *
         * @param hairpinning false to always map sources through the EAMT first.
         * @return this builder.
         */
        public Builder hairpinning(final boolean hairpinning)
        {
            this.hairpinning = hairpinning;
            return this;
        }

        /**
         * Builds the mapper.
         *
         * @return the mapper.
         * @throws IllegalArgumentException when neither pool6 nor a non-empty EAMT is configured.
         */
        public SiitAddressMapper build()
        {
            if (null == pool6 && (null == eamt || eamt.size() == 0))
            {
                throw new IllegalArgumentException("pool6=null, eamt=empty: configure pool6, EAMT entries or both");
            }
            return new SiitAddressMapper(this);
        }
    }
}
