package dev.gantry.sim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A call's parameters, from the query string and the body (form-encoded or a JSON object), as pveproxy
 * merges them. Values are strings; JSON numbers and booleans arrive as their text.
 */
record Params(Map<String, String> all) {
    Params {
        all = Map.copyOf(all);
    }

    static Params empty() {
        return new Params(new LinkedHashMap<>());
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(all.get(name));
    }

    String required(String name) {
        return optional(name).orElseThrow(() ->
                PveException.badParameter(name, "property is missing and it is not optional"));
    }

    /** A boolean parameter, absent meaning false; Proxmox takes 0/1, yes/no, on/off, true/false. */
    boolean flag(String name) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "on", "true" -> true;
            case "0", "no", "off", "false" -> false;
            default -> throw PveException.badParameter(name, "type check ('boolean') failed - got '" + value.get() + "'");
        };
    }
}
