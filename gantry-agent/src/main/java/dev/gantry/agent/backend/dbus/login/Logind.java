package dev.gantry.agent.backend.dbus.login;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.SystemBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.errors.UnknownObject;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.UInt32;

/**
 * systemd-logind over the shared {@link SystemBus}: users, sessions and seats with their
 * properties, and the two actions gantryd offers (end a session, signal a user's processes).
 * Unknown users and sessions come back empty (reads) or {@code false} (actions).
 */
public final class Logind {
    static final String USER_INTERFACE = "org.freedesktop.login1.User";
    static final String SESSION_INTERFACE = "org.freedesktop.login1.Session";
    static final String SEAT_INTERFACE = "org.freedesktop.login1.Seat";
    static final String NO_SUCH_USER = org.freedesktop.login1.NoSuchUser.class.getName();
    static final String NO_SUCH_SESSION = org.freedesktop.login1.NoSuchSession.class.getName();

    private final SystemBus bus;

    public Logind(SystemBus bus) {
        this.bus = bus;
    }

    /** One logind object: its id as logind lists it and its properties. */
    public record Entry(String id, PropertyValues properties) {
    }

    public List<Entry> users() {
        return bus.call(conn -> {
            List<Entry> users = new ArrayList<>();
            for (Login1Manager.UserEntry u : manager(conn).ListUsers()) {
                readOrSkip(conn, u.path, USER_INTERFACE)
                        .ifPresent(p -> users.add(new Entry(Long.toString(u.uid.longValue()), p)));
            }
            return users;
        });
    }

    public Optional<PropertyValues> user(long uid) {
        return bus.call(conn -> {
            try {
                DBusPath path = manager(conn).GetUser(new UInt32(uid));
                return readOrSkip(conn, path, USER_INTERFACE);
            } catch (DBusExecutionException e) {
                rethrowUnless(e, NO_SUCH_USER);
                return Optional.empty();
            }
        });
    }

    public List<Entry> sessions() {
        return bus.call(conn -> {
            List<Entry> sessions = new ArrayList<>();
            for (Login1Manager.SessionEntry s : manager(conn).ListSessions()) {
                readOrSkip(conn, s.path, SESSION_INTERFACE).ifPresent(p -> sessions.add(new Entry(s.id, p)));
            }
            return sessions;
        });
    }

    public Optional<PropertyValues> session(String id) {
        return bus.call(conn -> {
            try {
                DBusPath path = manager(conn).GetSession(id);
                return readOrSkip(conn, path, SESSION_INTERFACE);
            } catch (DBusExecutionException e) {
                rethrowUnless(e, NO_SUCH_SESSION);
                return Optional.empty();
            }
        });
    }

    public List<Entry> seats() {
        return bus.call(conn -> {
            List<Entry> seats = new ArrayList<>();
            for (Login1Manager.SeatEntry s : manager(conn).ListSeats()) {
                readOrSkip(conn, s.path, SEAT_INTERFACE).ifPresent(p -> seats.add(new Entry(s.id, p)));
            }
            return seats;
        });
    }

    /** Ends a session (its processes are killed); false if logind knows no such session. */
    public boolean terminateSession(String id) {
        return bus.call(conn -> {
            try {
                manager(conn).TerminateSession(id);
                return true;
            } catch (DBusExecutionException e) {
                rethrowUnless(e, NO_SUCH_SESSION);
                return false;
            }
        });
    }

    /** Sends {@code signal} to every process of the user; false if logind knows no such user. */
    public boolean killUser(long uid, int signal) {
        return bus.call(conn -> {
            try {
                manager(conn).KillUser(new UInt32(uid), signal);
                return true;
            } catch (DBusExecutionException e) {
                rethrowUnless(e, NO_SUCH_USER);
                return false;
            }
        });
    }

    private static Login1Manager manager(org.freedesktop.dbus.connections.impl.DBusConnection conn)
            throws org.freedesktop.dbus.exceptions.DBusException {
        return conn.getRemoteObject(Login1Manager.SERVICE, Login1Manager.PATH, Login1Manager.class);
    }

    /** An object listed a moment ago may be gone now (a session ended): skip it rather than fail the list. */
    private static Optional<PropertyValues> readOrSkip(org.freedesktop.dbus.connections.impl.DBusConnection conn,
                                                       DBusPath path, String iface)
            throws org.freedesktop.dbus.exceptions.DBusException {
        try {
            return Optional.of(PropertyValues.read(conn, Login1Manager.SERVICE, path.getPath(), iface));
        } catch (UnknownObject | UnknownMethod e) {
            return Optional.empty();
        }
    }

    /** Returns if {@code e} is logind's "no such" error {@code errorName}; otherwise rethrows it for {@link SystemBus} to map. */
    private static void rethrowUnless(DBusExecutionException e, String errorName) {
        if (!errorName.equals(BusError.name(e))) {
            throw e;
        }
    }
}
