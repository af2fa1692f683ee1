package org.freedesktop.login1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.login1.NoSuchUser}: logind knows no such user. dbus-java raises a remote error as
 * the class named after it, so this class is what lets gantryd tell this error from others.
 */
public final class NoSuchUser extends DBusExecutionException {
    public NoSuchUser(String message) {
        super(message);
    }
}
