package dev.gantry.agent.events;

import dev.gantry.common.config.TomlConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code [Events]} section of gantryd.toml: the network event broker. Names follow
 * network-event-broker's, so its files carry over (its {@code [Network]} keys live here).
 *
 * @param generators         {@code Generator}: {@code systemd-networkd}, {@code dhclient}, or both
 *                           whitespace-separated; default systemd-networkd
 * @param links              {@code Links}: exact link names whose events run scripts; empty (default) = all
 * @param routingPolicyRules {@code RoutingPolicyRules}: exact link names that get a routing table
 *                           {@code 9999 + ifindex} and from/to rules per address; default none
 * @param useDns             {@code UseDNS}: dhclient's DNS servers go to systemd-resolved; default false
 * @param useDomain          {@code UseDomain}: dhclient's domains go to systemd-resolved; default false
 * @param useHostname        {@code UseHostname}: dhclient's host name goes to systemd-hostnamed; default false
 * @param domainsRouteOnly   {@code DomainsRouteOnly}: those domains are routing-only ({@code ~domain})
 *                           rather than search domains; default false
 * @param emitJson           {@code EmitJSON}: scripts of networkd events get {@code JSON}, networkd's
 *                           Describe of the link; default true
 * @param scriptTimeout      {@code ScriptTimeoutSec}: 1 to 3600 s, default 30; then SIGTERM, then SIGKILL
 * @param replayOnStart      {@code ReplayOnStart}: at start the current state of every watched link runs
 *                           its scripts once; default true
 * @param leaseFiles         {@code LeaseFiles}: absolute dhclient lease files, whitespace-separated; a
 *                           {@code *} in the file name matches any text; default
 *                           {@code /var/lib/dhclient/dhclient.leases /var/lib/dhcp/dhclient*.leases}
 */
public record EventsConfig(Set<Generator> generators, List<String> links, List<String> routingPolicyRules,
                           boolean useDns, boolean useDomain, boolean useHostname, boolean domainsRouteOnly,
                           boolean emitJson, Duration scriptTimeout, boolean replayOnStart,
                           List<String> leaseFiles) {
    public static final List<String> DEFAULT_LEASE_FILES =
            List.of("/var/lib/dhclient/dhclient.leases", "/var/lib/dhcp/dhclient*.leases");
    public static final EventsConfig DEFAULT = new EventsConfig(EnumSet.of(Generator.SYSTEMD_NETWORKD), List.of(),
            List.of(), false, false, false, false, true, Duration.ofSeconds(30), true, DEFAULT_LEASE_FILES);
    private static final Pattern LINK_NAME = Pattern.compile("[^/\\s:]{1,15}");
    private static final Pattern LEASE_FILE = Pattern.compile("/[^\\s*]*/[^/\\s]+");

    public EventsConfig {
        generators = Set.copyOf(generators);
        links = List.copyOf(links);
        routingPolicyRules = List.copyOf(routingPolicyRules);
        leaseFiles = List.copyOf(leaseFiles);
    }

    /** An event source. */
    public enum Generator {
        SYSTEMD_NETWORKD("systemd-networkd"), DHCLIENT("dhclient");

        private final String key;

        Generator(String key) {
            this.key = key;
        }

        /** The name used in gantryd.toml. */
        public String key() {
            return key;
        }
    }

    /** Whether events of {@code link} run scripts: {@code Links} is empty or names it exactly. */
    public boolean watches(String link) {
        return links.isEmpty() || links.contains(link);
    }

    public boolean uses(Generator generator) {
        return generators.contains(generator);
    }

    /** Reads {@code [Events]}; problems are recorded on {@code toml} for its {@code finish()}. */
    public static EventsConfig read(TomlConfig toml) {
        TomlConfig.Section events = toml.section("Events");
        Set<Generator> generators = EnumSet.noneOf(Generator.class);
        List<String> generatorWords = words(events.string("Generator", Generator.SYSTEMD_NETWORKD.key()));
        for (String word : generatorWords) {
            Arrays.stream(Generator.values()).filter(g -> g.key().equalsIgnoreCase(word)).findFirst()
                    .ifPresentOrElse(generators::add, () -> events.reject("Generator", word,
                            "expected systemd-networkd, dhclient, or both separated by a space"));
        }
        if (generatorWords.isEmpty()) {
            events.reject("Generator", "", "expected systemd-networkd, dhclient, or both separated by a space");
        }
        if (generators.isEmpty()) {
            generators.add(Generator.SYSTEMD_NETWORKD);
        }
        List<String> links = names(events, "Links");
        List<String> policy = names(events, "RoutingPolicyRules");
        boolean dns = events.bool("UseDNS", false);
        boolean domain = events.bool("UseDomain", false);
        boolean hostname = events.bool("UseHostname", false);
        boolean routeOnly = events.bool("DomainsRouteOnly", false);
        boolean json = events.bool("EmitJSON", true);
        long timeout = events.integer("ScriptTimeoutSec", DEFAULT.scriptTimeout().toSeconds(), 1, 3600);
        boolean replay = events.bool("ReplayOnStart", true);
        List<String> leaseFiles = events.optionalString("LeaseFiles").map(EventsConfig::words)
                .orElse(DEFAULT_LEASE_FILES);
        for (String file : leaseFiles) {
            if (!LEASE_FILE.matcher(file).matches()) {
                events.reject("LeaseFiles", file, "expected absolute file names; * only in the file name");
            }
        }
        return new EventsConfig(generators, links, policy, dns, domain, hostname, routeOnly, json,
                Duration.ofSeconds(timeout), replay, leaseFiles);
    }

    private static List<String> names(TomlConfig.Section section, String key) {
        List<String> names = new ArrayList<>();
        for (String name : words(section.string(key, ""))) {
            if (LINK_NAME.matcher(name).matches()) {
                names.add(name);
            } else {
                section.reject(key, name, "expected link names (1 to 15 characters, no '/', ':' or space)");
            }
        }
        return names;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
}
