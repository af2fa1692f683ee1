package dev.gantry.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runtime changes over rtnetlink, not persisted: {@code gantry network link set}, {@code address},
 * {@code route} and {@code rule} (PATCH /network/links/NAME, /links/NAME/addresses, /routes, /rules).
 */
final class NetRuntimeCommand {
    private NetRuntimeCommand() {
    }

    private static void done(ApiCommand c, String message) {
        c.spec.commandLine().getOut().println(message);
        c.spec.commandLine().getOut().flush();
    }

    @Command(name = "link", description = "Change a running link (until reboot).", subcommands = LinkSet.class)
    static final class LinkCmd {
    }

    @Command(name = "set", description = "Set a link up or down, or its MTU (until reboot).")
    static final class LinkSet extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the link's name or alternative name")
        String name;

        @ArgGroup(exclusive = true)
        State state;

        static final class State {
            @Option(names = "--up", required = true, description = "set the link up")
            boolean up;

            @Option(names = "--down", required = true, description = "set the link down")
            boolean down;
        }

        @Option(names = "--mtu", paramLabel = "N", description = "the MTU in bytes")
        Integer mtu;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            if (state != null) {
                body.put("up", state.up);
            }
            if (mtu != null) {
                body.put("mtu", mtu);
            }
            output().print(client.patch("/network/links/" + AgentClient.segment(name), body),
                    l -> l.path("name").asText() + ": " + l.path("operState").asText() + ", mtu "
                            + l.path("mtu").asText() + ", flags " + l.path("flags").toString() + "\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "address", description = "Add or remove an address of a link (until reboot).",
            subcommands = {AddressAdd.class, AddressDel.class})
    static final class Address {
        private static String path(String link) {
            return "/network/links/" + AgentClient.segment(link) + "/addresses";
        }
    }

    @Command(name = "add", description = "Add an address to a link.")
    static final class AddressAdd extends ApiCommand {
        @Parameters(index = "0", paramLabel = "LINK")
        String link;

        @Parameters(index = "1", paramLabel = "CIDR", description = "e.g. 10.0.0.1/24 or fd00::1/64")
        String address;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("address", address);
            output().print(client.post(Address.path(link), body), a -> "added " + a.path("address").asText() + "/"
                    + a.path("prefixLength").asText() + " to " + link + "\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "del", aliases = "delete", description = "Remove an address from a link.")
    static final class AddressDel extends ApiCommand {
        @Parameters(index = "0", paramLabel = "LINK")
        String link;

        @Parameters(index = "1", paramLabel = "CIDR")
        String address;

        @Override
        int run(AgentClient client) {
            client.delete(Address.path(link), Map.of("address", address));
            done(this, "removed " + address + " from " + link);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "neigh", description = "Add, replace or remove a neighbour (ARP/NDP) entry (until reboot).",
            subcommands = {NeighReplace.class, NeighDel.class})
    static final class Neigh {
        static final String PATH = "/network/neighbours";
    }

    @Command(name = "replace", aliases = "add", description = "Add or replace the entry of an address on a link.")
    static final class NeighReplace extends ApiCommand {
        @Parameters(index = "0", paramLabel = "LINK")
        String link;

        @Parameters(index = "1", paramLabel = "ADDRESS", description = "an IPv4 or IPv6 address")
        String address;

        @Parameters(index = "2", paramLabel = "LLADDR", description = "its MAC address, e.g. 02:00:00:00:00:01")
        String lladdr;

        @Option(names = "--not-permanent", description = "let the entry age like a learnt one (default: permanent)")
        boolean notPermanent;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object().put("device", link).put("address", address).put("lladdr", lladdr)
                    .put("permanent", !notPermanent);
            output().print(client.put(Neigh.PATH, body), n -> n.path("address").asText() + " lladdr "
                    + n.path("lladdr").asText() + " on " + link + " " + n.path("state") + "\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "del", aliases = "delete", description = "Remove the entry of an address on a link.")
    static final class NeighDel extends ApiCommand {
        @Parameters(index = "0", paramLabel = "LINK")
        String link;

        @Parameters(index = "1", paramLabel = "ADDRESS")
        String address;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("device", link);
            query.put("address", address);
            client.delete(Neigh.PATH, query);
            done(this, "removed the entry of " + address + " on " + link);
            return Gantry.EXIT_OK;
        }
    }

    /** The fields of a route, as options. */
    abstract static class RouteOptions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "DESTINATION", description = "default or a prefix such as 10.1.0.0/16")
        String destination;

        @Option(names = "--via", paramLabel = "GATEWAY", description = "the gateway")
        String gateway;

        @Option(names = "--dev", paramLabel = "LINK", description = "the device")
        String device;

        @Option(names = "--table", paramLabel = "TABLE", description = "main (default), a number or a name")
        String table;

        @Option(names = "--metric", paramLabel = "N")
        Long metric;

        Map<String, String> fields() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("destination", destination);
            put(f, "gateway", gateway);
            put(f, "device", device);
            put(f, "table", table);
            put(f, "metric", metric == null ? null : metric.toString());
            return f;
        }

        ObjectNode body() {
            ObjectNode body = Json.object();
            fields().forEach((k, v) -> {
                if (k.equals("metric")) {
                    body.put(k, Long.parseLong(v));
                } else {
                    body.put(k, v);
                }
            });
            return body;
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    @Command(name = "route", description = "Add, replace or delete a route (until reboot).",
            subcommands = {RouteAdd.class, RouteReplace.class, RouteDel.class})
    static final class Route {
    }

    @Command(name = "add", description = "Add a route (409 when it exists).")
    static final class RouteAdd extends RouteOptions {
        @Override
        int run(AgentClient client) {
            client.send("POST", "/network/routes", Map.of(), body(), 0);
            done(this, "added route " + destination);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "replace", description = "Add or replace a route.")
    static final class RouteReplace extends RouteOptions {
        @Override
        int run(AgentClient client) {
            client.send("PUT", "/network/routes", Map.of(), body(), 0);
            done(this, "replaced route " + destination);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "del", aliases = "delete", description = "Delete a route (named as ip route del names it).")
    static final class RouteDel extends RouteOptions {
        @Override
        int run(AgentClient client) {
            client.delete("/network/routes", fields());
            done(this, "deleted route " + destination);
            return Gantry.EXIT_OK;
        }
    }

    /** The selectors of a policy rule, as options. */
    abstract static class RuleOptions extends ApiCommand {
        @Option(names = "--priority", paramLabel = "N")
        Long priority;

        @Option(names = "--from", paramLabel = "PREFIX")
        String from;

        @Option(names = "--to", paramLabel = "PREFIX")
        String to;

        @Option(names = "--table", paramLabel = "TABLE", description = "the table it looks up")
        String table;

        @Option(names = "--iif", paramLabel = "LINK")
        String iif;

        @Option(names = "--oif", paramLabel = "LINK")
        String oif;

        @Option(names = "--family", paramLabel = "inet|inet6")
        String family;

        Map<String, String> fields() {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "priority", priority == null ? null : priority.toString());
            put(f, "from", from);
            put(f, "to", to);
            put(f, "table", table);
            put(f, "iif", iif);
            put(f, "oif", oif);
            put(f, "family", family);
            return f;
        }
    }

    @Command(name = "rule", description = "Add or delete a policy routing rule (until reboot).",
            subcommands = {RuleAdd.class, RuleDel.class})
    static final class Rule {
    }

    @Command(name = "add", description = "Add a policy routing rule.")
    static final class RuleAdd extends RuleOptions {
        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            fields().forEach((k, v) -> {
                if (k.equals("priority")) {
                    body.put(k, Long.parseLong(v));
                } else {
                    body.put(k, v);
                }
            });
            client.send("POST", "/network/rules", Map.of(), body, 0);
            done(this, "added rule");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "del", aliases = "delete", description = "Delete the first rule matching the selectors.")
    static final class RuleDel extends RuleOptions {
        @Override
        int run(AgentClient client) {
            client.delete("/network/rules", fields());
            done(this, "deleted rule");
            return Gantry.EXIT_OK;
        }
    }
}
