package dev.gantry.server.clusters;

import dev.gantry.common.http.Violations;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /clusters} and {@code PUT /clusters/{name}}: HyperProxmox's cluster fields,
 * with the same meaning. PUT replaces every field; left-out {@code credentials} keep the stored ones.
 *
 * @param name         required on POST; on PUT absent or equal to the path's name (a cluster is not renamed)
 * @param kind         {@code proxmox} or {@code gantry}; required
 * @param url          proxmox: required, {@code https://HOST[:PORT]} or a bare host; gantry: optional
 *                     (default: the first agent's URL)
 * @param port         the API port when the URL has none; default 8006 for proxmox
 * @param credentials  required on POST (see {@link CredentialsInput}); never returned
 * @param insecure     skip TLS verification (labs); default false. Prefer {@code fingerprint}
 * @param fingerprint  the server certificate's SHA-256, hex pairs (colons optional): pinned instead of the CA check
 * @param template     HyperProxmox's default template for new instances
 * @param storageDisk  HyperProxmox's default storage for new disks
 * @param excludeNodes nodes placement never chooses
 * @param groups       groups the cluster belongs to (inventory filter, placement)
 * @param weight       placement weight, above 0 and at most 1000; default 1 (neutral)
 */
public record ClusterRequest(String name, String kind, String url, Integer port, CredentialsInput credentials,
                             Boolean insecure, String fingerprint, String template, String storageDisk,
                             List<String> excludeNodes, List<String> groups, Double weight) {
    /**
     * This request, checked for a POST ({@code creating}: name and credentials required) or a PUT; a 400
     * naming every invalid field otherwise. Not {@code Validated}: what is required depends on the method.
     */
    ClusterRequest checked(boolean creating) {
        Violations v = new Violations();
        validate(v, creating);
        v.throwIfAny();
        return this;
    }

    private void validate(Violations v, boolean creating) {
        if (creating || name != null) {
            ClusterRules.name(v, name);
        }
        v.check(!creating || credentials != null, "credentials", "required",
                "user and password, tokenId and tokenSecret, or agents", null);
        Optional<ClusterAccess.Kind> k = Optional.empty();
        if (v.check(kind != null, "kind", "required", "proxmox or gantry", null)) {
            k = ClusterAccess.Kind.of(kind);
            v.check(k.isPresent(), "kind", "choice", "proxmox or gantry", kind);
        }
        if (url != null) {
            Optional<URI> u = ClusterRules.url(url);
            if (v.check(u.isPresent(), "url", "url", "https://HOST[:PORT] (or a bare host name), without path, query or user", url)
                    && port != null && u.get().getPort() != -1) {
                v.check(u.get().getPort() == port, "port", "conflict", "the url names port " + u.get().getPort(), port);
            }
        } else {
            v.check(k.isEmpty() || k.get() != ClusterAccess.Kind.PROXMOX, "url", "required", "the cluster's https://HOST[:PORT]", null);
        }
        if (port != null) {
            v.check(port >= 1 && port <= 65535, "port", "range", "1 to 65535", port);
        }
        if (fingerprint != null && v.check(ClusterRules.fingerprint(fingerprint).isPresent(), "fingerprint", "pattern",
                "SHA-256 of the certificate: 64 hex digits, in pairs joined by ':' or not", fingerprint)) {
            v.check(!Boolean.TRUE.equals(insecure), "insecure", "conflict", "give insecure or fingerprint, not both", insecure);
        }
        ClusterRules.text(v, "template", template);
        ClusterRules.text(v, "storageDisk", storageDisk);
        ClusterRules.names(v, "excludeNodes", excludeNodes, ClusterRules.NODE, "a node name: letters, digits, '.' and '-'");
        ClusterRules.names(v, "groups", groups, ClusterRules.GROUP, "letters, digits, '_', '.' and '-', 1 to 63 characters");
        ClusterRules.weight(v, weight);
        if (credentials != null && k.isPresent()) {
            credentials.validate(v, k.get());
        }
    }

    ClusterAccess.Kind kindValue() {
        return ClusterAccess.Kind.of(kind).orElseThrow();
    }

    /**
     * The API base URL without the port, and the port: from the url, else {@code port}, else the
     * kind's default; a gantry cluster without url takes its first agent's.
     */
    URI baseUrl(CredentialsInput effective) {
        return ClusterRules.withoutPort(fullUrl(effective));
    }

    int portValue(CredentialsInput effective) {
        URI full = fullUrl(effective);
        return full.getPort();
    }

    private URI fullUrl(CredentialsInput effective) {
        URI u;
        if (url != null) {
            u = ClusterRules.url(url).orElseThrow();
        } else {
            u = ClusterRules.agentUrl(effective.agents().getFirst().url()).orElseThrow();
        }
        int p = u.getPort() != -1 ? u.getPort()
                : port != null ? port
                : kindValue() == ClusterAccess.Kind.PROXMOX ? ClusterRules.PROXMOX_PORT : ClusterRules.defaultPort(u);
        return URI.create(u.getScheme() + "://" + u.getRawAuthority().replaceFirst(":\\d+$", "") + ":" + p);
    }

    Optional<String> fingerprintValue() {
        return Optional.ofNullable(fingerprint).flatMap(ClusterRules::fingerprint);
    }

    List<String> excludeNodesValue() {
        return excludeNodes == null ? List.of() : List.copyOf(new LinkedHashSet<>(excludeNodes));
    }

    List<String> groupsValue() {
        return groups == null ? List.of() : List.copyOf(new LinkedHashSet<>(groups));
    }

    double weightValue() {
        return weight == null ? 1.0 : weight;
    }

    boolean insecureValue() {
        return Boolean.TRUE.equals(insecure);
    }
}
