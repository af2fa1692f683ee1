package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.UnitBusy}; see package-info. */
public class UnitBusy extends DBusExecutionException {
    public UnitBusy(String message) {
        super(message);
    }
}
