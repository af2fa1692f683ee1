package dev.gantry.agent.backend.netlink;

import java.util.List;
import java.util.Map;

/**
 * The words {@code ethtool DEV} prints for the kernel's numbers (port, duplex, transceiver, MDI-X,
 * extended link state), so the API reads like the command. Unknown numbers are absent, never an error.
 */
public final class EthtoolNames {
    private EthtoolNames() {
    }

    private static final Map<Integer, String> PORTS = Map.of(0x00, "Twisted Pair", 0x01, "AUI", 0x02, "BNC",
            0x03, "MII", 0x04, "FIBRE", 0x05, "Direct Attach Copper", 0xef, "None", 0xff, "Other");
    private static final List<String> EXT_STATES = List.of("autoneg", "link-training-failure",
            "link-logical-mismatch", "bad-signal-integrity", "no-cable", "cable-issue", "eeprom-issue",
            "calibration-failure", "power-budget-exceeded", "overheat", "module");

    /** Port names a change may give (as reported). */
    public static List<String> ports() {
        return PORTS.values().stream().sorted().toList();
    }

    static String port(Integer value) {
        return value == null ? null : PORTS.get(value);
    }

    static int portValue(String name) {
        return PORTS.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown port " + name)).getKey();
    }

    static String duplex(Integer value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case 0 -> "half";
            case 1 -> "full";
            default -> null;
        };
    }

    static int duplexValue(String name) {
        return switch (name) {
            case "half" -> 0;
            case "full" -> 1;
            default -> throw new IllegalArgumentException("unknown duplex " + name);
        };
    }

    static String transceiver(Integer value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case 0 -> "internal";
            case 1 -> "external";
            default -> null;
        };
    }

    static String mdix(Integer value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case 1 -> "mdi";
            case 2 -> "mdi-x";
            case 3 -> "auto";
            default -> null;
        };
    }

    static String extState(Integer value) {
        return value == null || value < 0 || value >= EXT_STATES.size() ? null : EXT_STATES.get(value);
    }
}
