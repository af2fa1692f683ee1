package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManyClustersTest {
    @Test
    void moreClustersThanJettysDefaultTaskCapStartAndAnswer() throws Exception {
        ProxmoxSim.Builder builder = ProxmoxSim.builder();
        for (int i = 0; i < 250; i++) {
            builder.cluster(new ClusterSpec("c" + i, 1, 1, i));
        }
        try (ProxmoxSim sim = builder.start()) {
            List<SimCluster> clusters = sim.clusters();
            assertThat(clusters).hasSize(250);
            assertThat(clusters.stream().map(SimCluster::port).distinct()).hasSize(250);
            for (SimCluster c : List.of(clusters.get(0), clusters.get(249))) {
                PveClient client = new PveClient(sim, c).useToken(c.credentials().tokenHeader());
                assertThat(client.get("/cluster/status").data().get(0).get("name").asText()).isEqualTo(c.name());
            }
        }
    }
}
