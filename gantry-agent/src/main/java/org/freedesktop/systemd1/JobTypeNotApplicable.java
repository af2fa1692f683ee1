package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** The D-Bus error {@code org.freedesktop.systemd1.JobTypeNotApplicable}; see package-info. */
public class JobTypeNotApplicable extends DBusExecutionException {
    public JobTypeNotApplicable(String message) {
        super(message);
    }
}
