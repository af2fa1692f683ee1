package dev.gantry.agent.backend.netlink;

import java.util.Optional;

/**
 * A netlink call failed: a system call's errno, or the kernel's negative error in an
 * {@code NLMSG_ERROR} answer, with the extended-ack text the kernel gave (NETLINK_EXT_ACK), if any.
 */
public final class NetlinkException extends RuntimeException {
    /** errno values the modules map to HTTP statuses. */
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;

    private final int errno;
    private final String kernelMessage;

    private final boolean kernelAnswer;

    public NetlinkException(int errno, String message, String kernelMessage) {
        this(errno, message, kernelMessage, false);
    }

    NetlinkException(int errno, String message, String kernelMessage, boolean kernelAnswer) {
        super(message);
        this.errno = errno;
        this.kernelMessage = kernelMessage;
        this.kernelAnswer = kernelAnswer;
    }

    /** True when the kernel answered with this error (the exchange completed), not a local failure. */
    boolean kernelAnswer() {
        return kernelAnswer;
    }

    static NetlinkException ofErrno(int errno, String what) {
        return new NetlinkException(errno, what + ": " + Libc.strerror(errno), null);
    }

    /** The positive errno, 0 when the failure was not a system error (e.g. a malformed answer). */
    public int errno() {
        return errno;
    }

    /** The kernel's extended-ack message ("Invalid prefix for given prefix length"), when it sent one. */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }
}
