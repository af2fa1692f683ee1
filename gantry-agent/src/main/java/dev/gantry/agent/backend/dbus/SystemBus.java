package dev.gantry.agent.backend.dbus;

import dev.gantry.common.http.ApiException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one connection to the system bus, shared by every module.
 *
 * <p>It connects on first use and again after the bus went away (dbus.service restarted, the
 * connection dropped). While the bus cannot be reached, every call fails with a 503 problem, so a
 * client can tell "try again" from "you asked for something wrong". Code that subscribes to signals
 * or caches what it read registers an {@link #onConnect} hook: it runs on every new connection,
 * which is where signal handlers are added again and caches start afresh.
 */
public final class SystemBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemBus.class);
    static final String BACKEND = "The system D-Bus";
    /**
     * How long one connect may retry a bus that is not there. dbus-java retries every 500 ms for its
     * transport timeout (default 10 s), under our connect lock: with the bus down every request would
     * wait 10 s for its 503. One retry is enough to ride out a bus socket being re-created.
     */
    static final int CONNECT_TIMEOUT_MILLIS = 1000;

    /** Opens a connection; {@code onLost} must be told when it breaks. */
    @FunctionalInterface
    public interface Connector {
        DBusConnection connect(IDisconnectCallback onLost) throws DBusException;
    }

    /** One use of the connection. */
    @FunctionalInterface
    public interface BusCall<R> {
        R apply(DBusConnection connection) throws DBusException;
    }

    private final Connector connector;
    private final List<Consumer<DBusConnection>> hooks = new CopyOnWriteArrayList<>();
    private final Object connecting = new Object();
    private volatile DBusConnection connection;
    private volatile boolean closed;

    public SystemBus(Connector connector) {
        this.connector = connector;
    }

    /** The host's system bus ({@code DBUS_SYSTEM_BUS_ADDRESS}, else {@code /run/dbus/system_bus_socket}). */
    public static SystemBus system() {
        return new SystemBus(onLost -> DBusConnectionBuilder.forSystemBus().withShared(false)
                .withDisconnectCallback(onLost).transportConfig().withTimeout(CONNECT_TIMEOUT_MILLIS).back().build());
    }

    /** A bus at a D-Bus address such as {@code unix:path=/tmp/bus}: for tests against a private daemon. */
    public static SystemBus at(String address) {
        return new SystemBus(onLost -> DBusConnectionBuilder.forAddress(address).withShared(false)
                .withDisconnectCallback(onLost).transportConfig().withTimeout(CONNECT_TIMEOUT_MILLIS).back().build());
    }

    /**
     * Runs {@code call} on the current connection, connecting first if needed. A bus that cannot be
     * reached, or one lost during the call, is a 503; polkit refusing the agent is a 500 naming the
     * rule that should allow it. Every other error from the remote side is returned to the caller
     * as a {@link BusError} to map to its own status (unknown unit → 404, and so on).
     */
    public <R> R call(BusCall<R> call) {
        DBusConnection current = connection();
        try {
            return call.apply(current);
        } catch (DBusExecutionException e) {
            throw translate(current, BusError.of(e));
        } catch (DBusException e) {
            throw translate(current, BusError.of(e));
        }
    }

    /** Runs {@code hook} on the current connection (if any) and on every later one. */
    public void onConnect(Consumer<DBusConnection> hook) {
        hooks.add(hook);
        DBusConnection current = connection;
        if (current != null) {
            hook.accept(current);
        }
    }

    public boolean connected() {
        DBusConnection current = connection;
        return current != null && current.isConnected();
    }

    /** The live connection, made now if there is none. */
    public DBusConnection connection() {
        DBusConnection current = connection;
        if (current != null && current.isConnected()) {
            return current;
        }
        synchronized (connecting) {
            current = connection;
            if (current != null && current.isConnected()) {
                return current;
            }
            if (closed) {
                throw ApiException.unavailable(BACKEND, "the agent is stopping");
            }
            DBusConnection fresh;
            try {
                fresh = connector.connect(new LostCallback());
            } catch (DBusException | RuntimeException e) {
                throw ApiException.unavailable(BACKEND, "cannot connect to the system bus: " + e.getMessage());
            }
            connection = fresh;
            LOG.info("connected to the system bus as {}", fresh.getUniqueName());
            for (Consumer<DBusConnection> hook : hooks) {
                try {
                    hook.accept(fresh);
                } catch (RuntimeException e) {
                    LOG.warn("a system bus connect hook failed", e);
                }
            }
            return fresh;
        }
    }

    private ApiException translate(DBusConnection used, BusError error) {
        if (error.meansBusLost() || !used.isConnected()) {
            drop(used);
            return ApiException.unavailable(BACKEND, "the system bus went away: " + error.message());
        }
        if (error.meansServiceMissing()) {
            return ApiException.unavailable(BACKEND, error.message());
        }
        if (error.meansNotAuthorized()) {
            return new ApiException(500, "host-refused", "The host refused the agent",
                    "the host refused gantryd (" + error.name() + ": " + error.message() + "); is polkit running and "
                            + "/usr/share/polkit-1/rules.d/50-gantry.rules installed?");
        }
        return error;
    }

    private void drop(DBusConnection lost) {
        synchronized (connecting) {
            if (connection == lost) {
                connection = null;
            }
        }
        lost.disconnect();
    }

    @Override
    public void close() {
        closed = true;
        DBusConnection current;
        synchronized (connecting) {
            current = connection;
            connection = null;
        }
        if (current != null) {
            current.disconnect();
        }
    }

    /** Forgets a connection the library reports broken, so the next call makes a new one. */
    private final class LostCallback implements IDisconnectCallback {
        @Override
        public void disconnectOnError(IOException e) {
            LOG.warn("lost the system bus: {}", e.getMessage());
            synchronized (connecting) {
                DBusConnection current = connection;
                if (current != null && !current.isConnected()) {
                    connection = null;
                }
            }
        }
    }
}
