package dev.gantry.agent.backend.procfs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Files of {@code name number} lines ({@code /proc/vmstat}, {@code /proc/<pid>/io} after its colon). */
final class KeyValues {
    private KeyValues() {
    }

    /** Lines {@code name value} or {@code name: value}; others are skipped. */
    static Map<String, Long> parse(byte[] text) {
        ProcText t = new ProcText(text);
        Map<String, Long> values = new LinkedHashMap<>(256);
        while (!t.atEnd()) {
            String name = t.word();
            if (name.endsWith(":")) {
                name = name.substring(0, name.length() - 1);
            }
            long v = t.number(Long.MIN_VALUE);
            t.skipBlanks();
            if (!name.isEmpty() && v != Long.MIN_VALUE && t.atEol()) {
                values.put(name, v);
            }
            t.nextLine();
        }
        return values;
    }
}
