package dev.gantry.server.resources.networks;

import java.util.List;
import java.util.UUID;

/**
 * A network's spec. {@code gateway} defaults to the first address; {@code leases} lists static leases
 * (sent by the client, {@code auto} false) and the leases instances took ({@code auto} true, read-only:
 * sent back in a PUT they are ignored, and they go when their instance goes).
 */
public record Network(String cidr, String gateway, List<String> dns, List<Lease> leases) {
    public Network {
        dns = dns == null ? List.of() : List.copyOf(dns);
        leases = leases == null ? List.of() : List.copyOf(leases);
    }

    /** One address taken on the network: by a MAC (static) or by an instance (auto). */
    public record Lease(String ip, String mac, UUID instance, Boolean auto) {
        boolean isAuto() {
            return Boolean.TRUE.equals(auto);
        }
    }

    List<Lease> staticLeases() {
        return leases.stream().filter(l -> !l.isAuto()).toList();
    }
}
