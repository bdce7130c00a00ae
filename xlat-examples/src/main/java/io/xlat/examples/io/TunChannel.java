package io.xlat.examples.io;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One queue of a Linux TUN device ({@code /dev/net/tun}, {@code IFF_TUN | IFF_NO_PI}: raw IP packets), driven
 * through the FFM API.
 * <p>
 * {@link #open(TunOptions)} opens the device (creating it when absent: {@code TUNSETIFF}), with optional
 * {@code IFF_MULTI_QUEUE} ({@link #openQueues(TunOptions)} opens one file descriptor per worker on the same
 * device) and {@code IFF_VNET_HDR} with {@code TUNSETOFFLOAD}. Addresses, MTU, routes and link state are set
 * outside, with {@code ip} (see {@link IpCommand} and docs/deployment.md).
 * <p>
 * {@link #read} and {@link #write} are one {@code read(2)}/{@code write(2)} straight on the memory of the Agrona
 * buffer when it is direct (no copy, no allocation); a heap buffer goes through one copy in a scratch area. The
 * descriptor is non-blocking by default: {@link #read} returns 0 when the queue is empty and the worker waits in
 * {@link #awaitReadable(int)} ({@code poll(2)}), whose timeout lets it notice a stop flag.
 * <p>
 * With a virtio-net header ({@link TunOptions#vnetHeader(boolean)} or offloads) the header is kept out of the
 * caller's buffer with {@code readv(2)}/{@code writev(2)}: after a read, {@link #readHeader()} describes the
 * packet just read (a GSO super-packet or a partial checksum, see {@link GsoSegmenter} and
 * {@link VirtioNetHeader#completeChecksum}); before a write, {@link #writeHeader()} may describe the packet to
 * write, and is cleared after each write.
 * <p>
 * Not thread-safe: one worker per queue ({@link #detachQueue()} and {@link #attachQueue()} may come from a control
 * thread). Supported on Linux x86-64 and AArch64.
 */
public final class TunChannel implements PacketChannel
{
    /** {@code IFF_TUN}. */
    static final short IFF_TUN = 0x0001;
    /** {@code IFF_NO_PI}: no 4-byte packet information prefix. */
    static final short IFF_NO_PI = 0x1000;
    /** {@code IFF_MULTI_QUEUE}. */
    static final short IFF_MULTI_QUEUE = 0x0100;
    /** {@code IFF_VNET_HDR}. */
    static final short IFF_VNET_HDR = 0x4000;
    /** {@code IFF_ATTACH_QUEUE}, for {@code TUNSETQUEUE}. */
    static final short IFF_ATTACH_QUEUE = 0x0200;
    /** {@code IFF_DETACH_QUEUE}, for {@code TUNSETQUEUE}. */
    static final short IFF_DETACH_QUEUE = 0x0400;

    private static final int SCRATCH_SIZE = 65_536 + 64;
    private static final int IOVEC_SIZE = 16;

    private final String name;
    private final int vnetHeaderSize;
    private final MemorySegment state;
    private final MemorySegment pollFd;
    private final MemorySegment iov;
    private final MemorySegment headerMemory;
    private final VirtioNetHeader readHeader = new VirtioNetHeader();
    private final VirtioNetHeader writeHeader = new VirtioNetHeader();
    private final UnsafeBuffer scratch;
    private int fd;
    private int lastErrno;

    private TunChannel(final int fd, final String name, final int vnetHeaderSize, final Arena arena)
    {
        this.fd = fd;
        this.name = name;
        this.vnetHeaderSize = vnetHeaderSize;
        this.state = LinuxSyscalls.captureState(arena);
        this.pollFd = arena.allocate(8, 8);
        this.iov = arena.allocate(IOVEC_SIZE * 2, 8);
        // Two headers side by side: the one the last read filled, the one the next write sends.
        this.headerMemory = arena.allocate(2L * TunOptions.VNET_HEADER_SIZE_MERGEABLE, 8);
        final UnsafeBuffer headers = new UnsafeBuffer(headerMemory.address(), (int)headerMemory.byteSize());
        readHeader.wrap(headers, 0);
        writeHeader.wrap(headers, TunOptions.VNET_HEADER_SIZE_MERGEABLE);
        final MemorySegment scratchMemory = arena.allocate(SCRATCH_SIZE, 64);
        this.scratch = new UnsafeBuffer(scratchMemory.address(), SCRATCH_SIZE);
        pollFd.set(JAVA_INT, 0, fd);
        pollFd.set(JAVA_SHORT, 4, LinuxSyscalls.POLLIN);
    }

    /**
     * Opens one queue of a TUN device (the first of several when {@link TunOptions#queues(int)} is above one: use
     * {@link #openQueues(TunOptions)} for all).
     *
     * @param options validated with {@link TunOptions#conclude()}.
     * @return the channel.
     * @throws IllegalStateException naming the device and errno when the kernel refuses (not root, no
     *                               {@code /dev/net/tun}, the device exists with other flags...).
     */
    public static TunChannel open(final TunOptions options)
    {
        options.conclude();
        return openOne(options, options.name());
    }

    /**
     * Opens {@link TunOptions#queues(int)} queues of one multiqueue TUN device, one per worker thread. The kernel
     * spreads received flows over the queues by flow hash; each queue can also write.
     *
     * @param options validated with {@link TunOptions#conclude()}.
     * @return the channels, in queue order.
     * @throws IllegalStateException when a queue cannot be opened (those already opened are closed).
     */
    public static TunChannel[] openQueues(final TunOptions options)
    {
        options.conclude();
        final TunChannel[] channels = new TunChannel[options.queues()];
        try
        {
            for (int i = 0; i < channels.length; i++)
            {
                channels[i] = openOne(options, i == 0 ? options.name() : channels[0].name());
            }
            return channels;
        }
        catch (final RuntimeException ex)
        {
            for (final TunChannel channel : channels)
            {
                if (channel != null)
                {
                    channel.close();
                }
            }
            throw ex;
        }
    }

    private static TunChannel openOne(final TunOptions options, final String requestedName)
    {
        // Auto arena: the native scratch memory lives as long as the channel object, so a late read racing
        // close() never touches freed memory.
        final Arena arena = Arena.ofAuto();
        final MemorySegment state = LinuxSyscalls.captureState(arena);
        final int flags = LinuxSyscalls.O_RDWR | LinuxSyscalls.O_CLOEXEC
            | (options.isNonBlocking() ? LinuxSyscalls.O_NONBLOCK : 0);
        final int fd;
        try
        {
            fd = (int)LinuxSyscalls.OPEN.invokeExact(state, arena.allocateFrom("/dev/net/tun"), flags, 0);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("open /dev/net/tun failed", ex);
        }
        if (fd < 0)
        {
            throw new IllegalStateException("open /dev/net/tun failed: " + LinuxSyscalls.describe(
                LinuxSyscalls.errno(state)));
        }
        try
        {
            final MemorySegment ifreq = arena.allocate(LinuxSyscalls.IFREQ_SIZE, 8);
            final byte[] nameBytes = requestedName.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(nameBytes, 0, ifreq, JAVA_BYTE, 0, nameBytes.length);
            short ifFlags = (short)(IFF_TUN | IFF_NO_PI);
            if (options.isMultiQueue())
            {
                ifFlags |= IFF_MULTI_QUEUE;
            }
            if (options.hasVnetHeader())
            {
                ifFlags |= IFF_VNET_HDR;
            }
            ifreq.set(JAVA_SHORT, LinuxSyscalls.IFREQ_FLAGS_OFFSET, ifFlags);
            ioctlPointer(state, fd, LinuxSyscalls.TUNSETIFF, ifreq, "TUNSETIFF name=" + requestedName);
            final String actualName = ifreq.asSlice(0, LinuxSyscalls.IFNAMSIZ).getString(0);
            if (options.hasVnetHeader())
            {
                final MemorySegment size = arena.allocate(JAVA_INT);
                size.set(JAVA_INT, 0, options.vnetHeaderSize());
                ioctlPointer(state, fd, LinuxSyscalls.TUNSETVNETHDRSZ, size, "TUNSETVNETHDRSZ name=" + actualName);
                ioctlValue(state, fd, LinuxSyscalls.TUNSETOFFLOAD, options.offloads(),
                    "TUNSETOFFLOAD name=" + actualName + " offloads=0x" + Integer.toHexString(options.offloads()));
            }
            if (options.persist() >= 0)
            {
                ioctlValue(state, fd, LinuxSyscalls.TUNSETPERSIST, options.persist(),
                    "TUNSETPERSIST name=" + actualName);
            }
            return new TunChannel(fd, actualName, options.vnetHeaderSize(), arena);
        }
        catch (final RuntimeException ex)
        {
            closeFd(fd);
            throw ex;
        }
    }

    private static void ioctlPointer(
        final MemorySegment state, final int fd, final long request, final MemorySegment arg, final String what)
    {
        final int rc;
        try
        {
            rc = (int)LinuxSyscalls.IOCTL_POINTER.invokeExact(state, fd, request, arg);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("ioctl " + what + " failed", ex);
        }
        if (rc < 0)
        {
            throw new IllegalStateException("ioctl " + what + " failed: "
                + LinuxSyscalls.describe(LinuxSyscalls.errno(state)));
        }
    }

    private static void ioctlValue(
        final MemorySegment state, final int fd, final long request, final long value, final String what)
    {
        final int rc;
        try
        {
            rc = (int)LinuxSyscalls.IOCTL_VALUE.invokeExact(state, fd, request, value);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("ioctl " + what + " failed", ex);
        }
        if (rc < 0)
        {
            throw new IllegalStateException("ioctl " + what + " failed: "
                + LinuxSyscalls.describe(LinuxSyscalls.errno(state)));
        }
    }

    private static void closeFd(final int fd)
    {
        try
        {
            final int rc = (int)LinuxSyscalls.CLOSE.invokeExact(LinuxSyscalls.captureState(Arena.ofAuto()), fd);
            assert rc == 0 || rc == -1;
        }
        catch (final Throwable ignored)
        {
            // Nothing to do on the cold path: the descriptor is gone or was never valid.
        }
    }

    /**
     * The interface name the kernel gave the device.
     *
     * @return e.g. {@code plat0}.
     */
    public String name()
    {
        return name;
    }

    /**
     * The size of the virtio-net header in front of each packet on the descriptor.
     *
     * @return 0 without {@code IFF_VNET_HDR}, else 10 or 12.
     */
    public int vnetHeaderSize()
    {
        return vnetHeaderSize;
    }

    /**
     * The virtio-net header of the packet the last successful {@link #read} returned.
     *
     * @return a flyweight owned by this channel; null without {@code IFF_VNET_HDR}.
     */
    @Override
    public VirtioNetHeader readHeader()
    {
        return vnetHeaderSize == 0 ? null : readHeader;
    }

    /**
     * The virtio-net header the next {@link #write} sends; zero (plain packet, complete checksum) unless set, and
     * cleared after each write.
     *
     * @return a flyweight owned by this channel; null without {@code IFF_VNET_HDR}.
     */
    @Override
    public VirtioNetHeader writeHeader()
    {
        return vnetHeaderSize == 0 ? null : writeHeader;
    }

    @Override
    public int read(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        if (fd < 0)
        {
            return CLOSED;
        }
        if (buffer.byteArray() != null || buffer.addressOffset() == 0)
        {
            return readViaScratch(buffer, offset, capacity);
        }
        buffer.boundsCheck(offset, capacity);
        final int n = readAt(buffer.addressOffset() + offset, capacity);
        Reference.reachabilityFence(buffer);
        return n;
    }

    private int readViaScratch(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        buffer.boundsCheck(offset, capacity);
        final int n = readAt(scratch.addressOffset(), Math.min(capacity, SCRATCH_SIZE));
        if (n > 0)
        {
            buffer.putBytes(offset, scratch, 0, n);
        }
        return n;
    }

    private int readAt(final long address, final int capacity)
    {
        final long n;
        try
        {
            if (vnetHeaderSize == 0)
            {
                n = (long)LinuxSyscalls.READ.invokeExact(state, fd, address, (long)capacity);
            }
            else
            {
                iov.set(JAVA_LONG, 0, headerMemory.address());
                iov.set(JAVA_LONG, 8, (long)vnetHeaderSize);
                iov.set(JAVA_LONG, 16, address);
                iov.set(JAVA_LONG, 24, (long)capacity);
                n = (long)LinuxSyscalls.READV.invokeExact(state, fd, iov.address(), 2);
            }
        }
        catch (final Throwable ex)
        {
            lastErrno = LinuxSyscalls.EINVAL;
            return ERROR;
        }
        if (n < 0)
        {
            return failure(LinuxSyscalls.errno(state));
        }
        if (n == 0)
        {
            return 0;
        }
        final long packet = n - vnetHeaderSize;
        if (packet > capacity)
        {
            // The kernel copied what fit and reported the whole length: the packet is cut, so it is dropped.
            return TOO_LONG;
        }
        return packet < 0 ? ERROR : (int)packet;
    }

    @Override
    public int write(final DirectBuffer buffer, final int offset, final int length)
    {
        if (fd < 0)
        {
            return CLOSED;
        }
        final int n;
        if (buffer.byteArray() != null || buffer.addressOffset() == 0)
        {
            if (length > SCRATCH_SIZE)
            {
                return TOO_LONG;
            }
            buffer.boundsCheck(offset, length);
            scratch.putBytes(0, buffer, offset, length);
            n = writeAt(scratch.addressOffset(), length);
        }
        else
        {
            buffer.boundsCheck(offset, length);
            n = writeAt(buffer.addressOffset() + offset, length);
            Reference.reachabilityFence(buffer);
        }
        return n;
    }

    private int writeAt(final long address, final int length)
    {
        final long n;
        try
        {
            if (vnetHeaderSize == 0)
            {
                n = (long)LinuxSyscalls.WRITE.invokeExact(state, fd, address, (long)length);
            }
            else
            {
                iov.set(JAVA_LONG, 0, headerMemory.address() + TunOptions.VNET_HEADER_SIZE_MERGEABLE);
                iov.set(JAVA_LONG, 8, (long)vnetHeaderSize);
                iov.set(JAVA_LONG, 16, address);
                iov.set(JAVA_LONG, 24, (long)length);
                n = (long)LinuxSyscalls.WRITEV.invokeExact(state, fd, iov.address(), 2);
                writeHeader.clear();
            }
        }
        catch (final Throwable ex)
        {
            lastErrno = LinuxSyscalls.EINVAL;
            return ERROR;
        }
        if (n < 0)
        {
            return failure(LinuxSyscalls.errno(state));
        }
        return (int)Math.max(0, n - vnetHeaderSize);
    }

    private int failure(final int errno)
    {
        if (errno == LinuxSyscalls.EAGAIN || errno == LinuxSyscalls.EINTR)
        {
            return 0;
        }
        lastErrno = errno;
        return errno == LinuxSyscalls.EBADF ? CLOSED : ERROR;
    }

    @Override
    public int awaitReadable(final int timeoutMillis)
    {
        if (fd < 0)
        {
            return CLOSED;
        }
        final int rc;
        try
        {
            pollFd.set(JAVA_SHORT, 6, (short)0);
            rc = (int)LinuxSyscalls.POLL.invokeExact(state, pollFd.address(), 1L, timeoutMillis);
        }
        catch (final Throwable ex)
        {
            lastErrno = LinuxSyscalls.EINVAL;
            return ERROR;
        }
        if (rc < 0)
        {
            return failure(LinuxSyscalls.errno(state));
        }
        if (rc == 0)
        {
            return 0;
        }
        final short revents = pollFd.get(JAVA_SHORT, 6);
        if ((revents & LinuxSyscalls.POLLNVAL) != 0)
        {
            return CLOSED;
        }
        if ((revents & (LinuxSyscalls.POLLERR | LinuxSyscalls.POLLHUP)) != 0 && (revents & LinuxSyscalls.POLLIN) == 0)
        {
            // A TUN queue reports POLLERR once its device is gone or the queue is detached.
            lastErrno = LinuxSyscalls.EIO;
            return ERROR;
        }
        return rc;
    }

    /**
     * Stops the kernel from delivering packets to this queue of a multiqueue device ({@code TUNSETQUEUE} with
     * {@code IFF_DETACH_QUEUE}), e.g. while its worker is stopped; the other queues take its flows.
     *
     * @throws IllegalStateException when the kernel refuses (the device is not multiqueue, the queue is detached).
     */
    public void detachQueue()
    {
        setQueue(IFF_DETACH_QUEUE, "detach");
    }

    /**
     * Attaches this queue again after {@link #detachQueue()}.
     *
     * @throws IllegalStateException when the kernel refuses.
     */
    public void attachQueue()
    {
        setQueue(IFF_ATTACH_QUEUE, "attach");
    }

    private void setQueue(final short flag, final String what)
    {
        if (fd < 0)
        {
            throw new IllegalStateException("name=" + name + " is closed");
        }
        // Own memory: a control thread may call this while the worker polls and reads with the channel's.
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment request = arena.allocate(LinuxSyscalls.IFREQ_SIZE, 8);
            request.set(JAVA_SHORT, LinuxSyscalls.IFREQ_FLAGS_OFFSET, flag);
            ioctlPointer(LinuxSyscalls.captureState(arena), fd, LinuxSyscalls.TUNSETQUEUE, request,
                "TUNSETQUEUE " + what + " name=" + name);
        }
    }

    @Override
    public int lastErrno()
    {
        return lastErrno;
    }

    @Override
    public void close()
    {
        final int old = fd;
        if (old >= 0)
        {
            fd = -1;
            closeFd(old);
        }
    }

    @Override
    public String toString()
    {
        return "TunChannel{name=" + name + ", fd=" + fd + ", vnetHeaderSize=" + vnetHeaderSize + "}";
    }
}
