package dev.gantry.server.clusters;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;

/** {@code /api/v1/clusters}: the Proxmox VE and gantry clusters the server crawls and acts on; server admins only. */
public final class ClustersModule implements ApiModule {
    private final Clusters clusters;

    public ClustersModule(Clusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public String name() {
        return "clusters";
    }

    @Override
    public String description() {
        return "Clusters: the Proxmox VE and gantry clusters in the inventory, with their credentials sealed (admin only)";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/clusters").summary("List clusters").access(Access.ADMIN)
                .description("In name order. `credentials` says which kind is set (`password`, `token`, `agents`) and the "
                        + "non-secret names; a password, token secret, agent token or private key is never returned.")
                .returnsListOf(Cluster.class)
                .handle(req -> clusters.list());
        routes.post("/clusters").summary("Register a cluster").access(Access.ADMIN)
                .description("Credentials are sealed (AES-256-GCM under a data key of the cluster's own, wrapped by the "
                        + "server's master key) before they are stored. 409 when the name is taken; 400 naming each "
                        + "invalid field, with nothing written.")
                .body(ClusterRequest.class).returns(Cluster.class).status(201)
                .handle(req -> {
                    Cluster created = clusters.create(req.body(ClusterRequest.class).checked(true));
                    return Reply.of(201, created).header("Location", req.path() + "/" + created.name());
                });
        routes.get("/clusters/{name}").summary("Describe a cluster (never its secrets)").access(Access.ADMIN)
                .returns(Cluster.class)
                .handle(req -> clusters.get(req.param("name")));
        routes.put("/clusters/{name}").summary("Replace a cluster's settings").access(Access.ADMIN)
                .description("Every field is replaced (left-out fields take their defaults) except `credentials`: left out, "
                        + "the stored ones are kept (unless `kind` changes). `name`, if given, must be the path's.")
                .body(ClusterRequest.class).returns(Cluster.class)
                .handle(req -> clusters.update(req.param("name"), req.body(ClusterRequest.class).checked(false)));
        routes.delete("/clusters/{name}").summary("Remove a cluster and its sealed credentials").access(Access.ADMIN)
                .description("Its past inventory snapshots stay.")
                .handle(req -> {
                    clusters.delete(req.param("name"));
                    return null;
                });
    }
}
