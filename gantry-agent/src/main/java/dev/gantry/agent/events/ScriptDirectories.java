package dev.gantry.agent.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The script directories under {@code /etc/gantry/events/}: {@code <state>.d} for every state value in
 * systemd-networkd's tables ({@code network-util.c}), plus {@code manager.d} and {@code routes.d}. A
 * directory name is only ever taken from {@link #ALL}: a value networkd sends that is not in it runs
 * nothing, so no path is built from what arrived on the bus.
 */
final class ScriptDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptDirectories.class);
    static final String MANAGER = "manager";
    static final String ROUTES = "routes";

    /** networkd's link properties in the order a signal's directories run, and their known values. */
    static final Map<String, List<String>> STATES = orderedStates();
    static final Set<String> ALL = allNames();

    private final Path root;
    private final int ownerUid;

    /** {@code ownerUid} is 0 (root) on a host; tests that cannot chown to root pass their own uid. */
    ScriptDirectories(Path root, int ownerUid) {
        this.root = root;
        this.ownerUid = ownerUid;
    }

    Path root() {
        return root;
    }

    private static Map<String, List<String>> orderedStates() {
        var m = new java.util.LinkedHashMap<String, List<String>>();
        m.put("AdministrativeState", List.of("pending", "initialized", "configuring", "configured", "unmanaged",
                "failed", "linger"));
        m.put("CarrierState", List.of("off", "no-carrier", "dormant", "degraded-carrier", "carrier", "enslaved"));
        m.put("OperationalState", List.of("missing", "off", "no-carrier", "dormant", "degraded-carrier", "carrier",
                "degraded", "enslaved", "routable"));
        m.put("AddressState", List.of("off", "degraded", "routable"));
        m.put("IPv4AddressState", List.of("off", "degraded", "routable"));
        m.put("IPv6AddressState", List.of("off", "degraded", "routable"));
        m.put("OnlineState", List.of("offline", "partial", "online"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Set<String> allNames() {
        Set<String> names = new LinkedHashSet<>(List.of("carrier", "configured", "degraded", "no-carrier", "routable",
                MANAGER, ROUTES));
        STATES.values().forEach(names::addAll);
        return Set.copyOf(names);
    }

    /** Whether {@code value} names a directory. */
    static boolean known(String value) {
        return ALL.contains(value);
    }

    /**
     * Creates every directory (0755) that is missing, owned by the scripts' owner (root; gantryd has
     * CAP_CHOWN), so that only root can add a script. A failure is logged; the broker runs on.
     */
    void createAll() {
        create(root);
        for (String name : ALL) {
            create(root.resolve(name + ".d"));
        }
    }

    private void create(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setAttribute(dir, "unix:uid", ownerUid);
            Files.setAttribute(dir, "unix:gid", ownerUid == 0 ? 0 : (Integer) Files.getAttribute(dir, "unix:gid"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot create script directory {}: {}", dir, e.toString());
        }
    }

    /** A file of a directory and whether it runs ({@code refusal} empty) or is skipped (and why). */
    record Candidate(String directory, Path path, Optional<String> refusal) {
        String name() {
            return directory + ".d/" + path.getFileName();
        }
    }

    /** The files of {@code <name>.d} in lexical order, leftovers left out, each checked. */
    List<Candidate> scripts(String name) {
        if (!known(name)) {
            return List.of();
        }
        Path dir = root.resolve(name + ".d");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !ScriptCheck.isLeftover(p.getFileName().toString()))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
            return List.of();
        }
        List<Candidate> out = new ArrayList<>(files.size());
        for (Path file : files) {
            out.add(new Candidate(name, file, check(file, ownerUid)));
        }
        return out;
    }

    private static Optional<String> check(Path file, int ownerUid) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,isRegularFile");
            return ScriptCheck.refusal((Boolean) a.get("isRegularFile"), (Integer) a.get("uid"),
                    ((Integer) a.get("mode")) & 07777, ownerUid);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot read its attributes: " + e.getMessage());
        }
    }
}
