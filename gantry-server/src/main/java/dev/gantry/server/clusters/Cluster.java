package dev.gantry.server.clusters;

import java.time.Instant;
import java.util.List;

/**
 * A registered cluster as the API shows it: every field but the credentials' secrets.
 *
 * @param url         scheme://host, without the port
 * @param credentials which kind of credentials is set, and the non-secret names (user, token id, agent URLs)
 */
public record Cluster(String name, String kind, String url, int port, boolean insecure, String fingerprint,
                      String template, String storageDisk, List<String> excludeNodes, List<String> groups,
                      double weight, CredentialsInfo credentials, Instant createdAt, Instant updatedAt) {
    public Cluster {
        excludeNodes = List.copyOf(excludeNodes);
        groups = List.copyOf(groups);
    }
}
