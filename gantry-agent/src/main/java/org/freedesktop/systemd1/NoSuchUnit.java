package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.NoSuchUnit}; see package-info. */
public class NoSuchUnit extends DBusExecutionException {
    public NoSuchUnit(String message) {
        super(message);
    }
}
