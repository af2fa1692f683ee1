package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.BadUnitSetting}; see package-info. */
public class BadUnitSetting extends DBusExecutionException {
    public BadUnitSetting(String message) {
        super(message);
    }
}
