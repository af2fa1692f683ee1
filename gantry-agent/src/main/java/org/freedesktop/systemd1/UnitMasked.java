package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.UnitMasked}; see package-info. */
public class UnitMasked extends DBusExecutionException {
    public UnitMasked(String message) {
        super(message);
    }
}
