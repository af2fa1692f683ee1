package dev.gantry.agent.backend.dbus.hostname;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The methods of {@code org.freedesktop.hostname1} that gantryd calls (systemd-hostnamed). */
@DBusInterfaceName(Hostname1.INTERFACE)
public interface Hostname1 extends DBusInterface {
    String SERVICE = "org.freedesktop.hostname1";
    String INTERFACE = "org.freedesktop.hostname1";
    String PATH = "/org/freedesktop/hostname1";

    void SetHostname(String hostname, boolean interactive);

    void SetStaticHostname(String hostname, boolean interactive);

    void SetPrettyHostname(String hostname, boolean interactive);

    void SetChassis(String chassis, boolean interactive);

    void SetDeployment(String deployment, boolean interactive);

    void SetLocation(String location, boolean interactive);
}
