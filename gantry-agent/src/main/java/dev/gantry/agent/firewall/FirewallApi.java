package dev.gantry.agent.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The bodies and answers of {@code /api/v1/firewall}; every body checks itself before nft sees it. */
public final class FirewallApi {
    static final Set<String> TABLE_FLAGS = Set.of("dormant");
    static final Set<String> CHAIN_TYPES = Set.of("filter", "nat", "route");
    static final Set<String> HOOKS = Set.of("prerouting", "input", "forward", "output", "postrouting", "ingress",
            "egress");
    static final Set<String> POLICIES = Set.of("accept", "drop");
    static final Set<String> SET_FLAGS = Set.of("constant", "interval", "timeout", "dynamic");
    /** A number, or one of nft's priority names with an optional offset: {@code filter}, {@code dstnat - 5}. */
    static final Pattern PRIORITY = Pattern.compile("-?[0-9]{1,10}|(raw|mangle|dstnat|filter|security|srcnat|out)"
            + "( ?[+-] ?[0-9]{1,5})?");
    /** An nft data type or a concatenation of them: {@code ipv4_addr}, {@code ipv4_addr . inet_service}. */
    static final Pattern DATA_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}( \\. [a-z][a-z0-9_]{0,31}){0,7}");
    static final Pattern DURATION = Pattern.compile("([0-9]{1,6}(d|h|m|s|ms)){1,5}");
    static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    private FirewallApi() {
    }

    // ---- bodies

    /** {@code POST /tables}. */
    public record NewTable(String family, String name, List<String> flags) implements Validated {
        public NewTable {
            flags = flags == null ? List.of() : List.copyOf(flags);
        }

        @Override
        public void validate(Violations v) {
            Names.family(v, "family", family);
            Names.name(v, "name", name);
            v.check(TABLE_FLAGS.containsAll(flags), "flags", "enum", "table flags: dormant", flags);
        }
    }

    /**
     * {@code POST .../chains}: a base chain when {@code hook} is given (type {@code filter} and priority
     * 0 unless said otherwise), a regular chain (a jump or goto target) without.
     */
    public record NewChain(String name, String type, String hook, String priority, String policy, String device)
            implements Validated {
        @Override
        public void validate(Violations v) {
            Names.name(v, "name", name);
            if (hook == null) {
                v.check(type == null && priority == null && policy == null && device == null, "hook", "required",
                        "type, priority, policy and device belong to a base chain, which needs a hook", null);
                return;
            }
            v.check(HOOKS.contains(hook), "hook", "enum", "one of " + sorted(HOOKS), hook);
            v.check(type == null || CHAIN_TYPES.contains(type), "type", "enum", "one of " + sorted(CHAIN_TYPES), type);
            v.check(priority == null || PRIORITY.matcher(priority).matches(), "priority", "pattern",
                    "a number, or raw, mangle, dstnat, filter, security, srcnat or out with an optional +N/-N",
                    priority);
            v.check(policy == null || POLICIES.contains(policy), "policy", "enum", "accept or drop", policy);
            v.check(device == null || DEVICE.matcher(device).matches(), "device", "pattern",
                    "an interface name, 1-15 characters", device);
        }
    }

    /**
     * {@code POST .../rules}: {@code rule} in nft's language or {@code expr} in libnftables' JSON, one
     * of them. {@code position}: insert before the rule with this handle; {@code handle}: replace
     * that rule; neither: append at the end of the chain.
     */
    public record NewRule(String rule, JsonNode expr, Long position, Long handle, String comment)
            implements Validated {
        public NewRule {
            expr = expr == null || expr.isNull() ? null : expr;
        }

        @Override
        public void validate(Violations v) {
            if (v.check(rule != null ^ expr != null, "rule", "required", "give either rule (nft text) or expr "
                    + "(nft JSON expressions), not both", null)) {
                if (rule != null) {
                    v.check(Names.isCommandText(rule), "rule", "pattern", "one rule: 1-" + Names.MAX_TEXT
                            + " characters without newlines, ';' or control characters", rule);
                } else {
                    v.check(expr.isArray() && !expr.isEmpty(), "expr", "type",
                            "a non-empty array of nft JSON expressions", null);
                }
            }
            v.check(position == null || handle == null, "position", "exclusive",
                    "position inserts a rule, handle replaces one: give one of them", position);
            v.check(position == null || position > 0, "position", "range", "a rule handle, 1 or more", position);
            v.check(handle == null || handle > 0, "handle", "range", "a rule handle, 1 or more", handle);
            v.check(comment == null || Names.isComment(comment), "comment", "pattern",
                    "up to " + Names.MAX_COMMENT + " characters without '\"', ';' or control characters", comment);
        }
    }

    /** {@code POST .../sets}: a set, or a map when {@code map} names the value type. */
    public record NewSet(String name, String type, String map, List<String> flags, String timeout,
                         List<String> elements, String comment) implements Validated {
        public NewSet {
            flags = flags == null ? List.of() : List.copyOf(flags);
            elements = elements == null ? List.of() : List.copyOf(elements);
        }

        @Override
        public void validate(Violations v) {
            Names.name(v, "name", name);
            v.check(type != null && DATA_TYPE.matcher(type).matches(), "type", "pattern",
                    "an nft data type such as ipv4_addr, or a concatenation: ipv4_addr . inet_service", type);
            v.check(map == null || map.equals("verdict") || DATA_TYPE.matcher(map).matches(), "map", "pattern",
                    "the value type of a map: verdict or an nft data type", map);
            v.check(SET_FLAGS.containsAll(flags), "flags", "enum", "set flags: " + sorted(SET_FLAGS), flags);
            v.check(timeout == null || DURATION.matcher(timeout).matches(), "timeout", "pattern",
                    "an nft duration such as 30s, 1h30m", timeout);
            Elements.check(v, elements);
            v.check(comment == null || Names.isComment(comment), "comment", "pattern",
                    "up to " + Names.MAX_COMMENT + " characters without '\"', ';' or control characters", comment);
        }
    }

    /** {@code POST .../elements}: elements in nft's syntax: {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code 1.2.3.4 : accept}. */
    public record Elements(List<String> elements) implements Validated {
        public Elements {
            elements = elements == null ? List.of() : List.copyOf(elements);
        }

        @Override
        public void validate(Violations v) {
            v.check(!elements.isEmpty(), "elements", "required", "one element or more", null);
            check(v, elements);
        }

        static void check(Violations v, List<String> elements) {
            for (int i = 0; i < elements.size(); i++) {
                v.check(Names.isElement(elements.get(i)), "elements[" + i + "]", "pattern",
                        "one element in nft's syntax, without newlines or ; , { }", elements.get(i));
            }
        }
    }

    /** {@code POST /run}: one nft command as its arguments, e.g. {@code ["-j", "list", "tables"]}. */
    public record Run(List<String> args) implements Validated {
        public Run {
            args = args == null ? List.of() : List.copyOf(args);
        }

        @Override
        public void validate(Violations v) {
            RawCommand.check(v, args);
        }
    }

    /** {@code POST /restore}: which file to load, {@code saved} (the default) or its {@code backup}. */
    public record Restore(String from) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(from == null || from.equals("saved") || from.equals("backup"), "from", "enum",
                    "saved or backup", from);
        }
    }

    // ---- answers

    public record Table(String family, String name, long handle, List<String> flags) {
    }

    /** A chain; {@code type}, {@code hook}, {@code priority}, {@code policy} only for base chains. */
    public record Chain(String family, String table, String name, long handle, String type, String hook,
                        Integer priority, String policy, String device) {
    }

    /** A rule: {@code text} as nft prints it, {@code expr} as libnftables' JSON. */
    public record Rule(String family, String table, String chain, long handle, String text, String comment,
                       JsonNode expr) {
    }

    /** A set or map ({@code kind}); {@code elements} as libnftables' JSON. */
    public record NamedSet(String family, String table, String name, String kind, JsonNode type, JsonNode map,
                           List<String> flags, Long timeout, String comment, List<JsonNode> elements) {
    }

    /** What {@code POST /run} printed; {@code json} when the output was JSON. */
    public record RunOutput(List<String> args, String stdout, JsonNode json) {
    }

    /** Where {@code POST /save} wrote the ruleset and kept the previous file (absent when there was none). */
    public record Saved(String path, String backup, long bytes) {
    }

    /** Which file {@code POST /restore} loaded. */
    /** How many rules a counter reset went through. */
    public record RulesReset(int rules) {
    }

    public record Restored(String path) {
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
