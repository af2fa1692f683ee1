package dev.gantry.agent.events.policy;

import java.util.List;

/**
 * What the broker keeps for one link: its table ({@code 9999 + index}), the routes in it and the
 * rules that look it up. {@code index} and {@code table} are null for a configured link that does not
 * exist; {@code managed} is false for leftovers of ours the next reconcile removes.
 */
public record PolicyRoutes(String link, Integer index, Long table, boolean managed, List<KeptRoute> routes,
                           List<KeptRule> rules) {
    public PolicyRoutes {
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }

    /** A route of the table: {@code destination} {@code default} or a prefix; no gateway when connected. */
    public record KeptRoute(String family, String destination, String gateway) {
    }

    /** {@code selector} {@code from} or {@code to}: the rule {@code <selector> address lookup table}. */
    public record KeptRule(String family, long priority, String selector, String address) {
    }

    static PolicyRoutes of(String link, Integer index, Long table, boolean managed, List<PolicyEntry> entries) {
        List<KeptRoute> routes = entries.stream().filter(e -> e instanceof PolicyEntry.TableRoute)
                .map(e -> (PolicyEntry.TableRoute) e)
                .map(r -> new KeptRoute(r.family(), r.destination(), r.gateway())).toList();
        List<KeptRule> rules = entries.stream().filter(e -> e instanceof PolicyEntry.AddressRule)
                .map(e -> (PolicyEntry.AddressRule) e)
                .map(r -> new KeptRule(r.family(), r.priority(), r.from() ? "from" : "to", r.address())).toList();
        return new PolicyRoutes(link, index, table, managed, routes, rules);
    }
}
