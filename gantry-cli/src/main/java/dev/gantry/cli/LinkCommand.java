package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry link list|show|set|remove}: the agent's systemd .link files (/network/linkfiles). */
@Command(name = "link", description = "systemd .link files (/etc/systemd/network/50-gantry-NAME.link), which udev "
        + "applies to links: names, MAC address, MTU, offloads, channels, rings, queues, flow control, coalescing.",
        subcommands = {LinkCommand.ListCmd.class, LinkCommand.Show.class, LinkCommand.Set.class,
                LinkCommand.Remove.class})
final class LinkCommand {
    private static final String API = "/network/linkfiles";

    private LinkCommand() {
    }

    private static Map<String, String> dryRun(boolean dryRun) {
        return dryRun ? Map.of("dryRun", "true") : Map.of();
    }

    /** One line per link: the file udev (or networkd) says it got, or why applying failed. */
    private static String links(JsonNode links) {
        StringBuilder out = new StringBuilder();
        links.forEach(l -> out.append(l.path("link").asText()).append(": ").append(l.hasNonNull("error")
                ? "not applied: " + l.path("error").asText()
                : (l.hasNonNull("linkFile") ? l.path("linkFile").asText() : "no .link file")
                + " (" + l.path("source").asText() + ")").append('\n'));
        return out.toString();
    }

    private static String names(JsonNode links) {
        StringBuilder out = new StringBuilder();
        links.forEach(l -> out.append(out.isEmpty() ? "" : ",").append(l.path("link").asText()));
        return out.toString();
    }

    @Command(name = "list", description = "List the agent's .link files and the links networkd says use them.")
    static final class ListCmd extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get(API), files -> {
                Table table = Table.columns("NAME", "PATH", "LINKS");
                files.forEach(f -> table.row(f.path("name").asText(), f.path("path").asText(), names(f.path("links"))));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Print a .link file (-o json: parsed into sections).")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the file's name (50-gantry-NAME.link)")
        String name;

        @Override
        int run(AgentClient client) {
            output().print(client.get(API + "/" + AgentClient.segment(name)),
                    f -> "# " + f.path("path").asText() + "\n" + f.path("content").asText() + links(f.path("links")));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "set", description = "Write a .link file and apply it to the existing links it names "
            + "(by OriginalName or MACAddress). It replaces the whole file.")
    static final class Set extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the file's name (50-gantry-NAME.link)")
        String name;

        @Option(names = "--file", paramLabel = "FILE", description = "a whole body: JSON or a .link file's INI text")
        Path file;

        @Option(names = "--match-name", paramLabel = "GLOB", description = "Match.OriginalName (repeatable)")
        List<String> matchNames;

        @Option(names = "--match-mac", paramLabel = "MAC", description = "Match.MACAddress (repeatable)")
        List<String> matchMacs;

        @Option(names = "--mtu", paramLabel = "BYTES", description = "Link.MTUBytes")
        String mtu;

        @Option(names = "--mac", paramLabel = "MAC", description = "Link.MACAddress (with MACAddressPolicy=none)")
        String mac;

        @Option(names = "--alt-name", paramLabel = "NAME", description = "Link.AlternativeName (repeatable)")
        List<String> altNames;

        @Option(names = "--set", paramLabel = "[Section.]Key=VALUE",
                description = "any key, in [Link] unless a section is given, e.g. TransmitChecksumOffload=no (repeatable)")
        List<String> settings;

        @Option(names = "--dry-run", description = "only print the diff against the current file")
        boolean dryRun;

        @Override
        int run(AgentClient client) throws Exception {
            ObjectNode body = file == null ? Json.object() : NetworkdBody.read(file, spec);
            NetworkdBody.set(body, "Match", "OriginalName", matchNames);
            NetworkdBody.set(body, "Match", "MACAddress", matchMacs);
            NetworkdBody.set(body, "Link", "MTUBytes", mtu == null ? null : List.of(mtu));
            if (mac != null) {
                NetworkdBody.set(body, "Link", "MACAddressPolicy", List.of("none"));
                NetworkdBody.set(body, "Link", "MACAddress", List.of(mac));
            }
            NetworkdBody.set(body, "Link", "AlternativeName", altNames);
            NetworkdBody.settings(body, settings, "Link", spec);
            JsonNode answer = client.send("PUT", API + "/" + AgentClient.segment(name), dryRun(dryRun), body, 0);
            output().print(answer, a -> dryRun ? NetworkdBody.diff(a)
                    : "wrote " + a.path("path").asText() + "\n" + links(a.path("links")));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "remove", description = "Remove a .link file; the links it named are set up again from the "
            + "remaining files (what it set stays until another file sets it).")
    static final class Remove extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the file's name")
        String name;

        @Option(names = "--dry-run", description = "only print the diff")
        boolean dryRun;

        @Override
        int run(AgentClient client) {
            JsonNode answer = client.delete(API + "/" + AgentClient.segment(name), dryRun(dryRun));
            output().print(answer, a -> dryRun ? NetworkdBody.diff(a)
                    : "removed " + a.path("path").asText() + "\n" + links(a.path("links")));
            return Gantry.EXIT_OK;
        }
    }
}
