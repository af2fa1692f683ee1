package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.NoIsolation}; see package-info. */
public class NoIsolation extends DBusExecutionException {
    public NoIsolation(String message) {
        super(message);
    }
}
