package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gantry net dns show|set} and {@code gantry net ntp show|set} (/api/v1/network/dns, /ntp, /links/{name}/dns). */
final class NetDnsCommand {
    private NetDnsCommand() {
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String list(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        n.forEach(v -> b.append(b.isEmpty() ? "" : " ").append(v.asText()));
        return b.isEmpty() ? "(none)" : b.toString();
    }

    private static Map<String, String> dryRun(boolean dryRun) {
        return dryRun ? Map.of("dryRun", "true") : Map.of();
    }

    private static String diff(JsonNode answer) {
        String diff = text(answer, "diff");
        return diff == null || diff.isEmpty() ? "no change to " + text(answer, "path") + "\n" : diff;
    }

    private static void putList(ObjectNode body, String field, List<String> values, boolean clear) {
        if (clear) {
            body.putArray(field);
        } else if (values != null) {
            values.forEach(body.withArray(field)::add);
        }
    }

    /** {@code gantry net dns show|set [--link LINK]}. */
    @Command(name = "dns", description = "DNS servers and domains: global (resolved.conf drop-in "
            + "/etc/systemd/resolved.conf.d/50-gantry.conf) or per link (systemd-resolved at runtime).",
            subcommands = {Dns.Show.class, Dns.Set.class})
    static final class Dns {
        private static String path(String link) {
            return link == null ? "/network/dns" : "/network/links/" + AgentClient.segment(link) + "/dns";
        }

        @Command(name = "show", description = "Print the DNS servers and domains (global, or of --link).")
        static final class Show extends ApiCommand {
            @Option(names = "--link", paramLabel = "LINK", description = "a link's servers instead of the global ones")
            String link;

            @Override
            int run(AgentClient client) {
                output().print(client.get(path(link)), d -> {
                    if (link != null) {
                        return "link     " + link + "\n"
                                + "dns      " + list(d.get("dns")) + "\n"
                                + "domains  " + list(d.get("domains")) + "\n"
                                + (d.path("resolvedRunning").asBoolean() ? "" : "(systemd-resolved is not running)\n");
                    }
                    JsonNode file = d.path("file");
                    return "file             " + text(d, "path") + (file.isObject() ? "" : " (absent)") + "\n"
                            + "file dns         " + list(file.get("dns")) + "\n"
                            + "file domains     " + list(file.get("domains")) + "\n"
                            + (d.path("resolvedRunning").asBoolean()
                            ? "current dns      " + list(d.get("currentDns")) + "\n"
                            + "current server   " + (text(d, "currentDnsServer") == null ? "-" : text(d, "currentDnsServer")) + "\n"
                            + "current domains  " + list(d.get("currentDomains")) + "\n"
                            : "systemd-resolved is not running\n");
                });
                return Gantry.EXIT_OK;
            }
        }

        @Command(name = "set", description = "Set the DNS servers and/or domains (global: writes the drop-in and "
                + "reloads resolved; --link: resolved's runtime settings of the link).")
        static final class Set extends ApiCommand {
            @Option(names = "--link", paramLabel = "LINK", description = "set the link's servers (runtime) instead")
            String link;

            @Option(names = "--server", paramLabel = "ADDRESS", split = ",", description = "a DNS server (repeatable)")
            List<String> servers;

            @Option(names = "--domain", paramLabel = "DOMAIN", split = ",",
                    description = "a search domain, ~domain for routing only (repeatable)")
            List<String> domains;

            @Option(names = "--no-servers", description = "clear the servers")
            boolean noServers;

            @Option(names = "--no-domains", description = "clear the domains")
            boolean noDomains;

            @Option(names = "--dry-run", description = "global only: print the diff against the current drop-in")
            boolean dryRun;

            @Override
            int run(AgentClient client) {
                ObjectNode body = Json.object();
                putList(body, "dns", servers, noServers);
                putList(body, "domains", domains, noDomains);
                JsonNode answer = client.send("PUT", path(link), link == null ? dryRun(dryRun) : Map.of(), body, 0);
                output().print(answer, a -> dryRun && link == null ? diff(a)
                        : link == null ? "wrote " + text(a, "path") + "\n"
                        : "set the DNS of " + link + ": " + list(a.get("dns")) + "; domains " + list(a.get("domains")) + "\n");
                return Gantry.EXIT_OK;
            }
        }
    }

    /** {@code gantry net ntp show|set}. */
    @Command(name = "ntp", description = "NTP servers of systemd-timesyncd (drop-in "
            + "/etc/systemd/timesyncd.conf.d/50-gantry.conf); per-link NTP is the .network file's NTP=.",
            subcommands = {Ntp.Show.class, Ntp.Set.class})
    static final class Ntp {
        @Command(name = "show", description = "Print the drop-in's NTP servers and timesyncd's current server.")
        static final class Show extends ApiCommand {
            @Override
            int run(AgentClient client) {
                output().print(client.get("/network/ntp"), d -> {
                    JsonNode file = d.path("file");
                    return "file          " + text(d, "path") + (file.isObject() ? "" : " (absent)") + "\n"
                            + "ntp           " + list(file.get("ntp")) + "\n"
                            + "fallback ntp  " + list(file.get("fallbackNtp")) + "\n"
                            + (d.path("timesyncdRunning").asBoolean()
                            ? "server        " + (text(d, "serverName") == null ? "-" : text(d, "serverName"))
                            + (text(d, "serverAddress") == null ? "" : " (" + text(d, "serverAddress") + ")") + "\n"
                            : "systemd-timesyncd is not running\n");
                });
                return Gantry.EXIT_OK;
            }
        }

        @Command(name = "set", description = "Write the NTP servers to the drop-in and restart timesyncd if it runs.")
        static final class Set extends ApiCommand {
            @Option(names = "--server", paramLabel = "HOST", split = ",", description = "an NTP server (repeatable)")
            List<String> servers;

            @Option(names = "--fallback", paramLabel = "HOST", split = ",", description = "a fallback NTP server")
            List<String> fallback;

            @Option(names = "--no-fallback", description = "clear the fallback servers")
            boolean noFallback;

            @Option(names = "--dry-run", description = "print the diff against the current drop-in")
            boolean dryRun;

            @Override
            int run(AgentClient client) {
                ObjectNode body = Json.object();
                putList(body, "ntp", servers, false);
                putList(body, "fallbackNtp", fallback, noFallback);
                JsonNode answer = client.send("PUT", "/network/ntp", dryRun(dryRun), body, 0);
                output().print(answer, a -> dryRun ? diff(a) : "wrote " + text(a, "path") + "\n");
                return Gantry.EXIT_OK;
            }
        }
    }

    /** {@code gantry net show}: GET /network, links with networkd state, DNS and NTP in one table. */
    @Command(name = "show", description = "Describe the network: links with networkd's state, addresses and DNS; "
            + "the global DNS and NTP.")
    static final class Describe extends ApiCommand {
        private static String or(String v) {
            return v == null ? "-" : v;
        }

        @Override
        int run(AgentClient client) {
            output().print(client.get("/network"), d -> {
                Table t = Table.columns("INDEX", "NAME", "KIND", "STATE", "SETUP", "OPERATIONAL", "ADDRESSES", "DNS");
                d.path("links").forEach(l -> t.row(or(text(l, "index")), or(text(l, "name")), or(text(l, "kind")),
                        or(text(l, "operState")), or(text(l.path("networkd"), "administrativeState")),
                        or(text(l.path("networkd"), "operationalState")), list(l.get("addresses")),
                        list(l.get("dns"))));
                JsonNode dns = d.path("dns");
                JsonNode ntp = d.path("ntp");
                return t.render() + "\n"
                        + (d.path("networkdRunning").asBoolean() ? "" : "systemd-networkd is not running\n")
                        + "dns      " + (dns.path("resolvedRunning").asBoolean() ? list(dns.get("currentDns"))
                        : "(systemd-resolved is not running)") + "\n"
                        + "domains  " + list(dns.get("currentDomains")) + "\n"
                        + "ntp      " + (ntp.path("timesyncdRunning").asBoolean() ? or(text(ntp, "serverName"))
                        : "(systemd-timesyncd is not running)") + "\n";
            });
            return Gantry.EXIT_OK;
        }
    }
}
