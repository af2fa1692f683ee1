package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry login}: logged-in users, their sessions and seats (systemd-logind). */
@Command(name = "login", description = "Logged-in users, sessions and seats.",
        subcommands = {LoginCommand.Users.class, LoginCommand.Sessions.class, LoginCommand.Seats.class,
                LoginCommand.Terminate.class, LoginCommand.Kill.class})
final class LoginCommand {
    private LoginCommand() {
    }

    @Command(name = "users", description = "List the users logind tracks, or show one.")
    static final class Users extends ApiCommand {
        @Parameters(paramLabel = "UID", arity = "0..1", description = "show only this user, in detail")
        String uid;

        @Override
        int run(AgentClient client) {
            Output output = output();
            if (uid != null) {
                output.print(client.get("/system/login/users/" + AgentClient.segment(uid)), u -> user(u, output));
                return Gantry.EXIT_OK;
            }
            output.print(client.get("/system/login/users"), users -> {
                Table table = Table.columns("UID", "USER", "STATE", "LINGER", "SINCE", "SESSIONS");
                for (JsonNode u : users) {
                    table.row(u.path("uid").asText(), u.path("name").asText(), u.path("state").asText(),
                            u.path("linger").asBoolean() ? "yes" : "no", output.time(u.get("loginAt")),
                            String.join(",", texts(u.path("sessions"))));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "sessions", description = "List login sessions, or show one.")
    static final class Sessions extends ApiCommand {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "show only this session, in detail")
        String id;

        @Override
        int run(AgentClient client) {
            Output output = output();
            if (id != null) {
                output.print(client.get("/system/login/sessions/" + AgentClient.segment(id)),
                        s -> session(s, output));
                return Gantry.EXIT_OK;
            }
            output.print(client.get("/system/login/sessions"), sessions -> {
                Table table = Table.columns("ID", "UID", "USER", "SEAT", "TTY", "SERVICE", "TYPE", "STATE", "SINCE");
                for (JsonNode s : sessions) {
                    table.row(s.path("id").asText(), s.path("uid").asText(), s.path("user").asText(),
                            s.path("seat").asText(""), s.path("tty").asText(""), s.path("service").asText(""),
                            s.path("type").asText(), s.path("state").asText(), output.time(s.get("createdAt")));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "seats", description = "List seats.")
    static final class Seats extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/system/login/seats"), seats -> {
                Table table = Table.columns("SEAT", "ACTIVE", "GRAPHICAL", "TTY", "SESSIONS");
                for (JsonNode s : seats) {
                    table.row(s.path("id").asText(), s.path("activeSession").asText(""),
                            s.path("canGraphical").asBoolean() ? "yes" : "no", s.path("canTty").asBoolean() ? "yes" : "no",
                            String.join(",", texts(s.path("sessions"))));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "terminate", description = "End a login session; its processes are killed.")
    static final class Terminate extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the session's id")
        String id;

        @Override
        int run(AgentClient client) {
            client.post("/system/login/sessions/" + AgentClient.segment(id) + "/terminate");
            confirm(output(), "terminated session " + id);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "kill", description = "Send a signal to every process of a user.")
    static final class Kill extends ApiCommand {
        @Parameters(paramLabel = "UID", description = "the user's numeric id")
        String uid;

        @Option(names = "--signal", paramLabel = "SIGNAL", defaultValue = "TERM",
                description = "a name (TERM, KILL, HUP, ...) or number; default: ${DEFAULT-VALUE}")
        String signal;

        @Override
        int run(AgentClient client) {
            client.post("/system/login/users/" + AgentClient.segment(uid) + "/kill", Json.object().put("signal", signal));
            confirm(output(), "sent " + signal + " to the processes of user " + uid);
            return Gantry.EXIT_OK;
        }
    }

    /** A 204 has no data: a line for a reader in table format, nothing for a program reading JSON or YAML. */
    private static void confirm(Output output, String line) {
        if (output.format() == Output.Format.TABLE) {
            output.line(line);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static String user(JsonNode u, Output output) {
        return Table.details()
                .add("UID", u.path("uid").asText())
                .add("User", u.path("name").asText())
                .add("GID", u.path("gid").asText())
                .add("State", u.path("state").asText())
                .add("Linger", u.path("linger").asBoolean() ? "yes" : "no")
                .add("Since", output.time(u.get("loginAt")))
                .add("Sessions", String.join(", ", texts(u.path("sessions"))))
                .add("Display", u.path("display").asText(""))
                .add("Runtime dir", u.path("runtimePath").asText(""))
                .add("Slice", u.path("slice").asText(""))
                .render();
    }

    static String session(JsonNode s, Output output) {
        String remote = s.path("remote").asBoolean()
                ? s.path("remoteUser").asText("?") + "@" + s.path("remoteHost").asText("?") : "no";
        return Table.details()
                .add("ID", s.path("id").asText())
                .add("User", s.path("user").asText() + " (" + s.path("uid").asText() + ")")
                .add("Since", output.time(s.get("createdAt")))
                .add("State", s.path("state").asText() + (s.path("active").asBoolean() ? ", active" : "")
                        + (s.path("idle").asBoolean() ? ", idle" : ""))
                .add("Type", s.path("type").asText() + " / " + s.path("class").asText())
                .add("Service", s.path("service").asText(""))
                .add("Seat", s.path("seat").asText(""))
                .add("TTY", s.path("tty").asText(""))
                .add("Display", s.path("display").asText(""))
                .add("Remote", remote)
                .add("Leader", s.path("leader").asText())
                .add("Scope", s.path("scope").asText(""))
                .render();
    }
}
