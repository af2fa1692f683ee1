package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.UnitLinked}; see package-info. */
public class UnitLinked extends DBusExecutionException {
    public UnitLinked(String message) {
        super(message);
    }
}
