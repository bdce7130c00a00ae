package io.xlat.examples.dns64;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import io.xlat.examples.io.LinuxSyscalls;

/**
 * The libc socket calls of {@link MmsgDatagramIo}, bound once through the FFM linker with {@code errno} captured
 * into a per-caller state segment ({@link LinuxSyscalls#errnoDowncall}, {@link LinuxSyscalls#captureState},
 * {@link LinuxSyscalls#errno}: one place for the FFM plumbing of the TUN and socket code). Pointers are passed as
 * {@code long}: on the 64-bit Linux ABIs a pointer and a 64-bit integer travel in the same register, and the raw
 * address of a direct buffer needs no {@code MemorySegment} per call.
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


    /** {@code int recvmmsg(int fd, struct mmsghdr *vec, unsigned vlen, int flags, struct timespec *timeout)}. */
    static final MethodHandle RECVMMSG = LinuxSyscalls.errnoDowncall("recvmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG));

    /** {@code int sendmmsg(int fd, struct mmsghdr *vec, unsigned vlen, int flags)}. */
    static final MethodHandle SENDMMSG = LinuxSyscalls.errnoDowncall("sendmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));

    /** {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *addrlen)}. */
    static final MethodHandle GETSOCKNAME = LinuxSyscalls.errnoDowncall("getsockname",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));

    /** {@code int getsockopt(int fd, int level, int name, void *value, socklen_t *length)}. */
    static final MethodHandle GETSOCKOPT = LinuxSyscalls.errnoDowncall("getsockopt",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));

    private MmsgSyscalls()
    {
    }
}
