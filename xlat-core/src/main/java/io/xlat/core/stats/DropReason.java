package io.xlat.core.stats;

/**
 * Why a packet was not translated. Every drop in xlat has one of these codes, and every code has a counter in
 * {@link TranslatorCounters}; translators return {@code -reason} as their verdict.
 * <p>
 * Codes are stable small ints so they can index counter arrays. Add new codes at the end, before {@link #COUNT},
 * with a label; never renumber.
 */
public final class DropReason
{
    /** No drop. */
    public static final int NONE = 0;

    // ----- malformed input (codec validation) -----
    /** Buffer shorter than the fixed header. */
    public static final int TRUNCATED = 1;
    /** IP version nibble is neither the expected 4 nor 6. */
    public static final int BAD_VERSION = 2;
    /** IPv4 IHL below 5 or beyond the total length. */
    public static final int BAD_IHL = 3;
    /** IPv4 total length below the header length or beyond the buffer. */
    public static final int BAD_TOTAL_LENGTH = 4;
    /** IPv6 payload length beyond the buffer. */
    public static final int BAD_PAYLOAD_LENGTH = 5;
    /** IPv4 header checksum does not verify. */
    public static final int BAD_HEADER_CHECKSUM = 6;
    /** IPv6 extension header chain longer than the walker's bound. */
    public static final int EXTENSION_CHAIN_TOO_LONG = 7;
    /** An IPv6 extension header runs past the end of the packet. */
    public static final int TRUNCATED_EXTENSION_HEADER = 8;
    /** Transport (TCP/UDP/ICMP) header truncated or with an impossible length field. */
    public static final int BAD_TRANSPORT_HEADER = 9;
    /** IPv4 options malformed (length byte zero, one, or past the header). */
    public static final int BAD_IPV4_OPTIONS = 10;

    // ----- translation policy (RFC 7915) -----
    /** Source address cannot be mapped (no EAMT entry, not under pool6, or RFC 6052 3.1 forbids it). */
    public static final int UNTRANSLATABLE_SOURCE = 11;
    /** Destination address cannot be mapped. */
    public static final int UNTRANSLATABLE_DESTINATION = 12;
    /** TTL or hop limit would reach zero; an ICMP Time Exceeded may have been written instead. */
    public static final int TTL_EXPIRED = 13;
    /** IPv4 source route option present (RFC 7915 4.1). */
    public static final int SOURCE_ROUTE = 14;
    /** IPv6 routing header with segments left non-zero (RFC 7915 5.1). */
    public static final int SEGMENTS_LEFT = 15;
    /** ICMP type or code with no translation (RFC 7915 4.2, 5.2): silently dropped. */
    public static final int UNTRANSLATABLE_ICMP = 16;
    /** ICMP error whose inner packet cannot be read or translated. */
    public static final int BAD_INNER_PACKET = 17;
    /** ICMP error nested inside an ICMP error. */
    public static final int NESTED_ICMP_ERROR = 18;
    /** Fragmented ICMP message: its checksum cannot be updated (RFC 7915 4.2, 5.2). */
    public static final int FRAGMENTED_ICMP = 19;
    /** UDP from IPv4 with zero checksum that the configuration says to drop (RFC 7915 4.5). */
    public static final int UDP_ZERO_CHECKSUM = 20;
    /** Fragmented UDP from IPv4 with zero checksum: cannot be computed (RFC 7915 4.5). */
    public static final int FRAGMENTED_UDP_ZERO_CHECKSUM = 21;
    /** Packet too big for the egress MTU with DF set (or IPv6): an ICMP error may have been written instead. */
    public static final int PACKET_TOO_BIG = 22;
    /** Protocol not translated (e.g. IPv6 next header 0 beyond the first header). */
    public static final int UNSUPPORTED_PROTOCOL = 23;
    /** Output buffer too small for the translated packet(s). */
    public static final int OUTPUT_TOO_SMALL = 24;
    /** Packet whose source is a multicast, loopback or otherwise unusable address. */
    public static final int ILLEGAL_SOURCE = 25;
    /** Unexpected failure caught at a loop boundary (a bug: should stay zero). */
    public static final int INTERNAL_ERROR = 26;

    // ----- stateful NAT64 (RFC 6146) -----
    /** Inbound packet to a pool4 transport address with no BIB entry (RFC 6146 3.5.1, 3.5.2, 3.5.3). */
    public static final int NO_BIB_ENTRY = 27;
    /** No free pool4 transport address for a new BIB entry (RFC 6146 3.5.1.1). */
    public static final int POOL4_EXHAUSTED = 28;
    /** The subscriber (IPv6 source prefix) reached its session limit. */
    public static final int SESSION_LIMIT = 29;
    /** The BIB, session or subscriber table is at its fixed capacity. */
    public static final int TABLE_FULL = 30;
    /** Inbound packet refused by address-dependent filtering or the external-TCP policy (RFC 4787 REQ-8). */
    public static final int FILTERED = 31;
    /** TCP packet not allowed in the session's state, e.g. a non-SYN with no session (RFC 6146 3.5.2.2). */
    public static final int BAD_TCP_STATE = 32;

    /**
     * Non-first fragment whose datagram has no known session: its first fragment was not seen (yet) or aged out of
     * the NAT64 fragment cache (RFC 6146 3.4: reassemble or drop).
     */
    public static final int UNMATCHED_FRAGMENT = 33;

    /**
     * A packet for another NAT64 shard found no free slot in the hand-off to that shard (its inbox is full): dropped
     * without blocking the reading thread.
     */
    public static final int HANDOFF_FULL = 34;

    /** Number of codes; counter arrays have this length. */
    public static final int COUNT = 35;

    private static final String[] LABELS =
    {
        "none",
        "truncated",
        "bad_version",
        "bad_ihl",
        "bad_total_length",
        "bad_payload_length",
        "bad_header_checksum",
        "extension_chain_too_long",
        "truncated_extension_header",
        "bad_transport_header",
        "bad_ipv4_options",
        "untranslatable_source",
        "untranslatable_destination",
        "ttl_expired",
        "source_route",
        "segments_left",
        "untranslatable_icmp",
        "bad_inner_packet",
        "nested_icmp_error",
        "fragmented_icmp",
        "udp_zero_checksum",
        "fragmented_udp_zero_checksum",
        "packet_too_big",
        "unsupported_protocol",
        "output_too_small",
        "illegal_source",
        "internal_error",
        "no_bib_entry",
        "pool4_exhausted",
        "session_limit",
        "table_full",
        "filtered",
        "bad_tcp_state",
        "unmatched_fragment",
        "handoff_full",
    };

    private DropReason()
    {
    }

    /**
     * Returns the snake_case label of a reason, as used in metrics and summaries.
     *
     * @param reason a reason code, with or without the minus sign of a verdict.
     * @return its label, or {@code "unknown"} for a code out of range.
     */
    public static String label(final int reason)
    {
        final int code = reason < 0 ? -reason : reason;
        return code < LABELS.length ? LABELS[code] : "unknown";
    }
}
