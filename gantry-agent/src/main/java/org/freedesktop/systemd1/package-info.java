/**
 * systemd's D-Bus errors as classes. dbus-java turns an error reply into an exception by loading the
 * class named exactly like the error ({@code org.freedesktop.systemd1.UnitMasked}); without such a
 * class it throws a bare DBusExecutionException and the error's name is lost. With them,
 * {@code BusError.name()} is the D-Bus name, which the systemd module maps to 404 and 409.
 */
package org.freedesktop.systemd1;
