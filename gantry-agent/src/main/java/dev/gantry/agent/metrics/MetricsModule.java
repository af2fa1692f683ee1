package dev.gantry.agent.metrics;

import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;

/**
 * {@code GET /metrics}: the agent's and the host's metrics for Prometheus, at the root (where
 * scrapers look), not under {@code /api/v1}. Like every route it needs read access to the module: on
 * the Unix socket the {@code gantry} group, over TCP a token with the scope {@code metrics:read}.
 * (The recent rates as JSON are the proc module's {@code /api/v1/proc/rates}.)
 */
public final class MetricsModule implements ApiModule {
    private final AgentMetrics metrics;

    public MetricsModule(AgentMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String description() {
        return "The agent's and the host's metrics, in the Prometheus text format";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/metrics").absolute()
                .summary("This host's and this agent's metrics in the Prometheus text format 0.0.4")
                .streams(AgentMetrics.CONTENT_TYPE)
                .handle(req -> {
                    // Written before the answer starts, so that a failure is a 500, not a cut-off body.
                    byte[] text = metrics.scrape();
                    return Reply.stream(AgentMetrics.CONTENT_TYPE, out -> out.write(text));
                });
    }
}
