package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventsConfigTest {
    private static EventsConfig read(String text) throws ConfigException {
        TomlConfig toml = TomlConfig.parse(text, "gantryd.toml");
        EventsConfig config = EventsConfig.read(toml);
        toml.finish();
        return config;
    }

    @Test
    void anAbsentSectionGivesTheDocumentedDefaults() throws Exception {
        assertThat(read("")).isEqualTo(EventsConfig.DEFAULT);
        assertThat(EventsConfig.DEFAULT.emitJson()).isTrue();
        assertThat(EventsConfig.DEFAULT.replayOnStart()).isTrue();
        assertThat(EventsConfig.DEFAULT.scriptTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(EventsConfig.DEFAULT.generators()).containsExactly(EventsConfig.Generator.SYSTEMD_NETWORKD);
    }

    @Test
    void everyKeyIsReadAndLinksMatchExactly() throws Exception {
        EventsConfig c = read("""
                [Events]
                Generator = "systemd-networkd dhclient"
                Links = "eth0  eth1"
                RoutingPolicyRules = "eth1"
                UseDNS = "true"
                UseDomain = true
                UseHostname = true
                DomainsRouteOnly = true
                EmitJSON = false
                ScriptTimeoutSec = 5
                ReplayOnStart = false
                LeaseFiles = "/tmp/a.leases /tmp/x/dhclient*.leases"
                """);
        assertThat(c.generators()).isEqualTo(Set.of(EventsConfig.Generator.SYSTEMD_NETWORKD,
                EventsConfig.Generator.DHCLIENT));
        assertThat(c.links()).containsExactly("eth0", "eth1");
        assertThat(c.watches("eth1")).isTrue();
        assertThat(c.watches("eth10")).isFalse();
        assertThat(c.watches("")).isFalse();
        assertThat(c.routingPolicyRules()).containsExactly("eth1");
        assertThat(c.useDns() && c.useDomain() && c.useHostname() && c.domainsRouteOnly()).isTrue();
        assertThat(c.emitJson()).isFalse();
        assertThat(c.replayOnStart()).isFalse();
        assertThat(c.scriptTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.leaseFiles()).containsExactly("/tmp/a.leases", "/tmp/x/dhclient*.leases");
    }

    @Test
    void badValuesAreEachNamedWithTheirLine() {
        assertThatThrownBy(() -> read("""
                [Events]
                Generator = "dhcpcd"
                Links = "eth0 bad/name"
                ScriptTimeoutSec = 0
                LeaseFiles = "relative.leases"
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                "gantryd.toml:2: [Events] Generator = \"dhcpcd\": expected systemd-networkd, dhclient, or both separated by a space",
                "gantryd.toml:3: [Events] Links = \"bad/name\": expected link names (1 to 15 characters, no '/', ':' or space)",
                "gantryd.toml:4: [Events] ScriptTimeoutSec = 0: expected a number from 1 to 3600",
                "gantryd.toml:5: [Events] LeaseFiles = \"relative.leases\": expected absolute file names; * only in the file name"));
    }
}
