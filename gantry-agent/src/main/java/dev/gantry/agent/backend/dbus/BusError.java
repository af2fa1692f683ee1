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

    private static final String DBUS_JAVA_ERRORS = "org.freedesktop.dbus.errors.";
    private static final String STANDARD_ERRORS = "org.freedesktop.DBus.Error.";
    /** What sd-bus says when polkit would ask for a password (src/libsystemd/sd-bus/bus-polkit.c). */
    private static final String POLKIT_REFUSAL = "Interactive authentication required";

    private final String name;
    private final boolean lost;

    private BusError(String name, String message, boolean lost) {
        super(500, "dbus-error", "The host's service answered with an error", name + ": " + message);
        this.name = name;
        this.lost = lost;
    }

    static BusError of(DBusExecutionException e) {
        return new BusError(name(e), String.valueOf(e.getMessage()), e instanceof NotConnected);
    }

    /**
     * The D-Bus error name of a remote error. dbus-java raises an error as the class named after it
     * ({@code org.freedesktop.login1.NoSuchSession}), except that the standard
     * {@code org.freedesktop.DBus.Error.X} become its own {@code org.freedesktop.dbus.errors.X}; an
     * error without a class arrives as a plain {@code DBusExecutionException}, its name lost.
     */
    public static String name(DBusExecutionException e) {
        String type = e.getType() != null ? e.getType() : e.getClass().getName();
        if (e.getClass() == DBusExecutionException.class && String.valueOf(e.getMessage()).startsWith(POLKIT_REFUSAL)) {
            // dbus-java has no class for this standard error and cannot get one (a class in its package
            // would split it), so the name is lost; polkit's fixed message is what is left of it.
            return STANDARD_ERRORS + "InteractiveAuthorizationRequired";
        }
        return type.startsWith(DBUS_JAVA_ERRORS) ? STANDARD_ERRORS + type.substring(DBUS_JAVA_ERRORS.length()) : type;
    }

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
