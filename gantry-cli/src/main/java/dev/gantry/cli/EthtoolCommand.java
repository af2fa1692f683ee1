package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry ethtool LINK [WHAT]}: what the ethtool command shows and sets for a link, through the
 * agent. Reads print as ethtool prints them where users know its layout ({@code features} as
 * {@code ethtool -k}); changes take ethtool's words ({@code set-channels rx 2 tx 2}).
 */
@Command(name = "ethtool", description = {"Show or change a link's ethtool settings (runtime only).",
        "WHAT: settings, driver, features, stats, channels, rings, coalesce, pause (default: a summary of all);",
        "  set-feature NAME on|off [NAME on|off]...   (names as ethtool -k prints them, or -K's short names)",
        "  set-channels|set-rings|set-coalesce|set-pause|set-settings KEY VALUE [KEY VALUE]...",
        "    keys as the API names them (rx, combined, rxUsecs, adaptiveRx) or in ethtool's dashed form (rx-usecs);",
        "    values are numbers or on|off (set-settings: speed N, duplex half|full, autoneg on|off, port NAME)"})
final class EthtoolCommand extends ApiCommand {
    private static final List<String> READS = List.of("settings", "driver", "features", "stats", "channels", "rings",
            "coalesce", "pause");
    private static final Map<String, String> SETS = Map.of("set-channels", "channels", "set-rings", "rings",
            "set-coalesce", "coalesce", "set-pause", "pause", "set-settings", "settings");

    @Parameters(index = "0", paramLabel = "LINK", description = "the link, e.g. eth0")
    String link;

    @Parameters(index = "1", arity = "0..1", paramLabel = "WHAT", description = "what to show or change (see above)")
    String what;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "ARGS", description = "a change's names and values")
    List<String> args = new ArrayList<>();

    @Override
    int run(AgentClient client) {
        String base = "/ethtool/" + AgentClient.segment(link);
        Output out = output();
        if (what == null) {
            out.print(client.get(base), EthtoolCommand::summary);
        } else if (READS.contains(what)) {
            if (!args.isEmpty()) {
                throw new ParameterException(spec.commandLine(), what + " takes no arguments");
            }
            String part = what.equals("stats") ? "statistics" : what;
            out.print(client.get(base + "/" + part), switch (what) {
                case "settings" -> EthtoolCommand::settings;
                case "driver" -> EthtoolCommand::driver;
                case "features" -> f -> features(link, f);
                case "stats" -> EthtoolCommand::statistics;
                default -> EthtoolCommand::parameters;
            });
        } else if (what.equals("set-feature")) {
            ObjectNode body = Json.object();
            ObjectNode features = body.putObject("features");
            pairs().forEach((name, value) -> features.put(name, onOff(name, value)));
            out.print(client.patch(base + "/features", body), f -> {
                StringBuilder text = new StringBuilder(features(link, f));
                f.path("notApplied").forEach(n -> text.append("not applied by the kernel: ").append(n.asText())
                        .append('\n'));
                return text.toString();
            });
        } else if (SETS.containsKey(what)) {
            String part = SETS.get(what);
            ObjectNode body = Json.object();
            pairs().forEach((key, value) -> put(body, camel(key), value));
            out.print(client.patch(base + "/" + part, body),
                    part.equals("settings") ? EthtoolCommand::settings : EthtoolCommand::parameters);
        } else {
            throw new ParameterException(spec.commandLine(), "unknown WHAT '" + what + "'; expected one of "
                    + String.join(", ", READS) + ", set-feature, " + String.join(", ", SETS.keySet().stream().sorted().toList()));
        }
        return Gantry.EXIT_OK;
    }

    /** The arguments as name-value pairs, in order. */
    private Map<String, String> pairs() {
        if (args.isEmpty() || args.size() % 2 != 0) {
            throw new ParameterException(spec.commandLine(), what + " takes NAME VALUE pairs, e.g. "
                    + (what.equals("set-feature") ? "rx-gro on" : "rx 2"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            out.put(args.get(i), args.get(i + 1));
        }
        return out;
    }

    private boolean onOff(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new ParameterException(spec.commandLine(), name + ": expected on or off, got " + value);
        };
    }

    /** Numbers as numbers, on/off as booleans, anything else as text: the agent checks each. */
    private static void put(ObjectNode body, String key, String value) {
        if (value.matches("-?\\d{1,19}")) {
            body.put(key, Long.parseLong(value));
        } else if (value.equals("on") || value.equals("off")) {
            body.put(key, value.equals("on"));
        } else if (key.equals("advertise")) {
            body.putArray(key).addAll(List.of(value.split(",")).stream()
                    .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
        } else {
            body.put(key, value);
        }
    }

    /** {@code rx-usecs} → {@code rxUsecs}; a camelCase key stays. */
    static String camel(String key) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    static String summary(JsonNode all) {
        JsonNode s = all.path("settings");
        JsonNode d = all.path("driver");
        List<String> unsupported = new ArrayList<>();
        all.path("unsupported").forEach(u -> unsupported.add(u.asText()));
        return Table.details()
                .add("Link", all.path("name").asText())
                .add("Driver", d.path("driver").asText())
                .add("Speed", s.has("speed") ? s.path("speed").asText() + "Mb/s" : "unknown")
                .add("Duplex", s.path("duplex").asText("unknown"))
                .add("Auto-negotiation", onOff(s.path("autoneg")))
                .add("Port", s.path("port").asText())
                .add("Link detected", all.path("linkState").has("link") ? yesNo(all.path("linkState").path("link")) : "")
                .add("Permanent address", all.path("permanentAddress").asText("not set"))
                .add("Features on", String.valueOf(count(all.path("features").path("features"), true)))
                .add("Statistics", String.valueOf(all.path("statistics").size()))
                .add("Unsupported", String.join(", ", unsupported))
                .render();
    }

    static String settings(JsonNode s) {
        return Table.details()
                .add("Speed", s.has("speed") ? s.path("speed").asText() + "Mb/s" : "unknown")
                .add("Duplex", s.path("duplex").asText("unknown"))
                .add("Auto-negotiation", onOff(s.path("autoneg")))
                .add("Port", s.path("port").asText())
                .add("Transceiver", s.path("transceiver").asText())
                .add("Supported link modes", words(s.path("supportedLinkModes")))
                .add("Advertised link modes", words(s.path("advertisedLinkModes")))
                .add("Link partner modes", words(s.path("peerLinkModes")))
                .render();
    }

    /** {@code ethtool -i}'s layout. */
    static String driver(JsonNode d) {
        return "driver: " + d.path("driver").asText() + "\nversion: " + d.path("version").asText()
                + "\nfirmware-version: " + d.path("firmwareVersion").asText()
                + "\nexpansion-rom-version: " + d.path("expansionRomVersion").asText()
                + "\nbus-info: " + d.path("busInfo").asText()
                + "\nsupports-statistics: " + yesNo(d.path("supportsStatistics"))
                + "\nsupports-test: " + yesNo(d.path("supportsTest"))
                + "\nsupports-eeprom-access: " + yesNo(d.path("supportsEepromAccess"))
                + "\nsupports-register-dump: " + yesNo(d.path("supportsRegisterDump"))
                + "\nsupports-priv-flags: " + yesNo(d.path("supportsPrivFlags")) + "\n";
    }

    /** {@code ethtool -k}'s layout: legacy groups first (members indented), then the other features. */
    static String features(String link, JsonNode f) {
        StringBuilder out = new StringBuilder("Features for " + link + ":\n");
        List<String> grouped = new ArrayList<>();
        for (JsonNode g : f.path("groups")) {
            List<String> members = new ArrayList<>();
            g.path("features").forEach(m -> members.add(m.asText()));
            if (members.size() == 1) {
                out.append(feature(g.path("name").asText(), f.path("features").path(members.getFirst()), ""));
            } else {
                out.append(g.path("name").asText()).append(": ").append(onOff(g.path("active"))).append('\n');
                members.forEach(m -> out.append(feature(m, f.path("features").path(m), "\t")));
            }
            grouped.addAll(members);
        }
        f.path("features").properties().forEach(e -> {
            if (!grouped.contains(e.getKey())) {
                out.append(feature(e.getKey(), e.getValue(), ""));
            }
        });
        return out.toString();
    }

    private static String feature(String name, JsonNode s, String prefix) {
        String suffix = s.path("fixed").asBoolean() ? " [fixed]" : !s.has("requested") ? ""
                : s.path("requested").asBoolean() ? " [requested on]" : " [requested off]";
        return prefix + name + ": " + onOff(s.path("active")) + suffix + "\n";
    }

    static String statistics(JsonNode s) {
        Table table = Table.columns("STATISTIC", "VALUE");
        s.path("statistics").properties().forEach(e -> table.row(e.getKey(), e.getValue().asText()));
        return table.render();
    }

    /** Channels, rings, coalescing, pause: one labelled value each, booleans as on/off. */
    static String parameters(JsonNode block) {
        Table table = Table.details();
        block.properties().forEach(e -> table.add(e.getKey(),
                e.getValue().isBoolean() ? onOff(e.getValue()) : e.getValue().asText()));
        return table.render();
    }

    private static long count(JsonNode features, boolean active) {
        long n = 0;
        for (JsonNode f : features) {
            n += f.path("active").asBoolean() == active ? 1 : 0;
        }
        return n;
    }

    private static String onOff(JsonNode b) {
        return b.isBoolean() ? (b.asBoolean() ? "on" : "off") : "";
    }

    private static String yesNo(JsonNode b) {
        return b.asBoolean() ? "yes" : "no";
    }

    private static String words(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(w -> out.add(w.asText()));
        return out.isEmpty() ? "not reported" : String.join(" ", out);
    }
}
