package dev.gantry.agent.backend.procfs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code /proc/meminfo}: every field in file order, sizes converted from kB to bytes; unit-less fields
 * ({@code HugePages_Total}) are counts as written. Lines that are not {@code Name: number [kB]} are skipped.
 *
 * <p>Parsing allocates no string per line: the names stay as offsets into the file's bytes and are
 * compared in place, so the accessors of the few fields an answer needs cost less than building the
 * whole map ({@link #fields()} builds it on demand). Immutable and thread-safe.
 */
public final class MemInfo {
    private final byte[] text;
    private final int[] nameStart;
    private final int[] nameLength;
    private final long[] values;
    private final int count;

    private MemInfo(byte[] text, int[] nameStart, int[] nameLength, long[] values, int count) {
        this.text = text;
        this.nameStart = nameStart;
        this.nameLength = nameLength;
        this.values = values;
        this.count = count;
    }

    public static MemInfo read(Path root) {
        return parse(ProcText.read(root.resolve("proc/meminfo")));
    }

    public static MemInfo parse(byte[] text) {
        ProcText t = new ProcText(text);
        int capacity = 64;
        int[] starts = new int[capacity];
        int[] lengths = new int[capacity];
        long[] values = new long[capacity];
        int n = 0;
        while (!t.atEnd()) {
            int start = t.position();
            int colon = ProcText.indexOf(text, (byte) ':', start, lineEnd(text, start));
            if (colon <= start) {
                t.nextLine();
                continue;
            }
            t.position(colon + 1);
            long value = t.number(-1);
            if (value < 0) {
                t.nextLine();
                continue;
            }
            t.skipBlanks();
            if (t.startsWith("kB")) {
                t.skip(2);
                value = value > Long.MAX_VALUE / 1024 ? Long.MAX_VALUE : value * 1024;
            }
            t.skipBlanks();
            if (!t.atEol()) {
                t.nextLine();
                continue;
            }
            if (n == capacity) {
                capacity *= 2;
                starts = java.util.Arrays.copyOf(starts, capacity);
                lengths = java.util.Arrays.copyOf(lengths, capacity);
                values = java.util.Arrays.copyOf(values, capacity);
            }
            starts[n] = start;
            lengths[n] = colon - start;
            values[n] = value;
            n++;
            t.nextLine();
        }
        return new MemInfo(text, starts, lengths, values, n);
    }

    private static int lineEnd(byte[] b, int from) {
        int nl = ProcText.indexOf(b, (byte) '\n', from, b.length);
        return nl < 0 ? b.length : nl;
    }

    /** Every field by its name in the file, in file order (built on each call). */
    public Map<String, Long> fields() {
        Map<String, Long> map = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            map.putIfAbsent(new String(text, nameStart[i], nameLength[i], StandardCharsets.UTF_8), values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** A field by its name in the file ({@code MemAvailable}), in bytes for sizes. */
    public OptionalLong value(String name) {
        int i = indexOf(name);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(values[i]);
    }

    private int indexOf(String name) {
        int len = name.length();
        outer:
        for (int i = 0; i < count; i++) {
            if (nameLength[i] != len) {
                continue;
            }
            int s = nameStart[i];
            for (int j = 0; j < len; j++) {
                if (text[s + j] != name.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private long or0(String name) {
        int i = indexOf(name);
        return i < 0 ? 0 : values[i];
    }

    public long total() {
        return or0("MemTotal");
    }

    public long free() {
        return or0("MemFree");
    }

    /** MemAvailable (kernel 3.14+); on older kernels free + buffers + cached as an estimate. */
    public long available() {
        int i = indexOf("MemAvailable");
        return i >= 0 ? values[i] : free() + buffers() + cached();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof MemInfo m && m.fields().equals(fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        return "MemInfo" + fields();
    }
}
