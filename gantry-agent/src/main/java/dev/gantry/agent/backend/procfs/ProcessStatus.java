package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code /proc/<pid>/status}: {@code Key:\tvalue} lines as written, with typed accessors. */
public record ProcessStatus(Map<String, String> fields) {
    public ProcessStatus {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Optional<ProcessStatus> read(Path root, int pid) {
        return ProcText.readIfPresent(root.resolve("proc").resolve(Integer.toString(pid)).resolve("status"))
                .map(ProcessStatus::parse);
    }

    public static ProcessStatus parse(byte[] text) {
        ProcText t = new ProcText(text);
        Map<String, String> fields = new LinkedHashMap<>(64);
        while (!t.atEnd()) {
            String key = t.until(':');
            if (!t.accept(':') || key.isEmpty()) {
                t.nextLine();
                continue;
            }
            fields.put(key, t.restOfLine());
        }
        return new ProcessStatus(fields);
    }

    public String name() {
        return fields.getOrDefault("Name", "");
    }

    /** {@code Uid:} real, effective, saved, filesystem; -1 where absent. */
    public long[] uids() {
        return ids("Uid");
    }

    public long[] gids() {
        return ids("Gid");
    }

    private long[] ids(String key) {
        long[] ids = {-1, -1, -1, -1};
        String v = fields.get(key);
        if (v != null) {
            ProcText t = new ProcText(v.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 4; i++) {
                ids[i] = t.number(-1);
            }
        }
        return ids;
    }

    /** A size field ({@code VmRSS: 1234 kB}) in bytes, a count field as written; empty if absent or not a number. */
    public OptionalLong number(String key) {
        String v = fields.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        ProcText t = new ProcText(v.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long n = t.number(Long.MIN_VALUE);
        if (n == Long.MIN_VALUE) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(t.word().equals("kB") ? n * 1024 : n);
    }
}
