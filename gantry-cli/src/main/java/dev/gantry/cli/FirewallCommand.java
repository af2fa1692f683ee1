package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry firewall}: the host's nftables ruleset. */
@Command(name = "firewall", description = "The host's nftables firewall: tables, chains, rules, sets; save and restore.",
        subcommands = {FirewallCommand.Show.class, FirewallCommand.Tables.class, FirewallCommand.Chains.class,
                FirewallCommand.Rules.class, FirewallCommand.AddRule.class, FirewallCommand.DeleteRule.class,
                FirewallCommand.Sets.class, FirewallCommand.Save.class, FirewallCommand.Restore.class,
                FirewallCommand.Run.class})
final class FirewallCommand {
    static final String DRY_RUN = "only have nft check the change (nft -c); nothing changes";

    private FirewallCommand() {
    }

    static String table(String family, String table) {
        return "/firewall/tables/" + AgentClient.segment(family) + "/" + AgentClient.segment(table);
    }

    static String chain(String family, String table, String chain) {
        return table(family, table) + "/chains/" + AgentClient.segment(chain);
    }

    static Map<String, String> dryRun(boolean dryRun) {
        return dryRun ? Map.of("dryRun", "true") : Map.of();
    }

    /** What a dry run prints: the agent answered 204 without a body. */
    static void checked(Output output) {
        output.line("nft accepts the change (dry run: nothing changed)");
    }

    @Command(name = "show", description = "Show the whole ruleset: per table its chains, rules and sets "
            + "(-o json for nft's JSON).")
    static final class Show extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/firewall/ruleset"), FirewallCommand::summary);
            return Gantry.EXIT_OK;
        }
    }

    static String summary(JsonNode ruleset) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (JsonNode item : ruleset.path("nftables")) {
            if (item.has("table")) {
                counts.put(key(item.get("table").path("family"), item.get("table").path("name")), new int[3]);
            }
            for (String kind : List.of("chain", "rule", "set", "map")) {
                JsonNode o = item.get(kind);
                if (o != null) {
                    int[] c = counts.computeIfAbsent(key(o.path("family"), o.path("table")), k -> new int[3]);
                    c[switch (kind) {
                        case "chain" -> 0;
                        case "rule" -> 1;
                        default -> 2;
                    }]++;
                }
            }
        }
        Table table = Table.columns("FAMILY", "TABLE", "CHAINS", "RULES", "SETS");
        counts.forEach((k, c) -> {
            String[] parts = k.split(" ", 2);
            table.row(parts[0], parts[1], String.valueOf(c[0]), String.valueOf(c[1]), String.valueOf(c[2]));
        });
        return table.render();
    }

    private static String key(JsonNode family, JsonNode table) {
        return family.asText() + " " + table.asText();
    }

    @Command(name = "tables", description = "List tables.")
    static final class Tables extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/firewall/tables"), tables -> {
                Table table = Table.columns("FAMILY", "NAME", "HANDLE", "FLAGS");
                for (JsonNode t : tables) {
                    table.row(t.path("family").asText(), t.path("name").asText(), t.path("handle").asText(),
                            join(t.path("flags")));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "chains", description = "List a table's chains.")
    static final class Chains extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "ip, ip6, inet, arp, bridge or netdev")
        String family;
        @Parameters(index = "1", paramLabel = "TABLE")
        String tableName;

        @Override
        int run(AgentClient client) {
            output().print(client.get(table(family, tableName) + "/chains"), chains -> {
                Table table = Table.columns("NAME", "TYPE", "HOOK", "PRIORITY", "POLICY", "HANDLE");
                for (JsonNode c : chains) {
                    table.row(c.path("name").asText(), c.path("type").asText(""), c.path("hook").asText(""),
                            c.path("priority").asText(""), c.path("policy").asText(""), c.path("handle").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "rules", description = "List a chain's rules, as nft writes them.")
    static final class Rules extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FAMILY")
        String family;
        @Parameters(index = "1", paramLabel = "TABLE")
        String tableName;
        @Parameters(index = "2", paramLabel = "CHAIN")
        String chainName;

        @Override
        int run(AgentClient client) {
            output().print(client.get(chain(family, tableName, chainName) + "/rules"), rules -> {
                Table table = Table.columns("HANDLE", "RULE");
                for (JsonNode r : rules) {
                    table.row(r.path("handle").asText(), r.path("text").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "add-rule", description = {"Add a rule in nft's language, e.g.:",
            "  gantry firewall add-rule inet filter input tcp dport 22 accept",
            "Appended at the end of the chain unless --before or --replace says otherwise."})
    static final class AddRule extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FAMILY")
        String family;
        @Parameters(index = "1", paramLabel = "TABLE")
        String tableName;
        @Parameters(index = "2", paramLabel = "CHAIN")
        String chainName;
        @Parameters(index = "3..*", arity = "1..*", paramLabel = "RULE", description = "the rule, in nft's language")
        List<String> rule;
        @Option(names = "--before", paramLabel = "HANDLE", description = "insert before the rule with this handle")
        Long before;
        @Option(names = "--replace", paramLabel = "HANDLE", description = "replace the rule with this handle")
        Long replace;
        @Option(names = "--comment", paramLabel = "TEXT", description = "the rule's comment")
        String comment;
        @Option(names = "--dry-run", description = DRY_RUN)
        boolean dryRun;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("rule", String.join(" ", rule));
            if (before != null) {
                body.put("position", before);
            }
            if (replace != null) {
                body.put("handle", replace);
            }
            if (comment != null) {
                body.put("comment", comment);
            }
            JsonNode answer = client.post(chain(family, tableName, chainName) + "/rules", dryRun(dryRun), body);
            Output output = output();
            if (answer.isMissingNode()) {
                checked(output);
            } else {
                output.print(answer, r -> Table.details().add("Handle", r.path("handle").asText())
                        .add("Rule", r.path("text").asText()).render());
            }
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "delete-rule", description = "Delete a rule by its handle (see: gantry firewall rules).")
    static final class DeleteRule extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FAMILY")
        String family;
        @Parameters(index = "1", paramLabel = "TABLE")
        String tableName;
        @Parameters(index = "2", paramLabel = "CHAIN")
        String chainName;
        @Parameters(index = "3", paramLabel = "HANDLE")
        long handle;
        @Option(names = "--dry-run", description = DRY_RUN)
        boolean dryRun;

        @Override
        int run(AgentClient client) {
            client.delete(chain(family, tableName, chainName) + "/rules/" + handle, dryRun(dryRun));
            if (dryRun) {
                checked(output());
            }
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "sets", description = "List a table's sets and maps with their elements.")
    static final class Sets extends ApiCommand {
        @Parameters(index = "0", paramLabel = "FAMILY")
        String family;
        @Parameters(index = "1", paramLabel = "TABLE")
        String tableName;

        @Override
        int run(AgentClient client) {
            output().print(client.get(table(family, tableName) + "/sets"), sets -> {
                Table table = Table.columns("NAME", "KIND", "TYPE", "FLAGS", "ELEMENTS");
                for (JsonNode s : sets) {
                    String type = type(s.path("type")) + (s.hasNonNull("map") ? " : " + type(s.get("map")) : "");
                    List<String> elements = new ArrayList<>();
                    s.path("elements").forEach(e -> elements.add(element(e)));
                    table.row(s.path("name").asText(), s.path("kind").asText(), type, join(s.path("flags")),
                            String.join(", ", elements));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    /** A set's type: a name, or a concatenation given as an array of names. */
    static String type(JsonNode t) {
        if (t.isArray()) {
            List<String> parts = new ArrayList<>();
            t.forEach(p -> parts.add(p.asText()));
            return String.join(" . ", parts);
        }
        return t.asText();
    }

    /** A set element from libnftables' JSON in nft's own notation. */
    static String element(JsonNode e) {
        if (e.isArray()) {
            // a map's element: [key, value]
            List<String> parts = new ArrayList<>();
            e.forEach(p -> parts.add(element(p)));
            return String.join(" : ", parts);
        }
        if (!e.isObject() || e.isEmpty()) {
            return e.isNull() ? "" : e.asText();
        }
        String kind = e.fieldNames().next();
        JsonNode v = e.get(kind);
        return switch (kind) {
            case "prefix" -> element(v.path("addr")) + "/" + v.path("len").asText();
            case "range" -> element(v.get(0)) + "-" + element(v.get(1));
            case "concat" -> {
                List<String> parts = new ArrayList<>();
                v.forEach(p -> parts.add(element(p)));
                yield String.join(" . ", parts);
            }
            case "elem" -> element(v.path("val"));
            case "jump", "goto" -> kind + " " + v.path("target").asText();
            default -> v.isNull() ? kind : kind + " " + Json.compact(v);
        };
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(", ", values);
    }

    @Command(name = "save", description = "Save the live ruleset to the file nftables.service loads at boot; "
            + "the previous file is kept as <file>.bak.")
    static final class Save extends ApiCommand {
        @Option(names = "--dry-run", description = "only check that the ruleset would load; write nothing")
        boolean dryRun;

        @Override
        int run(AgentClient client) {
            JsonNode answer = client.post("/firewall/save", dryRun(dryRun), null);
            Output output = output();
            if (answer.isMissingNode()) {
                checked(output);
            } else {
                output.print(answer, s -> Table.details().add("Saved", s.path("path").asText())
                        .add("Backup", s.path("backup").asText("")).add("Bytes", s.path("bytes").asText()).render());
            }
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "restore", description = "Load the saved ruleset (or, with --backup, the one before) "
            + "as one transaction.")
    static final class Restore extends ApiCommand {
        @Option(names = "--backup", description = "load <file>.bak, the ruleset saved before the last save")
        boolean backup;
        @Option(names = "--dry-run", description = "only check the file with nft -c")
        boolean dryRun;

        @Override
        int run(AgentClient client) {
            JsonNode answer = client.post("/firewall/restore", dryRun(dryRun),
                    Json.object().put("from", backup ? "backup" : "saved"));
            Output output = output();
            if (answer.isMissingNode()) {
                checked(output);
            } else {
                output.print(answer, r -> Table.details().add("Restored", r.path("path").asText()).render());
            }
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "run", description = {"Run one nft command through the agent and print its output, e.g.:",
            "  gantry firewall run -- -j list tables",
            "Put -- before nft's own options. -f, -i, -I, -D and include are refused."})
    static final class Run extends ApiCommand {
        @Parameters(arity = "1..*", paramLabel = "ARG", description = "nft's arguments")
        List<String> args;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            args.forEach(body.putArray("args")::add);
            output().print(client.post("/firewall/run", body), r -> r.path("stdout").asText());
            return Gantry.EXIT_OK;
        }
    }
}
