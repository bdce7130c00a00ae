package io.xlat.examples.io;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls the TUN channel needs, bound once through the FFM linker (no JNI), with {@code errno} captured
 * into a per-channel state segment ({@link Linker.Option#captureCallState(String...)}).
 * <p>
 * Buffer pointers of {@code read}, {@code write}, {@code readv}, {@code writev} and {@code poll} are declared as
 * {@code long} rather than {@code ADDRESS}: on the 64-bit Linux ABIs (x86-64 System V, AArch64 AAPCS64) a pointer
 * and a 64-bit integer travel in the same integer register, and passing the raw address of an Agrona buffer
 * avoids creating a {@link MemorySegment} per call. The {@code ioctl} request numbers below use the generic
 * {@code _IOC} encoding of x86-64 and AArch64.
 * <p>
 * Restricted FFM methods are the point of this class (the JVM runs with {@code --enable-native-access}), hence the
 * suppressed {@code restricted} lint.
 */
@SuppressWarnings("restricted")
public final class LinuxSyscalls
{
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;

    static final short POLLIN = 0x001;
    static final short POLLERR = 0x008;
    static final short POLLHUP = 0x010;
    static final short POLLNVAL = 0x020;

    /** {@code _IOW('T', 202, int)}. */
    static final long TUNSETIFF = 0x400454caL;
    /** {@code _IOW('T', 203, int)}. */
    static final long TUNSETPERSIST = 0x400454cbL;
    /** {@code _IOR('T', 207, unsigned int)}. */
    static final long TUNGETFEATURES = 0x800454cfL;
    /** {@code _IOW('T', 208, unsigned int)}. */
    static final long TUNSETOFFLOAD = 0x400454d0L;
    /** {@code _IOR('T', 210, unsigned int)}: fills a struct ifreq with the name and flags. */
    static final long TUNGETIFF = 0x800454d2L;
    /** {@code _IOW('T', 216, int)}. */
    static final long TUNSETVNETHDRSZ = 0x400454d8L;
    /** {@code _IOW('T', 217, int)}: takes a struct ifreq with IFF_ATTACH_QUEUE or IFF_DETACH_QUEUE. */
    static final long TUNSETQUEUE = 0x400454d9L;

    /** {@code sizeof(struct ifreq)} on 64-bit Linux; the name is 16 bytes, the flags a short at offset 16. */
    static final int IFREQ_SIZE = 40;
    static final int IFNAMSIZ = 16;
    static final int IFREQ_FLAGS_OFFSET = 16;

    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();

    private static final VarHandle ERRNO =
        CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    /** {@code int open(const char *path, int flags, ... mode)}. */
    static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));

    /** {@code int ioctl(int fd, unsigned long request, void *arg)}. */
    static final MethodHandle IOCTL_POINTER = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO_OPTION,
        Linker.Option.firstVariadicArg(2));

    /** {@code int ioctl(int fd, unsigned long request, unsigned long value)}. */
    static final MethodHandle IOCTL_VALUE = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION,
        Linker.Option.firstVariadicArg(2));

    /** {@code ssize_t read(int fd, void *buf, size_t count)}, the pointer as a long. */
    static final MethodHandle READ = LINKER.downcallHandle(LIBC.find("read").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION);

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}, the pointer as a long. */
    static final MethodHandle WRITE = LINKER.downcallHandle(LIBC.find("write").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION);

    /** {@code ssize_t readv(int fd, const struct iovec *iov, int iovcnt)}, the pointer as a long. */
    static final MethodHandle READV = LINKER.downcallHandle(LIBC.find("readv").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO_OPTION);

    /** {@code ssize_t writev(int fd, const struct iovec *iov, int iovcnt)}, the pointer as a long. */
    static final MethodHandle WRITEV = LINKER.downcallHandle(LIBC.find("writev").orElseThrow(),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO_OPTION);

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}, the pointer as a long. */
    static final MethodHandle POLL = LINKER.downcallHandle(LIBC.find("poll").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), ERRNO_OPTION);

    /** {@code int close(int fd)}. */
    static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);

    /** {@code char *strerror(int errnum)}, for messages on the cold path. */
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
        FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LinuxSyscalls()
    {
    }

    /**
     * A downcall handle for a libc function that sets errno, captured into the state segment passed as the first
     * argument (see {@link #captureState(Arena)}); for the system calls other packages need (e.g. recvmmsg).
     *
     * @param name       the libc symbol.
     * @param descriptor its signature.
     * @return the handle.
     */
    public static MethodHandle errnoDowncall(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, ERRNO_OPTION);
    }

    /**
     * Allocates a call-state segment to pass as the first argument of the errno-capturing handles.
     *
     * @param arena the owner of the memory.
     * @return a segment of {@link #CAPTURE_LAYOUT}.
     */
    public static MemorySegment captureState(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /**
     * Reads the errno captured by the last call that used a state segment.
     *
     * @param state the segment from {@link #captureState(Arena)}.
     * @return the errno value.
     */
    public static int errno(final MemorySegment state)
    {
        return (int)ERRNO.get(state, 0L);
    }

    /**
     * Describes an errno value for an exception message (cold path).
     *
     * @param errno the value.
     * @return e.g. {@code "EPERM (Operation not permitted)"}-like text from libc, with the number.
     */
    public static String describe(final int errno)
    {
        try
        {
            final MemorySegment text = (MemorySegment)STRERROR.invokeExact(errno);
            return "errno=" + errno + " (" + text.reinterpret(256).getString(0) + ")";
        }
        catch (final Throwable ex)
        {
            return "errno=" + errno;
        }
    }
}
