package dev.gantry.agent.systemd;

import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The files under {@code /etc/systemd} the module writes: units' drop-ins and {@code system.conf}.
 * Every write is atomic and leaves the file (and a drop-in directory it creates) owned by root, mode
 * 0644 (0755 for directories), as systemctl edit would; the agent may do so through CAP_DAC_OVERRIDE
 * and CAP_CHOWN.
 */
final class UnitFiles {
    static final int MAX_DROPIN_BYTES = 64 * 1024;
    private final Path etcSystemd;

    UnitFiles(Path etcSystemd) {
        this.etcSystemd = etcSystemd;
    }

    Path dropIn(String unit, String file) {
        return etcSystemd.resolve("system").resolve(unit + ".d").resolve(file + ".conf");
    }

    /** Whether the unit's own file (not a link) is in /etc/systemd/system, where masking would need its place. */
    boolean isUnitFileInEtc(String unit) {
        Path file = etcSystemd.resolve("system").resolve(unit);
        return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    Path systemConf() {
        return etcSystemd.resolve("system.conf");
    }

    /** Checks a drop-in's text: UTF-8 text below 64 KiB, made of sections, Key=Value lines and comments. */
    static void checkDropIn(String content, Violations v) {
        if (!v.check(content.getBytes(StandardCharsets.UTF_8).length <= MAX_DROPIN_BYTES, "content", "size",
                "at most " + MAX_DROPIN_BYTES + " bytes", null)) {
            return;
        }
        if (!v.check(content.indexOf('\0') < 0, "content", "nul", "text without NUL bytes", null)) {
            return;
        }
        boolean inSection = false;
        boolean continued = false;
        int n = 0;
        for (String raw : content.split("\n", -1)) {
            n++;
            String line = raw.strip();
            boolean continuation = continued;
            continued = line.endsWith("\\") && !line.startsWith("#") && !line.startsWith(";");
            if (continuation) {
                continue; // the rest of the previous line
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]") && line.length() > 2) {
                inSection = true;
                continue;
            }
            if (!inSection || line.indexOf('=') <= 0) {
                v.add("content", "syntax", "line " + n + " is neither [Section], Key=Value, a comment, nor inside "
                        + "a section", raw);
                return;
            }
        }
    }

    Path writeDropIn(String unit, String file, String content) {
        Path target = dropIn(unit, file);
        try {
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwxr-xr-x")));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                chownRoot(dir);
            }
            String text = content.endsWith("\n") || content.isEmpty() ? content : content + "\n";
            AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"), 0, 0);
            return target;
        } catch (IOException e) {
            throw writeFailed(target, e);
        }
    }

    /** Removes the drop-in; false if there was none. Its directory goes too once empty. */
    boolean removeDropIn(String unit, String file) {
        Path target = dropIn(unit, file);
        try {
            if (!Files.deleteIfExists(target)) {
                return false;
            }
            try (var left = Files.list(target.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(target.getParent());
                }
            }
            return true;
        } catch (IOException e) {
            throw writeFailed(target, e);
        }
    }

    String readSystemConf() {
        try {
            return Files.readString(systemConf());
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new ApiException(500, "file-error", "Cannot read a file", "cannot read " + systemConf() + ": "
                    + e.getMessage());
        }
    }

    void writeSystemConf(String text) {
        try {
            AtomicFiles.write(systemConf(), text.getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"), 0, 0);
        } catch (IOException e) {
            throw writeFailed(systemConf(), e);
        }
    }

    private static void chownRoot(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", 0);
        Files.setAttribute(path, "unix:gid", 0);
    }

    private static ApiException writeFailed(Path path, IOException e) {
        return new ApiException(500, "file-error", "Cannot write a file", "cannot write " + path + ": " + e);
    }
}
