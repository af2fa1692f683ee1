package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code gantry group}: local groups. */
@Command(name = "group", description = "Local groups: list, show, add, modify, remove.",
        subcommands = {GroupCommand.ListGroups.class, GroupCommand.Show.class, GroupCommand.Add.class,
                GroupCommand.Modify.class, GroupCommand.Remove.class})
final class GroupCommand {
    private GroupCommand() {
    }

    @Command(name = "list", description = "List local groups.")
    static final class ListGroups extends ApiCommand {
        @Option(names = "--no-system", description = "leave out system groups (GID outside GID_MIN..GID_MAX)")
        boolean noSystem;

        @Override
        int run(AgentClient client) {
            output().print(client.get("/accounts/groups"), groups -> {
                Table table = Table.columns("NAME", "GID", "MEMBERS");
                for (JsonNode g : groups) {
                    if (!(noSystem && g.path("system").asBoolean())) {
                        table.row(g.path("name").asText(), g.path("gid").asText(), UserCommand.join(g.path("members")));
                    }
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Show a group.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the group's name")
        String name;

        @Override
        int run(AgentClient client) {
            output().print(client.get("/accounts/groups/" + AgentClient.segment(name)), GroupCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "add", description = "Add a group.")
    static final class Add extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the group's name: a-z, 0-9, '_', '-', at most 32")
        String name;

        @Option(names = "--gid", paramLabel = "GID", description = "the GID (default: the next free one)")
        Long gid;

        @Option(names = "--members", paramLabel = "USER", split = ",", description = "members, comma-separated")
        List<String> members;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("name", name);
            UserCommand.putIfSet(body, "gid", gid);
            if (members != null) {
                members.forEach(body.putArray("members")::add);
            }
            output().print(client.post("/accounts/groups", body), GroupCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "modify", description = "Rename a group, change its GID or replace its members.")
    static final class Modify extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the group's name")
        String name;

        @Option(names = "--name", paramLabel = "NEW", description = "rename the group")
        String newName;

        @Option(names = "--gid", paramLabel = "GID", description = "a new GID")
        Long gid;

        @Option(names = "--members", paramLabel = "USER", split = ",", description = "replace the members, comma-separated")
        List<String> members;

        @Option(names = "--no-members", description = "leave the group without members")
        boolean noMembers;

        @Option(names = "--force", description = "allow renaming or renumbering a system group")
        boolean force;

        @Override
        int run(AgentClient client) {
            if (noMembers && members != null) {
                throw new ParameterException(spec.commandLine(), "give --members or --no-members, not both");
            }
            ObjectNode body = Json.object();
            UserCommand.putIfSet(body, "name", newName);
            UserCommand.putIfSet(body, "gid", gid);
            if (members != null || noMembers) {
                ArrayNode array = body.putArray("members");
                if (members != null) {
                    members.forEach(array::add);
                }
            }
            if (body.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "nothing to change: give at least one option");
            }
            output().print(client.send(HttpMethod.PATCH, "/accounts/groups/" + AgentClient.segment(name),
                    force ? Map.of("force", "true") : Map.of(), body), GroupCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "remove", description = {"Remove a group.", "System groups need --force."})
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the group's name")
        String name;

        @Option(names = "--force", description = "allow removing a system group")
        boolean force;

        @Override
        int run(AgentClient client) {
            client.send(HttpMethod.DELETE, "/accounts/groups/" + AgentClient.segment(name),
                    force ? Map.of("force", "true") : Map.of(), null);
            Output output = output();
            if (output.format() == Output.Format.TABLE) {
                output.line("removed group " + name);
            }
            return Gantry.EXIT_OK;
        }
    }

    static String details(JsonNode g) {
        return Table.details()
                .add("Name", g.path("name").asText())
                .add("GID", g.path("gid").asText())
                .add("Members", UserCommand.join(g.path("members")))
                .add("System", g.path("system").asBoolean() ? "yes" : "no")
                .render();
    }
}
