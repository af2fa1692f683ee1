package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /proc/vmstat}: {@code name value} counters in file order; malformed lines are skipped. */
public record VmStat(Map<String, Long> counters) {
    public VmStat {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    public static VmStat read(Path root) {
        return parse(ProcText.read(root.resolve("proc/vmstat")));
    }

    public static VmStat parse(byte[] text) {
        return new VmStat(KeyValues.parse(text));
    }
}
