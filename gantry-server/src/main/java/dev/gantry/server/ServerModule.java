package dev.gantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.server.db.Database;
import dev.gantry.server.db.Migrations;
import java.util.function.Supplier;

/** The public routes: {@code /api/v1/health} and the API's own description, {@code /api/v1/openapi.json}. */
final class ServerModule implements ApiModule {
    static final String NAME = "server";

    private final Database database;
    private final Supplier<JsonNode> openApi;

    ServerModule(Database database, Supplier<JsonNode> openApi) {
        this.database = database;
        this.openApi = openApi;
    }

    /**
     * Liveness is this answer itself; readiness is {@code ready}: the database answers and every
     * migration this build carries is applied.
     *
     * @param status "ok" when ready, "unavailable" otherwise
     */
    public record Health(String status, boolean live, boolean ready, String version, DatabaseHealth database,
                         MigrationHealth migrations) {
    }

    /** @param error why it is unreachable (absent when reachable) */
    public record DatabaseHealth(boolean reachable, boolean embedded, String error) {
    }

    /**
     * @param applied every migration this build carries is applied, none failed
     * @param current the database's schema version (absent on an empty or unreachable database)
     * @param latest  the newest version this build carries
     * @param pending migrations not yet applied (absent when the database is unreachable)
     */
    public record MigrationHealth(boolean applied, String current, String latest, Integer pending) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Health of this server and the API description";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/health").summary("Liveness and readiness of this server")
                .description("200 when ready (database reachable, every migration applied), 503 with the same body when not. No credentials needed.")
                .returns(Health.class)
                .handle(req -> {
                    Health health = health();
                    return Reply.of(health.ready() ? 200 : 503, health);
                });
        routes.get("/openapi.json").summary("The OpenAPI 3.1 description of this API").returns(JsonNode.class)
                .handle(req -> openApi.get());
    }

    Health health() {
        Database.Reachability reach = database.ping();
        MigrationHealth migrations;
        if (reach.reachable()) {
            Migrations.Status s = database.migrations().status();
            migrations = new MigrationHealth(s.upToDate(), s.current(), s.latest(), s.pending());
        } else {
            migrations = new MigrationHealth(false, null, null, null);
        }
        boolean ready = reach.reachable() && migrations.applied();
        return new Health(ready ? "ok" : "unavailable", true, ready, Version.current(),
                new DatabaseHealth(reach.reachable(), database.embedded(), reach.error()), migrations);
    }
}
