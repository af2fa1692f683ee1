package dev.gantry.agent.backend.netlink;

import java.util.List;

/** A neighbour (ARP or NDP) entry (RTM_NEWNEIGH); {@code state} and {@code flags} in iproute2's names. */
public record Neighbour(String family, int index, String device, String address, String lladdr,
                        List<String> state, List<String> flags) {
    public Neighbour {
        state = List.copyOf(state);
        flags = List.copyOf(flags);
    }

    Neighbour withDevice(String name) {
        return new Neighbour(family, index, name, address, lladdr, state, flags);
    }
}
