package dev.gantry.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What changes a guest: status actions and migration (as tasks), and config updates (at once).
 *
 * <p>Which checks fail the call and which fail the task follows pve-container and qemu-server: a
 * container's state is checked before its worker starts ({@code CT 101 already running} answers 500; its
 * reboot says {@code VM 101 not running}, as pve-container does), a VM's inside the worker (the task ends
 * with {@code VM 100 already running}). A container's suspend is a checkpoint that stops it, and resume
 * restores it, as {@code lxc-checkpoint} does. Stop and shutdown of a stopped VM end OK and change
 * nothing. A guest under a migrate lock refuses everything with {@code VM is locked (migrate)}.
 */
final class GuestOperations {
    private static final Pattern DNS_NAME = Pattern.compile(
            "[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*");
    private static final int MAX_DESCRIPTION = 8192;

    private final SimCluster cluster;

    GuestOperations(SimCluster cluster) {
        this.cluster = cluster;
    }

    /** {@code POST …/status/{action}}: the UPID of the task that does it. */
    String action(SimNode node, GuestType type, int vmid, String action, String user) {
        synchronized (cluster) {
            Guest g = cluster.guest(node, type, vmid);
            checkUnlocked(g);
            if (type == GuestType.LXC) {
                checkContainer(g, action);
            }
            return cluster.startTask(node, type, action, vmid, user, () -> apply(g, action));
        }
    }

    /** {@code POST …/migrate}: checks the target, locks the guest, and moves it when the task ends. */
    String migrate(SimNode node, GuestType type, int vmid, Params params, String user) {
        String target = params.required("target");
        boolean online = params.flag("online");
        boolean restart = type == GuestType.LXC && params.flag("restart");
        synchronized (cluster) {
            Guest g = cluster.guest(node, type, vmid);
            if (target.equals(node.name())) {
                throw PveException.badParameter("target", "target is local node.");
            }
            SimNode to = cluster.nodes().stream().filter(n -> n.name().equals(target)).findFirst()
                    .orElseThrow(() -> PveException.failed("no such cluster node '" + target + "'"));
            checkUnlocked(g);
            if (g.running && type == GuestType.QEMU && !online) {
                throw PveException.failed("can't migrate running VM without --online");
            }
            // A container's migration checks its state in the worker: the task fails, nothing moves.
            if (g.running && type == GuestType.LXC && (online || !restart)) {
                String error = online ? "lxc live migration is currently not implemented"
                        : "running container can only be migrated in restart mode";
                return cluster.startTask(node, type, "migrate", vmid, user, () -> error);
            }
            g.lock = "migrate";
            return cluster.startTask(node, type, "migrate", vmid, user, () -> {
                g.lock = null;
                g.node = to.index();
                return null;
            });
        }
    }

    /**
     * {@code POST …/clone}: a full clone under {@code newid}, which appears (stopped) when the task ends.
     * All disks are on node-local storage, so a {@code target} other than the node is refused as Proxmox
     * refuses it for such guests.
     */
    String cloneGuest(SimNode node, GuestType type, int vmid, Params params, String user) {
        int newid = vmidParam("newid", params.required("newid"));
        String nameKey = type == GuestType.QEMU ? "name" : "hostname";
        Optional<String> name = params.optional(nameKey);
        if (name.isPresent() && !DNS_NAME.matcher(name.get()).matches()) {
            throw PveException.badParameter(nameKey, "invalid format - value does not look like a valid DNS name");
        }
        Optional<String> target = params.optional("target").filter(t -> !t.equals(node.name()));
        synchronized (cluster) {
            Guest source = cluster.guest(node, type, vmid);
            checkUnlocked(source);
            cluster.checkVmidUnused(newid);
            if (target.isPresent()) {
                throw PveException.failed("can't clone " + (type == GuestType.QEMU ? "VM" : "CT") + " to node '"
                        + target.get() + "' (" + (type == GuestType.QEMU ? "VM" : "CT") + " uses local storage)");
            }
            String newName = name.orElse(type == GuestType.QEMU ? "Copy-of-VM-" + source.name : source.name);
            Guest copy = source.cloneAs(newid, cluster.noiseFor(newid), newName);
            params.optional("description").ifPresent(d -> copy.setExtra("description", d));
            return cluster.startTask(node, type, "clone", vmid, user, () -> {
                if (!cluster.vmidFree(newid)) {
                    return "unable to create " + type.noun(newid) + ": config file already exists";
                }
                cluster.add(copy);
                return null;
            });
        }
    }

    /**
     * {@code PUT …/config}: sets and deletes keys, refusing the whole update if {@code digest} is given and
     * no longer matches, as Proxmox guards concurrent edits. Unknown keys and bad values answer 400.
     */
    void updateConfig(SimNode node, GuestType type, int vmid, Params params) {
        Map<String, Object> set = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        String nameKey = type == GuestType.QEMU ? "name" : "hostname";
        for (Map.Entry<String, String> p : params.all().entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            switch (key) {
                case "digest", "delete" -> { }
                case "cores" -> integer(key, value, 1, type == GuestType.QEMU ? 1024 : 8192, set, errors);
                case "memory" -> integer(key, value, 16, 8 * 1024 * 1024, set, errors);
                case "onboot" -> flag(key, value, set, errors);
                case "tags" -> set.put(key, value);
                case "description" -> {
                    if (value.length() > MAX_DESCRIPTION) {
                        errors.put(key, "value may only be " + MAX_DESCRIPTION + " characters long");
                    } else {
                        set.put(key, value);
                    }
                }
                default -> {
                    if (key.equals(nameKey) && DNS_NAME.matcher(value).matches()) {
                        set.put(key, value);
                    } else if (key.equals(nameKey)) {
                        errors.put(key, "invalid format - value does not look like a valid DNS name");
                    } else {
                        errors.put(key, "property is not defined in schema and the schema does not allow "
                                + "additional properties");
                    }
                }
            }
        }
        String[] deletes = params.optional("delete").map(d -> d.split("[,; ]+")).orElse(new String[0]);
        for (String d : deletes) {
            if (!d.isEmpty() && !d.equals("description") && !d.equals("tags") && !d.equals("onboot")) {
                errors.put("delete", "cannot delete '" + d + "' in the simulator");
            }
        }
        if (!errors.isEmpty()) {
            throw PveException.badParameters(errors);
        }
        synchronized (cluster) {
            Guest g = cluster.guest(node, type, vmid);
            checkUnlocked(g);
            if (params.optional("digest").filter(d -> !d.equals(g.digest())).isPresent()) {
                throw PveException.failed("detected modified configuration - file changed by other user? Try again.");
            }
            set.forEach((k, v) -> {
                switch (k) {
                    case "cores" -> g.cores = (int) v;
                    case "memory" -> g.memoryMib = (int) v;
                    case "name", "hostname" -> g.name = (String) v;
                    default -> g.setExtra(k, v);
                }
            });
            for (String d : deletes) {
                g.setExtra(d, null);
            }
        }
    }

    /** The task's effect: null for success, else the message the worker dies with. */
    private String apply(Guest g, String action) {
        String noun = g.type.noun(g.vmid);
        switch (action) {
            case "start" -> {
                if (g.running) {
                    return noun + " already running";
                }
                g.running = true;
                g.paused = false;
                g.startedAt = cluster.now();
            }
            case "stop", "shutdown" -> {
                g.running = false;
                g.paused = false;
            }
            case "reset", "reboot" -> {
                if (!g.running) {
                    return noun + " not running";
                }
                g.paused = false;
                g.startedAt = cluster.now();
            }
            case "suspend", "resume" -> {
                if (g.type == GuestType.LXC) {
                    return checkpoint(g, action);
                }
                if (!g.running) {
                    return noun + " not running";
                }
                g.paused = action.equals("suspend");
            }
            default -> throw new IllegalArgumentException(action);
        }
        return null;
    }

    /** A container's suspend writes a checkpoint and stops it; resume starts it from the checkpoint. */
    private String checkpoint(Guest g, String action) {
        if (action.equals("suspend")) {
            g.running = false;
            g.paused = true;
            return null;
        }
        if (!g.paused) {
            return "command 'lxc-checkpoint -n " + g.vmid + " -r --foreground -D /var/lib/vz/dump' failed: exit code 1";
        }
        g.running = true;
        g.paused = false;
        g.startedAt = cluster.now();
        return null;
    }

    /** What pve-container checks before it forks the worker. */
    private static void checkContainer(Guest g, String action) {
        switch (action) {
            case "start", "resume" -> {
                if (g.running) {
                    throw PveException.failed("CT " + g.vmid + " already running");
                }
            }
            case "reboot" -> {
                if (!g.running) {
                    throw PveException.failed("VM " + g.vmid + " not running");
                }
            }
            default -> {
                if (!g.running) {
                    throw PveException.failed("CT " + g.vmid + " not running");
                }
            }
        }
    }

    private static void checkUnlocked(Guest g) {
        if (g.lock != null) {
            throw PveException.failed(g.type == GuestType.QEMU ? "VM is locked (" + g.lock + ")"
                    : "CT is locked (" + g.lock + ")");
        }
    }

    private static int vmidParam(String key, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 100 || n > 999_999_999) {
                throw PveException.badParameter(key, n < 100 ? "value must have a minimum value of 100"
                        : "value must have a maximum value of 999999999");
            }
            return n;
        } catch (NumberFormatException e) {
            throw PveException.badParameter(key, "type check ('integer') failed - got '" + value + "'");
        }
    }

    private static void integer(String key, String value, int min, int max, Map<String, Object> set,
                                Map<String, String> errors) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min) {
                errors.put(key, "value must have a minimum value of " + min);
            } else if (n > max) {
                errors.put(key, "value must have a maximum value of " + max);
            } else {
                set.put(key, n);
            }
        } catch (NumberFormatException e) {
            errors.put(key, "type check ('integer') failed - got '" + value + "'");
        }
    }

    private static void flag(String key, String value, Map<String, Object> set, Map<String, String> errors) {
        switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "yes", "on", "true" -> set.put(key, 1);
            case "0", "no", "off", "false" -> set.put(key, 0);
            default -> errors.put(key, "type check ('boolean') failed - got '" + value + "'");
        }
    }
}
