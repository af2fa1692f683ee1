package dev.gantry.agent.backend.dbus;

import org.freedesktop.dbus.interfaces.Properties;

/**
 * Three properties of systemd's manager ({@code org.freedesktop.systemd1.Manager}): its version, the
 * system state ({@code running}, {@code degraded}, …) and the virtualization it detected
 * ({@code none} when systemd reports none).
 */
public record SystemdState(String version, String systemState, String virtualization) {
    static final String SERVICE = "org.freedesktop.systemd1";
    static final String PATH = "/org/freedesktop/systemd1";
    static final String MANAGER = "org.freedesktop.systemd1.Manager";

    /** Asks PID 1 over {@code bus}: three {@code Get} calls rather than a {@code GetAll} of 200 properties. */
    public static SystemdState read(SystemBus bus) {
        return bus.call(conn -> {
            Properties manager = conn.getRemoteObject(SERVICE, PATH, Properties.class);
            String version = String.valueOf((Object) manager.Get(MANAGER, "Version"));
            String state = String.valueOf((Object) manager.Get(MANAGER, "SystemState"));
            String virtualization = String.valueOf((Object) manager.Get(MANAGER, "Virtualization"));
            return new SystemdState(version, state, virtualization.isEmpty() ? "none" : virtualization);
        });
    }
}
