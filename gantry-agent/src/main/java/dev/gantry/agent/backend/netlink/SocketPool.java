package dev.gantry.agent.backend.netlink;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A few open netlink sockets lent to one call at a time, so concurrent requests never share a
 * socket and a request costs no socket(2)/bind(2). Thread-safe. A socket that failed other than by a
 * kernel refusal (whose error message ends the exchange cleanly) is closed, not reused.
 */
final class SocketPool implements AutoCloseable {
    private final Supplier<NetlinkSocket> opener;
    private final int size;
    private final String what;
    private final ConcurrentLinkedQueue<NetlinkSocket> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();
    private volatile boolean closed;

    /** {@code size} sockets are kept open at most; {@code what} names the client in errors. */
    SocketPool(Supplier<NetlinkSocket> opener, int size, String what) {
        this.opener = opener;
        this.size = size;
        this.what = what;
    }

    @FunctionalInterface
    interface SocketCall<T> {
        T call(NetlinkSocket socket);
    }

    <T> T withSocket(SocketCall<T> call) {
        if (closed) {
            throw new IllegalStateException(what + " client is closed");
        }
        NetlinkSocket socket = pool.poll();
        if (socket != null) {
            pooled.decrementAndGet();
        } else {
            socket = opener.get();
        }
        boolean reusable = false;
        try {
            T result = call.call(socket);
            reusable = true;
            return result;
        } catch (NetlinkException e) {
            reusable = e.errno() != 0 && e.errno() != Libc.EAGAIN && e.kernelAnswer();
            throw e;
        } finally {
            // A race may keep one or two more than size open for a while; harmless.
            if (reusable && !closed && pooled.get() < size) {
                pooled.incrementAndGet();
                pool.offer(socket);
            } else {
                socket.close();
            }
        }
    }

    /** Sockets kept open for the next calls (for tests). */
    int size() {
        return pool.size();
    }

    @Override
    public void close() {
        closed = true;
        NetlinkSocket s;
        while ((s = pool.poll()) != null) {
            s.close();
        }
    }
}
