package dev.gantry.server.resources;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The {@code resources} table: the core of every resource, whatever its type. */
final class ResourceStore {
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, type, tenant, name, tags, state, created, updated, version";

    private ResourceStore() {
    }

    static void insert(Handle h, ResourceCore core) {
        try {
            h.createUpdate("INSERT INTO resources (" + COLUMNS + ") VALUES (:id, :type, :tenant, :name, "
                            + "CAST(:tags AS jsonb), :state, :created, :updated, :version)")
                    .bind("id", core.id()).bind("type", core.type()).bind("tenant", core.tenant().orElse(null))
                    .bind("name", core.name()).bind("tags", Json.text(core.tags()))
                    .bind("state", core.state().json()).bind("created", Timestamp.from(core.created()))
                    .bind("updated", Timestamp.from(core.updated())).bind("version", core.version())
                    .execute();
        } catch (UnableToExecuteStatementException e) {
            throw nameTaken(e, core);
        }
    }

    /** Writes name, tags, state, updated and version of an existing row. */
    static void write(Handle h, ResourceCore core) {
        try {
            h.createUpdate("UPDATE resources SET name = :name, tags = CAST(:tags AS jsonb), state = :state, "
                            + "updated = :updated, version = :version WHERE id = :id")
                    .bind("id", core.id()).bind("name", core.name()).bind("tags", Json.text(core.tags()))
                    .bind("state", core.state().json()).bind("updated", Timestamp.from(core.updated()))
                    .bind("version", core.version()).execute();
        } catch (UnableToExecuteStatementException e) {
            throw nameTaken(e, core);
        }
    }

    private static RuntimeException nameTaken(UnableToExecuteStatementException e, ResourceCore core) {
        if (SqlErrors.uniqueConstraint(e).filter("resources_name_unique"::equals).isPresent()) {
            return ApiException.conflict(core.type() + " " + core.name() + " already exists"
                    + core.tenant().map(t -> " in tenant " + t).orElse(""));
        }
        return e;
    }

    static void delete(Handle h, UUID id) {
        h.createUpdate("DELETE FROM resources WHERE id = :id").bind("id", id).execute();
    }

    /** How {@link #find} locks the row it finds, to the end of the transaction. */
    enum Lock {
        NONE(""),
        /** Kept from being deleted or updated (those take FOR UPDATE), shared with other such readers. */
        KEY_SHARE(" FOR KEY SHARE"),
        UPDATE(" FOR UPDATE");

        private final String sql;

        Lock(String sql) {
            this.sql = sql;
        }
    }

    /** The resource a path segment names (by id or name) in this tenant and type, locked as asked. */
    static Optional<ResourceCore> find(Handle h, String type, Optional<String> tenant, ResourceKey key, Lock lock) {
        String by = key.id().isPresent() ? "id = :id" : "name = :name";
        Query q = h.createQuery("SELECT " + COLUMNS + " FROM resources WHERE type = :type AND "
                        + tenantClause(tenant) + " AND " + by + lock.sql)
                .bind("type", type).bind("name", key.name());
        key.id().ifPresent(id -> q.bind("id", id));
        tenant.ifPresent(t -> q.bind("tenant", t));
        return q.map((rs, ctx) -> core(rs)).findOne();
    }

    static Optional<ResourceCore> byId(Handle h, UUID id, boolean forUpdate) {
        return h.createQuery("SELECT " + COLUMNS + " FROM resources WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .bind("id", id).map((rs, ctx) -> core(rs)).findOne();
    }

    /** One page of a type's resources ordered by name, filtered in SQL so the name index serves it. */
    static List<ResourceCore> list(Handle h, String type, Optional<String> tenant, ListQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM resources WHERE type = :type AND ")
                .append(tenantClause(tenant));
        query.state().ifPresent(s -> sql.append(" AND state = :state"));
        query.prefix().ifPresent(p -> sql.append(" AND name >= :prefix AND name < :prefixEnd"));
        query.after().ifPresent(a -> sql.append(" AND name > :after"));
        if (!query.tags().isEmpty()) {
            sql.append(" AND tags @> CAST(:tags AS jsonb)");
        }
        sql.append(" ORDER BY name LIMIT :limit");
        Query q = h.createQuery(sql.toString()).bind("type", type).bind("limit", query.limit() + 1);
        tenant.ifPresent(t -> q.bind("tenant", t));
        query.state().ifPresent(s -> q.bind("state", s.json()));
        query.prefix().ifPresent(p -> q.bind("prefix", p).bind("prefixEnd", p + Character.MAX_VALUE));
        query.after().ifPresent(a -> q.bind("after", a));
        if (!query.tags().isEmpty()) {
            q.bind("tags", Json.text(query.tags()));
        }
        return new ArrayList<>(q.map((rs, ctx) -> core(rs)).list());
    }

    private static String tenantClause(Optional<String> tenant) {
        return tenant.isPresent() ? "tenant = :tenant" : "tenant IS NULL";
    }

    static ResourceCore core(ResultSet rs) throws SQLException {
        Map<String, String> tags;
        try {
            tags = Json.mapper().readValue(rs.getString("tags"), TAGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResourceCore(rs.getObject("id", UUID.class), rs.getString("type"),
                Optional.ofNullable(rs.getString("tenant")), rs.getString("name"), tags,
                ResourceState.of(rs.getString("state")), rs.getTimestamp("created").toInstant(),
                rs.getTimestamp("updated").toInstant(), rs.getLong("version"));
    }
}
