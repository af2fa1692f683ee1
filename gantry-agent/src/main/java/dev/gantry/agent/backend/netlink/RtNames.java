package dev.gantry.agent.backend.netlink;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names iproute2 gives numbers: routing tables (built-ins plus {@code rt_tables} and
 * {@code rt_tables.d/*.conf}), route protocols, scopes, types and the flag words. The tables are
 * read once at construction; {@link #reloadIfChanged} rereads them when the file's mtime moves.
 */
public final class RtNames {
    private static final String[] LINK_FLAG_NAMES = {"LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP",
            "ALLMULTI", "PROMISC", "NOTRAILERS", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "MASTER", "SLAVE", "UP",
            "LOWER_UP", "DORMANT", "ECHO"};
    private static final int[] LINK_FLAG_BITS = {0x8, 0x2, 0x10, 0x1000, 0x80, 0x200, 0x100, 0x20, 0x4, 0x8000,
            0x4000, 0x2000, 0x400, 0x800, 0x1, 0x10000, 0x20000, 0x40000};
    private static final String[] OPER_STATES = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
            "DORMANT", "UP"};
    private static final String[] ROUTE_TYPES = {"unspec", "unicast", "local", "broadcast", "anycast", "multicast",
            "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"};
    private static final Map<Integer, String> PROTOCOLS = Map.ofEntries(Map.entry(0, "unspec"),
            Map.entry(1, "redirect"), Map.entry(2, "kernel"), Map.entry(3, "boot"), Map.entry(4, "static"),
            Map.entry(8, "gated"), Map.entry(9, "ra"), Map.entry(10, "mrt"), Map.entry(11, "zebra"),
            Map.entry(12, "bird"), Map.entry(13, "dnrouted"), Map.entry(14, "xorp"), Map.entry(15, "ntk"),
            Map.entry(16, "dhcp"), Map.entry(17, "mrouted"), Map.entry(18, "keepalived"), Map.entry(42, "babel"),
            Map.entry(99, "openr"), Map.entry(186, "bgp"), Map.entry(187, "isis"), Map.entry(188, "ospf"),
            Map.entry(189, "rip"), Map.entry(192, "eigrp"));
    private static final String[] ADDRESS_FLAG_NAMES = {"secondary", "nodad", "optimistic", "dadfailed", "home",
            "deprecated", "tentative", "permanent", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy"};
    private static final String[] NUD_NAMES = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED",
            "NOARP", "PERMANENT"};
    private static final String[] NTF_NAMES = {"use", "self", "master", "proxy", "extern_learn", "offload",
            "sticky", "router"};

    private final Path tablesFile;
    private volatile Map<Long, String> tables;
    private volatile Map<String, Long> tableIds;
    private volatile long tablesStamp;

    RtNames(Path iproute2Dir) {
        this.tablesFile = iproute2Dir.resolve("rt_tables");
        load();
    }

    /** Names from {@code /etc/iproute2}. */
    public static RtNames host() {
        return new RtNames(Path.of("/etc/iproute2"));
    }

    private void load() {
        Map<Long, String> byId = new HashMap<>();
        byId.put(0L, "unspec");
        byId.put(253L, "default");
        byId.put(254L, "main");
        byId.put(255L, "local");
        readTables(tablesFile, byId);
        Path dir = tablesFile.resolveSibling("rt_tables.d");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.conf")) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                sorted.forEach(f -> readTables(f, byId));
            } catch (IOException ignored) {
                // an unreadable directory leaves the names read so far
            }
        }
        Map<String, Long> byName = new HashMap<>();
        byId.forEach((id, name) -> byName.put(name, id));
        tables = Map.copyOf(byId);
        tableIds = Map.copyOf(byName);
        tablesStamp = stamp();
    }

    /** rt_tables' mtime and rt_tables.d's (which moves when a file is added or removed there). */
    private long stamp() {
        return mtime(tablesFile) * 31 + mtime(tablesFile.resolveSibling("rt_tables.d"));
    }

    private static long mtime(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Rereads the table names if rt_tables changed since they were read. */
    public void reloadIfChanged() {
        if (stamp() != tablesStamp) {
            load();
        }
    }

    /** "id name" lines; '#' starts a comment; malformed lines are skipped. */
    static void readTables(Path file, Map<Long, String> into) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (String raw : lines) {
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            try {
                long id = parts[0].startsWith("0x") ? Long.parseLong(parts[0].substring(2), 16) : Long.parseLong(parts[0]);
                if (id >= 0 && id <= 0xffffffffL) {
                    into.put(id, parts[1]);
                }
            } catch (NumberFormatException ignored) {
                // not a table line
            }
        }
    }

    /** A table's name, or its number as text. */
    public String table(long id) {
        String name = tables.get(id);
        return name != null ? name : Long.toString(id);
    }

    /**
     * A table named or numbered as iproute2 accepts it ("main", "254", "0x10"). An unknown name
     * rereads the files once (a file in rt_tables.d may have been edited in place).
     */
    public Optional<Long> tableId(String text) {
        Long id = tableIds.get(text);
        if (id == null && !text.isEmpty() && !Character.isDigit(text.charAt(0))) {
            load();
            id = tableIds.get(text);
        }
        if (id != null) {
            return Optional.of(id);
        }
        try {
            long n = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
            return n >= 0 && n <= 0xffffffffL ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static List<String> linkFlags(int flags) {
        List<String> out = new ArrayList<>(6);
        if ((flags & 0x1) != 0 && (flags & 0x40) == 0) {
            out.add("NO-CARRIER");
        }
        for (int i = 0; i < LINK_FLAG_BITS.length; i++) {
            if ((flags & LINK_FLAG_BITS[i]) != 0) {
                out.add(LINK_FLAG_NAMES[i]);
            }
        }
        return out;
    }

    static String operState(int state) {
        return state >= 0 && state < OPER_STATES.length ? OPER_STATES[state] : Integer.toString(state);
    }

    static String routeType(int type) {
        return type >= 0 && type < ROUTE_TYPES.length ? ROUTE_TYPES[type] : Integer.toString(type);
    }

    static String protocol(int proto) {
        String name = PROTOCOLS.get(proto);
        return name != null ? name : Integer.toString(proto);
    }

    static String scope(int scope) {
        return switch (scope) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(scope);
        };
    }

    static String family(int family) {
        return switch (family) {
            case Nl.AF_INET -> "inet";
            case Nl.AF_INET6 -> "inet6";
            case 7 -> "bridge";
            default -> Integer.toString(family);
        };
    }

    static List<String> addressFlags(long flags) {
        return bits(flags, ADDRESS_FLAG_NAMES);
    }

    static List<String> neighbourStates(int state) {
        if (state == 0) {
            return List.of("NONE");
        }
        return bits(state, NUD_NAMES);
    }

    static List<String> neighbourFlags(int flags) {
        return bits(flags, NTF_NAMES);
    }

    static List<String> routeFlags(long flags) {
        List<String> out = new ArrayList<>(2);
        if ((flags & 0x1) != 0) {
            out.add("dead");
        }
        if ((flags & 0x4) != 0) {
            out.add("onlink");
        }
        if ((flags & 0x10) != 0) {
            out.add("linkdown");
        }
        return out;
    }

    private static List<String> bits(long value, String[] names) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.length; i++) {
            if ((value & (1L << i)) != 0) {
                out.add(names[i]);
            }
        }
        return out;
    }
}
