package dev.gantry.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ListenerInfo;
import dev.gantry.common.http.Routes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** {@code /api/v1/agent} and the API's own description, {@code /api/v1/openapi.json}. */
public final class AgentModule implements ApiModule {
    private final String version;
    private final Instant startedAt;
    private final Clock clock;
    private final boolean authentication;
    private final Supplier<List<String>> modules;
    private final Supplier<List<ListenerInfo>> listeners;
    private final Supplier<JsonNode> openApi;

    public AgentModule(String version, Instant startedAt, Clock clock, boolean authentication,
                       Supplier<List<String>> modules, Supplier<List<ListenerInfo>> listeners,
                       Supplier<JsonNode> openApi) {
        this.version = version;
        this.startedAt = startedAt;
        this.clock = clock;
        this.authentication = authentication;
        this.modules = modules;
        this.listeners = listeners;
        this.openApi = openApi;
    }

    /** What {@code GET /api/v1/agent} answers; {@code uptime} is in whole seconds. */
    public record AgentInfo(String version, long uptime, Instant startedAt, boolean authentication,
                            List<String> modules, List<ListenerInfo> listeners) {
    }

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public String description() {
        return "This agent: version, uptime, modules, listeners, and the API description";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/agent").summary("Describe this agent").returns(AgentInfo.class)
                .handle(req -> new AgentInfo(version, Duration.between(startedAt, clock.instant()).toSeconds(),
                        startedAt, authentication, modules.get(), listeners.get()));
        routes.get("/openapi.json").summary("The OpenAPI 3.1 description of this API").returns(JsonNode.class)
                .handle(req -> openApi.get());
    }
}
