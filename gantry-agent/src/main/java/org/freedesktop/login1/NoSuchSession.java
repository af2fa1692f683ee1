package org.freedesktop.login1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.login1.NoSuchSession}: logind knows no such session. dbus-java raises a remote error as
 * the class named after it, so this class is what lets gantryd tell this error from others.
 */
public final class NoSuchSession extends DBusExecutionException {
    public NoSuchSession(String message) {
        super(message);
    }
}
