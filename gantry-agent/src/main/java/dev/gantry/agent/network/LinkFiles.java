package dev.gantry.agent.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Violations;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /network/linkfiles}: the agent's own systemd {@code .link} files,
 * {@code 50-gantry-<name>.link} in {@code /etc/systemd/network} (before the distribution's
 * 73-usb-net-by-mac.link and 99-default.link, so that the first-match rule picks them), read,
 * written and removed. After a change the files are applied to the links the file names (by
 * Match.OriginalName or Match.MACAddress) through {@link LinkSetup}; udev's answer says which file
 * each got.
 */
final class LinkFiles {
    static final String HEADER = "Written by gantryd (PUT /api/v1/network/linkfiles/%s); edits here are "
            + "replaced by the next PUT.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

    private final Path directory;
    private final Rtnl rtnl;
    private final LinkSetup setup;
    private final Supplier<Optional<Map<Integer, Resolved.LinkState>>> networkdLinks;

    LinkFiles(Path directory, Rtnl rtnl, LinkSetup setup,
              Supplier<Optional<Map<Integer, Resolved.LinkState>>> networkdLinks) {
        this.directory = directory;
        this.rtnl = rtnl;
        this.setup = setup;
        this.networkdLinks = networkdLinks;
    }

    /**
     * A link and the .link file that applies to it: {@code source} is {@code udev} (the file udev
     * applied just now) or {@code networkd} (the LinkFile networkd reports); {@code error} says why
     * applying failed (the file is written all the same).
     */
    public record AppliedLink(String link, String linkFile, String source, String error) {
    }

    /** GET's and PUT's answer: the file parsed, its text, and the links it applies to. */
    public record LinkFileView(String name, String path, JsonNode file, String content, List<AppliedLink> links) {
    }

    /** DELETE's answer: the links the remaining files were applied to again. */
    public record Removed(String path, List<AppliedLink> links) {
    }

    void register(Routes routes) {
        routes.get("/network/linkfiles").summary("List the agent's systemd .link files")
                .description("Each with the links networkd reports it applies to (networkd's LinkFile, from "
                        + "udev's database: empty where udevd does not run).")
                .returnsListOf(LinkFileView.class)
                .handle(req -> names().stream().map(n -> view(n, NetworkdFiles.read(path(n)), networkdUsers(n)))
                        .toList());
        routes.get("/network/linkfiles/{name}").summary("Show one of the agent's systemd .link files")
                .description("/etc/systemd/network/50-gantry-{name}.link parsed into the shape PUT takes, with "
                        + "the links networkd reports it applies to. 404 when there is none.")
                .returns(LinkFileView.class)
                .handle(req -> {
                    String name = name(req.param("name"));
                    return view(name, existing(name), networkdUsers(name));
                });
        routes.put("/network/linkfiles/{name}").summary("Write one of the agent's systemd .link files and apply it")
                .description("Body: {\"Match\":{…}, \"Link\":{…}} by systemd.link's key names. Written atomically "
                        + "(0644), then applied at once to every existing link the file names by "
                        + "Match.OriginalName and/or Match.MACAddress (udevadm trigger --action=add where udevd "
                        + "runs, udevadm test-builtin net_setup_link where it does not); links answers which "
                        + "file udev applied to each. A file matching by other keys only is applied when its "
                        + "links next appear. ?dryRun=true answers {path, content, diff} and changes nothing.")
                .body(JsonNode.class).returns(LinkFileView.class)
                .query("dryRun", Boolean.class, "only show the file and its diff against the current one")
                .handle(req -> {
                    String name = name(req.param("name"));
                    JsonNode body = req.body(JsonNode.class);
                    Violations v = new Violations();
                    NetworkFile.validate(LinkKeys.LINK_FILE, body, v);
                    v.throwIfAny();
                    String content = NetworkFile.render(LinkKeys.LINK_FILE, body, HEADER.formatted(name));
                    Path path = path(name);
                    String before = NetworkdFiles.read(path);
                    if (req.flag("dryRun")) {
                        return new NetworkdFiles.DryRun(path.toString(), content,
                                LineDiff.unified(before, content, "a" + path, "b" + path));
                    }
                    NetworkdFiles.write(path, content);
                    return view(name, content, apply(LinkMatch.of(body)));
                });
        routes.delete("/network/linkfiles/{name}").summary("Remove one of the agent's systemd .link files")
                .description("The links the file named are then set up again from the files that remain; "
                        + "settings the removed file made (an MTU, an offload) stay until a remaining file sets "
                        + "them or the link is re-created. 404 when there is no file. ?dryRun=true answers "
                        + "{path, content: null, diff} and changes nothing.")
                .query("dryRun", Boolean.class, "only show the diff")
                .returns(Removed.class)
                .handle(req -> {
                    String name = name(req.param("name"));
                    Path path = path(name);
                    String before = existing(name);
                    if (req.flag("dryRun")) {
                        return new NetworkdFiles.DryRun(path.toString(), null,
                                LineDiff.unified(before, null, "a" + path, "b" + path));
                    }
                    LinkMatch match = LinkMatch.of(NetworkFile.parse(LinkKeys.LINK_FILE, before));
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        throw new ApiException(500, "file", "Cannot remove the file", path + ": " + e.getMessage());
                    }
                    return new Removed(path.toString(), apply(match));
                });
    }

    Path path(String name) {
        return directory.resolve("50-gantry-" + name + ".link");
    }

    /** The file's name part: 1 to 64 of A-Z a-z 0-9 _ . : @ -, without "..". */
    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..") || name.equals(".")) {
            throw ApiException.invalid("name", "name",
                    "1 to 64 of A-Z a-z 0-9 _ . : @ - (no '/', not . and no ..)", name);
        }
        return name;
    }

    private String existing(String name) {
        String text = NetworkdFiles.read(path(name));
        if (text == null) {
            throw ApiException.notFound("no gantry .link file " + name + " (" + path(name) + ")");
        }
        return text;
    }

    private LinkFileView view(String name, String text, List<AppliedLink> links) {
        return new LinkFileView(name, path(name).toString(), NetworkFile.parse(LinkKeys.LINK_FILE, text), text,
                links);
    }

    List<String> names() {
        return NetworkdFiles.names(directory, ".link");
    }

    /** The links whose LinkFile networkd reports as this file. */
    private List<AppliedLink> networkdUsers(String name) {
        String file = path(name).toString();
        Optional<Map<Integer, Resolved.LinkState>> states = networkdLinks.get();
        if (states.isEmpty()) {
            return List.of();
        }
        List<AppliedLink> out = new ArrayList<>();
        for (Link l : links()) {
            Resolved.LinkState s = states.get().get(l.index());
            if (s != null && file.equals(s.linkFile())) {
                out.add(new AppliedLink(l.name(), file, "networkd", null));
            }
        }
        return out;
    }

    /** Sets up again, through udev, each existing link the match names. */
    private List<AppliedLink> apply(LinkMatch match) {
        List<AppliedLink> out = new ArrayList<>();
        for (Link l : links()) {
            if (!match.names(l)) {
                continue;
            }
            try {
                out.add(new AppliedLink(l.name(), setup.apply(l.name()).orElse(null), "udev", null));
            } catch (ApiException | IllegalStateException e) {
                out.add(new AppliedLink(l.name(), null, "udev", e.getMessage()));
            }
        }
        return out;
    }

    private List<Link> links() {
        try {
            return rtnl.links();
        } catch (NetlinkException e) {
            throw ApiException.unavailable("rtnetlink", e.getMessage());
        }
    }

    /**
     * The links a file's [Match] names, as far as the agent can tell without udev: by OriginalName
     * globs and MACAddress, narrowed by Kind. A file naming links by neither matches none here.
     */
    record LinkMatch(List<String> originalNames, List<String> macs, List<String> kinds) {
        static LinkMatch of(JsonNode body) {
            JsonNode m = body.path("Match");
            return new LinkMatch(strings(m.get("OriginalName")), strings(m.get("MACAddress")), strings(m.get("Kind")));
        }

        boolean names(Link link) {
            if (originalNames.isEmpty() && macs.isEmpty()) {
                return false;
            }
            boolean byName = originalNames.isEmpty() || byName(link.name());
            boolean byMac = macs.isEmpty() || (link.mac() != null
                    && macs.stream().anyMatch(m -> m.replace('-', ':').equalsIgnoreCase(link.mac())));
            boolean byKind = kinds.isEmpty() || kinds.contains(link.kind() == null ? "" : link.kind());
            return byName && byMac && byKind;
        }

        /** udev's rule: a list whose first glob starts with '!' matches the names none of its globs match. */
        private boolean byName(String name) {
            boolean inverted = originalNames.get(0).startsWith("!");
            boolean any = originalNames.stream().anyMatch(g -> glob(inverted && g.startsWith("!") ? g.substring(1) : g,
                    name));
            return inverted != any;
        }

        private static boolean glob(String glob, String name) {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(name));
        }

        /** A key's values: one string, an array, or a string of space-separated words (as udev splits them). */
        private static List<String> strings(JsonNode node) {
            List<String> out = new ArrayList<>();
            if (node == null || node.isNull()) {
                return out;
            }
            List<JsonNode> values = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(values::add);
            } else {
                values.add(node);
            }
            for (JsonNode v : values) {
                for (String w : v.asText().trim().split("\\s+")) {
                    if (!w.isEmpty()) {
                        out.add(w);
                    }
                }
            }
            return out;
        }
    }
}
