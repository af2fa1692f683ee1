package dev.gantry.server.providers.proxmox;

import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimCluster;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** {@link ClusterAccess} records pointing at simulated clusters, the way an admin would register them. */
public final class SimClusters {
    private SimClusters() {
    }

    /** Signs in with user and password; trusts the simulator's certificate by its pinned fingerprint. */
    public static ClusterAccess password(ProxmoxSim sim, SimCluster cluster) {
        return access(sim, cluster, false, Optional.of(sim.fingerprint()),
                new ClusterAccess.Credentials.Password(cluster.credentials().user(), cluster.credentials().password()));
    }

    /** Signs in with the API token; trusts the simulator's certificate by its pinned fingerprint. */
    public static ClusterAccess token(ProxmoxSim sim, SimCluster cluster) {
        return access(sim, cluster, false, Optional.of(sim.fingerprint()),
                new ClusterAccess.Credentials.ApiToken(cluster.credentials().tokenId(), cluster.credentials().tokenSecret()));
    }

    public static ClusterAccess access(ProxmoxSim sim, SimCluster cluster, boolean insecure, Optional<String> fingerprint,
                                       ClusterAccess.Credentials credentials) {
        return new ClusterAccess(cluster.name(), ClusterAccess.Kind.PROXMOX, URI.create("https://127.0.0.1:" + cluster.port()),
                insecure, fingerprint, credentials, Optional.empty(), Optional.empty(), List.of(), List.of(), 1.0);
    }

    public static List<ClusterAccess> passwords(ProxmoxSim sim) {
        return sim.clusters().stream().map(c -> password(sim, c)).toList();
    }
}
