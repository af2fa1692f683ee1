package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry network} (alias {@code net}): the kernel's network state (reads of
 * {@code /api/v1/network}), runtime changes, and networkd's .network and .netdev files.
 */
@Command(name = "network", aliases = "net", description = "The network: links, addresses, routes, rules, "
        + "neighbours; runtime changes; systemd-networkd .network and .netdev files; DNS and NTP; the "
        + "network event broker's history.",
        subcommands = {NetCommand.Links.class, NetCommand.Addresses.class, NetCommand.RoutesCmd.class,
                NetCommand.Rules.class, NetCommand.Neighbours.class, NetCommand.NetworkFile.class,
                NetDnsCommand.Dns.class, NetDnsCommand.Ntp.class, NetDnsCommand.Describe.class,
                NetConfigureCommand.class, NetNetdevCommand.class, NetRuntimeCommand.LinkCmd.class,
                NetRuntimeCommand.Address.class, NetRuntimeCommand.Route.class, NetRuntimeCommand.Rule.class,
                NetRuntimeCommand.Neigh.class,
                NetworkCommand.Events.class, PolicyRoutesCommand.class})
final class NetCommand {
    private NetCommand() {
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String joined(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return String.join(",", out);
    }

    @Command(name = "links", description = "List the network links: state, MTU, MAC address, master.")
    static final class Links extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/network/links"), links -> {
                Table table = Table.columns("INDEX", "NAME", "KIND", "STATE", "MTU", "MAC", "MASTER", "FLAGS");
                links.forEach(l -> table.row(text(l, "index"), text(l, "name"), text(l, "kind"),
                        text(l, "operState"), text(l, "mtu"), text(l, "mac"), text(l, "master"),
                        joined(l.path("flags"))));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "addresses", description = "List the IPv4 and IPv6 addresses of every link.")
    static final class Addresses extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/network/addresses"), addresses -> {
                Table table = Table.columns("DEVICE", "FAMILY", "ADDRESS", "SCOPE", "FLAGS");
                addresses.forEach(a -> table.row(text(a, "device"), text(a, "family"),
                        text(a, "address") + "/" + text(a, "prefixLength"), text(a, "scope"),
                        joined(a.path("flags"))));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "routes", description = "List the routes of a table (main by default).")
    static final class RoutesCmd extends ApiCommand {
        @Option(names = "--table", paramLabel = "TABLE",
                description = "main (default), all, a number or a name from /etc/iproute2/rt_tables")
        String table;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = table == null ? Map.of() : Map.of("table", table);
            output().print(client.get("/network/routes", query, 0), routes -> {
                Table t = Table.columns("DESTINATION", "GATEWAY", "DEVICE", "TABLE", "TYPE", "PROTOCOL", "METRIC");
                routes.forEach(r -> {
                    String gateway = text(r, "gateway");
                    String device = text(r, "device");
                    if (r.path("nexthops").size() > 0) {
                        List<String> gws = new ArrayList<>();
                        List<String> devs = new ArrayList<>();
                        r.path("nexthops").forEach(h -> {
                            gws.add(String.valueOf(text(h, "gateway")));
                            devs.add(String.valueOf(text(h, "device")));
                        });
                        gateway = String.join(",", gws);
                        device = String.join(",", devs);
                    }
                    t.row(text(r, "destination"), gateway, device, text(r, "table"), text(r, "type"),
                            text(r, "protocol"), text(r, "metric"));
                });
                return t.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "rules", description = "List the IPv4 and IPv6 policy routing rules.")
    static final class Rules extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/network/rules"), rules -> {
                Table table = Table.columns("PRIORITY", "FAMILY", "FROM", "TO", "IIF", "OIF", "ACTION");
                rules.forEach(r -> table.row(text(r, "priority"), text(r, "family"), text(r, "from"),
                        text(r, "to"), text(r, "iif"), text(r, "oif"),
                        "lookup".equals(text(r, "action")) ? "lookup " + text(r, "table") : text(r, "action")));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "neighbours", aliases = "neighbors", description = "List the ARP and NDP neighbour entries.")
    static final class Neighbours extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/network/neighbours"), neighbours -> {
                Table table = Table.columns("ADDRESS", "DEVICE", "LLADDR", "STATE");
                neighbours.forEach(n -> table.row(text(n, "address"), text(n, "device"), text(n, "lladdr"),
                        joined(n.path("state"))));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    /** {@code gantry net network show|set|remove LINK}: the agent's .network file of a link. */
    @Command(name = "network", description = "The agent's systemd-networkd .network file of a link "
            + "(/etc/systemd/network/50-gantry-LINK.network).",
            subcommands = {NetworkFile.Show.class, NetworkFile.Set.class, NetworkFile.Remove.class})
    static final class NetworkFile {
        private static String path(String link) {
            return "/network/networks/" + AgentClient.segment(link);
        }

        private static Map<String, String> dryRun(boolean dryRun) {
            return dryRun ? Map.of("dryRun", "true") : Map.of();
        }

        /** A dry run's answer as text: the diff, or that nothing would change. */
        private static String diff(JsonNode answer) {
            String diff = text(answer, "diff");
            return diff == null || diff.isEmpty() ? "no change to " + text(answer, "path") + "\n" : diff;
        }

        @Command(name = "show", description = "Print the link's .network file (-o json: parsed into sections).")
        static final class Show extends ApiCommand {
            @Parameters(index = "0", paramLabel = "LINK", description = "the interface name")
            String link;

            @Override
            int run(AgentClient client) {
                output().print(client.get(path(link)), f -> "# " + text(f, "path") + "\n" + text(f, "content"));
                return Gantry.EXIT_OK;
            }
        }

        @Command(name = "set", description = "Write the link's .network file from a JSON body (networkd's section "
                + "and key names, e.g. {\"Network\":{\"DNS\":[\"1.1.1.1\"]},\"Address\":[{\"Address\":\"10.0.0.2/24\"}]}) "
                + "and have networkd reload and reconfigure the link.")
        static final class Set extends ApiCommand {
            @Parameters(index = "0", paramLabel = "LINK", description = "the interface name")
            String link;

            @Option(names = "--file", paramLabel = "BODY.json", required = true, description = "the JSON body")
            Path file;

            @Option(names = "--dry-run", description = "only print the diff against the current file")
            boolean dryRun;

            @Override
            int run(AgentClient client) throws IOException {
                JsonNode body = Json.parse(Files.readString(file));
                JsonNode answer = client.send("PUT", path(link), dryRun(dryRun), body, 0);
                output().print(answer, a -> dryRun ? diff(a)
                        : "wrote " + text(a, "path") + "; networkd reloaded and reconfigured " + link + "\n");
                return Gantry.EXIT_OK;
            }
        }

        @Command(name = "remove", description = "Remove the link's .network file and have networkd reload.")
        static final class Remove extends ApiCommand {
            @Parameters(index = "0", paramLabel = "LINK", description = "the interface name")
            String link;

            @Option(names = "--dry-run", description = "only print the diff")
            boolean dryRun;

            @Override
            int run(AgentClient client) {
                JsonNode answer = client.delete(path(link), dryRun(dryRun));
                if (dryRun) {
                    output().print(answer, NetworkFile::diff);
                } else {
                    PrintWriter out = spec.commandLine().getOut();
                    out.println("removed the .network file of " + link + "; networkd reloaded");
                    out.flush();
                }
                return Gantry.EXIT_OK;
            }
        }
    }
}
