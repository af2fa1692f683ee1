package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyRoutesCommandTest {

    @Test
    void policyRoutesListTheTableRoutesAndRulesPerLinkAndMarkLeftovers() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/policy-routes", 200, """
                    [{"link":"eth1","index":3,"table":10002,"managed":true,
                      "routes":[{"family":"inet","destination":"default","gateway":"10.0.0.1"},
                                {"family":"inet","destination":"10.0.0.0/24","gateway":null}],
                      "rules":[{"family":"inet","priority":30000,"selector":"from","address":"10.0.0.3"},
                               {"family":"inet","priority":30000,"selector":"to","address":"10.0.0.3"}]},
                     {"link":"eth2","index":null,"table":null,"managed":true,"routes":[],"rules":[]},
                     {"link":null,"index":41,"table":10040,"managed":false,"routes":[],
                      "rules":[{"family":"inet","priority":30000,"selector":"from","address":"10.9.9.9"}]}]""");

            Cli.Run run = agent.gantry("network", "policy-routes");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/policy-routes");
            assertThat(run.out()).isEqualTo("""
                    LINK         INDEX   TABLE   KIND    ENTRY
                    eth1         3       10002   route   default via 10.0.0.1
                    eth1         3       10002   route   10.0.0.0/24
                    eth1         3       10002   rule    30000 from 10.0.0.3
                    eth1         3       10002   rule    30000 to 10.0.0.3
                    eth2         -       -       -       -
                    (leftover)   41      10040   rule    30000 from 10.9.9.9
                    """);
        }
    }
}
