package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry network configure LINK}: writes the link's gantry {@code .network} file
 * ({@code PUT /network/networks/LINK}) from flags for the common keys, a whole body in a file
 * (JSON or networkd INI), or both (flags win over the file's values).
 */
@Command(name = "configure", description = "Write the link's systemd-networkd .network file "
        + "(/etc/systemd/network/50-gantry-LINK.network) and have networkd apply it. It replaces the whole file: "
        + "give every setting the link should keep.")
final class NetConfigureCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "LINK", description = "the interface name")
    String link;

    @Option(names = "--file", paramLabel = "FILE",
            description = "a whole body: the routes' JSON or a .network file's INI text")
    Path file;

    @Option(names = "--dhcp", paramLabel = "yes|no|ipv4|ipv6", description = "Network.DHCP")
    String dhcp;

    @Option(names = "--address", paramLabel = "CIDR", description = "Network.Address (repeatable)")
    List<String> addresses;

    @Option(names = "--gateway", paramLabel = "IP", description = "Network.Gateway (repeatable)")
    List<String> gateways;

    @Option(names = "--dns", paramLabel = "SERVER", description = "Network.DNS (repeatable)")
    List<String> dns;

    @Option(names = "--domains", paramLabel = "DOMAIN", description = "Network.Domains (repeatable)")
    List<String> domains;

    @Option(names = "--ntp", paramLabel = "SERVER", description = "Network.NTP (repeatable)")
    List<String> ntp;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "Link.MTUBytes")
    String mtu;

    @Option(names = "--mac", paramLabel = "MAC", description = "Link.MACAddress")
    String mac;

    @Option(names = "--route", paramLabel = "DEST[=GATEWAY]",
            description = "a [Route] section: Destination (default: none, the default route) and Gateway (repeatable)")
    List<String> routes;

    @Option(names = "--set", paramLabel = "Section.Key=VALUE",
            description = "any other key (repeatable; a repeated key becomes a list)")
    List<String> settings;

    @Option(names = "--dry-run", description = "only print the diff against the current file")
    boolean dryRun;

    @Override
    int run(AgentClient client) throws Exception {
        JsonNode answer = client.send("PUT", "/network/networks/" + AgentClient.segment(link),
                dryRun ? Map.of("dryRun", "true") : Map.of(), body(), 0);
        output().print(answer, a -> dryRun ? NetworkdBody.diff(a)
                : "wrote " + a.path("path").asText() + "; networkd reloaded and reconfigured " + link + "\n");
        return Gantry.EXIT_OK;
    }

    ObjectNode body() throws Exception {
        ObjectNode body = file == null ? Json.object() : NetworkdBody.read(file, spec);
        NetworkdBody.set(body, "Network", "DHCP", dhcp == null ? null : List.of(dhcp));
        NetworkdBody.set(body, "Network", "Address", addresses);
        NetworkdBody.set(body, "Network", "Gateway", gateways);
        NetworkdBody.set(body, "Network", "DNS", dns);
        NetworkdBody.set(body, "Network", "Domains", domains);
        NetworkdBody.set(body, "Network", "NTP", ntp);
        NetworkdBody.set(body, "Link", "MTUBytes", mtu == null ? null : List.of(mtu));
        NetworkdBody.set(body, "Link", "MACAddress", mac == null ? null : List.of(mac));
        if (routes != null) {
            for (String r : routes) {
                int eq = r.indexOf('=');
                String dest = eq < 0 ? r : r.substring(0, eq);
                ObjectNode route = body.withArray("Route").addObject();
                if (!dest.equals("default")) {
                    route.put("Destination", dest);
                }
                if (eq >= 0) {
                    route.put("Gateway", r.substring(eq + 1));
                }
            }
        }
        NetworkdBody.settings(body, settings, null, spec);
        return body;
    }
}
