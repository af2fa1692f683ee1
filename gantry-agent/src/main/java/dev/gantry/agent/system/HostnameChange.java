package dev.gantry.agent.system;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Body of {@code PUT /system/hostname}: each field is optional and only given fields change. An
 * empty string unsets a value (hostnamed then falls back to its default).
 *
 * <ul>
 *   <li>{@code static}, {@code transient}: a hostname: at most 64 characters, dot-separated labels of
 *       letters, digits and {@code -}, no label starting or ending with {@code -};</li>
 *   <li>{@code pretty}, {@code location}: free text, at most 255 characters, no control characters;</li>
 *   <li>{@code chassis}: one of {@link #CHASSIS};</li>
 *   <li>{@code deployment}: letters, digits, {@code -}, {@code .}, {@code :}, at most 64 characters.</li>
 * </ul>
 */
public record HostnameChange(@JsonProperty("static") String staticHostname, String pretty,
                             @JsonProperty("transient") String transientHostname, String chassis,
                             String deployment, String location) implements Validated {
    /** hostnamed's chassis types (systemd 252). */
    public static final List<String> CHASSIS = List.of("desktop", "laptop", "convertible", "server", "tablet",
            "handset", "watch", "embedded", "vm", "container");
    static final int HOST_NAME_MAX = 64;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9.:-]{1,64}");

    @Override
    public void validate(Violations v) {
        v.check(staticHostname != null || pretty != null || transientHostname != null || chassis != null
                || deployment != null || location != null, "$", "empty",
                "give at least one of static, pretty, transient, chassis, deployment, location", null);
        hostname(v, "static", staticHostname);
        hostname(v, "transient", transientHostname);
        text(v, "pretty", pretty);
        text(v, "location", location);
        if (chassis != null && !chassis.isEmpty()) {
            v.check(CHASSIS.contains(chassis), "chassis", "enum", "one of " + String.join(", ", CHASSIS), chassis);
        }
        if (deployment != null && !deployment.isEmpty()) {
            v.check(DEPLOYMENT.matcher(deployment).matches(), "deployment", "format",
                    "letters, digits, '-', '.' and ':', at most 64", deployment);
        }
    }

    /** Whether {@code name} is a valid hostname (RFC 1123 labels, at most 64 characters in all). */
    public static boolean isHostname(String name) {
        if (name.isEmpty() || name.length() > HOST_NAME_MAX || name.startsWith(".") || name.endsWith(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static void hostname(Violations v, String field, String value) {
        if (value != null && !value.isEmpty()) {
            v.check(isHostname(value), field, "hostname", "a hostname: at most " + HOST_NAME_MAX
                    + " characters, dot-separated labels of letters, digits and '-', not starting or ending with '-'",
                    value);
        }
    }

    private static void text(Violations v, String field, String value) {
        if (value != null) {
            v.check(value.length() <= 255 && value.chars().noneMatch(Character::isISOControl), field, "text",
                    "at most 255 characters, no control characters", value);
        }
    }
}
