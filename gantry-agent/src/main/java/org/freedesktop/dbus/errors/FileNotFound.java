package org.freedesktop.dbus.errors;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.DBus.Error.FileNotFound}, which dbus-java 5.2 has no class for (it
 * looks for the error's classes in this package); without it the error's name would be lost.
 */
public class FileNotFound extends DBusExecutionException {
    public FileNotFound(String message) {
        super(message);
    }
}
