package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry admin token}: gantry-server's local API tokens, for automation (create, list, revoke). */
@Command(name = "token", description = "API tokens of gantry-server, for automation: create, list, revoke.",
        subcommands = {AdminTokenCommand.Create.class, AdminTokenCommand.ListTokens.class, AdminTokenCommand.Revoke.class})
final class AdminTokenCommand {
    private AdminTokenCommand() {
    }

    @Command(name = "create", description = {
            "Create an API token and print it; the server keeps only a hash, so it is shown this once.",
            "In table format the token is the last line of output, alone (take it with tail -1); "
                    + "in json and yaml it is the token field."})
    static final class Create extends ServerCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "a unique name: letters, digits, '.', '_' or '-'")
        String name;

        @Option(names = "--scope", required = true, paramLabel = "SCOPE",
                description = "repeatable: admin, or TYPE:read / TYPE:write, e.g. instances:write")
        List<String> scopes;

        @Option(names = "--tenant", paramLabel = "ID",
                description = "the tenant the token acts in (default: none, for admin tokens)")
        String tenant;

        @Option(names = "--expires-in", paramLabel = "DURATION", converter = Durations.Converter.class,
                description = "lifetime such as 90d, 12h or P30D (default: never expires)")
        Duration expiresIn;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("name", name);
            if (tenant != null) {
                body.put("tenant", tenant);
            }
            scopes.forEach(body.putArray("scopes")::add);
            if (expiresIn != null) {
                body.put("expiresIn", expiresIn.toString());
            }
            Output output = output();
            output.print(client.post("/tokens", body), token -> Table.details()
                    .add("ID", token.path("id").asText())
                    .add("Name", token.path("name").asText())
                    .add("Tenant", token.path("tenant").asText("-"))
                    .add("Scopes", TokenCommand.join(token.path("scopes")))
                    .add("Expires", expiry(token, output))
                    .render() + token.path("token").asText() + "\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "list", description = "List API tokens (never their values).")
    static final class ListTokens extends ServerCommand {
        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/tokens"), tokens -> {
                Table table = Table.columns("ID", "NAME", "TENANT", "SCOPES", "CREATED", "EXPIRES");
                for (JsonNode token : tokens) {
                    table.row(token.path("id").asText(), token.path("name").asText(), token.path("tenant").asText("-"),
                            TokenCommand.join(token.path("scopes")), output.time(token.get("createdAt")), expiry(token, output));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "revoke", description = "Revoke an API token at once, on every replica.")
    static final class Revoke extends ServerCommand {
        @Parameters(paramLabel = "ID|NAME", description = "the token's id or name (gantry admin token list)")
        String token;

        @Override
        int run(AgentClient client) {
            client.delete("/tokens/" + AgentClient.segment(token));
            Output output = output();
            if (output.format() == Output.Format.TABLE) {
                output.line("revoked token " + token);
            }
            return Gantry.EXIT_OK;
        }
    }

    private static String expiry(JsonNode token, Output output) {
        return token.hasNonNull("expiresAt") ? output.time(token.get("expiresAt")) : "never";
    }
}
