package io.xlat.dns64.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads and writes socket addresses kept as raw bytes in the layout of Linux's {@code struct sockaddr_in} and
 * {@code struct sockaddr_in6}, the form {@code recvmmsg(2)} fills in, so that a datagram's source can travel from
 * receive to answer without an {@link InetSocketAddress} per query:
 * <pre>
 *   sockaddr_in  (16 bytes)            sockaddr_in6 (28 bytes)
 *   0  family  u16, host byte order    0  family   u16, host byte order
 *   2  port    u16, network order      2  port     u16, network order
 *   4  address 4 bytes                 4  flowinfo u32
 *   8  zero    8 bytes                 8  address  16 bytes
 *                                      24 scope id u32, host byte order
 * </pre>
 * The family and scope id are in host byte order because the kernel writes them so (the one place this project
 * leaves {@code ByteOrder.BIG_ENDIAN}); the {@link #AF_INET}/{@link #AF_INET6} values are Linux's, and the
 * portable {@link ChannelDatagramIo} writes the same values so that both implementations share one format.
 */
public final class SocketAddressBytes
{
    /** Room for the largest form, {@code sizeof(struct sockaddr_in6)}. */
    public static final int CAPACITY = 28;
    /** {@code sizeof(struct sockaddr_in)}. */
    public static final int IPV4_LENGTH = 16;
    /** {@code sizeof(struct sockaddr_in6)}. */
    public static final int IPV6_LENGTH = 28;
    /** Linux {@code AF_INET}. */
    public static final int AF_INET = 2;
    /** Linux {@code AF_INET6}. */
    public static final int AF_INET6 = 10;

    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private SocketAddressBytes()
    {
    }

    /**
     * The address family.
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return {@link #AF_INET}, {@link #AF_INET6} or another raw value.
     */
    public static int family(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset, HOST) & 0xFFFF;
    }

    /**
     * The length of the address by its family.
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return 16 for IPv4, 28 for IPv6, 0 for an unknown family.
     */
    public static int length(final DirectBuffer buffer, final int offset)
    {
        final int family = family(buffer, offset);
        return family == AF_INET ? IPV4_LENGTH : family == AF_INET6 ? IPV6_LENGTH : 0;
    }

    /**
     * The port.
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return 0..65535.
     */
    public static int port(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Whether the address is IPv4: {@code AF_INET}, or {@code AF_INET6} with an IPv4-mapped address
     * ({@code ::ffff:0:0/96}, RFC 4291 2.5.5.2), as a dual-stack socket reports IPv4 clients.
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return true when {@link #ipv4(DirectBuffer, int)} applies.
     */
    public static boolean isIpv4(final DirectBuffer buffer, final int offset)
    {
        final int family = family(buffer, offset);
        return family == AF_INET || (family == AF_INET6 && buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN) == 0 &&
            buffer.getInt(offset + 16, ByteOrder.BIG_ENDIAN) == 0xFFFF);
    }

    /**
     * The IPv4 address of an {@code AF_INET} or IPv4-mapped {@code AF_INET6} address.
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return the address as an int, most significant byte first.
     */
    public static int ipv4(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + (family(buffer, offset) == AF_INET ? 4 : 20), ByteOrder.BIG_ENDIAN);
    }

    /**
     * The upper half of an {@code AF_INET6} address.
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return bytes 0..7 of the IPv6 address.
     */
    public static long ipv6High(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
    }

    /**
     * The lower half of an {@code AF_INET6} address.
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return bytes 8..15 of the IPv6 address.
     */
    public static long ipv6Low(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 16, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Compares two raw addresses (family, port, address; IPv6 flow info and scope id too).
     *
     * @param a       first buffer.
     * @param aOffset first offset.
     * @param b       second buffer.
     * @param bOffset second offset.
     * @return true when both have the same length and bytes.
     */
    public static boolean equals(final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset)
    {
        final int length = length(a, aOffset);
        if (length == 0 || length != length(b, bOffset))
        {
            return false;
        }
        for (int i = 0; i < length; i += 4)
        {
            if (a.getInt(aOffset + i) != b.getInt(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes an address (cold path: {@link InetAddress#getAddress()} copies the address into a new array).
     *
     * @param address a resolved address.
     * @param buffer  where to write, {@link #CAPACITY} bytes available.
     * @param offset  where the address starts.
     * @return the bytes written, 16 or 28.
     */
    public static int encode(final InetSocketAddress address, final MutableDirectBuffer buffer, final int offset)
    {
        final InetAddress ip = address.getAddress();
        final byte[] bytes = ip.getAddress();
        buffer.setMemory(offset, CAPACITY, (byte)0);
        buffer.putShort(offset + 2, (short)address.getPort(), ByteOrder.BIG_ENDIAN);
        if (ip instanceof Inet4Address)
        {
            buffer.putShort(offset, (short)AF_INET, HOST);
            buffer.putBytes(offset + 4, bytes);
            return IPV4_LENGTH;
        }
        buffer.putShort(offset, (short)AF_INET6, HOST);
        buffer.putBytes(offset + 8, bytes);
        buffer.putInt(offset + 24, ((Inet6Address)ip).getScopeId(), HOST);
        return IPV6_LENGTH;
    }

    /**
     * Builds the {@link InetSocketAddress} of a raw address (cold path: allocates).
     *
     * @param buffer holding the address.
     * @param offset of the address.
     * @return the address.
     * @throws IllegalArgumentException for an unknown family.
     */
    public static InetSocketAddress decode(final DirectBuffer buffer, final int offset)
    {
        final int family = family(buffer, offset);
        final byte[] bytes;
        if (family == AF_INET)
        {
            bytes = new byte[4];
            buffer.getBytes(offset + 4, bytes);
        }
        else if (family == AF_INET6)
        {
            bytes = new byte[16];
            buffer.getBytes(offset + 8, bytes);
        }
        else
        {
            throw new IllegalArgumentException("family=" + family + ": neither AF_INET nor AF_INET6");
        }
        try
        {
            final int scope = family == AF_INET6 ? buffer.getInt(offset + 24, HOST) : 0;
            final InetAddress ip = scope != 0 ? Inet6Address.getByAddress(null, bytes, scope) :
                InetAddress.getByAddress(bytes);
            return new InetSocketAddress(ip, port(buffer, offset));
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("address length=" + bytes.length, ex);
        }
    }
}
