package dev.gantry.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian packages a box needs and the host does not have installed (systemd-resolved,
 * networkd-dispatcher): fetched with {@code apt-get download} into {@code target/debs} — a download
 * only, nothing is installed or enabled on the host — and installed inside the box, whose /usr and
 * /var are throw-away overlays. Their dependencies must already be on the host (the box shares its /usr).
 */
public final class DebianPackages {
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(3);

    private DebianPackages() {
    }

    /** The package's .deb in {@code dir}, downloaded first if there is none. */
    public static Path fetch(String name, Path dir) {
        try {
            Files.createDirectories(dir);
            Path found = find(name, dir);
            if (found != null) {
                return found;
            }
            ExecResult r = Commands.run(List.of("sh", "-c", "cd \"$1\" && apt-get download \"$2\"", "sh",
                    dir.toString(), name), DOWNLOAD_TIMEOUT);
            found = find(name, dir);
            if (found == null) {
                throw new BoxException("apt-get download " + name + " gave no package\n" + r.describe());
            }
            return found;
        } catch (IOException e) {
            throw new BoxException("cannot fetch " + name + ": " + e);
        }
    }

    private static Path find(String name, Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + "_")
                    && p.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
        }
    }
}
