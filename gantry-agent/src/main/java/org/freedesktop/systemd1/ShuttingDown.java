package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.ShuttingDown}; see package-info. */
public class ShuttingDown extends DBusExecutionException {
    public ShuttingDown(String message) {
        super(message);
    }
}
