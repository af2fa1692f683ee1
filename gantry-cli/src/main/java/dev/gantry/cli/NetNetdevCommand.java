package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry network netdev list|show|create|remove}: the agent's .netdev files (/network/netdevs). */
@Command(name = "netdev", description = "Virtual links as systemd-networkd .netdev files "
        + "(/etc/systemd/network/50-gantry-NAME.netdev).",
        subcommands = {NetNetdevCommand.ListCmd.class, NetNetdevCommand.Show.class, NetNetdevCommand.Create.class,
                NetNetdevCommand.Remove.class})
final class NetNetdevCommand {
    private static final String API = "/network/netdevs";

    private NetNetdevCommand() {
    }

    private static Map<String, String> dryRun(boolean dryRun) {
        return dryRun ? Map.of("dryRun", "true") : Map.of();
    }

    /** The diffs of a dry run's files, one after another. */
    private static String diffs(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        answer.path("files").forEach(f -> out.append(NetworkdBody.diff(f)));
        return out.isEmpty() ? "no change\n" : out.toString();
    }

    @Command(name = "list", description = "List the agent's .netdev files.")
    static final class ListCmd extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get(API), netdevs -> {
                Table table = Table.columns("NAME", "KIND", "PARENT", "PATH");
                netdevs.forEach(n -> table.row(n.path("name").asText(), n.path("kind").asText(null),
                        n.path("parent").asText(null), n.path("path").asText()));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Print a .netdev file (secrets hidden; -o json: parsed into sections).")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the virtual link's name")
        String name;

        @Override
        int run(AgentClient client) {
            output().print(client.get(API + "/" + AgentClient.segment(name)),
                    f -> "# " + f.path("path").asText() + (f.hasNonNull("parent")
                            ? " (parent " + f.path("parent").asText() + ")" : "") + "\n" + f.path("content").asText());
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "create", description = "Create a virtual link: write its .netdev file (and the parent's key) "
            + "and have networkd create it.")
    static final class Create extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the virtual link's name (NetDev.Name)")
        String name;

        @Option(names = "--kind", paramLabel = "KIND",
                description = "NetDev.Kind: vlan, bond, bridge, macvlan, ipvlan, vxlan, wireguard, tun, tap, dummy")
        String kind;

        @Option(names = "--parent", paramLabel = "LINK",
                description = "the link it sits on (vlan, macvlan, ipvlan, vxlan) or the member (bond, bridge)")
        String parent;

        @Option(names = "--file", paramLabel = "FILE", description = "a whole body: JSON or a .netdev file's INI text")
        Path file;

        @Option(names = "--set", paramLabel = "Section.Key=VALUE", description = "any key, e.g. VLAN.Id=10 (repeatable)")
        List<String> settings;

        @Option(names = "--dry-run", description = "only print the diffs of the files that would change")
        boolean dryRun;

        @Override
        int run(AgentClient client) throws Exception {
            ObjectNode body = file == null ? Json.object() : NetworkdBody.read(file, spec);
            NetworkdBody.set(body, "NetDev", "Name", List.of(name));
            NetworkdBody.set(body, "NetDev", "Kind", kind == null ? null : List.of(kind));
            NetworkdBody.settings(body, settings, null, spec);
            if (parent != null) {
                body.put("parent", parent);
            }
            JsonNode answer = client.send("POST", API, dryRun(dryRun), body, 0);
            output().print(answer, a -> dryRun ? diffs(a) : "created " + a.path("path").asText() + " ("
                    + a.path("kind").asText() + (a.hasNonNull("parent") ? ", parent " + a.path("parent").asText() : "")
                    + "); networkd reloaded\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "remove", description = "Remove a .netdev file, its parent's key and the kernel link.")
    static final class Remove extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the virtual link's name")
        String name;

        @Option(names = "--dry-run", description = "only print the diffs")
        boolean dryRun;

        @Override
        int run(AgentClient client) {
            JsonNode answer = client.delete(API + "/" + AgentClient.segment(name), dryRun(dryRun));
            if (dryRun) {
                output().print(answer, NetNetdevCommand::diffs);
            } else {
                spec.commandLine().getOut().println("removed " + name);
                spec.commandLine().getOut().flush();
            }
            return Gantry.EXIT_OK;
        }
    }
}
