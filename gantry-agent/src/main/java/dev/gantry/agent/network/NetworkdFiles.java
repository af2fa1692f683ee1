package dev.gantry.agent.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.agent.backend.dbus.network.Networkd;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Violations;
import java.util.List;
import java.util.ArrayList;
import java.nio.file.DirectoryStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * {@code /network/networks/{link}}: the agent's own systemd-networkd {@code .network} file for one
 * link, {@code 50-gantry-<link>.network} in {@code /etc/systemd/network}, read, written and removed;
 * networkd is told to reload and reconfigure the link after each change.
 */
final class NetworkdFiles {
    static final Path DIRECTORY = Path.of("/etc/systemd/network");
    private static final Pattern LINK = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
    static final String HEADER = "Written by gantryd (PUT /api/v1/network/networks/%s); edits here are "
            + "replaced by the next PUT.";

    private final Path directory;
    private final Rtnl rtnl;
    private final Networkd networkd;

    NetworkdFiles(Path directory, Rtnl rtnl, Networkd networkd) {
        this.directory = directory;
        this.rtnl = rtnl;
        this.networkd = networkd;
    }

    /** GET's answer: the file parsed into the body's shape, and its text. */
    public record NetworkFileView(String link, String path, JsonNode network, String content) {
    }

    /** A dry run's answer: the file's would-be text (null when it would be removed) and the diff. */
    public record DryRun(String path, String content, String diff) {
    }

    void register(Routes routes) {
        routes.get("/network/networks/{link}").summary("Show the agent's systemd-networkd .network file for a link")
                .description("The file /etc/systemd/network/50-gantry-{link}.network parsed into the shape PUT "
                        + "takes (networkd's section and key names). 404 when the agent wrote none for the link.")
                .returns(NetworkFileView.class)
                .handle(req -> {
                    String link = link(req.param("link"));
                    String text = read(path(link));
                    if (text == null) {
                        throw ApiException.notFound("no gantry .network file for " + link + " (" + path(link) + ")");
                    }
                    return view(link, text);
                });
        routes.put("/network/networks/{link}").summary("Write the agent's systemd-networkd .network file for a link")
                .description("Body: sections by networkd's names (Match, Link, Network, Address[], Route[], "
                        + "RoutingPolicyRule[], DHCPv4, DHCPv6, DHCPServer, DHCPServerStaticLease[], IPv6SendRA, "
                        + "IPv6Prefix[], IPv6RoutePrefix[], SR-IOV[]). Match.Name defaults to the link. Written "
                        + "atomically (0644), then networkd reloads and reconfigures the link. 503 before anything "
                        + "is written when networkd is not on the bus. ?dryRun=true answers {path, content, diff} "
                        + "and changes nothing.")
                .body(JsonNode.class).returns(NetworkFileView.class)
                .query("dryRun", Boolean.class, "only show the file and its diff against the current one")
                .handle(req -> {
                    String link = link(req.param("link"));
                    boolean dryRun = req.flag("dryRun");
                    JsonNode body = withMatchName(req.body(JsonNode.class), link);
                    String content = NetworkFile.render(body, HEADER.formatted(link));
                    Path path = path(link);
                    String before = read(path);
                    if (dryRun) {
                        return new DryRun(path.toString(), content, diff(before, content, path));
                    }
                    networkd.requireRunning();
                    write(path, content);
                    networkd.reload(ifindex(link));
                    return view(link, content);
                });
        routes.delete("/network/networks/{link}").summary("Remove the agent's systemd-networkd .network file for a link")
                .description("404 when there is none. networkd then reloads and reconfigures the link (which "
                        + "another .network file may match, or none). ?dryRun=true answers {path, content: null, "
                        + "diff} and changes nothing.")
                .query("dryRun", Boolean.class, "only show the diff")
                .returns(DryRun.class).status(200)
                .handle(req -> {
                    String link = link(req.param("link"));
                    boolean dryRun = req.flag("dryRun");
                    Path path = path(link);
                    String before = read(path);
                    if (before == null) {
                        throw ApiException.notFound("no gantry .network file for " + link + " (" + path + ")");
                    }
                    if (dryRun) {
                        return new DryRun(path.toString(), null, diff(before, null, path));
                    }
                    networkd.requireRunning();
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        throw new ApiException(500, "file", "Cannot remove the file", path + ": " + e.getMessage());
                    }
                    networkd.reload(ifindex(link));
                    return null;
                });
    }

    Path directory() {
        return directory;
    }

    Rtnl rtnl() {
        return rtnl;
    }

    Networkd networkd() {
        return networkd;
    }

    Path path(String link) {
        return directory.resolve("50-gantry-" + link + ".network");
    }

    static String link(String name) {
        if (name == null || !LINK.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw ApiException.invalid("link", "name",
                    "an interface name: 1 to 15 of A-Z a-z 0-9 _ . : - (not . or ..)", name);
        }
        return name;
    }

    /** The validated body with Match.Name set to the link (400 when it names another). */
    static JsonNode withMatchName(JsonNode body, String link) {
        Violations v = new Violations();
        NetworkFile.validate(body, v);
        v.throwIfAny();
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        JsonNode match = copy.get("Match");
        ObjectNode m = match == null ? copy.putObject("Match") : (ObjectNode) match;
        JsonNode name = m.get("Name");
        if (name != null && !name.asText().equals(link)) {
            throw ApiException.invalid("Match.Name", "link", "this file is for " + link
                    + "; leave Match.Name out or give the link's name", name.asText());
        }
        ObjectNode ordered = copy.objectNode();
        ordered.put("Name", link);
        m.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("Name")) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        copy.set("Match", ordered);
        return copy;
    }

    private NetworkFileView view(String link, String text) {
        return new NetworkFileView(link, path(link).toString(), NetworkFile.parse(text), text);
    }

    private static String diff(String before, String after, Path path) {
        return LineDiff.unified(before, after, "a" + path, "b" + path);
    }

    private Integer ifindex(String link) {
        try {
            return rtnl.link(link).map(Link::index).orElse(null);
        } catch (NetlinkException e) {
            return null;
        }
    }

    /** The names of the agent's files of one kind in {@code directory}: {@code 50-gantry-NAME.suffix}, sorted. */
    static List<String> names(Path directory, String suffix) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "50-gantry-*" + suffix)) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                out.add(file.substring("50-gantry-".length(), file.length() - suffix.length()));
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path path, String content) {
        try {
            Files.createDirectories(path.getParent());
            AtomicFiles.write(path, content.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new ApiException(500, "file", "Cannot write the file", path + ": " + e.getMessage());
        }
    }
}
