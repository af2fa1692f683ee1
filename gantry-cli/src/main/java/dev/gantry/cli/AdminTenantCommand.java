package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry admin tenant}: the server's tenants (create, update, delete, list). */
@Command(name = "tenant", description = "Tenants of gantry-server: create, update, delete, list.",
        subcommands = {AdminTenantCommand.Create.class, AdminTenantCommand.Update.class,
                AdminTenantCommand.Delete.class, AdminTenantCommand.ListTenants.class})
final class AdminTenantCommand {
    private AdminTenantCommand() {
    }

    @Command(name = "create", description = "Create a tenant.")
    static final class Create extends ServerCommand {
        @Parameters(paramLabel = "ID", description = "lowercase letters and digits, 1 to 63; never changes")
        String id;

        @Option(names = "--name", required = true, paramLabel = "TEXT", description = "display name")
        String name;

        @Option(names = "--billing-reference", paramLabel = "REF", description = "the tenant's key in the billing system")
        String billingReference;

        @Option(names = "--quota", paramLabel = "TYPE=N",
                description = "repeatable: most resources of TYPE the tenant may hold, e.g. instances=10")
        Map<String, Long> quotas;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("id", id).put("displayName", name);
            if (billingReference != null) {
                body.put("billingReference", billingReference);
            }
            if (quotas != null) {
                ObjectNode q = body.putObject("quotas");
                quotas.forEach(q::put);
            }
            show(output(), client.post("/tenants", body));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "update", description = "Change a tenant's name, billing reference or quotas; what is not given stays.")
    static final class Update extends ServerCommand {
        @Parameters(paramLabel = "ID", description = "the tenant's id")
        String id;

        @Option(names = "--name", paramLabel = "TEXT", description = "new display name")
        String name;

        @Option(names = "--billing-reference", paramLabel = "REF", description = "new billing reference; \"\" removes it")
        String billingReference;

        @Option(names = "--quota", paramLabel = "TYPE=N",
                description = "repeatable: the new quotas, replacing all of them, e.g. instances=10")
        Map<String, Long> quotas;

        @Option(names = "--no-quotas", description = "remove every quota")
        boolean noQuotas;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            if (name != null) {
                body.put("displayName", name);
            }
            if (billingReference != null) {
                body.put("billingReference", billingReference);
            }
            if (quotas != null && noQuotas) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --quota or --no-quotas, not both");
            }
            if (quotas != null || noQuotas) {
                ObjectNode q = body.putObject("quotas");
                if (quotas != null) {
                    quotas.forEach(q::put);
                }
            }
            if (body.isEmpty()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "nothing to change: give --name, --billing-reference, --quota or --no-quotas");
            }
            show(output(), client.patch("/tenants/" + AgentClient.segment(id), body));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "delete", description = "Delete a tenant (refused while it owns resources).")
    static final class Delete extends ServerCommand {
        @Parameters(paramLabel = "ID", description = "the tenant's id")
        String id;

        @Override
        int run(AgentClient client) {
            client.delete("/tenants/" + AgentClient.segment(id));
            Output output = output();
            if (output.format() == Output.Format.TABLE) {
                output.line("deleted tenant " + id);
            }
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "list", description = "List tenants.")
    static final class ListTenants extends ServerCommand {
        @Override
        int run(AgentClient client) {
            Output output = output();
            List<JsonNode> all = new ArrayList<>();
            String after = null;
            // The server pages by id; an admin listing wants them all.
            while (true) {
                JsonNode page = client.get("/tenants", after == null ? Map.of("limit", "1000")
                        : Map.of("limit", "1000", "after", after), 0);
                page.forEach(all::add);
                if (page.size() < 1000) {
                    break;
                }
                after = page.get(page.size() - 1).path("id").asText();
            }
            output.print(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().addAll(all), tenants -> {
                Table table = Table.columns("ID", "NAME", "BILLING", "QUOTAS", "CREATED");
                for (JsonNode t : tenants) {
                    table.row(t.path("id").asText(), t.path("displayName").asText(),
                            t.path("billingReference").asText(""), quotas(t.path("quotas")),
                            output.time(t.get("createdAt")));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    private static void show(Output output, JsonNode tenant) {
        output.print(tenant, t -> Table.details()
                .add("ID", t.path("id").asText())
                .add("Name", t.path("displayName").asText())
                .add("Billing", t.path("billingReference").asText(""))
                .add("Quotas", quotas(t.path("quotas")))
                .add("Created", output.time(t.get("createdAt")))
                .add("Updated", output.time(t.get("updatedAt")))
                .render());
    }

    private static String quotas(JsonNode quotas) {
        List<String> parts = new ArrayList<>();
        quotas.properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }
}
