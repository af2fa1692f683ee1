package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry token}: API tokens for callers that reach the agent over TCP. Needs admin rights. */
@Command(name = "token", description = "API tokens for callers on TCP (--url): create, list, revoke.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {
    private TokenCommand() {
    }

    @Command(name = "create", description = {
            "Create an API token and print it; the agent keeps only its hash, so it is shown this once.",
            "In table format the token is the last line of output, alone (take it with tail -1); "
                    + "in json and yaml it is the token field."})
    static final class Create extends ApiCommand {
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "a unique name: letters, digits, '.', '_' or '-'")
        String name;

        @Option(names = "--scope", required = true, paramLabel = "SCOPE",
                description = "repeatable: * (everything), *:read, or MODULE:read / MODULE:write, e.g. jobs:read")
        List<String> scopes;

        @Option(names = "--expires-in", paramLabel = "DURATION",
                description = "lifetime such as 90d, 12h or P30D (default: never expires)")
        String expiresIn;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("name", name);
            scopes.forEach(body.putArray("scopes")::add);
            if (expiresIn != null) {
                body.put("expiresIn", expiresIn);
            }
            Output output = output();
            output.print(client.post("/tokens", body), token -> Table.details()
                    .add("ID", token.path("id").asText())
                    .add("Name", token.path("name").asText())
                    .add("Scopes", join(token.path("scopes")))
                    .add("Expires", expiry(token, output))
                    .render() + token.path("token").asText() + "\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "list", description = "List API tokens (never their values).")
    static final class ListTokens extends ApiCommand {
        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/tokens"), tokens -> {
                Table table = Table.columns("ID", "NAME", "SCOPES", "CREATED", "EXPIRES");
                for (JsonNode token : tokens) {
                    table.row(token.path("id").asText(), token.path("name").asText(), join(token.path("scopes")),
                            output.time(token.get("createdAt")), expiry(token, output));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "revoke", description = "Revoke an API token at once.")
    static final class Revoke extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the token's id (gantry token list)")
        String id;

        @Override
        int run(AgentClient client) {
            client.delete("/tokens/" + AgentClient.segment(id));
            Output output = output();
            if (output.format() == Output.Format.TABLE) {
                output.line("revoked token " + id);
            }
            return Gantry.EXIT_OK;
        }
    }

    /** Scopes (or any strings) of a JSON array, comma-separated, for tables. */
    static String join(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return String.join(",", out);
    }

    private static String expiry(JsonNode token, Output output) {
        if (!token.hasNonNull("expiresAt")) {
            return "never";
        }
        return output.time(token.get("expiresAt")) + (token.path("expired").asBoolean() ? " (expired)" : "");
    }
}
