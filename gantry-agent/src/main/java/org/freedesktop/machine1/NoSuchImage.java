package org.freedesktop.machine1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.machine1.NoSuchImage}: machined finds no such image in its search path (/var/lib/machines, …). dbus-java raises a remote error as
 * the class named after it, so this class is what lets gantryd tell this error from others.
 */
public final class NoSuchImage extends DBusExecutionException {
    public NoSuchImage(String message) {
        super(message);
    }
}
