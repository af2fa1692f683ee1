package dev.gantry.agent.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.agent.firewall.FirewallApi.NewChain;
import dev.gantry.agent.firewall.FirewallApi.NewRule;
import dev.gantry.agent.firewall.FirewallApi.NewSet;
import dev.gantry.common.json.Json;
import java.util.List;

/**
 * Builds the nft commands of the module's writes from checked bodies. Tables, chains, sets and
 * text rules become lines of nft's language: nft 1.0.6's JSON parser silently drops table flags and
 * turns a base chain with a named priority ({@code "prio": "filter"}) into a regular chain, both
 * observed, while the language says all of it. Rules given as {@code expr} become a JSON batch.
 * {@code create} (not {@code add}) makes an existing table, chain or set a conflict, not a no-op.
 */
final class Changes {
    private Changes() {
    }

    static String createTable(String family, String name, List<String> flags) {
        String line = "create table " + family + " " + name;
        return flags.isEmpty() ? line + "\n" : line + " { flags " + String.join(", ", flags) + "; }\n";
    }

    static String deleteTable(String family, String name) {
        return "delete table " + family + " " + name + "\n";
    }

    static String createChain(String family, String table, NewChain c) {
        String line = "create chain " + family + " " + table + " " + c.name();
        if (c.hook() == null) {
            return line + "\n";
        }
        StringBuilder spec = new StringBuilder(" { type ").append(c.type() == null ? "filter" : c.type())
                .append(" hook ").append(c.hook());
        if (c.device() != null) {
            spec.append(" device \"").append(c.device()).append('"');
        }
        spec.append(" priority ").append(c.priority() == null ? "0" : c.priority()).append(';');
        if (c.policy() != null) {
            spec.append(" policy ").append(c.policy()).append(';');
        }
        return line + spec.append(" }\n");
    }

    static String deleteChain(String family, String table, String chain) {
        return "delete chain " + family + " " + table + " " + chain + "\n";
    }

    /** A rule given as nft text: appended, inserted before {@code position}, or replacing {@code handle}. */
    static String rule(String family, String table, String chain, NewRule r) {
        String where = family + " " + table + " " + chain;
        String command = r.handle() != null ? "replace rule " + where + " handle " + r.handle()
                : r.position() != null ? "insert rule " + where + " position " + r.position()
                : "add rule " + where;
        String comment = r.comment() == null ? "" : " comment \"" + r.comment() + "\"";
        return command + " " + r.rule() + comment + "\n";
    }

    /** A rule given as JSON expressions, as one JSON batch with the same placement rules. */
    static JsonNode ruleJson(String family, String table, String chain, NewRule r) {
        ObjectNode rule = Json.mapper().createObjectNode()
                .put("family", family).put("table", table).put("chain", chain);
        rule.set("expr", r.expr());
        if (r.comment() != null) {
            rule.put("comment", r.comment());
        }
        String verb = "add";
        if (r.handle() != null) {
            verb = "replace";
            rule.put("handle", r.handle());
        } else if (r.position() != null) {
            verb = "insert";
            rule.put("handle", r.position());
        }
        ObjectNode batch = Json.mapper().createObjectNode();
        batch.putArray("nftables").addObject().putObject(verb).set("rule", rule);
        return batch;
    }

    static String deleteRule(String family, String table, String chain, long handle) {
        return "delete rule " + family + " " + table + " " + chain + " handle " + handle + "\n";
    }

    static String createSet(String family, String table, NewSet s) {
        boolean map = s.map() != null;
        StringBuilder line = new StringBuilder("create ").append(map ? "map " : "set ")
                .append(family).append(' ').append(table).append(' ').append(s.name())
                .append(" { type ").append(s.type());
        if (map) {
            line.append(" : ").append(s.map());
        }
        line.append(';');
        if (!s.flags().isEmpty()) {
            line.append(" flags ").append(String.join(", ", s.flags())).append(';');
        }
        if (s.timeout() != null) {
            line.append(" timeout ").append(s.timeout()).append(';');
        }
        if (s.comment() != null) {
            line.append(" comment \"").append(s.comment()).append("\";");
        }
        line.append(" }\n");
        if (!s.elements().isEmpty()) {
            line.append(elements("add", family, table, s.name(), s.elements()));
        }
        return line.toString();
    }

    /** {@code delete set} deletes maps too (one kernel object kind). */
    static String deleteSet(String family, String table, String set) {
        return "delete set " + family + " " + table + " " + set + "\n";
    }

    /** {@code add element ... { a, b }} or {@code delete element ...}. */
    static String elements(String verb, String family, String table, String set, List<String> elements) {
        return verb + " element " + family + " " + table + " " + set + " { " + String.join(", ", elements) + " }\n";
    }
}
