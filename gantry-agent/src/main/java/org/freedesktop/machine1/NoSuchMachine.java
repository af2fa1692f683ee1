package org.freedesktop.machine1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.machine1.NoSuchMachine}: machined knows no such machine. dbus-java raises a remote error as
 * the class named after it, so this class is what lets gantryd tell this error from others.
 */
public final class NoSuchMachine extends DBusExecutionException {
    public NoSuchMachine(String message) {
        super(message);
    }
}
