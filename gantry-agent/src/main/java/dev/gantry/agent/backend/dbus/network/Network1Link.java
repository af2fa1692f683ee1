package dev.gantry.agent.backend.dbus.network;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The method of {@code org.freedesktop.network1.Link} that gantryd calls. */
@DBusInterfaceName(Network1Link.INTERFACE)
public interface Network1Link extends DBusInterface {
    String INTERFACE = "org.freedesktop.network1.Link";

    /** networkd's description of the link as JSON (what {@code networkctl status --json} shows). */
    String Describe();
}
