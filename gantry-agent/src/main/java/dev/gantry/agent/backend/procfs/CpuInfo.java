package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /proc/cpuinfo}: one block of {@code key : value} lines per logical CPU. Keys differ by
 * architecture (x86 has {@code model name} and {@code flags}, arm64 {@code Features} and
 * {@code CPU part}); every key is kept as written, with accessors for the common ones.
 * Lines outside a {@code processor} block (arm64's trailing {@code Hardware}) are dropped.
 */
public record CpuInfo(List<Processor> processors) {
    public CpuInfo {
        processors = List.copyOf(processors);
    }

    public record Processor(int processor, Map<String, String> fields) {
        public Processor {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public String modelName() {
            String v = fields.get("model name");
            return v != null ? v : fields.getOrDefault("Processor", fields.getOrDefault("cpu model", ""));
        }

        public String vendor() {
            return fields.getOrDefault("vendor_id", fields.getOrDefault("CPU implementer", ""));
        }

        /** {@code flags} (x86) or {@code Features} (arm), split on blanks. */
        public List<String> flags() {
            String v = fields.get("flags");
            if (v == null) {
                v = fields.getOrDefault("Features", "");
            }
            List<String> flags = new ArrayList<>();
            ProcText t = new ProcText(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String w = t.word(); !w.isEmpty(); w = t.word()) {
                flags.add(w);
            }
            return flags;
        }

        /** {@code cpu MHz}, or NaN where the architecture does not report it. */
        public double mhz() {
            String v = fields.get("cpu MHz");
            try {
                return v == null ? Double.NaN : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        public int physicalId() {
            return intField("physical id");
        }

        public int coreId() {
            return intField("core id");
        }

        private int intField(String name) {
            try {
                return Integer.parseInt(fields.getOrDefault(name, "-1"));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    public static CpuInfo read(Path root) {
        return parse(ProcText.readToEnd(root.resolve("proc/cpuinfo")));
    }

    public static CpuInfo parse(byte[] text) {
        ProcText t = new ProcText(text);
        List<Processor> processors = new ArrayList<>();
        Map<String, String> fields = null;
        int id = -1;
        while (!t.atEnd()) {
            if (t.atEol()) {
                t.nextLine();
                continue;
            }
            String key = t.until(':').strip();
            if (!t.accept(':')) {
                t.nextLine();
                continue;
            }
            String value = t.restOfLine();
            if (key.equals("processor")) {
                if (fields != null) {
                    processors.add(new Processor(id, fields));
                }
                fields = new LinkedHashMap<>();
                try {
                    id = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    id = processors.size();
                }
            } else if (fields != null && !key.isEmpty()) {
                fields.put(key, value);
            }
        }
        if (fields != null) {
            processors.add(new Processor(id, fields));
        }
        return new CpuInfo(processors);
    }
}
