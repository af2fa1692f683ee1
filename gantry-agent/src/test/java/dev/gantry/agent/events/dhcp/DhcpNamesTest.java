package dev.gantry.agent.events.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.events.DhcpLease;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a lease turns into before it reaches the bus (the calls themselves: DhcpNamesIT in a box). */
class DhcpNamesTest {
    private static final DhcpLease LEASE = new DhcpLease("eth1", "10.0.0.7", Map.of(
            "domain-name-servers", "10.0.0.53, 2001:db8::53, not-an-ip, 999.1.1.1",
            "domain-search", "Corp.Example., lab.example, corp.example, bad..name, -x.example",
            "host-name", "Gantry-Host"));

    private static DhcpNames names(boolean dns, boolean domain, boolean hostname, boolean routeOnly) {
        return new DhcpNames(new DhcpNamesSettings(dns, domain, hostname, routeOnly), null, null);
    }

    @Test
    void onlyIpLiteralsBecomeServersAndOnlyDnsNamesBecomeSearchDomains() {
        DhcpNames.Plan plan = names(true, true, true, false).plan(3, LEASE);

        assertThat(plan.servers()).hasSize(2);
        assertThat(plan.servers().get(0)).containsExactly(10, 0, 0, 53);
        assertThat(plan.servers().get(1)).hasSize(16);
        assertThat(plan.domains()).containsExactly(new Resolved.Domain(3, "corp.example", false),
                new Resolved.Domain(3, "lab.example", false));
        assertThat(plan.hostname()).contains("gantry-host");
    }

    @Test
    void domainsRouteOnlyMakesThemRoutingDomains() {
        assertThat(names(false, true, false, true).plan(3, LEASE).domains())
                .extracting(Resolved.Domain::text).containsExactly("~corp.example", "~lab.example");
    }

    @Test
    void whatIsNotTurnedOnIsNotSent() {
        DhcpNames.Plan plan = names(false, false, false, false).plan(3, LEASE);

        assertThat(plan.servers()).isEmpty();
        assertThat(plan.domains()).isEmpty();
        assertThat(plan.hostname()).isEmpty();
    }

    @Test
    void aHostNameThatIsNotOneIsIgnored() {
        for (String bad : new String[] {"bad_host", "a b", "-lead.example", "x".repeat(65), "two..dots"}) {
            assertThat(DhcpValues.hostname(bad)).as(bad).isEqualTo(Optional.empty());
        }
        assertThat(DhcpValues.hostname("node-7.lab.example")).contains("node-7.lab.example");
    }
}
