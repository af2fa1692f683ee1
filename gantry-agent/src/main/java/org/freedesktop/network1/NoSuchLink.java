package org.freedesktop.network1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.network1.NoSuchLink}: networkd does not know a link by that
 * index (yet). dbus-java raises a remote error as the class named after it, so this class is what lets
 * gantryd tell this error from others.
 */
public final class NoSuchLink extends DBusExecutionException {
    public NoSuchLink(String message) {
        super(message);
    }
}
