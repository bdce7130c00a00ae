package io.xlat.examples.dns64;

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
 * The libc socket calls of {@link MmsgDatagramIo}, bound once through the FFM linker with {@code errno} captured
 * into a per-caller state segment (the pattern of {@code io.xlat.examples.io.LinuxSyscalls}, kept separate so the
 * TUN code and this one do not share a class). Pointers are passed as {@code long}: on the 64-bit Linux ABIs a
 * pointer and a 64-bit integer travel in the same register, and the raw address of a direct buffer needs no
 * {@link MemorySegment} per call.
 * <p>
 * Layouts (x86-64 and AArch64 Linux):
 * <pre>
 *   struct mmsghdr (64 bytes)                 struct iovec (16 bytes)
 *   0  msg_name       void *                  0 iov_base void *
 *   8  msg_namelen    socklen_t (u32)         8 iov_len  size_t
 *   16 msg_iov        struct iovec *
 *   24 msg_iovlen     size_t
 *   32 msg_control    void *
 *   40 msg_controllen size_t
 *   48 msg_flags      int
 *   56 msg_len        unsigned int   (bytes received or sent, set by the kernel)
 * </pre>
 */
@SuppressWarnings("restricted")
final class MmsgSyscalls
{
    static final int MMSGHDR_SIZE = 64;
    static final int MSG_NAME_OFFSET = 0;
    static final int MSG_NAMELEN_OFFSET = 8;
    static final int MSG_IOV_OFFSET = 16;
    static final int MSG_IOVLEN_OFFSET = 24;
    static final int MSG_FLAGS_OFFSET = 48;
    static final int MSG_LEN_OFFSET = 56;
    static final int IOVEC_SIZE = 16;

    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final int SOL_SOCKET = 1;
    static final int SO_TYPE = 3;
    static final int SOCK_DGRAM = 2;

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** The most datagrams one {@code recvmmsg}/{@code sendmmsg} takes ({@code UIO_MAXIOV}). */
    static final int MAX_VLEN = 1024;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    /** {@code int recvmmsg(int fd, struct mmsghdr *vec, unsigned vlen, int flags, struct timespec *timeout)}. */
    static final MethodHandle RECVMMSG = LINKER.downcallHandle(LIBC.find("recvmmsg").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO_OPTION);

    /** {@code int sendmmsg(int fd, struct mmsghdr *vec, unsigned vlen, int flags)}. */
    static final MethodHandle SENDMMSG = LINKER.downcallHandle(LIBC.find("sendmmsg").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT), ERRNO_OPTION);

    /** {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *addrlen)}. */
    static final MethodHandle GETSOCKNAME = LINKER.downcallHandle(LIBC.find("getsockname").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION);

    /** {@code int getsockopt(int fd, int level, int name, void *value, socklen_t *length)}. */
    static final MethodHandle GETSOCKOPT = LINKER.downcallHandle(LIBC.find("getsockopt").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION);

    /** {@code char *strerror(int errnum)}, for messages on the cold path. */
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
        FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private MmsgSyscalls()
    {
    }

    /**
     * Allocates a call-state segment to pass as the first argument of the errno-capturing handles.
     *
     * @param arena the owner of the memory.
     * @return a segment of the capture layout.
     */
    static MemorySegment captureState(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /**
     * Reads the errno captured by the last call that used a state segment.
     *
     * @param state the segment from {@link #captureState(Arena)}.
     * @return the errno value.
     */
    static int errno(final MemorySegment state)
    {
        return (int)ERRNO.get(state, 0L);
    }

    /**
     * Describes an errno value for an exception message (cold path).
     *
     * @param errno the value.
     * @return the number and libc's text.
     */
    static String describe(final int errno)
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
