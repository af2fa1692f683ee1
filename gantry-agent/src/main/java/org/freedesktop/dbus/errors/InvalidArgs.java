package org.freedesktop.dbus.errors;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.DBus.Error.InvalidArgs}, which dbus-java 5.2 has no class for (it
 * looks for the error's classes in this package); without it the error's name would be lost.
 */
public class InvalidArgs extends DBusExecutionException {
    public InvalidArgs(String message) {
        super(message);
    }
}
