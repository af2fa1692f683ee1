package dev.gantry.agent.backend.dbus.login;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;

/** The methods of {@code org.freedesktop.login1.Manager} that gantryd calls (systemd-logind). */
@DBusInterfaceName(Login1Manager.INTERFACE)
public interface Login1Manager extends DBusInterface {
    String SERVICE = "org.freedesktop.login1";
    String INTERFACE = "org.freedesktop.login1.Manager";
    String PATH = "/org/freedesktop/login1";

    List<UserEntry> ListUsers();

    List<SessionEntry> ListSessions();

    List<SeatEntry> ListSeats();

    DBusPath GetUser(UInt32 uid);

    DBusPath GetSession(String sessionId);

    void TerminateSession(String sessionId);

    void KillUser(UInt32 uid, int signal);

    /** {@code (uso)}: uid, user name, object path. */
    final class UserEntry extends Struct {
        @Position(0)
        public final UInt32 uid;
        @Position(1)
        public final String name;
        @Position(2)
        public final DBusPath path;

        public UserEntry(UInt32 uid, String name, DBusPath path) {
            this.uid = uid;
            this.name = name;
            this.path = path;
        }
    }

    /** {@code (susso)}: session id, uid, user name, seat id, object path. */
    final class SessionEntry extends Struct {
        @Position(0)
        public final String id;
        @Position(1)
        public final UInt32 uid;
        @Position(2)
        public final String user;
        @Position(3)
        public final String seat;
        @Position(4)
        public final DBusPath path;

        public SessionEntry(String id, UInt32 uid, String user, String seat, DBusPath path) {
            this.id = id;
            this.uid = uid;
            this.user = user;
            this.seat = seat;
            this.path = path;
        }
    }

    /** {@code (so)}: seat id, object path. */
    final class SeatEntry extends Struct {
        @Position(0)
        public final String id;
        @Position(1)
        public final DBusPath path;

        public SeatEntry(String id, DBusPath path) {
            this.id = id;
            this.path = path;
        }
    }
}
