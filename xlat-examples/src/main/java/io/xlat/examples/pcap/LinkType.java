package io.xlat.examples.pcap;

/**
 * The libpcap link-layer header types (LINKTYPE_* values) the reader understands.
 */
public final class LinkType
{
    /** LINKTYPE_ETHERNET: IEEE 802.3 Ethernet, 14-byte header. */
    public static final int ETHERNET = 1;
    /** LINKTYPE_RAW: raw IPv4 or IPv6, version from the first nibble. */
    public static final int RAW = 101;
    /** LINKTYPE_LINUX_SLL: Linux cooked capture v1, 16-byte header. */
    public static final int LINUX_SLL = 113;
    /** LINKTYPE_IPV4: raw IPv4. */
    public static final int IPV4 = 228;
    /** LINKTYPE_IPV6: raw IPv6. */
    public static final int IPV6 = 229;
    /** LINKTYPE_LINUX_SLL2: Linux cooked capture v2, 20-byte header. */
    public static final int LINUX_SLL2 = 276;

    private LinkType()
    {
    }

    /**
     * Tells whether the reader can extract IP packets from this link type.
     *
     * @param linkType a LINKTYPE_* value.
     * @return true when supported.
     */
    public static boolean isSupported(final int linkType)
    {
        return linkType == ETHERNET || linkType == RAW || linkType == LINUX_SLL || linkType == IPV4
            || linkType == IPV6 || linkType == LINUX_SLL2;
    }
}
