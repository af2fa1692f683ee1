package dev.gantry.sim;

import java.util.List;
import java.util.Optional;

/** The two guest kinds Proxmox VE runs, with the names its API, config paths, messages and tasks use. */
public enum GuestType {
    QEMU("qemu", "qemu-server", "VM", "qm",
            List.of("start", "stop", "shutdown", "reset", "reboot", "suspend", "resume")),
    /** Containers have no reset: Proxmox answers 501 for {@code POST …/lxc/{vmid}/status/reset}. */
    LXC("lxc", "lxc", "CT", "vz", List.of("start", "stop", "shutdown", "reboot", "suspend", "resume"));

    private final String api;
    private final String configDirectory;
    private final String noun;
    private final String taskPrefix;
    private final List<String> actions;

    GuestType(String api, String configDirectory, String noun, String taskPrefix, List<String> actions) {
        this.api = api;
        this.configDirectory = configDirectory;
        this.noun = noun;
        this.taskPrefix = taskPrefix;
        this.actions = actions;
    }

    /** {@code qemu} or {@code lxc}, as in paths and {@code /cluster/resources} entries. */
    public String api() {
        return api;
    }

    /** The status actions this type has, as path segments. */
    public List<String> actions() {
        return actions;
    }

    static Optional<GuestType> of(String api) {
        for (GuestType t : values()) {
            if (t.api.equals(api)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** {@code VM 100} or {@code CT 100}, the way Proxmox names a guest in its messages. */
    String noun(int vmid) {
        return noun + " " + vmid;
    }

    /** Proxmox's task type for an action: {@code qmstart}, {@code vzshutdown}, {@code qmclone}, {@code qmigrate}. */
    String taskType(String action) {
        return switch (action) {
            case "migrate" -> this == QEMU ? "qmigrate" : "vzmigrate";
            default -> taskPrefix + action; // qmclone, vzclone, qmstart, …
        };
    }

    String configPath(String node, int vmid) {
        return "nodes/" + node + "/" + configDirectory + "/" + vmid + ".conf";
    }
}
