package dev.gantry.agent.systemd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code [Manager]} section of {@code /etc/systemd/system.conf}: read its settings, and edit them
 * in place so that comments, other sections and the order of lines survive. A key that is set
 * replaces its line (or the commented-out default line {@code #Key=...} that Debian ships), else it
 * is added at the end of the section; a key set to null loses its line.
 */
final class SystemConf {
    /**
     * The keys that may be changed: photon-mgmtd's list (its typo "CapabilityBoundingSe" corrected;
     * JoinControllers, gone from systemd, and IPAddressAllow/Deny, which are no system.conf keys,
     * left out) plus the keys systemd-system.conf(5) added since.
     */
    static final Set<String> KEYS = new TreeSet<>(Set.of(
            "LogLevel", "LogTarget", "LogColor", "LogLocation", "LogTime", "DumpCore", "ShowStatus",
            "CrashChangeVT", "CrashShell", "CrashReboot", "CtrlAltDelBurstAction", "CPUAffinity", "NUMAPolicy",
            "NUMAMask", "RuntimeWatchdogSec", "RuntimeWatchdogPreSec", "RebootWatchdogSec", "ShutdownWatchdogSec",
            "KExecWatchdogSec", "WatchdogDevice", "CapabilityBoundingSet", "NoNewPrivileges",
            "SystemCallArchitectures", "TimerSlackNSec", "StatusUnitFormat", "DefaultTimerAccuracySec",
            "DefaultStandardOutput", "DefaultStandardError", "DefaultTimeoutStartSec", "DefaultTimeoutStopSec",
            "DefaultTimeoutAbortSec", "DefaultDeviceTimeoutSec", "DefaultRestartSec",
            "DefaultStartLimitIntervalSec", "DefaultStartLimitBurst", "DefaultEnvironment", "DefaultCPUAccounting",
            "DefaultIOAccounting", "DefaultIPAccounting", "DefaultBlockIOAccounting", "DefaultMemoryAccounting",
            "DefaultTasksAccounting", "DefaultTasksMax", "DefaultLimitCPU", "DefaultLimitFSIZE", "DefaultLimitDATA",
            "DefaultLimitSTACK", "DefaultLimitCORE", "DefaultLimitRSS", "DefaultLimitNOFILE", "DefaultLimitAS",
            "DefaultLimitNPROC", "DefaultLimitMEMLOCK", "DefaultLimitLOCKS", "DefaultLimitSIGPENDING",
            "DefaultLimitMSGQUEUE", "DefaultLimitNICE", "DefaultLimitRTPRIO", "DefaultLimitRTTIME",
            "DefaultOOMPolicy", "DefaultOOMScoreAdjust", "ReloadLimitIntervalSec", "ReloadLimitBurst"));
    static final String SECTION = "Manager";

    private SystemConf() {
    }

    /** The keys set (not commented out) in {@code [Manager]}; the last line of a key wins, as in systemd. */
    static Map<String, String> read(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        String section = "";
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if (section.equals(SECTION) && !line.isEmpty() && !line.startsWith("#") && !line.startsWith(";")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        }
        return settings;
    }

    /** {@code text} with {@code changes} applied (null value: remove the key). */
    static String edit(String text, Map<String, String> changes) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("[" + SECTION + "]")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            lines.add("[" + SECTION + "]");
            start = lines.size() - 1;
        }
        for (Map.Entry<String, String> change : changes.entrySet()) {
            int end = sectionEnd(lines, start);
            String key = change.getKey();
            String value = change.getValue();
            int set = -1;
            int commented = -1;
            for (int i = end - 1; i > start; i--) {
                String line = lines.get(i).strip();
                if (keyOf(line).equals(key)) {
                    if (value == null) {
                        lines.remove(i);
                    } else if (set < 0) {
                        set = i;
                    } else {
                        lines.remove(i); // an earlier duplicate would no longer matter; keep one line
                        set--;
                    }
                } else if (commented < 0 && line.startsWith("#") && keyOf(line.substring(1).strip()).equals(key)) {
                    commented = i;
                }
            }
            if (value == null) {
                continue;
            }
            String newLine = key + "=" + value;
            if (set >= 0) {
                lines.set(set, newLine);
            } else if (commented >= 0) {
                lines.add(commented + 1, newLine);
            } else {
                int at = sectionEnd(lines, start);
                while (at - 1 > start && lines.get(at - 1).isBlank()) {
                    at--;
                }
                lines.add(at, newLine);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static int sectionEnd(List<String> lines, int start) {
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                return i;
            }
        }
        return lines.size();
    }

    private static String keyOf(String line) {
        int eq = line.indexOf('=');
        return eq > 0 && !line.startsWith("#") ? line.substring(0, eq).strip() : "";
    }
}
