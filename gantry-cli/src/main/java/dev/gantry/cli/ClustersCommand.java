package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry clusters}: the Proxmox VE and gantry clusters gantry-server crawls (admin). Secrets
 * (password, token secret, agent tokens and keys) come from a file, stdin or a terminal prompt, never
 * from the command line, and the server never shows them again.
 */
@Command(name = "clusters", description = {"Clusters of gantry-server: list, show, add, update, remove (admin).",
        "Reaches the server as gantry admin does: its admin file on the server host, or --url and $GANTRY_TOKEN."},
        subcommands = {ClustersCommand.ListClusters.class, ClustersCommand.Show.class, ClustersCommand.Add.class,
                ClustersCommand.Update.class, ClustersCommand.Remove.class})
final class ClustersCommand {
    private ClustersCommand() {
    }

    @Command(name = "list", description = "List clusters (never their secrets).")
    static final class ListClusters extends ServerCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/clusters"), clusters -> {
                Table table = Table.columns("NAME", "KIND", "URL", "CREDENTIALS", "GROUPS", "WEIGHT");
                for (JsonNode c : clusters) {
                    table.row(c.path("name").asText(), c.path("kind").asText(), endpoint(c), credentials(c.path("credentials")),
                            UserCommand.join(c.path("groups")), number(c.path("weight")));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Show a cluster (never its secrets).")
    static final class Show extends ServerCommand {
        @Parameters(paramLabel = "NAME", description = "the cluster's name")
        String name;

        @Override
        int run(AgentClient client) {
            show(output(), client.get("/clusters/" + AgentClient.segment(name)));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "add", description = "Register a cluster; its credentials are sealed by the server.")
    static final class Add extends ServerCommand {
        @Parameters(paramLabel = "NAME", description = "lowercase letters, digits and '-', 1 to 63; never changes")
        String name;

        @Mixin
        ClusterOptions.Settings settings;

        @Mixin
        ClusterOptions.Credentials credentials;

        @Override
        int run(AgentClient client) {
            if (settings.kind == null) {
                throw new ParameterException(spec.commandLine(), "give --kind proxmox or --kind gantry");
            }
            ObjectNode body = Json.object().put("name", name);
            ClusterOptions.apply(body, settings);
            body.set("credentials", ClusterOptions.credentials(this, credentials));
            show(output(), client.post("/clusters", body));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "update", description = "Change a cluster's settings or credentials; what is not given stays.")
    static final class Update extends ServerCommand {
        @Parameters(paramLabel = "NAME", description = "the cluster's name")
        String name;

        @Mixin
        ClusterOptions.Settings settings;

        @Mixin
        ClusterOptions.Credentials credentials;

        @Override
        int run(AgentClient client) {
            String path = "/clusters/" + AgentClient.segment(name);
            // The API replaces the whole cluster on PUT: start from what it holds now.
            JsonNode current = client.get(path);
            ObjectNode body = Json.object();
            for (String field : List.of("kind", "url", "port", "insecure", "fingerprint", "template", "storageDisk",
                    "excludeNodes", "groups", "weight")) {
                if (current.has(field) && !current.get(field).isNull()) {
                    body.set(field, current.get(field));
                }
            }
            if (settings.endpoint != null) {
                body.remove("port");
            }
            if (settings.skipTlsVerify != null && settings.skipTlsVerify) {
                body.remove("fingerprint");
            }
            if (settings.fingerprint != null) {
                body.put("insecure", false);
            }
            ClusterOptions.apply(body, settings);
            if (credentials.given()) {
                body.set("credentials", ClusterOptions.credentials(this, credentials));
            }
            show(output(), client.put(path, body));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "remove", description = "Remove a cluster and its sealed credentials.")
    static final class Remove extends ServerCommand {
        @Parameters(paramLabel = "NAME", description = "the cluster's name")
        String name;

        @Override
        int run(AgentClient client) {
            client.delete("/clusters/" + AgentClient.segment(name));
            Output output = output();
            if (output.format() == Output.Format.TABLE) {
                output.line("removed cluster " + name);
            }
            return Gantry.EXIT_OK;
        }
    }

    private static void show(Output output, JsonNode cluster) {
        output.print(cluster, c -> Table.details()
                .add("Name", c.path("name").asText())
                .add("Kind", c.path("kind").asText())
                .add("URL", endpoint(c))
                .add("Credentials", credentials(c.path("credentials")))
                .add("TLS", c.path("insecure").asBoolean() ? "not verified (insecure)"
                        : c.hasNonNull("fingerprint") ? "pinned " + c.path("fingerprint").asText() : "verified")
                .add("Template", c.path("template").asText(""))
                .add("Storage disk", c.path("storageDisk").asText(""))
                .add("Excluded nodes", UserCommand.join(c.path("excludeNodes")))
                .add("Groups", UserCommand.join(c.path("groups")))
                .add("Weight", number(c.path("weight")))
                .add("Created", output.time(c.get("createdAt")))
                .add("Updated", output.time(c.get("updatedAt")))
                .render());
    }

    private static String endpoint(JsonNode c) {
        return c.path("url").asText() + ":" + c.path("port").asText();
    }

    /** e.g. {@code password root@pam}, {@code token root@pam!gantry}, {@code agents 3 (token, clientCertificate)}. */
    static String credentials(JsonNode info) {
        return switch (info.path("type").asText()) {
            case "password" -> "password " + info.path("user").asText();
            case "token" -> "token " + info.path("tokenId").asText();
            case "agents" -> {
                List<String> auths = new ArrayList<>();
                info.path("agents").forEach(a -> {
                    if (!auths.contains(a.path("auth").asText())) {
                        auths.add(a.path("auth").asText());
                    }
                });
                yield "agents " + info.path("agents").size() + " (" + String.join(", ", auths) + ")";
            }
            default -> info.path("type").asText("-");
        };
    }

    private static String number(JsonNode n) {
        double d = n.asDouble();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
