package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of {@code gantry clusters add} and {@code update}, and the request body they make. */
final class ClusterOptions {
    private ClusterOptions() {
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
    static final class Credentials {
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
                + "{\"url\": ..., \"token\": ...}, {\"url\": ..., \"clientCertificate\": PEM} or both; - for stdin")
        Path agentsFile;

        boolean given() {
            return user != null || tokenId != null || agentsFile != null || passwordFile != null || passwordStdin
                    || tokenSecretFile != null || tokenSecretStdin;
        }
    }

    static void apply(ObjectNode body, Settings s) {
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
    static ObjectNode credentials(ServerCommand command, Credentials o) {
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
}
