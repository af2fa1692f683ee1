package dev.gantry.agent.systemd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.cgroup.CgroupStats;
import dev.gantry.agent.backend.dbus.systemd.Systemd;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The module's answers and how they are made from systemd's properties. */
public final class Views {
    private Views() {
    }

    /** A unit as {@code GET /units} lists it. */
    public record UnitSummary(String name, String description, String loadState, String activeState,
                              String subState, Long jobId, String jobType) {
        static UnitSummary of(Systemd.UnitRow row) {
            return new UnitSummary(row.name(), row.description(), row.loadState(), row.activeState(), row.subState(),
                    row.jobId() == 0 ? null : row.jobId(), row.jobType().isEmpty() ? null : row.jobType());
        }
    }

    /** What the unit's cgroup uses now; null where the controller is off or the unit has no cgroup. */
    public record Resources(Long memoryBytes, Long cpuNanos, Long tasks) {
        static Resources of(CgroupStats.Usage usage) {
            return new Resources(boxed(usage.memoryBytes()), boxed(usage.cpuNanos()), boxed(usage.tasks()));
        }

        private static Long boxed(OptionalLong value) {
            return value.isPresent() ? value.getAsLong() : null;
        }
    }

    /**
     * A unit's status. Times are null when the event never happened; {@code mainPid} is null for units
     * without a main process (or a service that is not running).
     */
    public record UnitStatus(String name, String description, String loadState, String activeState, String subState,
                             String unitFileState, Long mainPid, String result, String fragmentPath,
                             List<String> dropInPaths, String controlGroup, Instant stateChangeTimestamp,
                             Instant activeEnterTimestamp, Instant activeExitTimestamp,
                             Instant inactiveEnterTimestamp, Instant inactiveExitTimestamp, Resources resources) {
        static UnitStatus of(Map<String, Object> p, CgroupStats cgroups, String cgroupRoot) {
            String cgroup = text(p, "ControlGroup");
            Object pid = p.get("MainPID");
            return new UnitStatus(text(p, "Id"), text(p, "Description"), text(p, "LoadState"), text(p, "ActiveState"),
                    text(p, "SubState"), text(p, "UnitFileState"),
                    pid instanceof Number n && n.longValue() > 0 ? n.longValue() : null,
                    text(p, "Result"), text(p, "FragmentPath"), strings(p.get("DropInPaths")), cgroup,
                    time(p, "StateChangeTimestamp"), time(p, "ActiveEnterTimestamp"), time(p, "ActiveExitTimestamp"),
                    time(p, "InactiveEnterTimestamp"), time(p, "InactiveExitTimestamp"),
                    Resources.of(cgroups.read(cgroup == null ? null : cgroupRoot + cgroup)));
        }
    }

    /** A job of an action: its id and, once waited for, its result. */
    public record JobInfo(long id, String path, String result) {
    }

    /**
     * What an action did: the job it queued (start, stop, …), or the unit-file changes it made
     * (enable, disable, mask, unmask); kill and reset-failed have neither.
     */
    public record ActionResult(String unit, String action, JobInfo job, Boolean carriesInstallInfo,
                               List<Systemd.FileChange> changes) {
    }

    /** One property of a unit. */
    public record Property(String unit, String name, Object value) {
    }

    /** What {@code PATCH /units/{name}/properties} set, by D-Bus property name (CPUShares shows as CPUWeight). */
    public record PropertiesApplied(String unit, boolean runtime, Map<String, Object> applied) {
    }

    /** A drop-in file of a unit. */
    public record DropInFile(String unit, String file, String path, String content) {
    }

    /** systemd's manager. */
    public record ManagerInfo(String version, String state, String features, String virtualization,
                              String architecture, long failedUnits, long units, long jobs) {
        static ManagerInfo of(Map<String, Object> p) {
            return new ManagerInfo(text(p, "Version"), text(p, "SystemState"), text(p, "Features"),
                    text(p, "Virtualization"), text(p, "Architecture"), number(p, "NFailedUnits"), number(p, "NNames"),
                    number(p, "NJobs"));
        }
    }

    /** The {@code [Manager]} settings of system.conf; {@code reexecuted} says whether systemd re-read them. */
    public record ManagerConfig(String path, Map<String, String> settings, boolean reexecuted) {
    }

    /** One journal entry of a unit. */
    public record LogEntry(Instant time, String message, Integer priority, Long pid, String identifier,
                           String cursor) {
        /** An entry from a line of {@code journalctl -o json}; MESSAGE may be an array of bytes when it is not UTF-8. */
        static LogEntry parse(String jsonLine) {
            JsonNode e;
            try {
                e = Json.mapper().readTree(jsonLine);
            } catch (IOException ex) {
                return new LogEntry(null, jsonLine, null, null, null, null);
            }
            JsonNode message = e.path("MESSAGE");
            String text;
            if (message.isArray()) {
                byte[] bytes = new byte[message.size()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) message.get(i).asInt();
                }
                text = new String(bytes, StandardCharsets.UTF_8);
            } else {
                text = message.asText("");
            }
            long usec = e.path("__REALTIME_TIMESTAMP").asLong(0);
            Instant time = usec == 0 ? null : Instant.ofEpochSecond(usec / 1_000_000, (usec % 1_000_000) * 1000);
            return new LogEntry(time, text, e.has("PRIORITY") ? e.path("PRIORITY").asInt() : null,
                    e.has("_PID") ? e.path("_PID").asLong() : null,
                    e.has("SYSLOG_IDENTIFIER") ? e.path("SYSLOG_IDENTIFIER").asText() : null,
                    e.path("__CURSOR").asText(null));
        }
    }

    static String text(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }

    static long number(Map<String, Object> p, String key) {
        return p.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** A systemd timestamp (µs since the epoch, 0 for never) as an instant, or null. */
    static Instant time(Map<String, Object> p, String key) {
        if (p.get(key) instanceof Number n && n.longValue() > 0) {
            long usec = n.longValue();
            return Instant.ofEpochSecond(usec / 1_000_000, (usec % 1_000_000) * 1000);
        }
        return null;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
