package org.freedesktop.timedate1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.timedate1.NoNTPSupport}: timedated finds no NTP service to turn on. dbus-java raises a remote error as
 * the class named after it, so this class is what lets gantryd tell this error from others.
 */
public final class NoNTPSupport extends DBusExecutionException {
    public NoNTPSupport(String message) {
        super(message);
    }
}
