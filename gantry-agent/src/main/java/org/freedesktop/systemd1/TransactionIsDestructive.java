package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.TransactionIsDestructive}; see package-info. */
public class TransactionIsDestructive extends DBusExecutionException {
    public TransactionIsDestructive(String message) {
        super(message);
    }
}
