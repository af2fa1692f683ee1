package dev.gantry.agent.events;

import java.util.Optional;

/** What scripts are told about a link beyond the event itself, read when the event is handled. */
interface LinkFacts {
    ScriptEnvironment.Addresses addresses(int ifindex);

    /** networkd's DHCPv4 lease of the link, as {@code DHCP_LEASE} carries it; empty without one. */
    Optional<String> networkdLease(int ifindex);

    /** networkd's Describe of the link (JSON); empty when networkd cannot say. */
    Optional<String> describe(int ifindex);

    LinkFacts NONE = new LinkFacts() {
        @Override
        public ScriptEnvironment.Addresses addresses(int ifindex) {
            return ScriptEnvironment.Addresses.NONE;
        }

        @Override
        public Optional<String> networkdLease(int ifindex) {
            return Optional.empty();
        }

        @Override
        public Optional<String> describe(int ifindex) {
            return Optional.empty();
        }
    };
}
