package dev.gantry.agent.machines;

/**
 * What {@code POST /machines/{name}/actions/{action}} did. start names the unit it started and the
 * systemd job's result (always {@code done}: any other result is a 409); poweroff, reboot and kill
 * name the signal sent and to whom; terminate names neither. Unset values are left out.
 */
public record MachineAction(String machine, String action, Integer signal, String whom, String unit, Long job,
                            String result) {
}
