package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.UnitInactive}; see package-info. */
public class UnitInactive extends DBusExecutionException {
    public UnitInactive(String message) {
        super(message);
    }
}
