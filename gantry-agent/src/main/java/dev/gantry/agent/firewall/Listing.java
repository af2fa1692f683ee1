package dev.gantry.agent.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.firewall.FirewallApi.Chain;
import dev.gantry.agent.firewall.FirewallApi.NamedSet;
import dev.gantry.agent.firewall.FirewallApi.Rule;
import dev.gantry.agent.firewall.FirewallApi.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns nft's listings (libnftables' JSON, and its text for rules) into the module's answers. */
final class Listing {
    /** A rule line of {@code nft -a list chain}: two tabs deep, ending in its handle. */
    private static final Pattern RULE_LINE = Pattern.compile("^\t\t(?!\t)(.*?) # handle ([0-9]+)$");

    /**
     * Table flags nft knows. nft 1.0.6's JSON prints a table's flags as its own release name
     * ({@code "flags": "Lester Gooch #5"}, observed), so anything else is dropped rather than shown.
     */
    private static final java.util.Set<String> TABLE_FLAGS = java.util.Set.of("dormant", "owner", "persist");

    private Listing() {
    }

    static List<Table> tables(JsonNode nftables) {
        List<Table> tables = new ArrayList<>();
        for (JsonNode t : objects(nftables, "table")) {
            tables.add(new Table(t.path("family").asText(), t.path("name").asText(), t.path("handle").asLong(),
                    strings(t.path("flags")).stream().filter(TABLE_FLAGS::contains).toList()));
        }
        return tables;
    }

    static List<Chain> chains(JsonNode nftables) {
        List<Chain> chains = new ArrayList<>();
        for (JsonNode c : objects(nftables, "chain")) {
            chains.add(new Chain(c.path("family").asText(), c.path("table").asText(), c.path("name").asText(),
                    c.path("handle").asLong(), text(c, "type"), text(c, "hook"),
                    c.has("prio") ? c.get("prio").asInt() : null, text(c, "policy"), text(c, "dev")));
        }
        return chains;
    }

    /** Rules from the JSON listing, each with its text from {@code nft -a list chain} ({@code ruleText}). */
    static List<Rule> rules(JsonNode nftables, String ruleText) {
        Map<Long, String> texts = ruleTexts(ruleText);
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : objects(nftables, "rule")) {
            long handle = r.path("handle").asLong();
            rules.add(new Rule(r.path("family").asText(), r.path("table").asText(), r.path("chain").asText(),
                    handle, texts.getOrDefault(handle, ""), text(r, "comment"), r.path("expr")));
        }
        return rules;
    }

    static Map<Long, String> ruleTexts(String listing) {
        Map<Long, String> texts = new HashMap<>();
        for (String line : listing.split("\n")) {
            Matcher m = RULE_LINE.matcher(line);
            if (m.matches()) {
                texts.put(Long.parseLong(m.group(2)), m.group(1));
            }
        }
        return texts;
    }

    /** The handle nft's echo ({@code nft -e -a}) gives the rule it added: the last {@code # handle N}. */
    static long echoedHandle(String echo) {
        Matcher m = Pattern.compile("# handle ([0-9]+)\\s*$", Pattern.MULTILINE).matcher(echo);
        long handle = -1;
        while (m.find()) {
            handle = Long.parseLong(m.group(1));
        }
        return handle;
    }

    /** The handle of the rule a JSON batch echoed back. */
    static long echoedHandle(JsonNode echo) {
        long handle = -1;
        for (JsonNode command : echo) {
            for (JsonNode body : command) {
                if (body.has("rule")) {
                    handle = body.get("rule").path("handle").asLong(-1);
                }
            }
        }
        return handle;
    }

    static List<NamedSet> sets(JsonNode nftables) {
        List<NamedSet> sets = new ArrayList<>();
        for (JsonNode item : nftables) {
            String kind = item.has("set") ? "set" : item.has("map") ? "map" : null;
            if (kind == null) {
                continue;
            }
            JsonNode s = item.get(kind);
            List<JsonNode> elements = new ArrayList<>();
            s.path("elem").forEach(elements::add);
            sets.add(new NamedSet(s.path("family").asText(), s.path("table").asText(), s.path("name").asText(), kind,
                    s.path("type"), s.get("map"), strings(s.path("flags")),
                    s.has("timeout") ? s.get("timeout").asLong() : null, text(s, "comment"), List.copyOf(elements)));
        }
        return sets;
    }

    /** The {@code counter} objects of a listing, as nft gives them. */
    static List<JsonNode> counters(JsonNode nftables) {
        return objects(nftables, "counter");
    }

    private static List<JsonNode> objects(JsonNode nftables, String kind) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode item : nftables) {
            if (item.has(kind)) {
                found.add(item.get(kind));
            }
        }
        return found;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        } else if (array.isTextual()) {
            values.add(array.asText());
        }
        return values;
    }
}
