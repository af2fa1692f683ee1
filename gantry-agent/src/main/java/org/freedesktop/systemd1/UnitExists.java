package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.UnitExists}; see package-info. */
public class UnitExists extends DBusExecutionException {
    public UnitExists(String message) {
        super(message);
    }
}
