package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    /** Settings shared by add and update; on update, those not given keep their value. */
    static final class Settings {
        @Option(names = "--kind", paramLabel = "KIND", description = "proxmox or gantry")
        String kind;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "the cluster's API: https://HOST[:PORT] or HOST (proxmox; gantry: default the first agent)")
        String endpoint;

        @Option(names = "--port", paramLabel = "PORT", description = "API port when --endpoint has none (proxmox default 8006)")
        Integer port;

        @Option(names = "--skip-tls-verify", negatable = true,
                description = "accept any certificate (labs only); prefer --fingerprint")
        Boolean skipTlsVerify;

        @Option(names = "--fingerprint", paramLabel = "SHA256", description = "pin the server certificate's SHA-256 (hex pairs)")
        String fingerprint;

        @Option(names = "--template", paramLabel = "NAME", description = "default template for new instances")
        String template;

        @Option(names = "--storage-disk", paramLabel = "STORAGE", description = "default storage for new disks")
        String storageDisk;

        @Option(names = "--exclude-node", paramLabel = "NODE", description = "repeatable: a node placement never chooses")
        List<String> excludeNodes;

        @Option(names = "--group", paramLabel = "GROUP", description = "repeatable: a group the cluster belongs to")
        List<String> groups;

        @Option(names = "--weight", paramLabel = "W", description = "placement weight, above 0 (default 1)")
        Double weight;
    }

    /** Where the credentials come from; a secret itself is never an argument. */
    static final class CredentialOptions {
        @Option(names = "--user", paramLabel = "USER@REALM", description = "Proxmox user, e.g. root@pam; the password from "
                + "--password-file, --password-stdin, or a prompt")
        String user;

        @Option(names = "--password-file", paramLabel = "FILE", description = "the password is this file's first line")
        Path passwordFile;

        @Option(names = "--password-stdin", description = "read the password from stdin's first line")
        boolean passwordStdin;

        @Option(names = "--token-id", paramLabel = "USER@REALM!NAME", description = "Proxmox API token; the secret from "
                + "--token-secret-file, --token-secret-stdin, or a prompt")
        String tokenId;

        @Option(names = "--token-secret-file", paramLabel = "FILE", description = "the token secret is this file's first line")
        Path tokenSecretFile;

        @Option(names = "--token-secret-stdin", description = "read the token secret from stdin's first line")
        boolean tokenSecretStdin;

        @Option(names = "--agents-file", paramLabel = "FILE", description = "gantry cluster: a JSON list of "
                + "{\"url\": ..., \"token\": ...} or {\"url\": ..., \"clientCertificate\": PEM}; - for stdin")
        Path agentsFile;

        boolean given() {
            return user != null || tokenId != null || agentsFile != null || passwordFile != null || passwordStdin
                    || tokenSecretFile != null || tokenSecretStdin;
        }
    }

    @Command(name = "add", description = "Register a cluster; its credentials are sealed by the server.")
    static final class Add extends ServerCommand {
        @Parameters(paramLabel = "NAME", description = "lowercase letters, digits and '-', 1 to 63; never changes")
        String name;

        @Mixin
        Settings settings;

        @Mixin
        CredentialOptions credentials;

        @Override
        int run(AgentClient client) {
            if (settings.kind == null) {
                throw new ParameterException(spec.commandLine(), "give --kind proxmox or --kind gantry");
            }
            ObjectNode body = Json.object().put("name", name);
            apply(body, settings);
            body.set("credentials", ClustersCommand.credentials(this, credentials));
            show(output(), client.post("/clusters", body));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "update", description = "Change a cluster's settings or credentials; what is not given stays.")
    static final class Update extends ServerCommand {
        @Parameters(paramLabel = "NAME", description = "the cluster's name")
        String name;

        @Mixin
        Settings settings;

        @Mixin
        CredentialOptions credentials;

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
            apply(body, settings);
            if (credentials.given()) {
                body.set("credentials", ClustersCommand.credentials(this, credentials));
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

    private static void apply(ObjectNode body, Settings s) {
        if (s.kind != null) {
            body.put("kind", s.kind);
        }
        if (s.endpoint != null) {
            body.put("url", s.endpoint);
        }
        if (s.port != null) {
            body.put("port", s.port);
        }
        if (s.skipTlsVerify != null) {
            body.put("insecure", s.skipTlsVerify);
        }
        if (s.fingerprint != null) {
            body.put("fingerprint", s.fingerprint);
        }
        if (s.template != null) {
            body.put("template", s.template);
        }
        if (s.storageDisk != null) {
            body.put("storageDisk", s.storageDisk);
        }
        if (s.excludeNodes != null) {
            s.excludeNodes.forEach(body.putArray("excludeNodes")::add);
        }
        if (s.groups != null) {
            s.groups.forEach(body.putArray("groups")::add);
        }
        if (s.weight != null) {
            body.put("weight", s.weight);
        }
    }

    /** The credentials object from the options; secrets from files, stdin or a prompt. */
    private static ObjectNode credentials(ServerCommand command, CredentialOptions o) {
        int kinds = (o.user != null ? 1 : 0) + (o.tokenId != null ? 1 : 0) + (o.agentsFile != null ? 1 : 0);
        if (kinds != 1) {
            throw usage(command, kinds == 0
                    ? "give credentials: --user (with a password), --token-id (with a secret) or --agents-file"
                    : "give one of --user, --token-id and --agents-file");
        }
        if ((o.user == null && (o.passwordFile != null || o.passwordStdin))
                || (o.tokenId == null && (o.tokenSecretFile != null || o.tokenSecretStdin))) {
            throw usage(command, "--password-* go with --user, --token-secret-* with --token-id");
        }
        ObjectNode c = Json.object();
        if (o.user != null) {
            c.put("user", o.user).put("password", secret(command, "password", o.passwordFile, o.passwordStdin));
        } else if (o.tokenId != null) {
            c.put("tokenId", o.tokenId).put("tokenSecret", secret(command, "token secret", o.tokenSecretFile, o.tokenSecretStdin));
        } else {
            c.set("agents", agents(command, o.agentsFile));
        }
        return c;
    }

    private static String secret(ServerCommand command, String what, Path file, boolean stdin) {
        String flag = "--" + what.replace(' ', '-');
        if (file != null && stdin) {
            throw usage(command, "give " + flag + "-file or " + flag + "-stdin, not both");
        }
        String value;
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                value = UserCommand.readSecret(in);
            } catch (IOException e) {
                throw usage(command, flag + "-file " + file + ": cannot read it (" + e.getMessage() + ")");
            }
        } else if (stdin) {
            value = UserCommand.readSecret(System.in);
        } else {
            Console console = System.console();
            if (console == null) {
                throw usage(command, "no terminal to ask for the " + what + ": give " + flag + "-file or " + flag + "-stdin");
            }
            char[] typed = console.readPassword("%s: ", "Cluster " + what);
            value = typed == null ? "" : new String(typed);
        }
        if (value.isEmpty()) {
            throw usage(command, "the " + what + " is empty");
        }
        return value;
    }

    private static JsonNode agents(ServerCommand command, Path file) {
        try {
            byte[] bytes = file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
            JsonNode agents = Json.parse(bytes);
            if (!agents.isArray()) {
                throw usage(command, "--agents-file " + file + ": expected a JSON list of agents");
            }
            return agents;
        } catch (IOException e) {
            throw usage(command, "--agents-file " + file + ": " + e.getMessage());
        }
    }

    private static ParameterException usage(ServerCommand command, String message) {
        return new ParameterException(command.spec.commandLine(), message);
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
