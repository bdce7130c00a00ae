package io.xlat.examples.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.xlat.core.addr.Ipv6Addresses;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A raw ICMPv6 socket bound to one interface that receives Router Advertisements only and sends Router
 * Solicitations (RFC 4861 4.1, 4.2), through the FFM linker like {@link TunChannel}:
 * {@code socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)}, an {@code ICMP6_FILTER} passing type 134 only,
 * {@code SO_BINDTODEVICE}, and {@code IPV6_MINHOPCOUNT} 255 so the kernel drops any RA that crossed a router
 * (RFC 4861 6.1.2: the Hop Limit of a valid RA is 255). The kernel verifies the ICMPv6 checksum of what raw ICMPv6
 * sockets receive and computes it for what they send (RFC 3542 3.1).
 * <p>
 * Control plane: one thread receives (with a poll timeout so it can stop), allocation is fine. Needs
 * {@code CAP_NET_RAW}.
 */
@SuppressWarnings("restricted")
public final class RawIcmpv6Socket implements AutoCloseable
{
    /** ICMPv6 type of a Router Solicitation (RFC 4861 4.1). */
    public static final int ROUTER_SOLICITATION = 133;
    /** ICMPv6 type of a Router Advertisement (RFC 4861 4.2). */
    public static final int ROUTER_ADVERTISEMENT = 134;
    /** Largest message received: an RA fits the IPv6 minimum MTU many times over, but links can be jumbo. */
    public static final int MAX_MESSAGE = 65535;

    private static final int AF_INET6 = 10;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private static final int ICMP6_FILTER = 1;
    private static final int IPV6_MULTICAST_IF = 17;
    private static final int IPV6_MULTICAST_HOPS = 18;
    private static final int IPV6_MINHOPCOUNT = 73;
    private static final int SOCKADDR_IN6_SIZE = 28;
    private static final int MSG_DONTWAIT = 0x40;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = LINKER.downcallHandle(LIBC.find("socket").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle SETSOCKOPT = LINKER.downcallHandle(LIBC.find("setsockopt").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle RECVFROM = LINKER.downcallHandle(LIBC.find("recvfrom").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle SENDTO = LINKER.downcallHandle(LIBC.find("sendto").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle IF_NAMETOINDEX = LINKER.downcallHandle(
        LIBC.find("if_nametoindex").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO);

    private final String interfaceName;
    private final int interfaceIndex;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    private final MemorySegment message;
    private final MemorySegment from;
    private final MemorySegment fromLength;
    private final MemorySegment pollFd;
    private final UnsafeBuffer view;
    private boolean closed;

    private RawIcmpv6Socket(final String interfaceName, final int interfaceIndex, final int fd)
    {
        this.interfaceName = interfaceName;
        this.interfaceIndex = interfaceIndex;
        this.fd = fd;
        this.state = LinuxSyscalls.captureState(arena);
        this.message = arena.allocate(MAX_MESSAGE, 8);
        this.from = arena.allocate(SOCKADDR_IN6_SIZE, 8);
        this.fromLength = arena.allocate(JAVA_INT);
        this.pollFd = arena.allocate(8, 8);
        this.view = new UnsafeBuffer(message.address(), MAX_MESSAGE);
    }

    /**
     * Opens the socket on an interface.
     *
     * @param interfaceName the uplink, e.g. {@code wan}.
     * @return the open socket.
     * @throws IllegalStateException naming the interface and the errno when the interface is missing or a call
     *                               fails (e.g. EPERM without CAP_NET_RAW).
     */
    public static RawIcmpv6Socket open(final String interfaceName)
    {
        final int index;
        final int fd;
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment state = LinuxSyscalls.captureState(scratch);
            final MemorySegment name = scratch.allocateFrom(interfaceName, StandardCharsets.US_ASCII);
            index = (int)IF_NAMETOINDEX.invokeExact(state, name);
            if (index == 0)
            {
                throw new IllegalStateException("interface " + interfaceName + ": not found ("
                    + LinuxSyscalls.describe(LinuxSyscalls.errno(state)) + ")");
            }
            fd = (int)SOCKET.invokeExact(state, AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
            if (fd < 0)
            {
                throw new IllegalStateException("socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6): "
                    + LinuxSyscalls.describe(LinuxSyscalls.errno(state)));
            }
            try
            {
                // struct icmp6_filter: 256 bits, a set bit blocks the type (Linux); pass 134 only.
                final MemorySegment filter = scratch.allocate(32, 4);
                for (int word = 0; word < 8; word++)
                {
                    filter.set(ValueLayout.JAVA_INT_UNALIGNED, word * 4L, -1);
                }
                filter.set(ValueLayout.JAVA_INT_UNALIGNED, (ROUTER_ADVERTISEMENT >> 5) * 4L,
                    ~(1 << (ROUTER_ADVERTISEMENT & 31)));
                setOption(state, fd, IPPROTO_ICMPV6, ICMP6_FILTER, filter, "ICMP6_FILTER");
                setOption(state, fd, SOL_SOCKET, SO_BINDTODEVICE, name, "SO_BINDTODEVICE " + interfaceName);
                setOption(state, fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, scratch.allocateFrom(JAVA_INT, 255),
                    "IPV6_MINHOPCOUNT");
                setOption(state, fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, scratch.allocateFrom(JAVA_INT, 255),
                    "IPV6_MULTICAST_HOPS");
                setOption(state, fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, scratch.allocateFrom(JAVA_INT, index),
                    "IPV6_MULTICAST_IF");
            }
            catch (final IllegalStateException ex)
            {
                closeFd(fd);
                throw ex;
            }
        }
        catch (final IllegalStateException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("raw ICMPv6 socket on " + interfaceName + ": " + ex, ex);
        }
        return new RawIcmpv6Socket(interfaceName, index, fd);
    }

    private static void setOption(
        final MemorySegment state,
        final int fd,
        final int level,
        final int option,
        final MemorySegment value,
        final String what) throws Throwable
    {
        final int rc = (int)SETSOCKOPT.invokeExact(state, fd, level, option, value, (int)value.byteSize());
        if (rc != 0)
        {
            throw new IllegalStateException("setsockopt " + what + ": " + LinuxSyscalls.describe(
                LinuxSyscalls.errno(state)));
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for a message and receives it.
     *
     * @param timeoutMillis how long to wait.
     * @return the ICMPv6 message length (readable through {@link #message()}), 0 on timeout, or -errno.
     */
    public int receive(final int timeoutMillis)
    {
        try
        {
            pollFd.set(JAVA_INT, 0, fd);
            pollFd.set(ValueLayout.JAVA_SHORT, 4, LinuxSyscalls.POLLIN);
            pollFd.set(ValueLayout.JAVA_SHORT, 6, (short)0);
            final int ready = (int)LinuxSyscalls.POLL.invokeExact(state, pollFd.address(), 1L, timeoutMillis);
            if (ready <= 0)
            {
                return ready == 0 ? 0 : -LinuxSyscalls.errno(state);
            }
            fromLength.set(JAVA_INT, 0, SOCKADDR_IN6_SIZE);
            final long n = (long)RECVFROM.invokeExact(state, fd, message, (long)MAX_MESSAGE, MSG_DONTWAIT, from,
                fromLength);
            if (n < 0)
            {
                final int errno = LinuxSyscalls.errno(state);
                return errno == LinuxSyscalls.EAGAIN || errno == LinuxSyscalls.EINTR ? 0 : -errno;
            }
            return (int)n;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("recvfrom on " + interfaceName + ": " + ex, ex);
        }
    }

    /**
     * The last message received (ICMPv6 header first; raw ICMPv6 sockets carry no IPv6 header).
     *
     * @return a view over the receive buffer, valid until the next {@link #receive(int)}.
     */
    public UnsafeBuffer message()
    {
        return view;
    }

    /**
     * Whether the last message came from a link-local address (RFC 4861 6.1.2: an RA's source must be one).
     *
     * @return true for fe80::/10.
     */
    public boolean fromLinkLocal()
    {
        final int first = from.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 8) & 0xFFFF;
        return (first & 0xFFC0) == 0xFE80;
    }

    /**
     * The source address of the last message, as text (for logs).
     *
     * @return e.g. {@code fe80::1}.
     */
    public String fromText()
    {
        final ValueLayout.OfLong bigEndian = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        return Ipv6Addresses.format(from.get(bigEndian, 8), from.get(bigEndian, 16));
    }

    /**
     * Sends a Router Solicitation to all-routers (ff02::2) on the interface, so a router answers now instead of at
     * its next periodic RA (RFC 4861 6.3.7).
     *
     * @return true when the kernel took it.
     */
    public boolean sendRouterSolicitation()
    {
        try (Arena scratch = Arena.ofConfined())
        {
            // RFC 4861 4.1: type 133, code 0, checksum (kernel), 4 reserved bytes; no option without a source.
            final MemorySegment rs = scratch.allocate(8, 8);
            rs.set(ValueLayout.JAVA_BYTE, 0, (byte)ROUTER_SOLICITATION);
            final MemorySegment to = scratch.allocate(SOCKADDR_IN6_SIZE, 8);
            to.set(ValueLayout.JAVA_SHORT, 0, (short)AF_INET6);
            to.set(ValueLayout.JAVA_BYTE, 8, (byte)0xFF);
            to.set(ValueLayout.JAVA_BYTE, 9, (byte)0x02);
            to.set(ValueLayout.JAVA_BYTE, 23, (byte)0x02);
            to.set(JAVA_INT, 24, interfaceIndex);
            final MemorySegment sendState = LinuxSyscalls.captureState(scratch);
            final long n = (long)SENDTO.invokeExact(sendState, fd, rs, 8L, 0, to, SOCKADDR_IN6_SIZE);
            return n == 8;
        }
        catch (final Throwable ex)
        {
            return false;
        }
    }

    /**
     * The interface name.
     *
     * @return as given to {@link #open(String)}.
     */
    public String interfaceName()
    {
        return interfaceName;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        closeFd(fd);
        arena.close();
    }

    private static void closeFd(final int fd)
    {
        try
        {
            final int rc = (int)LinuxSyscalls.CLOSE.invokeExact(LinuxSyscalls.captureState(Arena.ofAuto()), fd);
            assert rc == 0 || rc == -1;
        }
        catch (final Throwable ex)
        {
            // closing a descriptor we own: nothing to do on failure
        }
    }
}
