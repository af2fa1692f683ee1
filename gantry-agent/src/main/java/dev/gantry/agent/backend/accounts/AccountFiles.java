package dev.gantry.agent.backend.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local account databases read directly: {@code /etc/passwd}, {@code /etc/group}, {@code /etc/shadow}
 * (for the password's state only; the agent reads it with CAP_DAC_OVERRIDE) and the ranges of
 * {@code /etc/login.defs}. Writes go through {@link ShadowTools}, never here. NSS sources other than
 * the files (LDAP, NIS {@code +} lines) are not seen: the agent manages local accounts.
 */
public final class AccountFiles {
    private final Path etc;

    /** {@code etc} is {@code /etc} on a host; tests give a directory of their own. */
    public AccountFiles(Path etc) {
        this.etc = etc;
    }

    public static AccountFiles host() {
        return new AccountFiles(Path.of("/etc"));
    }

    /** One line of /etc/passwd. */
    public record PasswdEntry(String name, long uid, long gid, String gecos, String home, String shell) {
    }

    /** One line of /etc/group; {@code members} are the explicit (supplementary) members. */
    public record GroupEntry(String name, long gid, List<String> members) {
        public GroupEntry {
            members = List.copyOf(members);
        }
    }

    /** Whether a password can be used, as {@code passwd -S} tells it (P, L, NP), or unknown when shadow is unreadable. */
    public enum PasswordState {
        USABLE, LOCKED, NONE, UNKNOWN;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The state of a shadow password field: {@code !} or {@code *} first is locked, empty is none. */
        static PasswordState of(String hash) {
            if (hash.isEmpty()) {
                return NONE;
            }
            return hash.startsWith("!") || hash.startsWith("*") ? LOCKED : USABLE;
        }
    }

    /**
     * The ranges of /etc/login.defs: accounts below {@code uidMin} (or above {@code uidMax}) are the
     * system's own; defaults as the shadow tools use them when a key is absent.
     */
    public record Ranges(long uidMin, long uidMax, long gidMin, long gidMax) {
        public static final Ranges DEFAULT = new Ranges(1000, 60000, 1000, 60000);

        public boolean systemUid(long uid) {
            return uid < uidMin || uid > uidMax;
        }

        public boolean systemGid(long gid) {
            return gid < gidMin || gid > gidMax;
        }
    }

    public List<PasswdEntry> users() {
        List<PasswdEntry> users = new ArrayList<>();
        for (String[] f : records("passwd", 7)) {
            try {
                users.add(new PasswdEntry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]));
            } catch (NumberFormatException e) {
                // A damaged line names no usable account; the shadow tools would skip it too.
            }
        }
        return users;
    }

    public Optional<PasswdEntry> user(String name) {
        return users().stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public List<GroupEntry> groups() {
        List<GroupEntry> groups = new ArrayList<>();
        for (String[] f : records("group", 4)) {
            try {
                List<String> members = f[3].isEmpty() ? List.of() : Arrays.asList(f[3].split(","));
                groups.add(new GroupEntry(f[0], Long.parseLong(f[2]), members));
            } catch (NumberFormatException e) {
                // as above
            }
        }
        return groups;
    }

    public Optional<GroupEntry> group(String name) {
        return groups().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The password state of every user in /etc/shadow; empty when the file cannot be read. */
    public Map<String, PasswordState> passwordStates() {
        Map<String, PasswordState> states = new HashMap<>();
        for (String[] f : records("shadow", 2)) {
            states.put(f[0], PasswordState.of(f[1]));
        }
        return states;
    }

    /** A user's shadow password field, for the one check that needs it (unlock without a password). */
    public Optional<String> shadowField(String name) {
        return records("shadow", 2).stream().filter(f -> f[0].equals(name)).map(f -> f[1]).findFirst();
    }

    /** UID_MIN, UID_MAX, GID_MIN, GID_MAX of /etc/login.defs, each defaulting as the shadow tools do. */
    public Ranges ranges() {
        Map<String, Long> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(etc.resolve("login.defs"), StandardCharsets.UTF_8)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && !words[0].startsWith("#")) {
                    try {
                        values.put(words[0], Long.parseLong(words[1]));
                    } catch (NumberFormatException e) {
                        // not one of the numeric keys read here
                    }
                }
            }
        } catch (IOException e) {
            return Ranges.DEFAULT;
        }
        Ranges d = Ranges.DEFAULT;
        return new Ranges(values.getOrDefault("UID_MIN", d.uidMin()), values.getOrDefault("UID_MAX", d.uidMax()),
                values.getOrDefault("GID_MIN", d.gidMin()), values.getOrDefault("GID_MAX", d.gidMax()));
    }

    /** The colon-separated records of a file with at least {@code fields} fields; comments and NIS lines skipped. */
    private List<String[]> records(String file, int fields) {
        List<String> lines;
        try {
            lines = Files.readAllLines(etc.resolve(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + etc.resolve(file), e);
        }
        List<String[]> records = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length >= fields && !f[0].isEmpty()) {
                records.add(f);
            }
        }
        return records;
    }
}
