package dev.gantry.agent.backend.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code AF_NETLINK} socket ({@code NETLINK_ROUTE}, or {@code NETLINK_GENERIC} for ethtool): requests with their acknowledgement, dumps,
 * and (bound to multicast groups) the kernel's notifications. Not thread-safe: one caller at a
 * time (the {@link Rtnl} pool hands each socket to one request). The caller closes it.
 *
 * <p>The socket asks for extended acks (the kernel's error text) and capped acks (the kernel does
 * not echo the request back in an error). Receives read into one 64 KiB native buffer: a dump
 * chunk is at most 32 KiB, and a message larger than the buffer is reported, not cut.
 */
public final class NetlinkSocket implements AutoCloseable {
    static final int RECV_BUFFER = 64 * 1024;
    private static final int DUMP_RETRIES = 3;

    private final Arena arena;
    private final int fd;
    private final MemorySegment errno;
    private final MemorySegment recvBuf;
    private final MemorySegment kernelAddr;
    private MemorySegment sendBuf;
    private int seq;
    private boolean closed;

    private NetlinkSocket(Arena arena, int fd, MemorySegment errno) {
        this.arena = arena;
        this.fd = fd;
        this.errno = errno;
        this.recvBuf = arena.allocate(RECV_BUFFER, 8);
        this.sendBuf = arena.allocate(1024, 8);
        this.kernelAddr = arena.allocate(12, 4);
        kernelAddr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        this.seq = (int) (System.nanoTime() & 0x3fffffff);
    }

    /** A socket for requests and dumps. {@code timeoutMillis} bounds every wait for an answer. */
    public static NetlinkSocket open(int timeoutMillis) {
        return open(Libc.NETLINK_ROUTE, 0, timeoutMillis);
    }

    /** A generic-netlink socket (families such as ethtool) for requests; {@code timeoutMillis} as for {@link #open(int)}. */
    static NetlinkSocket openGeneric(int timeoutMillis) {
        return open(Libc.NETLINK_GENERIC, 0, timeoutMillis);
    }

    /** An nfnetlink socket (nf_tables) for requests; {@code timeoutMillis} as for {@link #open(int)}. */
    static NetlinkSocket openNetfilter(int timeoutMillis) {
        return open(Libc.NETLINK_NETFILTER, 0, timeoutMillis);
    }

    /**
     * A socket bound to the multicast {@code groups} (RTMGRP_* bits); {@code timeoutMillis} 0 waits
     * for ever on a receive.
     */
    static NetlinkSocket open(int groups, int timeoutMillis) {
        return open(Libc.NETLINK_ROUTE, groups, timeoutMillis);
    }

    private static NetlinkSocket open(int protocol, int groups, int timeoutMillis) {
        Libc.requireAvailable();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment errno = Libc.newErrnoSegment(arena);
            int fd = Libc.socket(errno, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
            if (fd < 0) {
                throw NetlinkException.ofErrno(Libc.errno(errno), "netlink socket");
            }
            NetlinkSocket socket = new NetlinkSocket(arena, fd, errno);
            try {
                socket.setup(groups, timeoutMillis);
            } catch (RuntimeException e) {
                socket.close();
                throw e;
            }
            return socket;
        } catch (RuntimeException e) {
            if (arena.scope().isAlive()) {
                try {
                    arena.close();
                } catch (IllegalStateException ignored) {
                    // already closed by socket.close()
                }
            }
            throw e;
        }
    }

    private void setup(int groups, int timeoutMillis) {
        MemorySegment one = arena.allocate(ValueLayout.JAVA_INT);
        one.set(ValueLayout.JAVA_INT, 0, 1);
        // Both are best-effort: kernels before 4.12 lack extended acks, and errors still arrive without them.
        Libc.setsockopt(errno, fd, Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, one, 4);
        Libc.setsockopt(errno, fd, Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, one, 4);
        if (groups != 0) {
            MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
            size.set(ValueLayout.JAVA_INT, 0, 1 << 20);
            Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size, 4);
        }
        if (timeoutMillis > 0) {
            MemorySegment tv = arena.allocate(16, 8);
            tv.set(ValueLayout.JAVA_LONG, 0, timeoutMillis / 1000);
            tv.set(ValueLayout.JAVA_LONG, 8, (timeoutMillis % 1000) * 1000L);
            if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, tv, 16) < 0) {
                throw NetlinkException.ofErrno(Libc.errno(errno), "netlink SO_RCVTIMEO");
            }
        }
        MemorySegment addr = arena.allocate(12, 4);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        addr.set(ValueLayout.JAVA_INT, 8, groups);
        if (Libc.bind(errno, fd, addr, 12) < 0) {
            throw NetlinkException.ofErrno(Libc.errno(errno), "netlink bind");
        }
    }

    /** Receives one message of a dump or a notification batch. */
    @FunctionalInterface
    public interface MessageVisitor {
        /** {@code seg} holds the whole message, header at offset 0. */
        void message(int type, MemorySegment seg);
    }

    /** Parses one dumped message into a value, or null to skip it. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(int type, MemorySegment message);
    }

    /**
     * Sends {@code request} as a dump and parses every answer with {@code parser}. A dump the
     * kernel marks inconsistent (the table changed under it) is repeated, up to three times.
     */
    <T> List<T> dump(Message request, Parser<T> parser) {
        for (int attempt = 1; ; attempt++) {
            List<T> out = new ArrayList<>();
            boolean consistent = exchange(request, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP, (type, msg) -> {
                T value = parser.parse(type, msg);
                if (value != null) {
                    out.add(value);
                }
            });
            if (consistent || attempt == DUMP_RETRIES) {
                return out;
            }
        }
    }

    /** Sends {@code request} (not a dump) and parses the one answer; null if the parser skipped it. */
    <T> T get(Message request, Parser<T> parser) {
        Object[] got = new Object[1];
        exchange(request, Nl.NLM_F_REQUEST, (type, msg) -> got[0] = parser.parse(type, msg));
        @SuppressWarnings("unchecked")
        T value = (T) got[0];
        return value;
    }

    /** Sends {@code request} with NLM_F_ACK and waits for the kernel's answer; its error is thrown. */
    void execute(Message request) {
        exchange(request, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | request.flags(), (type, msg) -> { });
    }

    /** Returns false if the dump was marked interrupted (NLM_F_DUMP_INTR). */
    private boolean exchange(Message request, int flags, MessageVisitor visitor) {
        ensureOpen();
        int mySeq = ++seq;
        Message m = request;
        byte[] bytes = m.finish(mySeq);
        MemorySegment.ofArray(bytes).set(Attrs.SHORT, 6, (short) (flags | m.flags()));
        if (bytes.length > sendBuf.byteSize()) {
            sendBuf = arena.allocate(bytes.length, 8);
        }
        MemorySegment.copy(bytes, 0, sendBuf, ValueLayout.JAVA_BYTE, 0, bytes.length);
        long sent;
        do {
            sent = Libc.sendto(errno, fd, sendBuf, bytes.length, 0, kernelAddr, 12);
        } while (sent < 0 && Libc.errno(errno) == Libc.EINTR);
        if (sent < 0) {
            throw NetlinkException.ofErrno(Libc.errno(errno), "netlink send");
        }
        boolean consistent = true;
        while (true) {
            int n = receive();
            long pos = 0;
            while (pos + Nl.NLMSG_HDRLEN <= n) {
                int len = recvBuf.get(Attrs.INT, pos);
                if (len < Nl.NLMSG_HDRLEN || pos + len > n) {
                    throw new NetlinkException(0, "malformed netlink answer (message length " + len + ")", null);
                }
                int type = recvBuf.get(Attrs.SHORT, pos + 4) & 0xffff;
                int msgFlags = recvBuf.get(Attrs.SHORT, pos + 6) & 0xffff;
                int msgSeq = recvBuf.get(Attrs.INT, pos + 8);
                MemorySegment msg = recvBuf.asSlice(pos, len);
                pos += Attrs.align(len);
                if (msgSeq != mySeq) {
                    continue; // a late answer to an earlier, abandoned request
                }
                if ((msgFlags & Nl.NLM_F_DUMP_INTR) != 0) {
                    consistent = false;
                }
                switch (type) {
                    case Nl.NLMSG_DONE:
                        return consistent;
                    case Nl.NLMSG_ERROR:
                        throwIfError(msg, msgFlags);
                        return consistent;
                    case Nl.NLMSG_NOOP:
                    case Nl.NLMSG_OVERRUN:
                        break;
                    default:
                        visitor.message(type, msg);
                        if ((msgFlags & Nl.NLM_F_MULTI) == 0 && (flags & Nl.NLM_F_DUMP) != Nl.NLM_F_DUMP
                                && (flags & Nl.NLM_F_ACK) == 0) {
                            return consistent;
                        }
                }
            }
        }
    }

    /** An NLMSG_ERROR message: error 0 is an acknowledgement; otherwise throws with the ext-ack text. */
    static void throwIfError(MemorySegment msg, int msgFlags) {
        if (msg.byteSize() < Nl.NLMSG_HDRLEN + 4) {
            throw new NetlinkException(0, "malformed netlink error message", null);
        }
        int error = msg.get(Attrs.INT, Nl.NLMSG_HDRLEN);
        if (error == 0) {
            return;
        }
        String extAck = null;
        if ((msgFlags & Nl.NLM_F_ACK_TLVS) != 0) {
            // struct nlmsgerr: error, then the request's header (and its payload unless capped), then TLVs.
            long tlvs = Nl.NLMSG_HDRLEN + 4 + Nl.NLMSG_HDRLEN;
            if ((msgFlags & Nl.NLM_F_CAPPED) == 0 && msg.byteSize() >= tlvs) {
                int requestLen = msg.get(Attrs.INT, Nl.NLMSG_HDRLEN + 4);
                tlvs = Nl.NLMSG_HDRLEN + 4 + Attrs.align(Math.max(requestLen, Nl.NLMSG_HDRLEN));
            }
            String[] text = new String[1];
            Attrs.walk(msg, tlvs, msg.byteSize(), (type, off, len) -> {
                if (type == Nl.NLMSGERR_ATTR_MSG && len > 0) {
                    text[0] = Attrs.string(msg, off, len);
                }
            });
            extAck = text[0];
        }
        int errnoValue = -error;
        String message = Libc.strerror(errnoValue) + (extAck == null ? "" : ": " + extAck);
        throw new NetlinkException(errnoValue, message, extAck, true);
    }

    /**
     * Receives one datagram into the socket's buffer and returns its length; a datagram larger than
     * the buffer is an error rather than a silently cut message.
     */
    private int receive() {
        while (true) {
            long n = Libc.recv(errno, fd, recvBuf, RECV_BUFFER, Libc.MSG_TRUNC);
            if (n < 0) {
                int e = Libc.errno(errno);
                if (e == Libc.EINTR) {
                    continue;
                }
                if (e == Libc.EAGAIN) {
                    throw new NetlinkException(e, "the kernel did not answer the netlink request in time", null);
                }
                throw NetlinkException.ofErrno(e, "netlink receive");
            }
            if (n > RECV_BUFFER) {
                throw new NetlinkException(0, "netlink message of " + n + " bytes exceeds the receive buffer", null);
            }
            return (int) n;
        }
    }

    /**
     * For a monitor: blocks until the kernel sends notifications and hands each message to
     * {@code visitor} in order. Returns the number of messages, or -1 if the kernel dropped
     * notifications because the socket's buffer was full (ENOBUFS): the caller should dump again.
     */
    int receiveNotifications(MessageVisitor visitor) {
        ensureOpen();
        long n;
        do {
            n = Libc.recv(errno, fd, recvBuf, RECV_BUFFER, Libc.MSG_TRUNC);
        } while (n < 0 && Libc.errno(errno) == Libc.EINTR);
        if (n < 0) {
            int e = Libc.errno(errno);
            if (e == 105) { // ENOBUFS
                return -1;
            }
            if (e == Libc.EAGAIN) { // the receive timeout: lets the monitor's thread notice a close
                return 0;
            }
            throw NetlinkException.ofErrno(e, "netlink receive");
        }
        int count = 0;
        long limit = Math.min(n, RECV_BUFFER);
        long pos = 0;
        while (pos + Nl.NLMSG_HDRLEN <= limit) {
            int len = recvBuf.get(Attrs.INT, pos);
            if (len < Nl.NLMSG_HDRLEN || pos + len > limit) {
                break;
            }
            int type = recvBuf.get(Attrs.SHORT, pos + 4) & 0xffff;
            if (type >= Nl.RTM_NEWLINK) {
                visitor.message(type, recvBuf.asSlice(pos, len));
                count++;
            }
            pos += Attrs.align(len);
        }
        return count;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket is closed");
        }
    }

    /** The descriptor; a monitor's stopper shuts it down to wake a blocked receive. */
    int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(fd);
        arena.close();
    }
}
