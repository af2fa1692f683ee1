/**
 * D-Bus errors of systemd-machined, named as on the bus: dbus-java instantiates a remote error as the
 * class of the same name, and raises a nameless {@code DBusExecutionException} when there is none.
 */
package org.freedesktop.machine1;
