package io.xlat.core.addr;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Maps addresses between IPv4 and IPv6 for a stateless translator (RFC 7915 4.1 and 5.1, RFC 6052, RFC 7757).
 * <p>
 * Implementations are called per packet: they allocate nothing, throw nothing for any input value and are safe to
 * call from several threads once built. {@code isSource} says which header field the address came from, so that
 * a mapper can apply role-specific rules; for the inner packet of an ICMP error pass the role the address has in
 * that inner header.
 */
public interface AddressMapper
{
    /** Returned by {@link #ipv6ToIpv4} when the address has no IPv4 counterpart. */
    long NOT_MAPPED = -1L;

    /**
     * IPv4 -> IPv6 (RFC 7915 4.1, RFC 7757 EAMT before pool6). Writes 16 bytes at out[outOffset].
     *
     * @param ipv4      the IPv4 address.
     * @param isSource  true for a source address, false for a destination.
     * @param out       buffer receiving the IPv6 address in network order; untouched when not mapped.
     * @param outOffset of the first address byte.
     * @return false when the address cannot be mapped (the packet should be dropped or answered with ICMP).
     */
    boolean ipv4ToIpv6(int ipv4, boolean isSource, MutableDirectBuffer out, int outOffset);

    /**
     * IPv6 (16 bytes at buffer[offset]) -> IPv4 as an unsigned value in a long, or NOT_MAPPED.
     *
     * @param buffer   holding the IPv6 address in network order.
     * @param offset   of the first address byte.
     * @param isSource true for a source address, false for a destination.
     * @return the IPv4 address in the low 32 bits (0 .. 2^32 - 1), or {@link #NOT_MAPPED}.
     */
    long ipv6ToIpv4(DirectBuffer buffer, int offset, boolean isSource);

    /**
     * Maps the source of an outer IPv4 -> IPv6 packet knowing its destination, so that RFC 7757 section 4
     * hairpinning can be applied. The default ignores the destination; {@link SiitAddressMapper} overrides it.
     * Use this for the outer header's source; use {@link #ipv4ToIpv6} for everything else.
     *
     * @param source      the IPv4 source address.
     * @param destination the IPv4 destination address of the same packet.
     * @param out         buffer receiving the IPv6 source; untouched when not mapped.
     * @param outOffset   of the first address byte.
     * @return false when the source cannot be mapped.
     */
    default boolean ipv4SourceToIpv6(
        final int source, final int destination, final MutableDirectBuffer out, final int outOffset)
    {
        return ipv4ToIpv6(source, true, out, outOffset);
    }
}
