package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code gantry user}: local users. Passwords are read from stdin only, never from arguments. */
@Command(name = "user", description = "Local users: list, show, add, modify, remove, lock, unlock.",
        subcommands = {UserCommand.ListUsers.class, UserCommand.Show.class, UserCommand.Add.class,
                UserCommand.Modify.class, UserCommand.Remove.class, UserCommand.Lock.class, UserCommand.Unlock.class})
final class UserCommand {
    static final int MAX_PASSWORD_BYTES = 4096;

    private UserCommand() {
    }

    @Command(name = "list", description = "List local users.")
    static final class ListUsers extends ApiCommand {
        @Option(names = "--no-system", description = "leave out system accounts (UID outside UID_MIN..UID_MAX)")
        boolean noSystem;

        @Override
        int run(AgentClient client) {
            output().print(client.get("/accounts/users"), users -> {
                Table table = Table.columns("NAME", "UID", "GROUP", "GROUPS", "HOME", "SHELL", "PASSWORD");
                for (JsonNode u : users) {
                    if (noSystem && u.path("system").asBoolean()) {
                        continue;
                    }
                    table.row(u.path("name").asText(), u.path("uid").asText(), u.path("group").asText(),
                            join(u.path("groups")), u.path("home").asText(), u.path("shell").asText(),
                            u.path("passwordState").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Show a user.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @Override
        int run(AgentClient client) {
            output().print(client.get("/accounts/users/" + AgentClient.segment(name)), UserCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    /** How a password is given: only ever on stdin. */
    static final class PasswordOptions {
        @Option(names = "--password-stdin", required = true,
                description = "read the password from stdin (the first line; never give it as an argument)")
        boolean stdin;

        @Option(names = "--hashed", description = "with --password-stdin: stdin holds a crypt(3) hash "
                + "(e.g. from openssl passwd -6), not the password")
        boolean hashed;
    }

    @Command(name = "add", description = "Add a user; by default with a home directory and a group of its name.")
    static final class Add extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the user's name: a-z, 0-9, '_', '-', at most 32")
        String name;

        @Option(names = "--uid", paramLabel = "UID", description = "the UID (default: the next free one)")
        Long uid;

        @Option(names = "--gid", paramLabel = "GID", description = "the primary group's GID (default: a new group named as the user)")
        Long gid;

        @Option(names = "--groups", paramLabel = "GROUP", split = ",", description = "supplementary groups, comma-separated")
        List<String> groups;

        @Option(names = "--comment", paramLabel = "TEXT", description = "the comment (GECOS) field, e.g. a full name")
        String comment;

        @Option(names = "--home", paramLabel = "DIR", description = "the home directory (default: /home/NAME)")
        String home;

        @Option(names = "--shell", paramLabel = "PATH", description = "the login shell")
        String shell;

        @Option(names = "--no-create-home", description = "do not create the home directory")
        boolean noCreateHome;

        @ArgGroup(exclusive = false)
        PasswordOptions password;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("name", name);
            putIfSet(body, "uid", uid);
            putIfSet(body, "gid", gid);
            if (groups != null) {
                groups.forEach(body.putArray("groups")::add);
            }
            putIfSet(body, "comment", comment);
            putIfSet(body, "home", home);
            putIfSet(body, "shell", shell);
            if (noCreateHome) {
                body.put("createHome", false);
            }
            putPassword(body, password, this);
            output().print(client.post("/accounts/users", body), UserCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "modify", description = "Change a user: only the options given change.")
    static final class Modify extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @Option(names = "--name", paramLabel = "NEW", description = "rename the user")
        String newName;

        @Option(names = "--uid", paramLabel = "UID", description = "a new UID")
        Long uid;

        @Option(names = "--gid", paramLabel = "GID", description = "a new primary group, by GID")
        Long gid;

        @Option(names = "--groups", paramLabel = "GROUP", split = ",",
                description = "replace the supplementary groups, comma-separated")
        List<String> groups;

        @Option(names = "--no-groups", description = "leave the user in no supplementary group")
        boolean noGroups;

        @Option(names = "--comment", paramLabel = "TEXT", description = "a new comment (GECOS) field")
        String comment;

        @Option(names = "--home", paramLabel = "DIR", description = "a new home directory")
        String home;

        @Option(names = "--move-home", description = "with --home: move the old home's contents there")
        boolean moveHome;

        @Option(names = "--shell", paramLabel = "PATH", description = "a new login shell")
        String shell;

        @Option(names = "--force", description = "allow changing a system account's name, UID, primary group or home")
        boolean force;

        @ArgGroup(exclusive = false)
        PasswordOptions password;

        @Override
        int run(AgentClient client) {
            if (noGroups && groups != null) {
                throw new ParameterException(spec.commandLine(), "give --groups or --no-groups, not both");
            }
            ObjectNode body = Json.object();
            putIfSet(body, "name", newName);
            putIfSet(body, "uid", uid);
            putIfSet(body, "gid", gid);
            if (groups != null || noGroups) {
                var array = body.putArray("groups");
                if (groups != null) {
                    groups.forEach(array::add);
                }
            }
            putIfSet(body, "comment", comment);
            putIfSet(body, "home", home);
            if (moveHome) {
                body.put("moveHome", true);
            }
            putIfSet(body, "shell", shell);
            putPassword(body, password, this);
            if (body.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "nothing to change: give at least one option");
            }
            output().print(client.send(HttpMethod.PATCH, "/accounts/users/" + AgentClient.segment(name),
                    force ? Map.of("force", "true") : Map.of(), body), UserCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "remove", description = {"Remove a user.",
            "System accounts need --force; root and the agent's own user are never removed."})
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @Option(names = "--remove-home", description = "also remove the home directory and mail spool")
        boolean removeHome;

        @Option(names = "--force", description = "allow removing a system account")
        boolean force;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new java.util.LinkedHashMap<>();
            if (removeHome) {
                query.put("removeHome", "true");
            }
            if (force) {
                query.put("force", "true");
            }
            client.send(HttpMethod.DELETE, "/accounts/users/" + AgentClient.segment(name), query, null);
            Output output = output();
            if (output.format() == Output.Format.TABLE) {
                output.line("removed user " + name + (removeHome ? " and its home" : ""));
            }
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "lock", description = "Lock a user's password.")
    static final class Lock extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @Override
        int run(AgentClient client) {
            output().print(client.send(HttpMethod.POST, "/accounts/users/" + AgentClient.segment(name) + "/lock",
                    Map.of(), null), UserCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "unlock", description = "Unlock a user's password.")
    static final class Unlock extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @Override
        int run(AgentClient client) {
            output().print(client.send(HttpMethod.POST, "/accounts/users/" + AgentClient.segment(name) + "/unlock",
                    Map.of(), null), UserCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    static void putIfSet(ObjectNode body, String field, Object value) {
        if (value instanceof String s) {
            body.put(field, s);
        } else if (value instanceof Long n) {
            body.put(field, n);
        }
    }

    private static void putPassword(ObjectNode body, PasswordOptions options, ApiCommand command) {
        if (options == null) {
            return;
        }
        String secret = readSecret(System.in);
        if (secret.isEmpty()) {
            throw new ParameterException(command.spec.commandLine(), "--password-stdin: stdin held no password");
        }
        body.put(options.hashed ? "passwordHash" : "password", secret);
    }

    /** The first line of {@code in}, without its line end; at most {@link #MAX_PASSWORD_BYTES}. */
    static String readSecret(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && line.size() <= MAX_PASSWORD_BYTES) {
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin", e);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    static String join(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return String.join(",", out);
    }

    static String details(JsonNode u) {
        return Table.details()
                .add("Name", u.path("name").asText())
                .add("UID", u.path("uid").asText())
                .add("Group", u.path("group").asText() + " (" + u.path("gid").asText() + ")")
                .add("Groups", join(u.path("groups")))
                .add("Comment", u.path("comment").asText())
                .add("Home", u.path("home").asText())
                .add("Shell", u.path("shell").asText())
                .add("Password", u.path("passwordState").asText())
                .add("System", u.path("system").asBoolean() ? "yes" : "no")
                .render();
    }
}
