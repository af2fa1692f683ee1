package dev.gantry.server.power;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The power actions, which guest types have them and which states they start from. Proxmox has
 * every action for qemu and all but {@code reset} for lxc (HyperProxmox offered reset for both);
 * a gantry machine (systemd-machined) can be started, stopped, shut down and rebooted.
 */
public enum PowerAction {
    START(Set.of("qemu", "lxc", "machine"), Set.of(PowerState.STOPPED), Optional.of(PowerState.RUNNING)),
    STOP(Set.of("qemu", "lxc", "machine"), Set.of(PowerState.RUNNING, PowerState.PAUSED), Optional.of(PowerState.STOPPED)),
    SHUTDOWN(Set.of("qemu", "lxc", "machine"), Set.of(PowerState.RUNNING, PowerState.PAUSED), Optional.of(PowerState.STOPPED)),
    RESET(Set.of("qemu"), Set.of(PowerState.RUNNING, PowerState.PAUSED), Optional.empty()),
    REBOOT(Set.of("qemu", "lxc", "machine"), Set.of(PowerState.RUNNING), Optional.empty()),
    SUSPEND(Set.of("qemu", "lxc"), Set.of(PowerState.RUNNING), Optional.empty()),
    // A container's suspend is a checkpoint that stops it, so a container resumes from stopped.
    RESUME(Set.of("qemu", "lxc"), Set.of(PowerState.PAUSED), Optional.of(PowerState.RUNNING));

    /** The states a guest reports, as {@link PowerDriver.LiveStatus#status()} names them. */
    public enum PowerState {
        RUNNING, STOPPED, PAUSED, UNKNOWN;

        static PowerState of(String status) {
            return switch (status) {
                case "running" -> RUNNING;
                case "stopped" -> STOPPED;
                case "paused" -> PAUSED;
                default -> UNKNOWN;
            };
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Set<String> types;
    private final Set<PowerState> from;
    private final Optional<PowerState> reaches;

    PowerAction(Set<String> types, Set<PowerState> from, Optional<PowerState> reaches) {
        this.types = types;
        this.from = from;
        this.reaches = reaches;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PowerAction> of(String wire) {
        return Arrays.stream(values()).filter(a -> a.wire().equals(wire)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(PowerAction::wire).toList();
    }

    boolean appliesTo(String type) {
        return types.contains(type);
    }

    /**
     * Whether the action may start from {@code state}. An unknown state is left to the provider to
     * judge; a stopped container may be resumed from its checkpoint.
     */
    boolean startsFrom(PowerState state, String type) {
        return state == PowerState.UNKNOWN || from.contains(state)
                || (this == RESUME && type.equals("lxc") && state == PowerState.STOPPED);
    }

    /** The state the action leaves the guest in, when there is one to check (not for reset or reboot). */
    Optional<PowerState> reaches(String type) {
        if (this == SUSPEND) {
            return Optional.of(type.equals("lxc") ? PowerState.STOPPED : PowerState.PAUSED);
        }
        return reaches;
    }
}
