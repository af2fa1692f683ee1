package dev.gantry.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON objects of Proxmox's answers, field names and types as in the published API schema: numbers as
 * numbers, flags as 0 or 1, sizes in bytes, CPU use as a fraction. Usage figures are stable functions of
 * the seed and the clock, not measurements.
 */
final class Views {
    private static final long NODE_BASE_MEMORY = 4 * Guest.GIB;

    private Views() {
    }

    /** A guest entry of {@code /cluster/resources}. */
    static Map<String, Object> resource(Guest g, SimNode node, long now) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", g.type.api() + "/" + g.vmid);
        r.put("type", g.type.api());
        r.put("vmid", g.vmid);
        r.put("name", g.name);
        r.put("node", node.name());
        r.put("status", status(g));
        r.put("template", 0);
        usage(r, g, now);
        optional(r, g);
        return r;
    }

    /** An entry of {@code GET /nodes/{node}/qemu} or {@code …/lxc}. */
    static Map<String, Object> listEntry(Guest g, long now) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("vmid", g.vmid);
        r.put("name", g.name);
        r.put("status", status(g));
        if (g.type == GuestType.LXC) {
            r.put("type", "lxc");
        }
        r.put("cpus", g.cores);
        usage(r, g, now);
        if (g.running) {
            r.put("pid", 10_000 + g.vmid);
        }
        optional(r, g);
        return r;
    }

    /** {@code GET …/status/current}. */
    static Map<String, Object> current(Guest g, long now) {
        Map<String, Object> r = listEntry(g, now);
        if (g.type == GuestType.QEMU) {
            r.put("qmpstatus", !g.running ? "stopped" : g.paused ? "paused" : "running");
        }
        r.put("ha", Map.of("managed", 0));
        return r;
    }

    static Map<String, Object> nodeResource(SimNode n, List<Guest> guests, long now) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", n.id());
        r.put("type", "node");
        r.put("node", n.name());
        r.put("status", "online");
        r.put("level", "");
        r.put("cgroup-mode", 2);
        nodeUsage(r, n, guests, now);
        return r;
    }

    /** An entry of {@code GET /nodes}. */
    static Map<String, Object> nodeEntry(SimNode n, List<Guest> guests, long now, String fingerprint) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", n.id());
        r.put("type", "node");
        r.put("node", n.name());
        r.put("status", "online");
        r.put("level", "");
        r.put("ssl_fingerprint", fingerprint);
        nodeUsage(r, n, guests, now);
        return r;
    }

    /** {@code GET /nodes/{node}/status}. */
    static Map<String, Object> nodeStatus(SimNode n, List<Guest> guests, long now, String release) {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> usage = new LinkedHashMap<>();
        nodeUsage(usage, n, guests, now);
        long mem = (long) usage.get("mem");
        r.put("uptime", usage.get("uptime"));
        r.put("cpu", usage.get("cpu"));
        r.put("wait", 0.001);
        r.put("idle", 0);
        // loadavg comes as strings, as Proxmox reads them from /proc/loadavg.
        double load = (double) usage.get("cpu") * n.maxcpu();
        r.put("loadavg", List.of(String.format("%.2f", load), String.format("%.2f", load * 0.9),
                String.format("%.2f", load * 0.8)));
        r.put("cpuinfo", Map.of("cpus", n.maxcpu(), "sockets", 2, "cores", n.maxcpu() / 4,
                "model", "AMD EPYC 7302 16-Core Processor", "mhz", "3000.000", "hvm", "1", "user_hz", 100));
        r.put("memory", Map.of("total", n.maxmem(), "used", mem, "free", n.maxmem() - mem));
        r.put("swap", Map.of("total", 8 * Guest.GIB, "used", 0, "free", 8 * Guest.GIB));
        long rootUsed = n.rootfs() / 10;
        r.put("rootfs", Map.of("total", n.rootfs(), "used", rootUsed, "free", n.rootfs() - rootUsed,
                "avail", n.rootfs() - rootUsed));
        r.put("ksm", Map.of("shared", 0));
        r.put("kversion", "Linux 6.8.12-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)");
        r.put("current-kernel", Map.of("sysname", "Linux", "release", "6.8.12-4-pve", "machine", "x86_64",
                "version", "#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z)"));
        r.put("boot-info", Map.of("mode", "efi", "secureboot", 0));
        r.put("pveversion", "pve-manager/" + release);
        return r;
    }

    /** The two storages every node has: where guest disks live (local-lvm) and the directory (local). */
    static List<Map<String, Object>> storages(SimNode n, List<Guest> guests) {
        long thinUsed = 0;
        for (Guest g : guests) {
            thinUsed += g.maxdisk() / 2;
        }
        return List.of(storage("local", "dir", "backup,iso,vztmpl", SimNode.LOCAL, SimNode.LOCAL / 5),
                storage("local-lvm", "lvmthin", "images,rootdir", SimNode.THIN_POOL, thinUsed));
    }

    static Map<String, Object> storageResource(SimNode n, Map<String, Object> storage) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", "storage/" + n.name() + "/" + storage.get("storage"));
        r.put("type", "storage");
        r.put("storage", storage.get("storage"));
        r.put("node", n.name());
        r.put("plugintype", storage.get("type"));
        r.put("shared", 0);
        r.put("content", storage.get("content"));
        r.put("status", "available");
        r.put("disk", storage.get("used"));
        r.put("maxdisk", storage.get("total"));
        return r;
    }

    /** A guest's disk in {@code GET /nodes/{node}/storage/local-lvm/content}. */
    static Map<String, Object> volume(Guest g) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("volid", g.volume());
        v.put("content", g.type == GuestType.QEMU ? "images" : "rootdir");
        v.put("format", "raw");
        v.put("size", g.maxdisk());
        v.put("used", g.maxdisk() / 2);
        v.put("vmid", g.vmid);
        return v;
    }

    static List<Map<String, Object>> localContent() {
        return List.of(
                Map.of("volid", "local:iso/debian-12.8.0-amd64-netinst.iso", "content", "iso", "format", "iso",
                        "size", 661_651_456L, "ctime", 1_731_000_000L),
                Map.of("volid", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "content", "vztmpl",
                        "format", "tzst", "size", 126_129_751L, "ctime", 1_731_000_000L));
    }

    private static Map<String, Object> storage(String name, String type, String content, long total, long used) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("storage", name);
        s.put("type", type);
        s.put("content", content);
        s.put("active", 1);
        s.put("enabled", 1);
        s.put("shared", 0);
        s.put("total", total);
        s.put("used", used);
        s.put("avail", total - used);
        s.put("used_fraction", (double) used / total);
        return s;
    }

    private static void nodeUsage(Map<String, Object> r, SimNode n, List<Guest> guests, long now) {
        long mem = NODE_BASE_MEMORY;
        double busy = 0.02 * n.maxcpu();
        for (Guest g : guests) {
            mem += g.mem();
            busy += g.cpu() * g.cores;
        }
        r.put("cpu", Math.min(1.0, busy / n.maxcpu()));
        r.put("maxcpu", n.maxcpu());
        r.put("mem", Math.min(mem, n.maxmem()));
        r.put("maxmem", n.maxmem());
        r.put("disk", n.rootfs() / 10);
        r.put("maxdisk", n.rootfs());
        r.put("uptime", now - n.startedAt());
    }

    private static void usage(Map<String, Object> r, Guest g, long now) {
        long uptime = g.uptime(now);
        r.put("uptime", uptime);
        r.put("cpu", g.cpu());
        r.put("maxcpu", g.cores);
        r.put("mem", g.mem());
        r.put("maxmem", g.maxmem());
        r.put("disk", g.disk());
        r.put("maxdisk", g.maxdisk());
        r.put("netin", uptime * (g.noise % 2000));
        r.put("netout", uptime * (g.noise % 1000));
        r.put("diskread", uptime * (g.noise % 4000));
        r.put("diskwrite", uptime * (g.noise % 3000));
    }

    private static void optional(Map<String, Object> r, Guest g) {
        if (g.lock != null) {
            r.put("lock", g.lock);
        }
        Object tags = g.extra("tags");
        if (tags != null) {
            r.put("tags", tags);
        }
    }

    private static String status(Guest g) {
        return g.running ? "running" : "stopped";
    }
}
