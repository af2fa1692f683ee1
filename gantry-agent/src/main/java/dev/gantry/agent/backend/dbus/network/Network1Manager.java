package dev.gantry.agent.backend.dbus.network;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The methods of {@code org.freedesktop.network1.Manager} that gantryd calls (systemd-networkd). */
@DBusInterfaceName(Network1Manager.INTERFACE)
public interface Network1Manager extends DBusInterface {
    String SERVICE = "org.freedesktop.network1";
    String INTERFACE = "org.freedesktop.network1.Manager";
    String PATH = "/org/freedesktop/network1";

    /** Re-reads .netdev and .network files; links whose matching file changed are reconfigured. */
    void Reload();

    /** Reconfigures one link by its ifindex with the .network file that matches it now. */
    void ReconfigureLink(int ifindex);
}
