package dev.gantry.agent.events;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What scripts are told about a link beyond the event itself, read when the event is handled. */
interface LinkFacts {
    ScriptEnvironment.Addresses addresses(int ifindex);

    /** networkd's DHCPv4 lease of the link, as {@code DHCP_LEASE} carries it; empty without one. */
    Optional<String> networkdLease(int ifindex);

    /**
     * networkd's Describe of the link (JSON), asked for now and answered when networkd replies, so the
     * caller reads the rest meanwhile; empty when networkd cannot say. Never completes exceptionally.
     */
    CompletableFuture<Optional<String>> describe(int ifindex);

    /** Link {@code ifindex} is gone: drop what is kept for it. */
    default void forget(int ifindex) {
    }

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
        public CompletableFuture<Optional<String>> describe(int ifindex) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    };
}
