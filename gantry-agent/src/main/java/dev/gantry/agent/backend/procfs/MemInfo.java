package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code /proc/meminfo}: every field in file order, sizes converted from kB to bytes; unit-less fields
 * ({@code HugePages_Total}) are counts as written. Lines that are not {@code Name: number [kB]} are skipped.
 */
public record MemInfo(Map<String, Long> fields) {
    public MemInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static MemInfo read(Path root) {
        return parse(ProcText.read(root.resolve("proc/meminfo")));
    }

    public static MemInfo parse(byte[] text) {
        ProcText t = new ProcText(text);
        Map<String, Long> fields = new LinkedHashMap<>(64);
        while (!t.atEnd()) {
            String name = t.until(':');
            if (!t.accept(':') || name.isEmpty()) {
                t.nextLine();
                continue;
            }
            long value = t.number(-1);
            if (value < 0) {
                t.nextLine();
                continue;
            }
            String unit = t.word();
            if (unit.equals("kB")) {
                value = Math.multiplyHigh(value, 1024) != 0 ? Long.MAX_VALUE : value * 1024;
            } else if (!unit.isEmpty()) {
                t.nextLine();
                continue;
            }
            fields.put(name, value);
            t.nextLine();
        }
        return new MemInfo(fields);
    }

    /** A field by its name in the file ({@code MemAvailable}), in bytes for sizes. */
    public OptionalLong value(String name) {
        Long v = fields.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private long or0(String name) {
        Long v = fields.get(name);
        return v == null ? 0 : v;
    }

    public long total() {
        return or0("MemTotal");
    }

    public long free() {
        return or0("MemFree");
    }

    /** MemAvailable (kernel 3.14+); on older kernels free + buffers + cached as an estimate. */
    public long available() {
        Long v = fields.get("MemAvailable");
        return v != null ? v : free() + buffers() + cached();
    }

    public long buffers() {
        return or0("Buffers");
    }

    public long cached() {
        return or0("Cached");
    }

    public long shared() {
        return or0("Shmem");
    }

    public long slab() {
        return or0("Slab");
    }

    public long swapTotal() {
        return or0("SwapTotal");
    }

    public long swapFree() {
        return or0("SwapFree");
    }

    public long swapCached() {
        return or0("SwapCached");
    }

    public long dirty() {
        return or0("Dirty");
    }

    /** Used memory as free(1) computes it: total − available. */
    public long used() {
        return Math.max(0, total() - available());
    }
}
