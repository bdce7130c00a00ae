package io.xlat.core.nat64;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.addr.SiitAddressMapper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The address mapping of one stateful NAT64 packet (RFC 6146 3.6, 3.7), so that the stateless translator (RFC
 * 7915) can do the header rewrite: the translator binds the session's pool4 address and IPv6 host before each
 * packet, and the SIIT code asks this mapper for addresses as it would ask pool6/EAMT.
 * <p>
 * The SIIT translator passes {@code isSource = true} for the addresses on the sending side of the outer packet
 * (the outer source, and the inner destination of an ICMP error) and {@code false} for the others, so:
 * <ul>
 *   <li>IPv6 -> IPv4: the IPv6 host side ({@code isSource}) becomes the bound pool4 address (also for an ICMPv6
 *   error sent by a router on the path: RFC 6146 3.6 sources translated errors from the session's pool4
 *   address); the other side is extracted from pool6 (RFC 6052 2.3, any prefix length).</li>
 *   <li>IPv4 -> IPv6: the remote side ({@code isSource}) is embedded in pool6 (RFC 6052 2.2); the pool4 side
 *   becomes the bound IPv6 host when it is the bound pool4 address.</li>
 * </ul>
 * Allocation-free; single-threaded (one per translator).
 */
final class Nat64AddressMapper implements AddressMapper
{
    private final SiitAddressMapper pool6;
    private int pool4Address;
    private long hostHigh;
    private long hostLow;

    Nat64AddressMapper(final SiitAddressMapper pool6)
    {
        this.pool6 = pool6;
    }

    /**
     * Binds the session of the packet about to be translated.
     *
     * @param pool4Address the session's pool4 address.
     * @param high         the IPv6 host, high 64 bits.
     * @param low          the IPv6 host, low 64 bits.
     */
    void bind(final int pool4Address, final long high, final long low)
    {
        this.pool4Address = pool4Address;
        this.hostHigh = high;
        this.hostLow = low;
    }

    SiitAddressMapper pool6()
    {
        return pool6;
    }

    @Override
    public boolean ipv4ToIpv6(
        final int ipv4, final boolean isSource, final MutableDirectBuffer out, final int outOffset)
    {
        if (isSource)
        {
            return pool6.ipv4ToIpv6ViaPool6(ipv4, out, outOffset);
        }
        if (ipv4 != pool4Address)
        {
            return false;
        }
        out.putLong(outOffset, hostHigh, ByteOrder.BIG_ENDIAN);
        out.putLong(outOffset + 8, hostLow, ByteOrder.BIG_ENDIAN);
        return true;
    }

    @Override
    public long ipv6ToIpv4(final DirectBuffer buffer, final int offset, final boolean isSource)
    {
        if (isSource)
        {
            return pool4Address & 0xFFFF_FFFFL;
        }
        return pool6.ipv6ToIpv4(buffer, offset, false);
    }
}
