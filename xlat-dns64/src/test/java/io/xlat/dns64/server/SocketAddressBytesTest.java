package io.xlat.dns64.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SocketAddressBytesTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SocketAddressBytes.CAPACITY + 4]);

    @Test
    void ipv4IsWrittenAsLinuxSockaddrIn() throws Exception
    {
        final int length = SocketAddressBytes.encode(
            new InetSocketAddress(InetAddress.getByName("192.0.2.33"), 5353), buffer, 4);
        assertEquals(16, length);
        // struct sockaddr_in: sin_family in host order, sin_port and sin_addr in network order.
        final ByteBuffer expected = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        expected.putShort((short)2).order(ByteOrder.BIG_ENDIAN).putShort((short)5353)
            .put(new byte[] {(byte)192, 0, 2, 33});
        for (int i = 0; i < 16; i++)
        {
            assertEquals(expected.get(i), buffer.getByte(4 + i), "byte " + i);
        }
        assertTrue(SocketAddressBytes.isIpv4(buffer, 4));
        assertEquals(0xC0000221, SocketAddressBytes.ipv4(buffer, 4));
        assertEquals(5353, SocketAddressBytes.port(buffer, 4));
        assertEquals(16, SocketAddressBytes.length(buffer, 4));
    }

    @Test
    void ipv6RoundTripsWithItsHalves() throws Exception
    {
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("2001:db8::1:2"), 65000);
        assertEquals(28, SocketAddressBytes.encode(address, buffer, 0));
        assertFalse(SocketAddressBytes.isIpv4(buffer, 0));
        assertEquals(0x20010db800000000L, SocketAddressBytes.ipv6High(buffer, 0));
        assertEquals(0x0000000000010002L, SocketAddressBytes.ipv6Low(buffer, 0));
        assertEquals(address, SocketAddressBytes.decode(buffer, 0));
    }

    @Test
    void ipv4MappedIpv6FromADualStackSocketCountsAsIpv4() throws Exception
    {
        // What the kernel writes for an IPv4 client of an AF_INET6 socket: ::ffff:198.51.100.7 in a sockaddr_in6.
        buffer.setMemory(0, SocketAddressBytes.CAPACITY, (byte)0);
        buffer.putShort(0, (short)SocketAddressBytes.AF_INET6, ByteOrder.nativeOrder());
        buffer.putShort(2, (short)53, ByteOrder.BIG_ENDIAN);
        buffer.putShort(18, (short)0xFFFF, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(20, new byte[] {(byte)198, 51, 100, 7});
        assertTrue(SocketAddressBytes.isIpv4(buffer, 0));
        assertEquals(0xC6336407, SocketAddressBytes.ipv4(buffer, 0));
        assertEquals(new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 53),
            SocketAddressBytes.decode(buffer, 0));
    }

    @Test
    void addressesDifferingOnlyInPortAreNotEqual() throws Exception
    {
        final UnsafeBuffer other = new UnsafeBuffer(new byte[SocketAddressBytes.CAPACITY]);
        SocketAddressBytes.encode(new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 1000), buffer, 0);
        SocketAddressBytes.encode(new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 1000), other, 0);
        assertTrue(SocketAddressBytes.equals(buffer, 0, other, 0));
        SocketAddressBytes.encode(new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 1001), other, 0);
        assertFalse(SocketAddressBytes.equals(buffer, 0, other, 0));
    }
}
