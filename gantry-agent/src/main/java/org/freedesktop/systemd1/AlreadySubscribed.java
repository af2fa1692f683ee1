package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.AlreadySubscribed}; see package-info. */
public class AlreadySubscribed extends DBusExecutionException {
    public AlreadySubscribed(String message) {
        super(message);
    }
}
