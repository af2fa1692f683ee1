package dev.gantry.agent.systemd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.dbus.systemd.Systemd.Setting;
import dev.gantry.common.http.Violations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource-control properties {@code PATCH /units/{name}/properties} may set
 * (systemd.resource-control(5)), each checked for its type and range and turned into what
 * SetUnitProperties takes. Names are the unit-file names; where the D-Bus name differs (CPUQuota is
 * CPUQuotaPerSecUSec, a percentage of memory is MemoryMaxScale) the setting carries the D-Bus name.
 *
 * <p>CPUShares and StartupCPUShares (cgroup v1, accepted by photon-mgmtd) are mapped to CPUWeight
 * and StartupCPUWeight the way systemd itself maps them on the unified hierarchy:
 * {@code weight = clamp(shares * 100 / 1024, 1, 10000)}, so the default 1024 shares is weight 100.
 */
final class ResourceProperties {
    enum Kind { WEIGHT, SHARES, QUOTA, BYTES, TASKS, BOOLEAN, CPUSET, DEVICE_POLICY, OOM }

    static final Map<String, Kind> KNOWN = new TreeMap<>(Map.ofEntries(
            Map.entry("CPUWeight", Kind.WEIGHT), Map.entry("StartupCPUWeight", Kind.WEIGHT),
            Map.entry("IOWeight", Kind.WEIGHT), Map.entry("StartupIOWeight", Kind.WEIGHT),
            Map.entry("CPUShares", Kind.SHARES), Map.entry("StartupCPUShares", Kind.SHARES),
            Map.entry("CPUQuota", Kind.QUOTA),
            Map.entry("MemoryMin", Kind.BYTES), Map.entry("MemoryLow", Kind.BYTES),
            Map.entry("MemoryHigh", Kind.BYTES), Map.entry("MemoryMax", Kind.BYTES),
            Map.entry("MemorySwapMax", Kind.BYTES),
            Map.entry("TasksMax", Kind.TASKS),
            Map.entry("CPUAccounting", Kind.BOOLEAN), Map.entry("MemoryAccounting", Kind.BOOLEAN),
            Map.entry("TasksAccounting", Kind.BOOLEAN), Map.entry("IOAccounting", Kind.BOOLEAN),
            Map.entry("IPAccounting", Kind.BOOLEAN),
            Map.entry("AllowedCPUs", Kind.CPUSET), Map.entry("AllowedMemoryNodes", Kind.CPUSET),
            Map.entry("DevicePolicy", Kind.DEVICE_POLICY),
            Map.entry("ManagedOOMSwap", Kind.OOM), Map.entry("ManagedOOMMemoryPressure", Kind.OOM)));

    static final String INFINITY = "18446744073709551615";
    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGTPE]?)");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?)%");
    private static final Pattern CPUS = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");

    private ResourceProperties() {
    }

    /** The settings for {@code properties}; every rejected one is added to {@code violations}. */
    static List<Setting> settings(Map<String, JsonNode> properties, Violations violations) {
        List<Setting> settings = new ArrayList<>();
        if (properties == null || properties.isEmpty()) {
            violations.add("properties", "required", "name at least one property to set", null);
            return settings;
        }
        properties.forEach((name, value) -> {
            String field = "properties." + name;
            Kind kind = KNOWN.get(name);
            if (kind == null) {
                violations.add(field, "unknown-property", "not a settable resource-control property; settable: "
                        + String.join(", ", KNOWN.keySet()), name);
                return;
            }
            Setting setting = value == null || value.isNull() ? null : convert(name, kind, value);
            if (setting == null) {
                violations.add(field, "type", expected(kind), value == null || value.isNull() ? null : value.asText());
            } else {
                settings.add(setting);
            }
        });
        return settings;
    }

    private static String expected(Kind kind) {
        return switch (kind) {
            case WEIGHT -> "a whole number from 1 to 10000";
            case SHARES -> "a whole number from 2 to 262144";
            case QUOTA -> "a percentage above 0, e.g. \"50%\" or 50 (200% is two CPUs), or \"infinity\"";
            case BYTES -> "bytes: a whole number, a size such as \"512M\" or \"2G\" (base 1024), "
                    + "a percentage of RAM such as \"50%\", or \"infinity\"";
            case TASKS -> "a whole number, a percentage such as \"10%\", or \"infinity\"";
            case BOOLEAN -> "true or false";
            case CPUSET -> "a list such as \"0-3,6\"";
            case DEVICE_POLICY -> "auto, closed or strict";
            case OOM -> "auto or kill";
        };
    }

    private static Setting convert(String name, Kind kind, JsonNode value) {
        return switch (kind) {
            case WEIGHT -> wholeNumber(value, 1, 10_000).map(n -> new Setting(name, "t", n)).orElse(null);
            case SHARES -> wholeNumber(value, 2, 262_144)
                    .map(n -> new Setting(name.replace("Shares", "Weight"), "t", sharesToWeight(n))).orElse(null);
            case QUOTA -> quota(value).map(usec -> new Setting("CPUQuotaPerSecUSec", "t", usec)).orElse(null);
            case BYTES -> limit(name, value, true);
            case TASKS -> limit(name, value, false);
            case BOOLEAN -> value.isBoolean() ? new Setting(name, "b", value.booleanValue()) : null;
            case CPUSET -> value.isTextual() ? cpuSet(value.asText()).map(b -> new Setting(name, "ay", b)).orElse(null)
                    : null;
            case DEVICE_POLICY -> oneOf(name, value, List.of("auto", "closed", "strict"));
            case OOM -> oneOf(name, value, List.of("auto", "kill"));
        };
    }

    /** systemd's mapping of cgroup v1 shares to a v2 weight. */
    static long sharesToWeight(long shares) {
        return Math.clamp(shares * 100 / 1024, 1, 10_000);
    }

    private static java.util.Optional<Long> wholeNumber(JsonNode value, long min, long max) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return java.util.Optional.empty();
        }
        long n = value.longValue();
        return n >= min && n <= max ? java.util.Optional.of(n) : java.util.Optional.empty();
    }

    /** CPUQuota as microseconds of CPU time per second: 1 % is 10 000 µs. */
    static java.util.Optional<String> quota(JsonNode value) {
        BigDecimal percent;
        if (value.isNumber()) {
            percent = value.decimalValue();
        } else if (value.isTextual()) {
            String text = value.asText().strip();
            if (text.equals("infinity") || text.isEmpty()) {
                return java.util.Optional.of(INFINITY);
            }
            Matcher m = Pattern.compile("(\\d{1,5}(?:\\.\\d{1,2})?)%").matcher(text);
            if (!m.matches()) {
                return java.util.Optional.empty();
            }
            percent = new BigDecimal(m.group(1));
        } else {
            return java.util.Optional.empty();
        }
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100_000)) > 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(percent.multiply(BigDecimal.valueOf(10_000)).toBigInteger().toString());
    }

    /** A byte or task limit: a number, a size, "infinity", or a percentage (sent as the *Scale property). */
    private static Setting limit(String name, JsonNode value, boolean sizes) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() && value.longValue() >= 0 ? new Setting(name, "t", value.longValue())
                    : null;
        }
        if (!value.isTextual()) {
            return null;
        }
        String text = value.asText().strip();
        if (text.equals("infinity")) {
            return new Setting(name, "t", INFINITY);
        }
        Matcher percent = PERCENT.matcher(text);
        if (percent.matches()) {
            BigDecimal p = new BigDecimal(percent.group(1));
            if (p.compareTo(BigDecimal.valueOf(100)) > 0) {
                return null;
            }
            long permyriad = p.multiply(BigDecimal.valueOf(100)).longValue();
            long scale = (permyriad * 0xFFFFFFFFL + 5000) / 10_000;
            return new Setting(name + "Scale", "u", scale);
        }
        Matcher size = SIZE.matcher(text.toUpperCase(Locale.ROOT));
        if (!size.matches() || (!sizes && !size.group(2).isEmpty())) {
            return null;
        }
        int shift = switch (size.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            case "P" -> 50;
            case "E" -> 60;
            default -> 0;
        };
        BigInteger bytes = new BigInteger(size.group(1)).shiftLeft(shift);
        return bytes.bitLength() <= 63 ? new Setting(name, "t", bytes.longValue()) : null;
    }

    /** A CPU or NUMA node list as systemd's bit mask: bit i of byte j is CPU 8j+i. */
    static java.util.Optional<byte[]> cpuSet(String text) {
        String list = text.replace(" ", "");
        if (list.isEmpty()) {
            return java.util.Optional.of(new byte[0]);
        }
        if (!CPUS.matcher(list).matches()) {
            return java.util.Optional.empty();
        }
        BitSet bits = new BitSet();
        for (String range : list.split(",")) {
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
            if (to < from || to > 8191) {
                return java.util.Optional.empty();
            }
            bits.set(from, to + 1);
        }
        return java.util.Optional.of(bits.toByteArray());
    }

    private static Setting oneOf(String name, JsonNode value, List<String> allowed) {
        return value.isTextual() && allowed.contains(value.asText()) ? new Setting(name, "s", value.asText()) : null;
    }
}
