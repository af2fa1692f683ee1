package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.TransactionOrderIsCyclic}; see package-info. */
public class TransactionOrderIsCyclic extends DBusExecutionException {
    public TransactionOrderIsCyclic(String message) {
        super(message);
    }
}
