package dev.gantry.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.DebianPackages;
import dev.gantry.testbed.WithAgentBox;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UseDNS, UseDomain, UseHostname and DomainsRouteOnly for the dhclient source, against a real
 * systemd-resolved and systemd-hostnamed in a box: the host has no resolved, so its Debian package
 * is downloaded (not installed on the host) and installed in the box. The leases are written by the
 * test; what resolved and hostnamed then hold is read back with resolvectl and hostnamectl.
 */
@WithAgentBox
class DhcpNamesIT {
    private static final String DIR = "/var/lib/gantry-dhcp-test";

    @BeforeAll
    static void resolvedInTheBox(AgentBox agent) {
        agent.box().installDeb(DebianPackages.fetch("systemd-resolved", Path.of("target", "debs")));
        agent.box().exec("systemctl", "start", "systemd-resolved.service").orThrow();
        agent.box().exec("mkdir", "-p", DIR).orThrow();
    }

    private static String config(boolean routeOnly) {
        return "[Events]\nGenerator = \"dhclient\"\nUseDNS = true\nUseDomain = true\nUseHostname = true\n"
                + "DomainsRouteOnly = " + routeOnly + "\nLeaseFiles = \"" + DIR + "/dhclient*.leases\"\n";
    }

    private static String lease(String iface, String hostName) {
        return "lease {\n  interface \"" + iface + "\";\n  fixed-address 10.55.0.7;\n"
                + "  option subnet-mask 255.255.255.0;\n  option routers 10.55.0.1;\n"
                + "  option domain-name-servers 10.55.0.53,10.55.0.54;\n"
                + "  option domain-name \"corp.example\";\n"
                + "  option domain-search \"corp.example\", \"lab.example\";\n"
                + "  option host-name \"" + hostName + "\";\n  renew 2 2026/12/08 10:00:00;\n}\n";
    }

    private static String sh(AgentBox agent, String command) {
        return agent.box().exec("sh", "-c", command).orThrow().stdout().strip();
    }

    private static String await(AgentBox agent, String command, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String out = agent.box().exec("sh", "-c", command).stdout().strip();
        while (!done.test(out) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            out = agent.box().exec("sh", "-c", command).stdout().strip();
        }
        return out;
    }

    @Test
    void aLeasesServersAndSearchDomainsGoToResolvedAndItsHostNameToHostnamed(AgentBox agent) throws Exception {
        sh(agent, "ip link add gdn0 type veth peer name gdn0-p");
        // hostnamed lets a static name win over the transient one: a host that takes its name from
        // DHCP has none (the box's /etc is a throw-away overlay).
        String etcHostname = agent.box().readFile("/etc/hostname");
        sh(agent, "rm -f /etc/hostname");
        agent.configure(config(false));
        agent.box().writeFile(DIR + "/dhclient.gdn0.leases", lease("gdn0", "dhcp-given"));

        assertThat(await(agent, "resolvectl dns gdn0", o -> o.contains("10.55.0.54")))
                .endsWith("(gdn0): 10.55.0.53 10.55.0.54");
        assertThat(await(agent, "resolvectl domain gdn0", o -> o.contains("lab.example")))
                .endsWith("(gdn0): corp.example lab.example");
        assertThat(await(agent, "hostnamectl --transient", "dhcp-given"::equals)).isEqualTo("dhcp-given");
        assertThat(sh(agent, "hostname")).isEqualTo("dhcp-given");
        // The transient name: no static name is written.
        assertThat(sh(agent, "test -e /etc/hostname && echo written || echo absent")).isEqualTo("absent");
        agent.box().writeFile("/etc/hostname", etcHostname);
        sh(agent, "ip link del gdn0");
    }

    @Test
    void domainsRouteOnlyMakesRoutingDomainsAndABadHostNameIsIgnored(AgentBox agent) throws Exception {
        sh(agent, "ip link add gdn1 type veth peer name gdn1-p");
        String before = sh(agent, "hostnamectl --transient");
        agent.configure(config(true));
        agent.box().writeFile(DIR + "/dhclient.gdn1.leases", lease("gdn1", "bad_host;rm -rf"));

        assertThat(await(agent, "resolvectl domain gdn1", o -> o.contains("lab.example")))
                .endsWith("(gdn1): ~corp.example ~lab.example");
        assertThat(sh(agent, "hostnamectl --transient")).isEqualTo(before);
        assertThat(agent.journal(200)).contains("is not a valid host name: ignored");
        sh(agent, "ip link del gdn1");
    }
}
