package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gantry network}: the network event broker. */
@Command(name = "network", description = "The network event broker: its recent events and script runs.",
        subcommands = {NetworkCommand.Events.class, PolicyRoutesCommand.class})
final class NetworkCommand {
    private NetworkCommand() {
    }

    @Command(name = "events", description = {
            "List the broker's recent network events and script runs, newest first.",
            "To follow them as they come: gantry events --type network [--link LINK] [--kind KIND]."})
    static final class Events extends ApiCommand {
        @Option(names = "--link", paramLabel = "LINK", description = "only entries of this link")
        String link;

        @Option(names = "--kind", split = ",", paramLabel = "KIND",
                description = "only entries of these kinds, comma-separated: link-state, manager-state, link, "
                        + "address, route, lease, script")
        List<String> kinds = List.of();

        @Option(names = "--limit", paramLabel = "N", description = "at most N entries (default 100, at most 4096)")
        Integer limit;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            if (link != null) {
                query.put("link", link);
            }
            if (!kinds.isEmpty()) {
                query.put("kind", String.join(",", kinds));
            }
            if (limit != null) {
                query.put("limit", limit.toString());
            }
            Output output = output();
            output.print(client.get("/network/events", query, 0), entries -> {
                Table table = Table.columns("ID", "TIME", "KIND", "LINK", "WHAT");
                for (JsonNode e : entries) {
                    table.row(e.path("id").asText(), output.time(e.get("time")), e.path("kind").asText(),
                            e.path("link").asText("-"), summary(e));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    /** One line about a network event or script run (an entry, or the data of a {@code network} bus event). */
    static String summary(JsonNode e) {
        JsonNode d = e.path("detail");
        return switch (e.path("kind").asText()) {
            case "script" -> d.path("script").asText() + " " + d.path("result").asText()
                    + (d.has("exitCode") && !d.get("exitCode").isNull() ? " " + d.get("exitCode").asInt() : "")
                    + (d.has("durationMillis") ? " in " + d.get("durationMillis").asLong() + " ms" : "")
                    + (d.has("reason") ? " (" + d.get("reason").asText() + ")" : "");
            case "link-state", "manager-state" -> {
                List<String> parts = new ArrayList<>();
                d.path("changed").properties().forEach(p -> parts.add(p.getKey() + "=" + p.getValue().asText()));
                yield String.join(" ", parts) + (d.path("replay").asBoolean() ? " (replay)" : "");
            }
            case "address" -> d.path("action").asText() + " " + d.path("address").asText();
            case "route" -> d.path("action").asText() + " " + d.path("destination").asText()
                    + (d.path("gateway").isTextual() ? " via " + d.path("gateway").asText() : "")
                    + " table " + d.path("table").asText();
            case "lease" -> d.path("address").asText();
            case "link" -> d.path("action").asText() + " " + d.path("operState").asText();
            default -> Json.compact(d);
        };
    }
}
