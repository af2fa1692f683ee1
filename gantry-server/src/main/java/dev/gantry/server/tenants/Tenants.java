package dev.gantry.server.tenants;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import dev.gantry.server.db.SqlStates;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The {@code tenants} table. Each change is one statement, so concurrent requests on any replica
 * cannot interleave half-way; a duplicate id is a 409 decided by the primary key, not by a prior read.
 */
public final class Tenants {
    private static final TypeReference<Map<String, Long>> QUOTAS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, display_name, billing_reference, quotas::text AS quotas, created_at, updated_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public Tenants(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Tenants in id order, after {@code after} (exclusive) when given, at most {@code limit}. */
    public List<Tenant> list(Optional<String> after, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tenants WHERE id > :after ORDER BY id LIMIT :limit")
                .bind("after", after.orElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    public Optional<Tenant> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tenants WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** The tenant, or a 404 naming it. */
    public Tenant get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** Creates the tenant; 409 when the id is taken. */
    public Tenant create(TenantRequests.Create request) {
        var now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO tenants (id, display_name, billing_reference, quotas, created_at, updated_at)
                        VALUES (:id, :name, :billing, :quotas::jsonb, :now, :now)
                        ON CONFLICT (id) DO NOTHING
                        RETURNING\s""" + COLUMNS)
                .bind("id", request.id())
                .bind("name", request.displayName())
                .bind("billing", request.billingReference())
                .bind("quotas", Json.text(request.quotasOrNone()))
                .bind("now", now)
                .map((rs, ctx) -> row(rs)).findOne())
                .orElseThrow(() -> ApiException.conflict("tenant " + request.id() + " already exists"));
    }

    /** Applies the fields {@code request} names; 404 when there is no such tenant. */
    public Tenant update(String id, TenantRequests.Update request) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE tenants SET
                            display_name = coalesce(:name, display_name),
                            billing_reference = CASE WHEN :billing IS NULL THEN billing_reference
                                                     WHEN :billing = '' THEN NULL ELSE :billing END,
                            quotas = coalesce(CAST(:quotas AS jsonb), quotas),
                            updated_at = :now
                        WHERE id = :id
                        RETURNING\s""" + COLUMNS)
                .bind("id", id)
                .bind("name", request.displayName())
                .bind("billing", request.billingReference())
                .bind("quotas", request.quotas() == null ? null : Json.text(request.quotas()))
                .bind("now", clock.instant())
                .map((rs, ctx) -> row(rs)).findOne())
                .orElseThrow(() -> notFound(id));
    }

    /** Deletes the tenant; 404 when there is none, 409 while rows of other tables still name it. */
    public void delete(String id) {
        int deleted;
        try {
            deleted = jdbi.withHandle(h -> h.createUpdate("DELETE FROM tenants WHERE id = :id").bind("id", id).execute());
        } catch (UnableToExecuteStatementException e) {
            if (SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION)) {
                throw ApiException.conflict("tenant " + id + " still owns resources; delete them first ("
                        + SqlStates.detail(e) + ")");
            }
            throw e;
        }
        if (deleted == 0) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no tenant " + id);
    }

    private static Tenant row(ResultSet rs) throws SQLException {
        Map<String, Long> quotas;
        try {
            quotas = Json.mapper().readValue(rs.getString("quotas"), QUOTAS);
        } catch (java.io.IOException e) {
            throw new SQLException("tenant " + rs.getString("id") + ": unreadable quotas", e);
        }
        return new Tenant(rs.getString("id"), rs.getString("display_name"), rs.getString("billing_reference"),
                quotas, rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
