package dev.gantry.agent.backend.netlink;

import java.util.List;

/**
 * An interface address (RTM_NEWADDR). {@code address} is the local address (IFA_LOCAL, or
 * IFA_ADDRESS where there is no local one, as on IPv6); {@code peer} the other end of a
 * point-to-point address when it differs. Lifetimes are seconds, 4294967295 meaning forever.
 */
public record Address(String family, int index, String device, String address, int prefixLength, String peer,
                      String broadcast, String scope, String label, List<String> flags, Long validLifetime,
                      Long preferredLifetime) {
    public Address {
        flags = List.copyOf(flags);
    }

    Address withDevice(String name) {
        return new Address(family, index, name, address, prefixLength, peer, broadcast, scope, label, flags,
                validLifetime, preferredLifetime);
    }
}
