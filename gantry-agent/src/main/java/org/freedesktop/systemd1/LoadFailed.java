package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.LoadFailed}; see package-info. */
public class LoadFailed extends DBusExecutionException {
    public LoadFailed(String message) {
        super(message);
    }
}
