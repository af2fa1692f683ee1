package dev.gantry.agent.proc;

import dev.gantry.agent.backend.procfs.ProcText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * uid → user name from {@code /etc/passwd}, re-read whenever the file's modification time or size
 * changes (this is not a /proc read: every answer still sees the processes fresh). A uid without a
 * passwd line (NSS directory users, containers' uids) is shown as its number, as ps(1) does.
 */
final class UserNames {
    private record Snapshot(FileTime modified, long size, Map<Integer, String> names) {
    }

    private final Path passwd;
    private volatile Snapshot snapshot = new Snapshot(FileTime.fromMillis(0), -1, Map.of());

    UserNames(Path root) {
        this.passwd = root.resolve("etc/passwd");
    }

    Map<Integer, String> current() {
        Snapshot s = snapshot;
        try {
            BasicFileAttributes a = Files.readAttributes(passwd, BasicFileAttributes.class);
            if (!a.lastModifiedTime().equals(s.modified) || a.size() != s.size) {
                s = new Snapshot(a.lastModifiedTime(), a.size(), parse(ProcText.read(passwd)));
                snapshot = s;
            }
        } catch (IOException | RuntimeException e) {
            return s.names;
        }
        return s.names;
    }

    String name(int uid) {
        return name(current(), uid);
    }

    static String name(Map<Integer, String> names, int uid) {
        String n = names.get(uid);
        return n != null ? n : Integer.toString(uid);
    }

    /** The uid of a user name, or -1. */
    int uid(String name) {
        for (Map.Entry<Integer, String> e : current().entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return -1;
    }

    static Map<Integer, String> parse(byte[] b) {
        Map<Integer, String> names = new HashMap<>();
        ProcText t = new ProcText(b);
        while (!t.atEnd()) {
            String name = t.until(':');
            if (!t.accept(':')) {
                t.nextLine();
                continue;
            }
            t.until(':');
            if (!t.accept(':')) {
                t.nextLine();
                continue;
            }
            String uid = t.until(':');
            t.nextLine();
            try {
                names.putIfAbsent(Integer.parseInt(uid), name);
            } catch (NumberFormatException e) {
                // A malformed line names no one.
            }
        }
        return names;
    }
}
