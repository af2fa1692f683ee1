package dev.gantry.agent.backend.dbus;

import dev.gantry.common.http.ApiException;
import java.util.Set;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.exceptions.NotConnected;

/**
 * An error answer from the bus, by its D-Bus error name ({@code org.freedesktop.systemd1.NoSuchUnit}).
 * It is itself a 500 problem; modules map the names they know to better statuses with {@link #is}.
 */
public final class BusError extends ApiException {
    private static final Set<String> BUS_LOST = Set.of(
            "org.freedesktop.DBus.Error.Disconnected", "org.freedesktop.DBus.Local.Disconnected");
    private static final Set<String> SERVICE_MISSING = Set.of(
            "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NoReply",
            "org.freedesktop.DBus.Error.Timeout", "org.freedesktop.DBus.Error.TimedOut",
            "org.freedesktop.DBus.Error.NameHasNoOwner", "org.freedesktop.DBus.Error.Spawn.Failed",
            "org.freedesktop.DBus.Error.Spawn.ChildExited");
    private static final Set<String> NOT_AUTHORIZED = Set.of(
            "org.freedesktop.DBus.Error.AccessDenied", "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired");

    private final String name;
    private final boolean lost;

    private BusError(String name, String message, boolean lost) {
        super(500, "dbus-error", "The host's service answered with an error", name + ": " + message);
        this.name = name;
        this.lost = lost;
    }

    static BusError of(DBusExecutionException e) {
        String type = e.getType() != null ? e.getType() : e.getClass().getName();
        // dbus-java keeps the standard errors as classes in org.freedesktop.dbus.errors: give them back
        // their D-Bus names (org.freedesktop.DBus.Error.AccessDenied), which the sets above use.
        if (type.startsWith(DBUS_JAVA_ERRORS)) {
            type = "org.freedesktop.DBus.Error." + type.substring(DBUS_JAVA_ERRORS.length());
        }
        return new BusError(type, String.valueOf(e.getMessage()), e instanceof NotConnected);
    }

    private static final String DBUS_JAVA_ERRORS = "org.freedesktop.dbus.errors.";

    static BusError of(DBusException e) {
        // dbus-java names error classes after the D-Bus error they stand for.
        return new BusError(e.getClass().getName(), String.valueOf(e.getMessage()), false);
    }

    /** The D-Bus error name. */
    public String name() {
        return name;
    }

    public String message() {
        String full = getMessage();
        return full.substring(full.indexOf(": ") + 2);
    }

    public boolean is(String errorName) {
        return name.equals(errorName);
    }

    boolean meansBusLost() {
        return lost || BUS_LOST.contains(name);
    }

    boolean meansServiceMissing() {
        return SERVICE_MISSING.contains(name);
    }

    boolean meansNotAuthorized() {
        return NOT_AUTHORIZED.contains(name);
    }
}
