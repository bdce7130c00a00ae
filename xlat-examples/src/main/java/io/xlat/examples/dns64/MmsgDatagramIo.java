package io.xlat.examples.dns64;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.dns64.server.DatagramBatch;
import io.xlat.dns64.server.DatagramIo;
import io.xlat.dns64.server.SocketAddressBytes;
import io.xlat.examples.io.LinuxSyscalls;

/**
 * A {@link DatagramIo} over Linux's {@code recvmmsg(2)} and {@code sendmmsg(2)} through FFM: one system call
 * receives a whole batch of queries and one sends a whole batch of answers, where {@code DatagramChannel} takes a
 * {@code recvfrom} and a {@code sendto} per query. The {@code mmsghdr} and {@code iovec} arrays are built once per
 * batch and point straight into the batch's direct buffers (datagrams and raw {@code sockaddr}s), so a call copies
 * nothing in Java and allocates nothing.
 * <p>
 * The socket stays the server's {@link DatagramChannel} (bound, non-blocking, registered with its selector); its
 * file descriptor is found without JDK internals by scanning {@code /proc/self/fd} for the one datagram socket
 * whose {@code getsockname} is the channel's local address. {@link #open(DatagramChannel)} fails when there is no
 * such socket or more than one (e.g. two listeners on one port with {@code SO_REUSEADDR}), and the caller can
 * fall back to {@link io.xlat.dns64.server.ChannelDatagramIo}.
 */
public final class MmsgDatagramIo implements DatagramIo
{
    /** {@code EINTR} retries of one send before the rest of the batch is given up. */
    private static final int MAX_INTERRUPTS = 3;
    /** Kernel structures are in host byte order (not wire data, hence not BIG_ENDIAN). */
    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment state;
    private DatagramBatch receiveBatch;
    private UnsafeBuffer receiveHeaders;
    private DatagramBatch sendBatch;
    private UnsafeBuffer sendHeaders;

    private MmsgDatagramIo(final int fd)
    {
        this.fd = fd;
        this.state = LinuxSyscalls.captureState(arena);
    }

    /**
     * Creates the I/O of a bound listener channel ({@link DatagramIo.Factory} shape: {@code MmsgDatagramIo::open}).
     *
     * @param channel bound and non-blocking.
     * @return its I/O.
     * @throws IOException when the channel's socket cannot be identified.
     */
    public static MmsgDatagramIo open(final DatagramChannel channel) throws IOException
    {
        return new MmsgDatagramIo(descriptorOf(channel));
    }

    /**
     * The file descriptor behind the I/O (for tests and diagnostics).
     *
     * @return the fd.
     */
    public int descriptor()
    {
        return fd;
    }

    @Override
    public void receive(final DatagramBatch batch) throws IOException
    {
        if (batch != receiveBatch)
        {
            receiveHeaders = headers(batch);
            receiveBatch = batch;
        }
        final UnsafeBuffer headers = receiveHeaders;
        final int capacity = Math.min(batch.capacity(), MmsgSyscalls.MAX_VLEN);
        for (int i = 0; i < capacity; i++)
        {
            // The kernel overwrites msg_namelen with the length it wrote.
            headers.putInt(i * MmsgSyscalls.MMSGHDR_SIZE + MmsgSyscalls.MSG_NAMELEN_OFFSET,
                SocketAddressBytes.CAPACITY, HOST);
        }
        batch.systemCalls(1);
        final int received;
        try
        {
            received = (int)MmsgSyscalls.RECVMMSG.invokeExact(state, fd, headers.addressOffset(), capacity,
                MmsgSyscalls.MSG_DONTWAIT, 0L);
        }
        catch (final Throwable ex)
        {
            batch.count(0);
            throw new IOException("recvmmsg fd=" + fd, ex);
        }
        if (received < 0)
        {
            batch.count(0);
            final int errno = LinuxSyscalls.errno(state);
            if (errno == MmsgSyscalls.EAGAIN || errno == MmsgSyscalls.EINTR)
            {
                return;
            }
            throw new IOException("recvmmsg fd=" + fd + ": " + LinuxSyscalls.describe(errno));
        }
        for (int i = 0; i < received; i++)
        {
            final int header = i * MmsgSyscalls.MMSGHDR_SIZE;
            final int flags = headers.getInt(header + MmsgSyscalls.MSG_FLAGS_OFFSET, HOST);
            batch.length(i, (flags & MmsgSyscalls.MSG_TRUNC) != 0 ? DatagramBatch.TRUNCATED :
                headers.getInt(header + MmsgSyscalls.MSG_LEN_OFFSET, HOST));
        }
        batch.count(received);
    }

    @Override
    public int send(final DatagramBatch batch)
    {
        if (batch != sendBatch)
        {
            sendHeaders = headers(batch);
            sendBatch = batch;
        }
        final UnsafeBuffer headers = sendHeaders;
        final UnsafeBuffer addresses = batch.addresses();
        final int count = batch.count();
        final int iovecs = batch.capacity() * MmsgSyscalls.MMSGHDR_SIZE;
        for (int i = 0; i < count; i++)
        {
            headers.putInt(i * MmsgSyscalls.MMSGHDR_SIZE + MmsgSyscalls.MSG_NAMELEN_OFFSET,
                SocketAddressBytes.length(addresses, batch.addressOffset(i)), HOST);
            headers.putLong(iovecs + i * MmsgSyscalls.IOVEC_SIZE + 8, batch.length(i), HOST);
        }
        int done = 0;
        int sent = 0;
        int calls = 0;
        int interrupts = 0;
        // Bounded: every round sends at least one datagram, skips one, or stops (EINTR at most MAX_INTERRUPTS).
        while (done < count)
        {
            final int result = sendmmsg(headers.addressOffset() + (long)done * MmsgSyscalls.MMSGHDR_SIZE,
                Math.min(count - done, MmsgSyscalls.MAX_VLEN));
            calls++;
            if (result > 0)
            {
                done += result;
                sent += result;
                continue;
            }
            final int errno = LinuxSyscalls.errno(state);
            if (errno == MmsgSyscalls.EINTR && interrupts++ < MAX_INTERRUPTS)
            {
                continue;
            }
            if (errno == MmsgSyscalls.EAGAIN)
            {
                // Send buffer full: UDP may drop, and so do we (the caller counts what was not sent).
                break;
            }
            // The first datagram of the rest was refused (e.g. EPERM from a firewall): skip it, go on.
            done++;
        }
        batch.systemCalls(calls);
        return sent;
    }

    private int sendmmsg(final long vector, final int length)
    {
        try
        {
            return (int)MmsgSyscalls.SENDMMSG.invokeExact(state, fd, vector, length, MmsgSyscalls.MSG_DONTWAIT);
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /**
     * Builds the {@code mmsghdr} array of a batch followed by its {@code iovec} array (cold: once per batch), one
     * entry per slot, pointing at the slot's datagram and address.
     */
    private static UnsafeBuffer headers(final DatagramBatch batch)
    {
        final int capacity = batch.capacity();
        final int iovecs = capacity * MmsgSyscalls.MMSGHDR_SIZE;
        final UnsafeBuffer headers = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(iovecs + capacity * MmsgSyscalls.IOVEC_SIZE, 64));
        final long data = batch.buffer().addressOffset();
        final long addresses = batch.addresses().addressOffset();
        for (int i = 0; i < capacity; i++)
        {
            final int header = i * MmsgSyscalls.MMSGHDR_SIZE;
            final int iovec = iovecs + i * MmsgSyscalls.IOVEC_SIZE;
            headers.putLong(header + MmsgSyscalls.MSG_NAME_OFFSET, addresses + batch.addressOffset(i), HOST);
            headers.putInt(header + MmsgSyscalls.MSG_NAMELEN_OFFSET, SocketAddressBytes.CAPACITY, HOST);
            headers.putLong(header + MmsgSyscalls.MSG_IOV_OFFSET, headers.addressOffset() + iovec, HOST);
            headers.putLong(header + MmsgSyscalls.MSG_IOVLEN_OFFSET, 1L, HOST);
            headers.putLong(iovec, data + batch.offset(i), HOST);
            headers.putLong(iovec + 8, batch.slotSize(), HOST);
        }
        return headers;
    }

    /**
     * Finds the descriptor of a bound datagram channel: the one {@code SOCK_DGRAM} socket among {@code
     * /proc/self/fd} whose local address (family, port, IP) is the channel's.
     */
    static int descriptorOf(final DatagramChannel channel) throws IOException
    {
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[SocketAddressBytes.CAPACITY]);
        final int length = SocketAddressBytes.encode((InetSocketAddress)channel.getLocalAddress(), expected, 0);
        int found = -1;
        int matches = 0;
        try (Arena scratch = Arena.ofConfined();
            DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd")))
        {
            final MemorySegment callState = LinuxSyscalls.captureState(scratch);
            final MemorySegment value = scratch.allocate(SocketAddressBytes.CAPACITY, 8);
            final MemorySegment valueLength = scratch.allocate(ValueLayout.JAVA_INT);
            final UnsafeBuffer actual = new UnsafeBuffer(value.address(), SocketAddressBytes.CAPACITY);
            for (final Path entry : fds)
            {
                final int candidate = parseDescriptor(entry);
                if (candidate < 0 || !isDatagramSocket(entry, candidate, callState, value, valueLength))
                {
                    continue;
                }
                valueLength.set(ValueLayout.JAVA_INT, 0, SocketAddressBytes.CAPACITY);
                final int result = (int)MmsgSyscalls.GETSOCKNAME.invokeExact(callState, candidate, value.address(),
                    valueLength.address());
                if (result == 0 && valueLength.get(ValueLayout.JAVA_INT, 0) == length &&
                    sameLocalAddress(expected, actual))
                {
                    found = candidate;
                    matches++;
                }
            }
        }
        catch (final IOException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IOException("looking up the socket of " + channel.getLocalAddress(), ex);
        }
        if (matches != 1)
        {
            throw new IOException("local=" + channel.getLocalAddress() + ": " + matches +
                " datagram sockets in /proc/self/fd have this address, need exactly one");
        }
        return found;
    }

    private static int parseDescriptor(final Path entry)
    {
        try
        {
            return Integer.parseInt(entry.getFileName().toString());
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static boolean isDatagramSocket(
        final Path entry,
        final int candidate,
        final MemorySegment callState,
        final MemorySegment value,
        final MemorySegment valueLength) throws Throwable
    {
        final String target;
        try
        {
            target = Files.readSymbolicLink(entry).toString();
        }
        catch (final IOException ex)
        {
            // Closed since the listing (the listing's own descriptor among them).
            return false;
        }
        if (!target.startsWith("socket:"))
        {
            return false;
        }
        valueLength.set(ValueLayout.JAVA_INT, 0, 4);
        final int result = (int)MmsgSyscalls.GETSOCKOPT.invokeExact(callState, candidate, MmsgSyscalls.SOL_SOCKET,
            MmsgSyscalls.SO_TYPE, value.address(), valueLength.address());
        return result == 0 && value.get(ValueLayout.JAVA_INT, 0) == MmsgSyscalls.SOCK_DGRAM;
    }

    /** Family, port and IP; not the IPv6 flow info or scope id. */
    private static boolean sameLocalAddress(final UnsafeBuffer expected, final UnsafeBuffer actual)
    {
        final int family = SocketAddressBytes.family(expected, 0);
        if (family != SocketAddressBytes.family(actual, 0) ||
            SocketAddressBytes.port(expected, 0) != SocketAddressBytes.port(actual, 0))
        {
            return false;
        }
        if (family == SocketAddressBytes.AF_INET)
        {
            return expected.getInt(4) == actual.getInt(4);
        }
        return expected.getLong(8) == actual.getLong(8) && expected.getLong(16) == actual.getLong(16);
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
