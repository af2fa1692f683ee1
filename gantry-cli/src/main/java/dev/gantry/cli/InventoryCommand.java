package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry inventory}: the crawled inventory of gantry-server ({@code GET /api/v1/inventory/…}),
 * reached like {@code gantry admin}. Needs scope {@code inventory:read} (or admin) and no tenant.
 */
@Command(name = "inventory", description = {"The crawled inventory of gantry-server's clusters, as of any snapshot.",
        "Reached like gantry admin: as root on the server host no options are needed;",
        "elsewhere give --url and a token with scope inventory:read in $GANTRY_TOKEN."},
        subcommands = {InventoryCommand.Clusters.class, InventoryCommand.Nodes.class, InventoryCommand.Instances.class,
                InventoryCommand.Storages.class, InventoryCommand.Disks.class, InventoryCommand.Dates.class,
                InventoryCommand.Diff.class, InventoryCommand.Show.class})
final class InventoryCommand {
    /** Rows asked for per request when following a paged list to its end. */
    static final int PAGE = 1000;

    private InventoryCommand() {
    }

    /** A list of one kind as of a snapshot, filtered; in table format as {@link #table} lays it out. */
    abstract static class Listing extends ServerCommand {
        @Option(names = "--at", paramLabel = "DATE",
                description = "latest (default), a snapshot id, or an ISO-8601 time (the newest snapshot started at or before it)")
        String at;

        @Option(names = "--cluster", paramLabel = "C", description = "only this cluster")
        String cluster;

        @Option(names = "--group", paramLabel = "G", description = "only the clusters of this group")
        String group;

        abstract String kind();

        abstract String table(Output output, JsonNode items);

        /** The kind's other filters (node, vmid). */
        Map<String, String> filters() {
            return Map.of();
        }

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>(filters());
            put(query, "at", at);
            put(query, "cluster", cluster);
            put(query, "group", group);
            JsonNode first = all(client, "/inventory/" + kind(), query);
            Output output = output();
            output.print(first, page -> {
                JsonNode s = page.path("snapshot");
                return "snapshot " + s.path("id").asText() + " (" + s.path("status").asText() + ", started "
                        + output.time(s.get("startedAt")) + ")\n" + table(output, page.path("items"));
            });
            return Gantry.EXIT_OK;
        }
    }

    /** A listing that has nodes. */
    abstract static class NodeListing extends Listing {
        @Option(names = "--node", paramLabel = "N", description = "only this node")
        String node;

        @Override
        Map<String, String> filters() {
            Map<String, String> query = new LinkedHashMap<>();
            put(query, "node", node);
            return query;
        }
    }

    /** A listing that has nodes and VMIDs. */
    abstract static class VmidListing extends NodeListing {
        @Option(names = "--vmid", paramLabel = "ID", description = "only this Proxmox VMID")
        Integer vmid;

        @Override
        Map<String, String> filters() {
            Map<String, String> query = super.filters();
            put(query, "vmid", vmid == null ? null : vmid.toString());
            return query;
        }
    }

    @Command(name = "clusters", description = "The clusters' crawls in a snapshot: status, version, calls, error.")
    static final class Clusters extends Listing {
        @Override
        String kind() {
            return "clusters";
        }

        @Override
        String table(Output output, JsonNode items) {
            Table table = Table.columns("CLUSTER", "KIND", "STATUS", "VERSION", "CALLS", "GROUPS", "ERROR");
            for (JsonNode c : items) {
                table.row(c.path("cluster").asText(), c.path("kind").asText(), c.path("status").asText(),
                        c.path("version").asText(""), c.path("calls").asText(), join(c.path("groups")),
                        c.path("error").asText(""));
            }
            return table.render();
        }
    }

    @Command(name = "nodes", description = "Nodes in a snapshot: use and allocation (HyperProxmox's sums).")
    static final class Nodes extends NodeListing {
        @Override
        String kind() {
            return "nodes";
        }

        @Override
        String table(Output output, JsonNode items) {
            Table table = Table.columns("CLUSTER", "NODE", "STATUS", "CPUS", "CPU", "ALLOC CPU", "MEMORY", "ALLOC MEM",
                    "DISK", "GUESTS", "UPTIME");
            for (JsonNode n : items) {
                table.row(n.path("cluster").asText(), n.path("node").asText(), status(n),
                        n.path("cpus").asText(), ProcCommand.percent(n.path("cpuUsage").asDouble() * 100),
                        number(n.path("allocatedCpus").asDouble()),
                        ServiceCommand.bytes(n.path("memoryUsed").asLong()) + "/" + ServiceCommand.bytes(n.path("memoryTotal").asLong()),
                        ServiceCommand.bytes(n.path("allocatedMemory").asLong()),
                        ServiceCommand.bytes(n.path("diskUsed").asLong()) + "/" + ServiceCommand.bytes(n.path("diskTotal").asLong()),
                        n.path("instanceCount").asText(), ProcCommand.duration(n.path("uptime").asLong()));
            }
            return table.render();
        }
    }

    @Command(name = "instances", description = "Instances (qemu, lxc, machines) in a snapshot.")
    static final class Instances extends VmidListing {
        @Override
        String kind() {
            return "instances";
        }

        @Override
        String table(Output output, JsonNode items) {
            Table table = Table.columns("CLUSTER", "NODE", "VMID", "NAME", "TYPE", "STATUS", "CPUS", "MEMORY", "DISK",
                    "UPTIME", "MACS", "GANTRY ID");
            for (JsonNode i : items) {
                table.row(i.path("cluster").asText(), i.path("node").asText(), i.path("vmid").asText(""),
                        i.path("name").asText(), i.path("type").asText(), status(i), number(i.path("cpus").asDouble()),
                        ServiceCommand.bytes(i.path("memory").asLong()), ServiceCommand.bytes(i.path("disk").asLong()),
                        i.has("uptime") ? ProcCommand.duration(i.path("uptime").asLong()) : "",
                        join(i.path("macs")), i.path("gantryId").asText());
            }
            return table.render();
        }
    }

    @Command(name = "storages", description = "Storages in a snapshot.")
    static final class Storages extends NodeListing {
        @Override
        String kind() {
            return "storages";
        }

        @Override
        String table(Output output, JsonNode items) {
            Table table = Table.columns("CLUSTER", "NODE", "STORAGE", "TYPE", "SHARED", "USED", "TOTAL", "CONTENT");
            for (JsonNode s : items) {
                table.row(s.path("cluster").asText(), s.path("node").asText(), s.path("storage").asText(),
                        s.path("type").asText(), s.path("shared").asBoolean() ? "yes" : "no",
                        ServiceCommand.bytes(s.path("used").asLong()), ServiceCommand.bytes(s.path("total").asLong()),
                        join(s.path("content")) + (s.path("stale").asBoolean() ? " (stale)" : ""));
            }
            return table.render();
        }
    }

    @Command(name = "disks", description = "Disks (volumes) in a snapshot.")
    static final class Disks extends VmidListing {
        @Override
        String kind() {
            return "disks";
        }

        @Override
        String table(Output output, JsonNode items) {
            Table table = Table.columns("CLUSTER", "NODE", "STORAGE", "VOLUME", "FORMAT", "SIZE", "VMID");
            for (JsonNode d : items) {
                table.row(d.path("cluster").asText(), d.path("node").asText(), d.path("storage").asText(),
                        d.path("volid").asText() + (d.path("stale").asBoolean() ? " (stale)" : ""),
                        d.path("format").asText(), ServiceCommand.bytes(d.path("size").asLong()), d.path("vmid").asText(""));
            }
            return table.render();
        }
    }

    @Command(name = "dates", description = "Snapshots, newest first, with their status.")
    static final class Dates extends ServerCommand {
        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/inventory/dates"), dates -> {
                Table table = Table.columns("ID", "STARTED", "FINISHED", "STATUS");
                for (JsonNode d : dates) {
                    table.row(d.path("id").asText(), output.time(d.get("startedAt")), output.time(d.get("finishedAt")),
                            d.path("status").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "diff", description = "What changed among instances between two snapshots: added, removed, moved, changed.")
    static final class Diff extends ServerCommand {
        @Option(names = "--from", required = true, paramLabel = "DATE", description = "the older snapshot (as --at)")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "the newer snapshot (as --at; default latest)")
        String to;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            put(query, "from", from);
            put(query, "to", to);
            Output output = output();
            output.print(client.get("/inventory/diff", query, 0), diff -> {
                Table table = Table.columns("CHANGE", "GANTRY ID", "NAME", "WHERE", "WHAT");
                for (JsonNode i : diff.path("added")) {
                    table.row("added", i.path("gantryId").asText(), i.path("name").asText(), where(i), "");
                }
                for (JsonNode i : diff.path("removed")) {
                    table.row("removed", i.path("gantryId").asText(), i.path("name").asText(), where(i), "");
                }
                for (JsonNode m : diff.path("moved")) {
                    table.row("moved", m.path("gantryId").asText(), m.path("name").asText(),
                            m.path("fromCluster").asText() + "/" + m.path("fromNode").asText() + " -> "
                                    + m.path("toCluster").asText() + "/" + m.path("toNode").asText(), changes(m.path("changes")));
                }
                for (JsonNode c : diff.path("changed")) {
                    table.row("changed", c.path("gantryId").asText(), c.path("name").asText(), where(c),
                            changes(c.path("changes")));
                }
                return "snapshot " + diff.path("from").path("id").asText() + " -> " + diff.path("to").path("id").asText()
                        + "\n" + table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "One instance by gantryId: where it is now and every version it had.")
    static final class Show extends ServerCommand {
        @Parameters(paramLabel = "GANTRYID", description = "the instance's gantryId")
        String gantryId;

        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/inventory/instances/" + AgentClient.segment(gantryId)), h -> {
                JsonNode now = h.path("current");
                Table details = Table.details().add("Gantry ID", h.path("gantryId").asText());
                if (now.isMissingNode()) {
                    details.add("Now", "not in the latest snapshot");
                } else {
                    details.add("Now", where(now) + " vmid " + now.path("vmid").asText("-") + " " + now.path("name").asText()
                            + " " + status(now));
                }
                Table versions = Table.columns("FROM", "TO", "CLUSTER", "NODE", "VMID", "NAME", "STATUS", "CPUS", "MEMORY");
                for (JsonNode v : h.path("history")) {
                    JsonNode i = v.path("instance");
                    versions.row(output.time(v.get("from")), v.has("to") ? output.time(v.get("to")) : "now",
                            i.path("cluster").asText(), i.path("node").asText(), i.path("vmid").asText(""),
                            i.path("name").asText(), i.path("status").asText(), number(i.path("cpus").asDouble()),
                            ServiceCommand.bytes(i.path("memory").asLong()));
                }
                return details.render() + "\n" + versions.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    /**
     * The page of {@code path} with every later page's items appended (the server pages instances and
     * disks by cursor); the snapshot is the first page's, which every page shares.
     */
    static JsonNode all(AgentClient client, String path, Map<String, String> query) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("limit", String.valueOf(PAGE));
        boolean paged = path.endsWith("/instances") || path.endsWith("/disks");
        if (!paged) {
            q.remove("limit");
        }
        ObjectNode first = (ObjectNode) client.get(path, q, 0);
        ArrayNode items = (ArrayNode) first.get("items");
        JsonNode page = first;
        while (page.hasNonNull("next")) {
            q.put("after", page.path("next").asText());
            page = client.get(path, q, 0);
            items.addAll((ArrayNode) page.get("items"));
        }
        first.remove("next");
        return first;
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }

    private static String status(JsonNode row) {
        return row.path("status").asText() + (row.path("stale").asBoolean() ? " (stale)" : "");
    }

    private static String where(JsonNode row) {
        return row.path("cluster").asText() + "/" + row.path("node").asText();
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.asText()));
        return String.join(",", parts);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String changes(JsonNode changes) {
        List<String> parts = new ArrayList<>();
        changes.forEach(c -> parts.add(c.path("field").asText() + " " + value(c.get("from")) + " -> " + value(c.get("to"))));
        return String.join(", ", parts);
    }

    private static String value(JsonNode v) {
        return v == null || v.isNull() ? "-" : v.isValueNode() ? v.asText() : v.toString();
    }
}
