package org.freedesktop.machine1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus error {@code org.freedesktop.machine1.NoPrivateNetworking}: the container shares the host's network, so machined reports no addresses of its own. dbus-java raises a remote error as
 * the class named after it, so this class is what lets gantryd tell this error from others.
 */
public final class NoPrivateNetworking extends DBusExecutionException {
    public NoPrivateNetworking(String message) {
        super(message);
    }
}
