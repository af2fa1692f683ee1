package dev.gantry.agent.events.policy;

/**
 * One thing the broker keeps in the kernel for a link: a route of the link's table or a rule that
 * sends traffic from or to one of its addresses to that table. Addresses and prefixes are in the form
 * the rtnetlink dumps give them (a host prefix without /32 or /128), so kept and found entries compare
 * as values.
 */
sealed interface PolicyEntry permits PolicyEntry.TableRoute, PolicyEntry.AddressRule {
    long table();

    /**
     * {@code destination} is {@code default} or a prefix; {@code gateway} null for a connected route;
     * {@code oif} the link's index.
     */
    record TableRoute(String family, long table, String destination, String gateway, int oif)
            implements PolicyEntry {
    }

    /** {@code from ADDR lookup TABLE} ({@code from} true) or {@code to ADDR lookup TABLE}, at {@code priority}. */
    record AddressRule(String family, long table, boolean from, String address, long priority)
            implements PolicyEntry {
    }
}
