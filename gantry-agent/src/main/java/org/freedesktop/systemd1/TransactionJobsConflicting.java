package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.TransactionJobsConflicting}; see package-info. */
public class TransactionJobsConflicting extends DBusExecutionException {
    public TransactionJobsConflicting(String message) {
        super(message);
    }
}
