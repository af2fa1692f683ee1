package dev.gantry.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What each {@code /api2/json} path answers, as the {@code data} of Proxmox's {@code {"data": …}}. */
final class Endpoints {
    private static final Set<String> RESOURCE_TYPES = Set.of("vm", "storage", "node", "sdn");

    private Endpoints() {
    }

    static Routes routes(Authenticator auth) {
        Routes r = new Routes()
                .addOpen("POST", "/access/ticket", auth::ticket)
                .add("GET", "/version", call -> {
                    Map<String, Object> version = new LinkedHashMap<>();
                    version.put("version", SimCluster.VERSION);
                    version.put("release", SimCluster.RELEASE);
                    version.put("repoid", SimCluster.REPOID);
                    return version;
                })
                .add("GET", "/cluster/status", Endpoints::clusterStatus)
                .add("GET", "/cluster/resources", Endpoints::resources)
                .add("GET", "/cluster/nextid", Endpoints::nextId)
                .add("GET", "/nodes", call -> {
                    SimCluster c = call.cluster();
                    long now = c.now();
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (SimNode n : c.nodes()) {
                        list.add(Views.nodeEntry(n, c.guestsOn(n), now, c.fingerprint()));
                    }
                    return list;
                })
                .add("GET", "/nodes/{node}/status", call -> {
                    SimNode n = node(call);
                    return Views.nodeStatus(n, call.cluster().guestsOn(n), call.cluster().now(),
                            SimCluster.VERSION + "/" + SimCluster.REPOID);
                })
                .add("GET", "/nodes/{node}/tasks/{upid}/status", Endpoints::taskStatus)
                .add("GET", "/nodes/{node}/storage", call -> {
                    SimNode n = node(call);
                    return Views.storages(n, call.cluster().guestsOn(n));
                })
                .add("GET", "/nodes/{node}/storage/{storage}/content", Endpoints::content);
        for (GuestType type : GuestType.values()) {
            String base = "/nodes/{node}/" + type.api();
            r.add("GET", base, call -> {
                SimNode n = node(call);
                long now = call.cluster().now();
                return call.cluster().guestsOn(n).stream().filter(g -> g.type == type)
                        .map(g -> Views.listEntry(g, now)).toList();
            });
            r.add("GET", base + "/{vmid}/config", call -> {
                Guest g = guest(call, type);
                Map<String, Object> config = new LinkedHashMap<>(g.config());
                config.put("digest", g.digest());
                return config;
            });
            r.add("PUT", base + "/{vmid}/config", call -> {
                operations(call).updateConfig(node(call), type, vmid(call), call.params());
                return null;
            });
            r.add("GET", base + "/{vmid}/status/current", call -> {
                return Views.current(guest(call, type), call.cluster().now());
            });
            for (String action : type.actions()) {
                r.add("POST", base + "/{vmid}/status/" + action, call ->
                        operations(call).action(node(call), type, vmid(call), action, call.user()));
            }
            r.add("POST", base + "/{vmid}/clone", call ->
                    operations(call).cloneGuest(node(call), type, vmid(call), call.params(), call.user()));
            r.add("POST", base + "/{vmid}/migrate", call ->
                    operations(call).migrate(node(call), type, vmid(call), call.params(), call.user()));
        }
        return r;
    }

    private static Object clusterStatus(Routes.Call call) {
        SimCluster c = call.cluster();
        List<Map<String, Object>> status = new ArrayList<>();
        List<SimNode> nodes = c.nodes();
        status.add(Map.of("type", "cluster", "id", "cluster", "name", c.name(), "nodes", nodes.size(),
                "quorate", 1, "version", nodes.size() + 1));
        for (SimNode n : nodes) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", "node");
            e.put("id", n.id());
            e.put("name", n.name());
            e.put("nodeid", n.index() + 1);
            e.put("ip", n.ip());
            e.put("local", n.index() == 0 ? 1 : 0);
            e.put("online", 1);
            e.put("level", "");
            status.add(e);
        }
        return status;
    }

    private static Object resources(Routes.Call call) {
        String type = call.params().optional("type").orElse("");
        if (!type.isEmpty() && !RESOURCE_TYPES.contains(type)) {
            throw PveException.badParameter("type",
                    "value '" + type + "' does not have a value in the enumeration 'vm, storage, node, sdn'");
        }
        SimCluster c = call.cluster();
        long now = c.now();
        List<Map<String, Object>> list = new ArrayList<>();
        List<SimNode> nodes = c.nodes();
        if (type.isEmpty() || type.equals("node")) {
            for (SimNode n : nodes) {
                list.add(Views.nodeResource(n, c.guestsOn(n), now));
            }
        }
        if (type.isEmpty() || type.equals("vm")) {
            c.withGuests(guests -> {
                guests.forEach(g -> list.add(Views.resource(g, nodes.get(g.node), now)));
                return null;
            });
        }
        if (type.isEmpty() || type.equals("storage")) {
            for (SimNode n : nodes) {
                Views.storages(n, c.guestsOn(n)).forEach(s -> list.add(Views.storageResource(n, s)));
            }
        }
        return list;
    }

    /** The next free VMID, or whether the one asked for is free; Proxmox returns it as a string. */
    private static Object nextId(Routes.Call call) {
        SimCluster c = call.cluster();
        if (call.params().optional("vmid").isPresent()) {
            int vmid = integer("vmid", call.params().required("vmid"));
            if (!c.vmidFree(vmid)) {
                throw PveException.badParameter("vmid", "VM " + vmid + " already exists");
            }
            return Integer.toString(vmid);
        }
        return Integer.toString(c.nextFreeVmid());
    }

    private static Object taskStatus(Routes.Call call) {
        SimNode n = node(call);
        String upid = call.var("upid");
        String[] parts = upid.split(":", -1);
        if (parts.length != 9 || !parts[0].equals("UPID")) {
            throw PveException.badParameter("upid", "unable to parse worker upid '" + upid + "'");
        }
        return call.cluster().task(upid).filter(t -> t.node.equals(n.name()))
                .orElseThrow(() -> PveException.failed("no such task"))
                .status();
    }

    private static Object content(Routes.Call call) {
        SimNode n = node(call);
        String storage = call.var("storage");
        return switch (storage) {
            case "local" -> Views.localContent();
            case "local-lvm" -> call.cluster().guestsOn(n).stream().map(Views::volume).toList();
            default -> throw PveException.failed("storage '" + storage + "' does not exist");
        };
    }

    private static GuestOperations operations(Routes.Call call) {
        return new GuestOperations(call.cluster());
    }

    private static SimNode node(Routes.Call call) {
        return call.cluster().node(call.var("node"));
    }

    private static Guest guest(Routes.Call call, GuestType type) {
        return call.cluster().guest(node(call), type, vmid(call));
    }

    private static int vmid(Routes.Call call) {
        int vmid = integer("vmid", call.var("vmid"));
        if (vmid < 100 || vmid > 999_999_999) {
            throw PveException.badParameter("vmid", vmid < 100 ? "value must have a minimum value of 100"
                    : "value must have a maximum value of 999999999");
        }
        return vmid;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw PveException.badParameter(name, "type check ('integer') failed - got '" + value + "'");
        }
    }
}
