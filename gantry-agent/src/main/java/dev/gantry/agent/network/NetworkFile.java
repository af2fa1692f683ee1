package dev.gantry.agent.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.agent.network.NetworkdKeys.Key;
import dev.gantry.agent.network.NetworkdKeys.Section;
import dev.gantry.common.http.Violations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A systemd-networkd {@code .network} file as JSON with networkd's own section and key names:
 * validation against {@link NetworkdKeys}, rendering to INI text and parsing it back.
 *
 * <p>JSON shape: a plain section is an object, a repeated section ({@code Address}, {@code Route},
 * ...) an array of objects; a list key's value is an array (a single scalar is accepted too) and is
 * written as the key repeated. Values are strings, numbers or booleans (written yes/no). The parsed
 * (canonical) form has booleans for boolean keys, numbers for integer keys, arrays for list keys and
 * strings for everything else.
 */
final class NetworkFile {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NetworkFile() {
    }

    /** Every violation of {@code body}, with field paths such as {@code Network.DNS[1]} or {@code Route[0].Gatway}. */
    static void validate(JsonNode body, Violations v) {
        validate(NetworkdKeys.NETWORK, body, v);
    }

    /** As {@link #validate(JsonNode, Violations)} against another file kind's key table ({@code .netdev}). */
    static void validate(NetworkdKeys.Table table, JsonNode body, Violations v) {
        if (body == null || !body.isObject()) {
            v.add("$", "type", "expected an object of sections: " + String.join(", ", table.sectionNames()), null);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<Section> section = table.section(e.getKey());
            if (section.isEmpty()) {
                v.add(e.getKey(), "unknown-section", "unknown section; allowed: "
                        + String.join(", ", table.sectionNames()), e.getKey());
                continue;
            }
            Section s = section.get();
            if (s.repeated()) {
                if (!e.getValue().isArray()) {
                    v.add(s.name(), "type", "expected an array of objects ([" + s.name() + "] may repeat)", null);
                    continue;
                }
                for (int i = 0; i < e.getValue().size(); i++) {
                    validateSection(s, e.getValue().get(i), s.name() + "[" + i + "]", v);
                }
            } else {
                validateSection(s, e.getValue(), s.name(), v);
            }
        }
    }

    private static void validateSection(Section s, JsonNode node, String path, Violations v) {
        if (node == null || !node.isObject()) {
            v.add(path, "type", "expected an object of keys", null);
            return;
        }
        if (node.isEmpty()) {
            v.add(path, "empty", "a section needs at least one key", null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = path + "." + e.getKey();
            Key key = s.keys().get(e.getKey());
            if (key == null) {
                v.add(field, "unknown-key", "unknown key of [" + s.name() + "]; allowed: "
                        + String.join(", ", s.keys().keySet().stream().sorted().toList()), e.getKey());
                continue;
            }
            JsonNode value = e.getValue();
            if (value.isArray()) {
                if (!key.list()) {
                    v.add(field, "type", "takes one value, not a list", null);
                    continue;
                }
                if (value.isEmpty()) {
                    v.add(field, "empty", "an empty list: leave the key out instead", null);
                }
                for (int i = 0; i < value.size(); i++) {
                    validateValue(key, value.get(i), field + "[" + i + "]", v);
                }
            } else {
                validateValue(key, value, field, v);
            }
        }
    }

    private static void validateValue(Key key, JsonNode value, String field, Violations v) {
        Optional<String> text = text(key, value);
        if (text.isEmpty() || !key.type().valid().test(text.get())) {
            v.add(field, key.type().name(), key.type().hint(), value == null || value.isContainerNode() ? null : value.asText());
        }
    }

    /** The INI text of a scalar, if it is a scalar this key may take. */
    private static Optional<String> text(Key key, JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return key.type().takesJsonBool() ? Optional.of(value.booleanValue() ? "yes" : "no") : Optional.empty();
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.asText());
        }
        if (value.isTextual()) {
            return Optional.of(value.textValue());
        }
        return Optional.empty();
    }

    /** INI text of a valid body; sections in the table's order, keys in the body's order. */
    static String render(JsonNode body, String header) {
        return render(NetworkdKeys.NETWORK, body, header);
    }

    /** As {@link #render(JsonNode, String)} with another file kind's key table. */
    static String render(NetworkdKeys.Table table, JsonNode body, String header) {
        StringBuilder out = new StringBuilder();
        if (header != null) {
            header.lines().forEach(l -> out.append("# ").append(l).append('\n'));
        }
        for (Section s : table.sections()) {
            JsonNode node = body.get(s.name());
            if (node == null) {
                continue;
            }
            List<JsonNode> instances = new ArrayList<>();
            if (s.repeated()) {
                node.forEach(instances::add);
            } else {
                instances.add(node);
            }
            for (JsonNode inst : instances) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append('[').append(s.name()).append("]\n");
                for (Iterator<Map.Entry<String, JsonNode>> it = inst.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Key key = s.keys().get(e.getKey());
                    List<JsonNode> values = new ArrayList<>();
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(values::add);
                    } else {
                        values.add(e.getValue());
                    }
                    for (JsonNode value : values) {
                        out.append(key.name()).append('=').append(text(key, value).orElseThrow()).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The JSON of an INI text in canonical form. Comments and blank lines are dropped; a plain section
     * given twice is merged (as networkd does); keys the table does not know are kept as strings
     * (arrays when repeated), so a hand-edited file hides nothing; an empty assignment clears a list.
     */
    static ObjectNode parse(String text) {
        return parse(NetworkdKeys.NETWORK, text);
    }

    /** As {@link #parse(String)} with another file kind's key table. */
    static ObjectNode parse(NetworkdKeys.Table table, String text) {
        ObjectNode out = F.objectNode();
        ObjectNode current = null;
        Section currentSection = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                currentSection = table.section(name).orElse(null);
                boolean repeated = currentSection != null && currentSection.repeated();
                if (repeated) {
                    ArrayNode arr = out.has(name) && out.get(name).isArray() ? (ArrayNode) out.get(name) : out.putArray(name);
                    current = arr.addObject();
                } else {
                    current = out.has(name) && out.get(name).isObject() ? (ObjectNode) out.get(name) : out.putObject(name);
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || current == null) {
                continue;
            }
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            Key key = currentSection == null ? null : currentSection.keys().get(name);
            if (key == null) {
                JsonNode old = current.get(name);
                if (old == null) {
                    current.put(name, value);
                } else if (old.isArray()) {
                    ((ArrayNode) old).add(value);
                } else {
                    current.putArray(name).add(old).add(value);
                }
            } else if (key.list()) {
                if (value.isEmpty()) {
                    current.remove(name);
                } else {
                    JsonNode old = current.get(name);
                    ArrayNode arr = old != null && old.isArray() ? (ArrayNode) old : current.putArray(name);
                    arr.add(canonical(key, value));
                }
            } else if (value.isEmpty()) {
                current.remove(name);
            } else {
                current.set(name, canonical(key, value));
            }
        }
        return out;
    }

    private static JsonNode canonical(Key key, String value) {
        if (key.type().isBool()) {
            return switch (value) {
                case "yes", "true", "1", "on" -> F.booleanNode(true);
                case "no", "false", "0", "off" -> F.booleanNode(false);
                default -> F.textNode(value);
            };
        }
        if (key.type().isInteger()) {
            try {
                long n = Long.parseLong(value);
                // As Jackson reads the same number from JSON, so that a parsed file equals its body.
                return n == (int) n ? F.numberNode((int) n) : F.numberNode(n);
            } catch (NumberFormatException e) {
                return F.textNode(value);
            }
        }
        return F.textNode(value);
    }
}
