package dev.gantry.agent.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.agent.backend.dbus.network.Networkd;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Violations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code /network/netdevs}: the agent's systemd-networkd {@code .netdev} files,
 * {@code 50-gantry-<name>.netdev} in {@code /etc/systemd/network}, and the key in the parent link's
 * gantry {@code .network} file that attaches each ({@code VLAN=}, {@code MACVLAN=}, {@code IPVLAN=},
 * {@code VXLAN=}; {@code Bond=}/{@code Bridge=} for a member), edited through {@link NetworkFile}.
 */
final class NetdevFiles {
    static final String HEADER = "Written by gantryd (/api/v1/network/netdevs/%s); edits here are replaced by the "
            + "next PUT.";

    private final Path directory;
    private final Rtnl rtnl;
    private final Networkd networkd;
    private final NetworkdFiles networkFiles;

    /** Shares the directory, rtnetlink and networkd of the .network files' routes. */
    NetdevFiles(NetworkdFiles networkFiles) {
        this.directory = networkFiles.directory();
        this.rtnl = networkFiles.rtnl();
        this.networkd = networkFiles.networkd();
        this.networkFiles = networkFiles;
    }

    /** GET's answer: the file parsed (secrets masked), the parent whose .network attaches it, the text (masked). */
    public record NetdevView(String name, String kind, String path, String parent, JsonNode netdev, String content) {
    }

    /** A dry run's answer: every file that would change. */
    public record DryRunFiles(List<NetworkdFiles.DryRun> files) {
    }

    /** A validated request: the sections to write, the kind and the parent (null for none). */
    record Request(ObjectNode sections, String kind, String parent, boolean secret) {
    }

    void register(Routes routes) {
        routes.get("/network/netdevs").summary("List the agent's systemd-networkd .netdev files")
                .returnsListOf(NetdevView.class)
                .handle(req -> names().stream().map(n -> view(n, read(path(n)))).toList());
        routes.get("/network/netdevs/{name}").summary("Show one of the agent's systemd-networkd .netdev files")
                .description("PrivateKey and PresharedKey values are answered as \"(hidden)\".")
                .returns(NetdevView.class)
                .handle(req -> {
                    String name = NetworkdFiles.link(req.param("name"));
                    return view(name, existing(name));
                });
        routes.post("/network/netdevs").summary("Create a systemd-networkd .netdev file (a virtual link)")
                .description("Body: networkd's sections (NetDev with Name and Kind; VLAN, MACVLAN, IPVLAN, VXLAN, "
                        + "Bond, Bridge, Tun, Tap, WireGuard, WireGuardPeer[]) and optionally \"parent\": a link "
                        + "name whose gantry .network file gets VLAN=/MACVLAN=/IPVLAN=/VXLAN= (or, for bond and "
                        + "bridge, the member key Bond=/Bridge=). 409 when the file exists. Then networkd reloads "
                        + "and reconfigures the parent. ?dryRun=true answers the files that would change.")
                .body(JsonNode.class).returns(NetdevView.class).status(201)
                .query("dryRun", Boolean.class, "only show the files that would change and their diffs")
                .handle(req -> {
                    JsonNode body = req.body(JsonNode.class);
                    JsonNode n = body != null && body.path("NetDev").isObject() ? body.get("NetDev").get("Name") : null;
                    String name = n == null ? null : n.asText();
                    if (name == null || !NetworkdKeys.IFNAME_T.valid().test(name)) {
                        throw ApiException.invalid("NetDev.Name", "name", NetworkdKeys.IFNAME_T.hint()
                                + " (not . or ..)", name);
                    }
                    if (read(path(name)) != null) {
                        throw ApiException.conflict("a gantry .netdev file for " + name + " exists: " + path(name));
                    }
                    return write(name, body, req.flag("dryRun"));
                });
        routes.put("/network/netdevs/{name}").summary("Create or replace a systemd-networkd .netdev file")
                .description("As POST; NetDev.Name must equal {name}. A changed parent moves the key from the old "
                        + "parent's .network file to the new one's. networkd does not change the kind or settings "
                        + "of a link that exists: delete and create for that.")
                .body(JsonNode.class).returns(NetdevView.class)
                .query("dryRun", Boolean.class, "only show the files that would change and their diffs")
                .handle(req -> write(NetworkdFiles.link(req.param("name")), req.body(JsonNode.class),
                        req.flag("dryRun")));
        routes.delete("/network/netdevs/{name}").summary("Remove a .netdev file, its parent key and its kernel link")
                .description("Removes the file and the key in the parent's gantry .network file, reloads networkd, "
                        + "then deletes the kernel link (RTM_DELLINK) if there is one. 404 when there is no file.")
                .returns(DryRunFiles.class).status(200)
                .query("dryRun", Boolean.class, "only show the files that would change and their diffs")
                .handle(req -> {
                    String name = NetworkdFiles.link(req.param("name"));
                    String before = existing(name);
                    String kind = kindOf(before);
                    Map<Path, String[]> changes = new LinkedHashMap<>();
                    changes.put(path(name), new String[] {before, null});
                    String parent = parentOf(name, kind);
                    if (parent != null) {
                        changes.put(networkFiles.path(parent), parentEdit(parent, kind, name, false));
                    }
                    if (req.flag("dryRun")) {
                        return dryRun(changes);
                    }
                    networkd.requireRunning();
                    apply(changes, false);
                    networkd.reload(parent == null ? null : ifindex(parent));
                    Integer index = ifindex(name);
                    if (index != null) {
                        try {
                            rtnl.deleteLink(index);
                        } catch (NetlinkException e) {
                            if (e.errno() != NetlinkException.ENODEV) {
                                throw NetlinkErrors.map(e);
                            }
                        }
                    }
                    return null;
                });
    }

    private Object write(String name, JsonNode body, boolean dryRun) {
        Request r = validate(body, name);
        String content = NetworkFile.render(NetdevKeys.NETDEV, r.sections(), HEADER.formatted(name));
        String before = read(path(name));
        Map<Path, String[]> changes = new LinkedHashMap<>();
        changes.put(path(name), new String[] {before, content});
        String oldParent = before == null ? null : parentOf(name, kindOf(before));
        String oldKind = before == null ? null : kindOf(before);
        if (oldParent != null && (!oldParent.equals(r.parent()) || !Objects.equals(oldKind, r.kind()))) {
            changes.put(networkFiles.path(oldParent), parentEdit(oldParent, oldKind, name, false));
        }
        if (r.parent() != null) {
            Path p = networkFiles.path(r.parent());
            String[] removed = changes.get(p);
            changes.put(p, removed == null ? parentEdit(r.parent(), r.kind(), name, true)
                    : new String[] {removed[0], editParent(removed[1], r.parent(), r.kind(), name, true)});
        }
        if (dryRun) {
            return Reply.of(200, dryRun(changes));
        }
        networkd.requireRunning();
        apply(changes, r.secret());
        networkd.reload(r.parent() == null ? null : ifindex(r.parent()));
        if (oldParent != null && !oldParent.equals(r.parent())) {
            networkd.reload(ifindex(oldParent));
        }
        return view(name, content);
    }

    /** Validates a body against the .netdev table and the rules across keys; returns the sections. */
    static Request validate(JsonNode body, String name) {
        Violations v = new Violations();
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("$", "type", "expected an object of .netdev sections", null);
        }
        ObjectNode sections = ((ObjectNode) body).deepCopy();
        JsonNode parentNode = sections.remove("parent");
        NetworkFile.validate(NetdevKeys.NETDEV, sections, v);
        v.throwIfAny();
        JsonNode netdev = sections.get("NetDev");
        if (netdev == null) {
            throw ApiException.invalid("NetDev", "required", "a .netdev file needs [NetDev] with Name and Kind", null);
        }
        JsonNode n = netdev.get("Name");
        v.check(n != null, "NetDev.Name", "required", "give the link's name", null);
        v.check(n == null || n.asText().equals(name), "NetDev.Name", "name", "this file is for " + name
                + "; NetDev.Name must be " + name, n == null ? null : n.asText());
        JsonNode k = netdev.get("Kind");
        v.check(k != null, "NetDev.Kind", "required", "one of " + String.join(", ", NetdevKeys.KINDS), null);
        v.throwIfAny();
        String kind = k.asText();
        String own = NetdevKeys.KIND_SECTION.get(kind);
        for (String s : NetdevKeys.KIND_SECTION.values()) {
            v.check(!sections.has(s) || s.equals(own), s, "kind", "[" + s + "] does not go with Kind=" + kind, s);
        }
        v.check(!sections.has("WireGuardPeer") || kind.equals("wireguard"), "WireGuardPeer", "kind",
                "[WireGuardPeer] goes only with Kind=wireguard", "WireGuardPeer");
        if (kind.equals("vlan")) {
            v.check(sections.path("VLAN").has("Id"), "VLAN.Id", "required", "a VLAN needs its Id (0 to 4094)", null);
        }
        String parent = null;
        if (parentNode != null && !parentNode.isNull()) {
            parent = parentNode.isTextual() ? parentNode.textValue() : null;
            boolean ok = v.check(parent != null && NetworkdKeys.IFNAME_T.valid().test(parent), "parent", "name",
                    NetworkdKeys.IFNAME_T.hint(), parentNode.asText());
            if (ok) {
                v.check(NetdevKeys.PARENT_KEY.containsKey(kind), "parent", "kind",
                        "Kind=" + kind + " takes no parent (only " + String.join(", ",
                                new TreeMap<>(NetdevKeys.PARENT_KEY).keySet()) + ")", parent);
                v.check(!parent.equals(name), "parent", "self", "a link cannot be its own parent", parent);
            }
        }
        v.throwIfAny();
        boolean secret = sections.path("WireGuard").has("PrivateKey");
        for (JsonNode peer : sections.path("WireGuardPeer")) {
            secret |= peer.has("PresharedKey");
        }
        return new Request(sections, kind, parent, secret);
    }

    /**
     * The parent's .network file before and after adding (or removing) the kind's key with the
     * netdev's name. A file the agent cannot re-render (keys it does not know) is a 409.
     */
    String[] parentEdit(String parent, String kind, String name, boolean add) {
        Path path = networkFiles.path(parent);
        String before = NetworkdFiles.read(path);
        String after = editParent(before, parent, kind, name, add);
        return new String[] {before, after};
    }

    /** The text of a parent's .network file with the key added or removed (pure, for tests). */
    static String editParent(String before, String parent, String kind, String name, boolean add) {
        String key = NetdevKeys.PARENT_KEY.get(kind);
        if (key == null) {
            return before;
        }
        ObjectNode body = before == null ? null : NetworkFile.parse(before);
        if (body == null) {
            if (!add) {
                return null;
            }
            body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        Violations v = new Violations();
        NetworkFile.validate(body, v);
        if (!v.isEmpty()) {
            throw ApiException.conflict("the gantry .network file of " + parent + " has keys the agent cannot "
                    + "rewrite; fix it by hand or with PUT /api/v1/network/networks/" + parent);
        }
        ObjectNode network = body.has("Network") ? (ObjectNode) body.get("Network") : body.putObject("Network");
        boolean list = NetworkdKeys.section("Network").orElseThrow().keys().get(key).list();
        if (list) {
            ArrayNode values = network.has(key) ? (ArrayNode) network.get(key) : network.putArray(key);
            for (Iterator<JsonNode> it = values.iterator(); it.hasNext(); ) {
                if (it.next().asText().equals(name)) {
                    it.remove();
                }
            }
            if (add) {
                values.add(name);
            }
            if (values.isEmpty()) {
                network.remove(key);
            }
        } else if (add) {
            network.put(key, name);
        } else if (network.has(key) && network.get(key).asText().equals(name)) {
            network.remove(key);
        }
        if (network.isEmpty()) {
            body.remove("Network");
        }
        return NetworkFile.render(NetworkdFiles.withMatchName(body, parent), NetworkdFiles.HEADER.formatted(parent));
    }

    /** The parent link whose gantry .network file holds the kind's key naming {@code name}, or null. */
    String parentOf(String name, String kind) {
        String key = NetdevKeys.PARENT_KEY.get(kind);
        if (key == null) {
            return null;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "50-gantry-*.network")) {
            for (Path f : files) {
                JsonNode values = NetworkFile.parse(Files.readString(f)).path("Network").path(key);
                boolean hit = values.isArray() ? contains(values, name) : values.asText().equals(name);
                if (hit) {
                    String file = f.getFileName().toString();
                    return file.substring("50-gantry-".length(), file.length() - ".network".length());
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    private static boolean contains(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    List<String> names() {
        return NetworkdFiles.names(directory, ".netdev");
    }

    Path path(String name) {
        return directory.resolve("50-gantry-" + name + ".netdev");
    }

    private String existing(String name) {
        String text = read(path(name));
        if (text == null) {
            throw ApiException.notFound("no gantry .netdev file for " + name + " (" + path(name) + ")");
        }
        return text;
    }

    private static String kindOf(String text) {
        return NetworkFile.parse(NetdevKeys.NETDEV, text).path("NetDev").path("Kind").asText(null);
    }

    NetdevView view(String name, String text) {
        String masked = mask(text);
        String kind = kindOf(text);
        return new NetdevView(name, kind, path(name).toString(), parentOf(name, kind),
                NetworkFile.parse(NetdevKeys.NETDEV, masked), masked);
    }

    /** The text with every secret key's value replaced by {@link NetdevKeys#MASK}. */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq > 0 && NetdevKeys.SECRET_KEYS.contains(line.substring(0, eq).strip())
                    && !line.substring(eq + 1).isBlank()) {
                line = line.substring(0, eq + 1) + NetdevKeys.MASK;
            }
            out.append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static DryRunFiles dryRun(Map<Path, String[]> changes) {
        List<NetworkdFiles.DryRun> out = new ArrayList<>();
        changes.forEach((path, c) -> {
            if (!Objects.equals(c[0], c[1])) {
                out.add(new NetworkdFiles.DryRun(path.toString(), mask(c[1]),
                        LineDiff.unified(mask(c[0]), mask(c[1]), "a" + path, "b" + path)));
            }
        });
        return new DryRunFiles(out);
    }

    /** Writes (or removes, when the new text is null) each changed file; the .netdev first. */
    private void apply(Map<Path, String[]> changes, boolean secret) {
        for (Map.Entry<Path, String[]> e : changes.entrySet()) {
            Path path = e.getKey();
            String[] c = e.getValue();
            if (Objects.equals(c[0], c[1])) {
                continue;
            }
            try {
                if (c[1] == null) {
                    Files.deleteIfExists(path);
                } else if (secret && path.toString().endsWith(".netdev")) {
                    AtomicFiles.write(path, c[1].getBytes(StandardCharsets.UTF_8),
                            PosixFilePermissions.fromString("rw-r-----"), -1, gid("systemd-network"));
                } else {
                    AtomicFiles.write(path, c[1].getBytes(StandardCharsets.UTF_8),
                            PosixFilePermissions.fromString("rw-r--r--"));
                }
            } catch (IOException ex) {
                throw new ApiException(500, "file", "Cannot write the file", path + ": " + ex.getMessage());
            }
        }
    }

    /** A group's id from /etc/group; 500 when there is no such group (networkd could not read the file). */
    static int gid(String group) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                String[] f = line.split(":");
                if (f.length >= 3 && f[0].equals(group)) {
                    return Integer.parseInt(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new ApiException(500, "file", "Cannot read /etc/group", e.getMessage());
        }
        throw new ApiException(500, "file", "No group " + group,
                "a file with a private key is written 0640 group " + group + ", which does not exist");
    }

    private static String read(Path path) {
        return NetworkdFiles.read(path);
    }

    private Integer ifindex(String link) {
        try {
            return rtnl.link(link).map(Link::index).orElse(null);
        } catch (NetlinkException e) {
            return null;
        }
    }
}
