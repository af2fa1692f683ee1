package dev.gantry.agent.events.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.backend.netlink.Address;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyPlanTest {
    private static Link link(int index, String name, boolean up) {
        return new Link(index, name, List.of(), "veth", null, 1500, null, null,
                up ? List.of("BROADCAST", "UP") : List.of("BROADCAST"), up ? "UP" : "DOWN", null, null, null, null,
                null, null);
    }

    private static Address address(int index, String family, String address, int length, String scope,
                                   String... flags) {
        return new Address(family, index, null, address, length, null, null, scope, null, List.of(flags), null, null);
    }

    private static Route defaultRoute(String family, String gateway, Integer oif, Long metric,
                                      List<Route.Nexthop> hops) {
        return new Route(family, "main", 254, "unicast", "default", null, gateway, null, oif, null, "static",
                "global", metric, null, List.of(), hops);
    }

    @Test
    void networkMasksTheHostBitsAndContainsComparesWithinThePrefix() {
        assertThat(PolicyPlan.network("10.1.2.3", 24)).isEqualTo("10.1.2.0/24");
        assertThat(PolicyPlan.network("10.1.2.3", 23)).isEqualTo("10.1.2.0/23");
        assertThat(PolicyPlan.network("10.1.3.3", 23)).isEqualTo("10.1.2.0/23");
        assertThat(PolicyPlan.network("2001:db8:1:2::5", 64)).isEqualTo("2001:db8:1:2::/64");
        assertThat(PolicyPlan.contains("10.1.2.0/23", "10.1.3.254")).isTrue();
        assertThat(PolicyPlan.contains("10.1.2.0/23", "10.1.4.1")).isFalse();
        assertThat(PolicyPlan.contains("10.1.2.0/24", "2001:db8::1")).isFalse();
    }

    @Test
    void theLinksOwnDefaultWinsOverAnotherLinksGatewayInItsSubnetAndTheLowestMetricWins() {
        List<Link> links = List.of(link(2, "eth0", true), link(3, "eth1", true));
        List<Address> addresses = List.of(address(3, "inet", "10.0.0.3", 24, "global"));
        List<Route> routes = List.of(defaultRoute("inet", "10.0.0.1", 2, 100L, List.of()),
                defaultRoute("inet", "10.0.0.254", 3, 600L, List.of()),
                defaultRoute("inet", "10.0.0.253", 3, 500L, List.of()));

        assertThat(PolicyPlan.plan(List.of("eth1"), links, addresses, routes)).contains(
                new PolicyEntry.TableRoute("inet", 10002, "default", "10.0.0.253", 3));
    }

    @Test
    void withoutItsOwnDefaultALinkTakesAGatewayOfItsSubnetEvenFromAMultipathRouteButNotAForeignOne() {
        List<Link> links = List.of(link(2, "eth0", true), link(3, "eth1", true), link(4, "eth2", true));
        List<Address> addresses = List.of(address(3, "inet", "10.0.0.3", 24, "global"),
                address(4, "inet", "192.168.9.4", 24, "global"));
        List<Route> routes = List.of(defaultRoute("inet", null, null, null, List.of(
                new Route.Nexthop("172.16.0.1", "eth0", 2, 1, List.of()),
                new Route.Nexthop("10.0.0.1", "eth0", 2, 1, List.of()))));

        var plan = PolicyPlan.plan(List.of("eth1", "eth2"), links, addresses, routes);

        assertThat(plan).contains(new PolicyEntry.TableRoute("inet", 10002, "default", "10.0.0.1", 3));
        assertThat(plan).filteredOn(e -> e.table() == 10003 && e instanceof PolicyEntry.TableRoute r
                && r.destination().equals("default")).isEmpty();
    }

    @Test
    void linkLocalAndFailedAddressesGetNoRulesAndADownLinkKeepsRulesButNoRoutes() {
        List<Link> links = List.of(link(5, "eth4", false));
        List<Address> addresses = List.of(address(5, "inet6", "fe80::1", 64, "link"),
                address(5, "inet6", "2001:db8::5", 64, "global", "dadfailed"),
                address(5, "inet6", "2001:db8::6", 128, "global"),
                address(5, "inet", "10.5.0.5", 32, "global"));

        var plan = PolicyPlan.plan(List.of("eth4"), links, addresses, List.of());

        assertThat(plan).containsExactlyInAnyOrder(
                new PolicyEntry.AddressRule("inet6", 10004, true, "2001:db8::6", PolicyPlan.PRIORITY),
                new PolicyEntry.AddressRule("inet6", 10004, false, "2001:db8::6", PolicyPlan.PRIORITY),
                new PolicyEntry.AddressRule("inet", 10004, true, "10.5.0.5", PolicyPlan.PRIORITY),
                new PolicyEntry.AddressRule("inet", 10004, false, "10.5.0.5", PolicyPlan.PRIORITY));
    }

    @Test
    void namesMatchExactlyNotAsSubstrings() {
        List<Link> links = List.of(link(2, "eth10", true));
        List<Address> addresses = List.of(address(2, "inet", "10.0.0.3", 24, "global"));

        assertThat(PolicyPlan.plan(List.of("eth1"), links, addresses, List.of())).isEmpty();
    }
}
