package dev.gantry.agent.backend.dbus.machine;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.procfs.IpText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.errors.UnknownObject;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.machine1.NoPrivateNetworking;
import org.freedesktop.machine1.NoSuchImage;
import org.freedesktop.machine1.NoSuchMachine;

/**
 * systemd-machined over the shared {@link SystemBus}: the machines it tracks with their properties and
 * addresses, whether an image exists, and the two machine actions (signal, terminate). Unknown
 * machines come back empty (reads) or {@code false} (actions). machined is bus-activated, so the first
 * call may start it.
 */
public final class Machined {
    static final String NO_SUCH_MACHINE = NoSuchMachine.class.getName();
    static final String NO_SUCH_IMAGE = NoSuchImage.class.getName();
    /**
     * Why machined has no addresses for a machine: it shares the host's network (NoPrivateNetworking),
     * or it is a VM, whose addresses machined cannot look up (NotSupported).
     */
    static final Set<String> NO_ADDRESSES = Set.of(NoPrivateNetworking.class.getName(),
            "org.freedesktop.DBus.Error.NotSupported");
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    private final SystemBus bus;

    public Machined(SystemBus bus) {
        this.bus = bus;
    }

    /** One machine: its name, its {@code org.freedesktop.machine1.Machine} properties and addresses. */
    public record Entry(String name, PropertyValues properties, List<String> addresses) {
        public Entry {
            addresses = List.copyOf(addresses);
        }
    }

    public List<Entry> machines() {
        return bus.call(conn -> {
            List<Entry> machines = new ArrayList<>();
            for (Machine1Manager.MachineEntry m : manager(conn).ListMachines()) {
                read(conn, m.name, m.path).ifPresent(machines::add);
            }
            return machines;
        });
    }

    public Optional<Entry> machine(String name) {
        return bus.call(conn -> {
            try {
                return read(conn, name, manager(conn).GetMachine(name));
            } catch (DBusExecutionException e) {
                rethrowUnless(e, Set.of(NO_SUCH_MACHINE));
                return Optional.empty();
            }
        });
    }

    /** Whether machined finds an image of this name in its search path (/var/lib/machines and the others). */
    public boolean imageExists(String name) {
        return bus.call(conn -> {
            try {
                manager(conn).GetImage(name);
                return true;
            } catch (DBusExecutionException e) {
                rethrowUnless(e, Set.of(NO_SUCH_IMAGE));
                return false;
            }
        });
    }

    /** Sends {@code signal} to the machine's {@code whom} (leader or all); false if machined knows no such machine. */
    public boolean kill(String name, String whom, int signal) {
        return bus.call(conn -> {
            try {
                manager(conn).KillMachine(name, whom, signal);
                return true;
            } catch (DBusExecutionException e) {
                rethrowUnless(e, Set.of(NO_SUCH_MACHINE));
                return false;
            }
        });
    }

    /** Stops the machine's unit (its processes are killed); false if machined knows no such machine. */
    public boolean terminate(String name) {
        return bus.call(conn -> {
            try {
                manager(conn).TerminateMachine(name);
                return true;
            } catch (DBusExecutionException e) {
                rethrowUnless(e, Set.of(NO_SUCH_MACHINE));
                return false;
            }
        });
    }

    private static Machine1Manager manager(DBusConnection conn) throws DBusException {
        return conn.getRemoteObject(Machine1Manager.SERVICE, Machine1Manager.PATH, Machine1Manager.class);
    }

    /** A machine listed a moment ago may be gone now (it powered off): skip it rather than fail the list. */
    private static Optional<Entry> read(DBusConnection conn, String name, DBusPath path) throws DBusException {
        PropertyValues properties;
        try {
            properties = PropertyValues.read(conn, Machine1Manager.SERVICE, path.getPath(),
                    Machine1Manager.MACHINE_INTERFACE);
        } catch (UnknownObject | UnknownMethod e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(name, properties, addresses(manager(conn).GetMachineAddresses(name))));
        } catch (DBusExecutionException e) {
            if (NO_SUCH_MACHINE.equals(BusError.name(e))) {
                return Optional.empty();
            }
            rethrowUnless(e, NO_ADDRESSES);
            return Optional.of(new Entry(name, properties, List.of()));
        }
    }

    static List<String> addresses(List<Machine1Manager.AddressEntry> entries) {
        List<String> out = new ArrayList<>(entries.size());
        for (Machine1Manager.AddressEntry a : entries) {
            if (a.family == AF_INET && a.address.length == 4) {
                out.add(IpText.v4(a.address, 0));
            } else if (a.family == AF_INET6 && a.address.length == 16) {
                out.add(IpText.v6(a.address));
            }
        }
        return out;
    }

    /** Returns if {@code e} is one of {@code errorNames}; otherwise rethrows it for {@link SystemBus} to map. */
    private static void rethrowUnless(DBusExecutionException e, Set<String> errorNames) {
        if (!errorNames.contains(BusError.name(e))) {
            throw e;
        }
    }
}
