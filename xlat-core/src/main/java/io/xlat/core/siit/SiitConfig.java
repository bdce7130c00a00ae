package io.xlat.core.siit;

import io.xlat.core.addr.AddressMapper;

/**
 * Settings of a {@link SiitTranslator}, validated once by {@link Builder#build()}; immutable afterwards.
 * <p>
 * Names follow the vocabulary operators know from Jool: pool6 and EAMT live in the {@link AddressMapper};
 * {@code rfc6791v4}/{@code rfc6791v6} are the pools for ICMP error sources that cannot be translated (RFC 6791);
 * {@code self4}/{@code self6} are the translator's own addresses, the source of ICMP errors it originates;
 * {@code mtu4}/{@code mtu6} are the MTUs of its egress links; {@code lowestIpv6Mtu} is the smallest MTU assumed on
 * the IPv6 side (RFC 7915 4.1 and 6).
 */
public final class SiitConfig
{
    /** Smallest IPv6 link MTU (RFC 8200 5). */
    public static final int IPV6_MINIMUM_MTU = 1280;
    /** Smallest IPv4 MTU every host must accept (RFC 791). */
    public static final int IPV4_MINIMUM_MTU = 68;

    private final AddressMapper mapper;
    private final boolean hasRfc6791v4;
    private final int rfc6791v4Address;
    private final int rfc6791v4Length;
    private final boolean hasRfc6791v6;
    private final long rfc6791v6High;
    private final long rfc6791v6Low;
    private final int rfc6791v6Length;
    private final boolean hasSelf4;
    private final int self4;
    private final boolean hasSelf6;
    private final long self6High;
    private final long self6Low;
    private final int mtu4;
    private final int mtu6;
    private final int lowestIpv6Mtu;
    private final boolean amendUdpChecksumZero;
    private final boolean resetTrafficClass;
    private final boolean resetTos;
    private final int newTos;
    private final boolean icmpErrorsOnDrop;
    private final boolean generateIpv4Identification;

    private SiitConfig(final Builder b)
    {
        mapper = b.mapper;
        hasRfc6791v4 = b.hasRfc6791v4;
        rfc6791v4Address = b.rfc6791v4Address;
        rfc6791v4Length = b.rfc6791v4Length;
        hasRfc6791v6 = b.hasRfc6791v6;
        rfc6791v6High = b.rfc6791v6High;
        rfc6791v6Low = b.rfc6791v6Low;
        rfc6791v6Length = b.rfc6791v6Length;
        hasSelf4 = b.hasSelf4;
        self4 = b.self4;
        hasSelf6 = b.hasSelf6;
        self6High = b.self6High;
        self6Low = b.self6Low;
        mtu4 = b.mtu4;
        mtu6 = b.mtu6;
        lowestIpv6Mtu = b.lowestIpv6Mtu;
        amendUdpChecksumZero = b.amendUdpChecksumZero;
        resetTrafficClass = b.resetTrafficClass;
        resetTos = b.resetTos;
        newTos = b.newTos;
        icmpErrorsOnDrop = b.icmpErrorsOnDrop;
        generateIpv4Identification = b.generateIpv4Identification;
    }

    /**
     * Starts a builder with the defaults: MTUs 1500, lowest IPv6 MTU 1280, UDP zero checksums computed,
     * traffic class and TOS copied.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Address mapping (pool6, EAMT, CLAT).
     *
     * @return the mapper.
     */
    public AddressMapper mapper()
    {
        return mapper;
    }

    /**
     * Whether an RFC 6791 IPv4 pool is configured.
     *
     * @return true if {@link #rfc6791v4Address()} is meaningful.
     */
    public boolean hasRfc6791v4()
    {
        return hasRfc6791v4;
    }

    /**
     * RFC 6791 IPv4 pool network address.
     *
     * @return the pool's first address.
     */
    public int rfc6791v4Address()
    {
        return rfc6791v4Address;
    }

    /**
     * RFC 6791 IPv4 pool prefix length.
     *
     * @return 0 to 32.
     */
    public int rfc6791v4Length()
    {
        return rfc6791v4Length;
    }

    /**
     * Whether an IPv6 pool for untranslatable ICMPv4 error sources is configured.
     *
     * @return true if the rfc6791v6 accessors are meaningful.
     */
    public boolean hasRfc6791v6()
    {
        return hasRfc6791v6;
    }

    /**
     * High 64 bits of the rfc6791v6 prefix.
     *
     * @return the bits.
     */
    public long rfc6791v6High()
    {
        return rfc6791v6High;
    }

    /**
     * Low 64 bits of the rfc6791v6 prefix.
     *
     * @return the bits.
     */
    public long rfc6791v6Low()
    {
        return rfc6791v6Low;
    }

    /**
     * Length of the rfc6791v6 prefix.
     *
     * @return 0 to 128.
     */
    public int rfc6791v6Length()
    {
        return rfc6791v6Length;
    }

    /**
     * Whether the translator has its own IPv4 address for the ICMPv4 errors it originates.
     *
     * @return true if {@link #self4()} is meaningful.
     */
    public boolean hasSelf4()
    {
        return hasSelf4;
    }

    /**
     * The translator's own IPv4 address.
     *
     * @return the address.
     */
    public int self4()
    {
        return self4;
    }

    /**
     * Whether the translator has its own IPv6 address for the ICMPv6 errors it originates.
     *
     * @return true if {@link #self6High()} and {@link #self6Low()} are meaningful.
     */
    public boolean hasSelf6()
    {
        return hasSelf6;
    }

    /**
     * High 64 bits of the translator's own IPv6 address.
     *
     * @return the bits.
     */
    public long self6High()
    {
        return self6High;
    }

    /**
     * Low 64 bits of the translator's own IPv6 address.
     *
     * @return the bits.
     */
    public long self6Low()
    {
        return self6Low;
    }

    /**
     * MTU of the IPv4 egress link.
     *
     * @return bytes.
     */
    public int mtu4()
    {
        return mtu4;
    }

    /**
     * MTU of the IPv6 egress link.
     *
     * @return bytes.
     */
    public int mtu6()
    {
        return mtu6;
    }

    /**
     * Smallest MTU assumed anywhere on the IPv6 side (RFC 7915 4.1, 6); IPv4 packets with DF clear are
     * fragmented to fit it.
     *
     * @return bytes, at least 1280.
     */
    public int lowestIpv6Mtu()
    {
        return lowestIpv6Mtu;
    }

    /**
     * Whether an IPv4 UDP datagram with a zero checksum gets one computed (true) or is dropped (RFC 7915 4.5).
     *
     * @return true to compute.
     */
    public boolean amendUdpChecksumZero()
    {
        return amendUdpChecksumZero;
    }

    /**
     * Whether IPv6 traffic class is set to zero instead of copied from the IPv4 TOS (RFC 7915 4.1).
     *
     * @return true to reset.
     */
    public boolean resetTrafficClass()
    {
        return resetTrafficClass;
    }

    /**
     * Whether the IPv4 TOS is set to {@link #newTos()} instead of copied from the traffic class (RFC 7915 5.1).
     *
     * @return true to reset.
     */
    public boolean resetTos()
    {
        return resetTos;
    }

    /**
     * TOS written when {@link #resetTos()} is set.
     *
     * @return 0 to 255.
     */
    public int newTos()
    {
        return newTos;
    }

    /**
     * Whether a packet discarded as untranslatable (unmappable address, UDP zero checksum that is not computed, an
     * extension header after the Fragment header) is answered with an ICMP Destination Unreachable, administratively
     * prohibited: RFC 7915 4.4, ICMPv4 type 3 code 13, never about an ICMPv4 error; RFC 7915 5.4, ICMPv6 type 1
     * code 1, never about any ICMPv6 message, and only with a self6 address to send it from. The translator
     * "SHOULD" send them and "SHOULD allow an administrator to configure whether" they are sent. Off by default:
     * such drops are silent, and counted.
     *
     * @return true to send the error.
     */
    public boolean icmpErrorsOnDrop()
    {
        return icmpErrorsOnDrop;
    }

    /**
     * Whether IPv6 packets translated without a Fragment header into IPv4 packets with DF clear (at most 1260
     * bytes) get a generated Identification (true, the default, as Jool does) or zero. RFC 7915 5.1 makes zero the
     * base rule and lets a translator generate one ("MAY", with an operator switch, "SHOULD"); with DF clear an
     * IPv4 router may fragment the packet, and fragments of datagrams that share Identification 0 can be
     * reassembled wrongly (RFC 6864 4.1), so xlat generates one unless told not to.
     *
     * @return true to generate.
     */
    public boolean generateIpv4Identification()
    {
        return generateIpv4Identification;
    }

    /**
     * Builds a {@link SiitConfig}; {@link #build()} checks every value and names the bad one.
     */
    public static final class Builder
    {
        private AddressMapper mapper;
        private boolean hasRfc6791v4;
        private int rfc6791v4Address;
        private int rfc6791v4Length;
        private boolean hasRfc6791v6;
        private long rfc6791v6High;
        private long rfc6791v6Low;
        private int rfc6791v6Length;
        private boolean hasSelf4;
        private int self4;
        private boolean hasSelf6;
        private long self6High;
        private long self6Low;
        private int mtu4 = 1500;
        private int mtu6 = 1500;
        private int lowestIpv6Mtu = IPV6_MINIMUM_MTU;
        private boolean amendUdpChecksumZero = true;
        private boolean resetTrafficClass;
        private boolean resetTos;
        private int newTos;
        private boolean icmpErrorsOnDrop;
        private boolean generateIpv4Identification = true;

        private Builder()
        {
        }

        /**
         * Sets the address mapper (required).
         *
         * @param mapper pool6/EAMT/CLAT mapping.
         * @return this.
         */
        public Builder mapper(final AddressMapper mapper)
        {
            this.mapper = mapper;
            return this;
        }

        /**
         * Sets the RFC 6791 IPv4 pool.
         *
         * @param address network address.
         * @param length  prefix length, 0 to 32.
         * @return this.
         */
        public Builder rfc6791v4(final int address, final int length)
        {
            hasRfc6791v4 = true;
            rfc6791v4Address = address;
            rfc6791v4Length = length;
            return this;
        }

        /**
         * Sets the IPv6 pool for sources of ICMPv4 errors that cannot be translated.
         *
         * @param high   high 64 bits of the prefix.
         * @param low    low 64 bits of the prefix.
         * @param length prefix length, 0 to 128.
         * @return this.
         */
        public Builder rfc6791v6(final long high, final long low, final int length)
        {
            hasRfc6791v6 = true;
            rfc6791v6High = high;
            rfc6791v6Low = low;
            rfc6791v6Length = length;
            return this;
        }

        /**
         * Sets the translator's own IPv4 address.
         *
         * @param address the address.
         * @return this.
         */
        public Builder self4(final int address)
        {
            hasSelf4 = true;
            self4 = address;
            return this;
        }

        /**
         * Sets the translator's own IPv6 address.
         *
         * @param high high 64 bits.
         * @param low  low 64 bits.
         * @return this.
         */
        public Builder self6(final long high, final long low)
        {
            hasSelf6 = true;
            self6High = high;
            self6Low = low;
            return this;
        }

        /**
         * Sets the IPv4 egress MTU.
         *
         * @param mtu bytes, 68 to 65535.
         * @return this.
         */
        public Builder mtu4(final int mtu)
        {
            mtu4 = mtu;
            return this;
        }

        /**
         * Sets the IPv6 egress MTU.
         *
         * @param mtu bytes, 1280 to 65535.
         * @return this.
         */
        public Builder mtu6(final int mtu)
        {
            mtu6 = mtu;
            return this;
        }

        /**
         * Sets the lowest MTU assumed on the IPv6 side.
         *
         * @param mtu bytes, 1280 to 65535.
         * @return this.
         */
        public Builder lowestIpv6Mtu(final int mtu)
        {
            lowestIpv6Mtu = mtu;
            return this;
        }

        /**
         * Chooses between computing (true, the default) and dropping IPv4 UDP zero checksums.
         *
         * @param amend true to compute.
         * @return this.
         */
        public Builder amendUdpChecksumZero(final boolean amend)
        {
            amendUdpChecksumZero = amend;
            return this;
        }

        /**
         * Chooses whether the IPv6 traffic class is zeroed (true) or copied from the TOS (false, the default).
         *
         * @param reset true to zero it.
         * @return this.
         */
        public Builder resetTrafficClass(final boolean reset)
        {
            resetTrafficClass = reset;
            return this;
        }

        /**
         * Makes the translator write a fixed TOS instead of copying the traffic class.
         *
         * @param tos the TOS, 0 to 255.
         * @return this.
         */
        public Builder resetTos(final int tos)
        {
            resetTos = true;
            newTos = tos;
            return this;
        }

        /**
         * Chooses whether untranslatable packets are answered with an ICMP "administratively prohibited" error
         * (RFC 7915 4.4 and 5.4) instead of being dropped silently (false, the default).
         *
         * @param send true to send the error.
         * @return this.
         */
        public Builder icmpErrorsOnDrop(final boolean send)
        {
            icmpErrorsOnDrop = send;
            return this;
        }

        /**
         * Chooses whether DF-clear IPv4 packets translated from unfragmented IPv6 get a generated Identification
         * (true, the default) or zero (RFC 7915 5.1).
         *
         * @param generate true to generate.
         * @return this.
         */
        public Builder generateIpv4Identification(final boolean generate)
        {
            generateIpv4Identification = generate;
            return this;
        }

        /**
         * Checks every setting and builds the configuration.
         *
         * @return the configuration.
         * @throws IllegalArgumentException naming the first bad value.
         */
        public SiitConfig build()
        {
            if (null == mapper)
            {
                throw new IllegalArgumentException("mapper=null: configure pool6 and/or EAMT entries");
            }
            requireRange("mtu4", mtu4, IPV4_MINIMUM_MTU, 65535);
            requireRange("mtu6", mtu6, IPV6_MINIMUM_MTU, 65535);
            requireRange("lowestIpv6Mtu", lowestIpv6Mtu, IPV6_MINIMUM_MTU, 65535);
            requireRange("newTos", newTos, 0, 255);
            if (hasRfc6791v4)
            {
                requireRange("rfc6791v4 length", rfc6791v4Length, 0, 32);
            }
            if (hasRfc6791v6)
            {
                requireRange("rfc6791v6 length", rfc6791v6Length, 0, 128);
            }
            return new SiitConfig(this);
        }

        private static void requireRange(final String name, final int value, final int min, final int max)
        {
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(name + "=" + value + " is outside " + min + ".." + max);
            }
        }
    }
}
