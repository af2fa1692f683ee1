package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.UnitGenerated}; see package-info. */
public class UnitGenerated extends DBusExecutionException {
    public UnitGenerated(String message) {
        super(message);
    }
}
