package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The JSON body of the agent's systemd-networkd file routes ({@code .network}, {@code .netdev},
 * {@code .link}), built on the client: from a file holding either that JSON or the networkd INI text
 * itself, and from {@code Section.Key=value} settings given on the command line. The agent validates
 * keys and values; this only shapes them.
 */
final class NetworkdBody {
    /**
     * Sections networkd allows more than once in a file: always JSON arrays of objects, even when the
     * file has one. Any other section given twice becomes an array too (the agent names it if that is wrong).
     */
    static final Set<String> REPEATED = Set.of("Address", "Route", "RoutingPolicyRule", "DHCPServerStaticLease",
            "IPv6Prefix", "IPv6RoutePrefix", "SR-IOV", "WireGuardPeer", "NextHop", "BridgeFDB", "BridgeMDB",
            "BridgeVLAN", "QDisc", "TrafficControlQueueingDiscipline");

    private NetworkdBody() {
    }

    /** A body file: JSON when its first non-blank character is '{', otherwise networkd INI. */
    static ObjectNode read(Path file, CommandSpec spec) throws IOException {
        String text = Files.readString(file);
        if (text.strip().startsWith("{")) {
            JsonNode json = Json.parse(text);
            if (!json.isObject()) {
                throw new ParameterException(spec.commandLine(), file + ": expected a JSON object of sections");
            }
            return (ObjectNode) json;
        }
        try {
            return parseIni(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
        }
    }

    /**
     * networkd INI as the routes' JSON: a section is an object, a repeated one an array of objects; a
     * key given once is a string, a key repeated in its section a list (networkd's list keys: DNS=,
     * Address=, ...). An empty assignment resets the key, as networkd reads it. Comments (# ;) and
     * blank lines are dropped; a line that is neither a section, a key nor a comment is an error.
     */
    static ObjectNode parseIni(String text) {
        ObjectNode out = Json.object();
        ObjectNode current = null;
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = section(out, line.substring(1, line.length() - 1).strip());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + n + ": expected [Section] or Key=value: " + line);
            }
            if (current == null) {
                throw new IllegalArgumentException("line " + n + ": a key before any [Section]: " + line);
            }
            add(current, line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return out;
    }

    private static ObjectNode section(ObjectNode out, String name) {
        JsonNode old = out.get(name);
        if (old == null) {
            return REPEATED.contains(name) ? out.putArray(name).addObject() : out.putObject(name);
        }
        if (old.isArray()) {
            return ((ArrayNode) old).addObject();
        }
        ArrayNode both = out.putArray(name);
        both.add(old);
        return both.addObject();
    }

    /** Adds {@code key=value} to a section: repeated keys become a list, an empty value resets the key. */
    static void add(ObjectNode section, String key, String value) {
        if (value.isEmpty()) {
            section.remove(key);
            return;
        }
        JsonNode old = section.get(key);
        if (old == null) {
            section.put(key, value);
        } else if (old.isArray()) {
            ((ArrayNode) old).add(value);
        } else {
            section.putArray(key).add(old).add(value);
        }
    }

    /** Sets {@code Section.Key} to the values (one: a string; more: a list); the section is created if absent. */
    static void set(ObjectNode body, String section, String key, List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        JsonNode s = body.get(section);
        ObjectNode target = s != null && s.isObject() ? (ObjectNode) s : body.putObject(section);
        if (values.size() == 1) {
            target.put(key, values.get(0));
        } else {
            ArrayNode list = target.putArray(key);
            values.forEach(list::add);
        }
    }

    /** {@code --set Section.Key=value} settings (a key alone goes to {@code defaultSection}); repeated keys add up. */
    static void settings(ObjectNode body, List<String> settings, String defaultSection, CommandSpec spec) {
        if (settings == null) {
            return;
        }
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--set " + s + ": expected [Section.]Key=value");
            }
            String name = s.substring(0, eq);
            int dot = name.indexOf('.');
            String section = dot < 0 ? defaultSection : name.substring(0, dot);
            String key = dot < 0 ? name : name.substring(dot + 1);
            if (section == null || section.isEmpty() || key.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--set " + s + ": expected Section.Key=value");
            }
            JsonNode sec = body.get(section);
            add(sec != null && sec.isObject() ? (ObjectNode) sec : body.putObject(section), key,
                    s.substring(eq + 1));
        }
    }

    /** A dry run's answer as text: the diff, or that nothing would change. */
    static String diff(JsonNode answer) {
        JsonNode diff = answer.path("diff");
        return diff.isMissingNode() || diff.isNull() || diff.asText().isEmpty()
                ? "no change to " + answer.path("path").asText() + "\n" : diff.asText();
    }
}
