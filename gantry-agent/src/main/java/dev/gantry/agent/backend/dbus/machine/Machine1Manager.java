package dev.gantry.agent.backend.dbus.machine;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The methods of {@code org.freedesktop.machine1.Manager} that gantryd calls (systemd-machined). */
@DBusInterfaceName(Machine1Manager.INTERFACE)
public interface Machine1Manager extends DBusInterface {
    String SERVICE = "org.freedesktop.machine1";
    String INTERFACE = "org.freedesktop.machine1.Manager";
    String PATH = "/org/freedesktop/machine1";
    String MACHINE_INTERFACE = "org.freedesktop.machine1.Machine";

    List<MachineEntry> ListMachines();

    DBusPath GetMachine(String name);

    DBusPath GetImage(String name);

    List<AddressEntry> GetMachineAddresses(String name);

    void KillMachine(String name, String whom, int signal);

    void TerminateMachine(String name);

    /** {@code (ssso)}: name, class, service, object path. */
    final class MachineEntry extends Struct {
        @Position(0)
        public final String name;
        @Position(1)
        public final String machineClass;
        @Position(2)
        public final String service;
        @Position(3)
        public final DBusPath path;

        public MachineEntry(String name, String machineClass, String service, DBusPath path) {
            this.name = name;
            this.machineClass = machineClass;
            this.service = service;
            this.path = path;
        }
    }

    /** {@code (iay)}: address family (AF_INET 2, AF_INET6 10) and the address bytes. */
    final class AddressEntry extends Struct {
        @Position(0)
        public final int family;
        @Position(1)
        public final byte[] address;

        public AddressEntry(int family, byte[] address) {
            this.family = family;
            this.address = address;
        }
    }
}
