package dev.gantry.server.clusters;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to reach one registered cluster, credentials decrypted. Only the crawler and
 * the power and placement code see this; the API never returns it.
 *
 * @param url          base URL, port included, e.g. {@code https://pve1.example:8006} (Proxmox); unused for gantry
 * @param fingerprint  SHA-256 of the server certificate, colon-separated hex, to pin instead of the CA check
 * @param insecure     skip TLS verification entirely (labs)
 * @param template     HyperProxmox's default template for new instances (absent when not set)
 * @param storageDisk  HyperProxmox's default storage for new disks (absent when not set)
 * @param excludeNodes nodes never chosen by placement
 * @param groups       groups this cluster belongs to (browse filter {@code group=}, placement {@code group})
 * @param weight       cluster weight in placement, > 0; 1 is neutral
 */
public record ClusterAccess(String name, Kind kind, URI url, boolean insecure, Optional<String> fingerprint,
                            Credentials credentials, Optional<String> template, Optional<String> storageDisk,
                            List<String> excludeNodes, List<String> groups, double weight) {

    public enum Kind {
        PROXMOX("proxmox"), GANTRY("gantry");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Kind> of(String wire) {
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public ClusterAccess {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(credentials);
        excludeNodes = List.copyOf(excludeNodes);
        groups = List.copyOf(groups);
    }

    /** How the server signs in to a cluster. */
    public sealed interface Credentials {
        /** Proxmox ticket sign-in; {@code user} includes the realm, e.g. {@code root@pam}. */
        record Password(String user, String password) implements Credentials {
            @Override
            public String toString() {
                return "Password[user=" + user + ", password=***]";
            }
        }

        /** Proxmox API token: {@code tokenId} is {@code USER@REALM!NAME}. */
        record ApiToken(String tokenId, String secret) implements Credentials {
            @Override
            public String toString() {
                return "ApiToken[tokenId=" + tokenId + ", secret=***]";
            }
        }

        /** A gantry cluster: one endpoint per agent host. */
        record Agents(List<AgentEndpoint> agents) implements Credentials {
            public Agents {
                agents = List.copyOf(agents);
            }
        }
    }

    /**
     * One gantryd reachable over TCP.
     *
     * @param url   e.g. {@code https://host1.example:8443}
     * @param token bearer token (gantryd's {@code gantry_…} token); at least one of the two is present
     * @param clientCertificate PEM chain + key for mutual TLS; gantryd with {@code TLSClientCA} asks for both
     */
    public record AgentEndpoint(URI url, Optional<String> token, Optional<String> clientCertificate) {
        @Override
        public String toString() {
            return "AgentEndpoint[url=" + url + ", token=" + token.map(t -> "***").orElse("none") + "]";
        }
    }
}
