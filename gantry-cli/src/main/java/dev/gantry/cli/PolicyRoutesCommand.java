package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code gantry network policy-routes}: the per-link tables and rules the event broker keeps. */
@Command(name = "policy-routes", description = "List what the event broker keeps per link for RoutingPolicyRules: "
        + "table 9999+ifindex with its routes, and the from/to rule of each address.")
final class PolicyRoutesCommand extends ApiCommand {
    @Override
    int run(AgentClient client) {
        output().print(client.get("/network/policy-routes"), links -> {
            Table table = Table.columns("LINK", "INDEX", "TABLE", "KIND", "ENTRY");
            links.forEach(l -> {
                String name = text(l, "link");
                String link = l.path("managed").asBoolean() ? name
                        : (name == null ? "" : name + " ") + "(leftover)";
                if (l.path("routes").isEmpty() && l.path("rules").isEmpty()) {
                    table.row(link, text(l, "index"), text(l, "table"), null, null);
                }
                l.path("routes").forEach(r -> table.row(link, text(l, "index"), text(l, "table"), "route",
                        text(r, "destination") + (text(r, "gateway") == null ? "" : " via " + text(r, "gateway"))));
                l.path("rules").forEach(r -> table.row(link, text(l, "index"), text(l, "table"), "rule",
                        text(r, "priority") + " " + text(r, "selector") + " " + text(r, "address")));
            });
            return table.render();
        });
        return Gantry.EXIT_OK;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
