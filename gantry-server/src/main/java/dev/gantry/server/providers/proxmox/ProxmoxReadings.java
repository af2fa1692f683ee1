package dev.gantry.server.providers.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.inventory.ClusterReading;
import dev.gantry.server.inventory.KnownInstances;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Proxmox API answers turned into {@link ClusterReading} records; flags come as 0/1, sizes in bytes. */
final class ProxmoxReadings {
    private static final Pattern MAC = Pattern.compile("(?i)(?<![0-9a-f:])([0-9a-f]{2}(?::[0-9a-f]{2}){5})(?![0-9a-f:])");
    private static final Pattern NET_KEY = Pattern.compile("net\\d+");

    private ProxmoxReadings() {
    }

    static ClusterReading.Facts facts(JsonNode version, JsonNode status) {
        Optional<Boolean> quorate = Optional.empty();
        for (JsonNode e : status) {
            if (e.path("type").asText().equals("cluster")) {
                quorate = Optional.of(e.path("quorate").asInt() == 1);
            }
        }
        return new ClusterReading.Facts(version.path("version").asText("unknown"), quorate);
    }

    /** A {@code /cluster/resources} node entry; its usage fields are absent without Sys.Audit, then 0. */
    static ClusterReading.Node node(JsonNode e, List<Double> load) {
        return new ClusterReading.Node(e.path("node").asText(), e.path("status").asText("unknown"),
                e.path("maxcpu").asInt(), e.path("cpu").asDouble(), e.path("maxmem").asLong(), e.path("mem").asLong(),
                e.path("maxdisk").asLong(), e.path("disk").asLong(), load, e.path("uptime").asLong());
    }

    static ClusterReading.Storage storage(JsonNode e) {
        long total = e.path("maxdisk").asLong();
        long used = e.path("disk").asLong();
        List<String> content = Arrays.stream(e.path("content").asText("").split(","))
                .map(String::strip).filter(c -> !c.isEmpty()).sorted().toList();
        return new ClusterReading.Storage(e.path("node").asText(), e.path("storage").asText(),
                e.path("plugintype").asText("unknown"), content, e.path("shared").asInt() == 1,
                e.path("status").asText().equals("available"), total, used, Math.max(0, total - used));
    }

    static List<ClusterReading.Disk> disks(ClusterReading.Storage storage, JsonNode content) {
        List<ClusterReading.Disk> out = new ArrayList<>(content.size());
        for (JsonNode v : content) {
            Optional<Integer> vmid = v.hasNonNull("vmid") ? Optional.of(v.path("vmid").asInt()) : Optional.empty();
            Optional<Instant> created = v.hasNonNull("ctime") ? Optional.of(Instant.ofEpochSecond(v.path("ctime").asLong()))
                    : Optional.empty();
            out.add(new ClusterReading.Disk(storage.node(), storage.storage(), v.path("volid").asText(),
                    v.path("format").asText("unknown"), v.path("size").asLong(), vmid, created));
        }
        return out;
    }

    /** A guest as {@code /cluster/resources} lists it: no MACs, no stamp, no digest yet. */
    static ClusterReading.Instance instance(JsonNode e) {
        String type = e.path("type").asText();
        String name = e.path("name").asText(type + "-" + e.path("vmid").asInt());
        return new ClusterReading.Instance(e.path("node").asText(), Optional.of(e.path("vmid").asInt()), type, name,
                e.path("status").asText("unknown"), e.path("template").asInt() == 1, e.path("maxcpu").asDouble(),
                e.path("maxmem").asLong(), e.path("maxdisk").asLong(), List.of(), e.path("uptime").asLong(),
                Optional.empty(), Optional.empty());
    }

    /** Whether the listing shows a change that calls for reading the config again. */
    static boolean changed(KnownInstances.Known k, ClusterReading.Instance now) {
        return !k.node().equals(now.node()) || !k.type().equals(now.type()) || !k.name().equals(now.name())
                || k.cpus() != now.cpus() || k.memory() != now.memory() || k.disk() != now.disk()
                || k.template() != now.template();
    }

    static ClusterReading.Instance withMacs(ClusterReading.Instance i, List<String> macs) {
        return new ClusterReading.Instance(i.node(), i.vmid(), i.type(), i.name(), i.status(), i.template(), i.cpus(),
                i.memory(), i.disk(), macs, i.uptimeSeconds(), i.stampedId(), i.configDigest());
    }

    static ClusterReading.Instance withConfig(ClusterReading.Instance i, List<String> macs, Optional<UUID> stamp,
                                              String digest) {
        return new ClusterReading.Instance(i.node(), i.vmid(), i.type(), i.name(), i.status(), i.template(), i.cpus(),
                i.memory(), i.disk(), macs, i.uptimeSeconds(), stamp, Optional.of(digest));
    }

    /**
     * MACs of the {@code netN} keys in NIC order: qemu writes {@code virtio=BC:24:11:…,bridge=vmbr0},
     * lxc {@code name=eth0,hwaddr=BC:24:11:…,…}.
     */
    static List<String> macs(JsonNode config) {
        List<Map.Entry<Integer, String>> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (NET_KEY.matcher(f.getKey()).matches()) {
                Matcher m = MAC.matcher(f.getValue().asText());
                if (m.find()) {
                    found.add(Map.entry(Integer.parseInt(f.getKey().substring(3)), m.group(1).toUpperCase(Locale.ROOT)));
                }
            }
        }
        found.sort(Map.Entry.comparingByKey());
        return found.stream().map(Map.Entry::getValue).toList();
    }
}
