package dev.gantry.agent.backend.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls a netlink socket needs (socket, bind, sendto, recv, setsockopt, close, strerror)
 * and the ethtool ioctl, bound once through FFM. Every handle captures errno
 * into a caller-supplied segment ({@link #newErrnoSegment}), so a failed call's errno is read
 * before anything else can overwrite it.
 *
 * <p>None of the handles is "critical": {@code recv} on a monitor socket blocks, and a request's
 * {@code recv} may wait for the kernel; a critical call would hold off the garbage collector.
 */
final class Libc {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int NETLINK_GENERIC = 16;
    static final int NETLINK_NETFILTER = 12;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int MSG_TRUNC = 0x20;

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    private static final MethodHandle SOCKET;
    private static final MethodHandle BIND;
    private static final MethodHandle SENDTO;
    private static final MethodHandle RECV;
    private static final MethodHandle CLOSE;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle STRERROR;
    private static final MethodHandle IOCTL;
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Throwable UNAVAILABLE;

    static {
        MethodHandle socket = null;
        MethodHandle bind = null;
        MethodHandle sendto = null;
        MethodHandle recv = null;
        MethodHandle close = null;
        MethodHandle setsockopt = null;
        MethodHandle strerror = null;
        MethodHandle ioctl = null;
        Throwable failure = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            ValueLayout i = ValueLayout.JAVA_INT;
            ValueLayout l = ValueLayout.JAVA_LONG;
            ValueLayout p = ValueLayout.ADDRESS;
            socket = linker.downcallHandle(libc.find("socket").orElseThrow(), FunctionDescriptor.of(i, i, i, i), errno);
            bind = linker.downcallHandle(libc.find("bind").orElseThrow(), FunctionDescriptor.of(i, i, p, i), errno);
            sendto = linker.downcallHandle(libc.find("sendto").orElseThrow(),
                    FunctionDescriptor.of(l, i, p, l, i, p, i), errno);
            recv = linker.downcallHandle(libc.find("recv").orElseThrow(), FunctionDescriptor.of(l, i, p, l, i), errno);
            close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(i, i));
            setsockopt = linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
                    FunctionDescriptor.of(i, i, i, i, p, i), errno);
            // ioctl is variadic: the third argument (a pointer here) is passed as a variadic one.
            ioctl = linker.downcallHandle(libc.find("ioctl").orElseThrow(), FunctionDescriptor.of(i, i, l, p),
                    Linker.Option.firstVariadicArg(2), errno);
            strerror = linker.downcallHandle(libc.find("strerror").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)), i));
        } catch (Throwable e) {
            // A JVM without native access (or without libc symbols): every socket open reports this.
            failure = e;
        }
        SOCKET = socket;
        BIND = bind;
        SENDTO = sendto;
        RECV = recv;
        CLOSE = close;
        SETSOCKOPT = setsockopt;
        STRERROR = strerror;
        IOCTL = ioctl;
        UNAVAILABLE = failure;
    }

    private Libc() {
    }

    static void requireAvailable() {
        if (UNAVAILABLE != null) {
            throw new NetlinkException(0, "native access to libc is unavailable: " + UNAVAILABLE, null);
        }
    }

    static MemorySegment newErrnoSegment(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(errno, domain, type, protocol);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static int bind(MemorySegment errno, int fd, MemorySegment addr, int len) {
        try {
            return (int) BIND.invokeExact(errno, fd, addr, len);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static long sendto(MemorySegment errno, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        try {
            return (long) SENDTO.invokeExact(errno, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static long recv(MemorySegment errno, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECV.invokeExact(errno, fd, buf, len, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static int setsockopt(MemorySegment errno, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(errno, fd, level, name, value, len);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static int ioctl(MemorySegment errno, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(errno, fd, request, arg);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The C library's text for an errno ("File exists"). */
    static String strerror(int errno) {
        if (STRERROR == null) {
            return "errno " + errno;
        }
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.getString(0);
        } catch (Throwable e) {
            return "errno " + errno;
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }
}
