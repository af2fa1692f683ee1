package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.OnlyByDependency}; see package-info. */
public class OnlyByDependency extends DBusExecutionException {
    public OnlyByDependency(String message) {
        super(message);
    }
}
