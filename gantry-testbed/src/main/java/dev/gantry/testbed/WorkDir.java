package dev.gantry.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A box's temporary files on the host: for now the console log nspawn writes. */
final class WorkDir {

    private static final String PREFIX = "gantry-box-";

    private final Path dir;

    private WorkDir(Path dir) {
        this.dir = dir;
    }

    static WorkDir create(String machine) {
        try {
            return new WorkDir(Files.createTempDirectory(PREFIX + machine + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for box " + machine, e);
        }
    }

    /** The directory of a box recorded by another JVM, if the path really is one of ours. */
    static Optional<WorkDir> of(Path dir, String machine) {
        return dir.getFileName() != null && dir.getFileName().toString().startsWith(PREFIX + machine + "-")
                ? Optional.of(new WorkDir(dir)) : Optional.empty();
    }

    Path path() {
        return dir;
    }

    Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** The last lines of the console log, or why there are none. */
    String consoleTail(int lines) {
        try {
            List<String> all = Files.readAllLines(consoleLog(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
