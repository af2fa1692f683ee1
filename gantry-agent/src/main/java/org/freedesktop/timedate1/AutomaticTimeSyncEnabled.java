package org.freedesktop.timedate1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.timedate1.AutomaticTimeSyncEnabled}: timedated refuses to set the time while NTP is on. dbus-java raises a remote error as
 * the class named after it, so this class is what lets gantryd tell this error from others.
 */
public final class AutomaticTimeSyncEnabled extends DBusExecutionException {
    public AutomaticTimeSyncEnabled(String message) {
        super(message);
    }
}
