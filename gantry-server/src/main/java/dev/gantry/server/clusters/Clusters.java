package dev.gantry.server.clusters;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import dev.gantry.server.keys.DataKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The {@code clusters} table, credentials sealed under a data key per cluster ({@link DataKeys}), and
 * the database-backed {@link ClusterDirectory}: each call reads the table afresh, so a cluster added on
 * any replica is seen at the next call. A duplicate name is a 409 decided by the unique index.
 */
public final class Clusters implements ClusterDirectory {
    static final String PURPOSE = "cluster";
    private static final String VIEW_COLUMNS = """
            name, kind, url, port, insecure, fingerprint, template, storage_disk, exclude_nodes, groups, weight,
            credentials_info::text AS credentials_info, created_at, updated_at""";
    private static final String ACCESS_QUERY = """
            SELECT c.id, c.name, c.kind, c.url, c.port, c.insecure, c.fingerprint, c.template, c.storage_disk,
                   c.exclude_nodes, c.groups, c.weight, c.credentials, k.id AS key_id, k.purpose, k.wrapped
            FROM clusters c JOIN data_keys k ON k.id = c.data_key_id""";

    private final Jdbi jdbi;
    private final DataKeys keys;
    private final Clock clock;

    public Clusters(Jdbi jdbi, DataKeys keys, Clock clock) {
        this.jdbi = jdbi;
        this.keys = keys;
        this.clock = clock;
    }

    /** Every cluster, in name order. */
    public List<Cluster> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + VIEW_COLUMNS + " FROM clusters ORDER BY name")
                .map((rs, ctx) -> view(rs)).list());
    }

    /** The cluster, or a 404 naming it. */
    public Cluster get(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + VIEW_COLUMNS + " FROM clusters WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> view(rs)).findOne()).orElseThrow(() -> notFound(name));
    }

    /** Registers a validated cluster; 409 when the name is taken, with nothing written. */
    public Cluster create(ClusterRequest request) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            boolean taken = h.createQuery("SELECT 1 FROM clusters WHERE name = :name").bind("name", request.name())
                    .mapTo(Integer.class).findOne().isPresent();
            if (taken) {
                throw conflict(request.name());
            }
            DataKeys.Sealed sealed = keys.seal(h, PURPOSE, plaintext(request.credentials()), aad(id, request.name()), now);
            int inserted = bindSettings(h.createQuery("""
                            INSERT INTO clusters (id, name, kind, url, port, insecure, fingerprint, template, storage_disk,
                                                  exclude_nodes, groups, weight, credentials_info, credentials, data_key_id,
                                                  created_at, updated_at)
                            VALUES (:id, :name, :kind, :url, :port, :insecure, :fingerprint, :template, :storageDisk,
                                    :excludeNodes, :groups, :weight, CAST(:info AS jsonb), :credentials, :dataKey, :now, :now)
                            ON CONFLICT (name) DO NOTHING
                            RETURNING 1"""), request, request.credentials())
                    .bind("id", id)
                    .bind("name", request.name())
                    .bind("info", Json.text(request.credentials().info()))
                    .bind("credentials", sealed.ciphertext())
                    .bind("dataKey", sealed.dataKeyId())
                    .bind("now", now)
                    .mapTo(Integer.class).findOne().orElse(0);
            if (inserted == 0) {
                // another request took the name since the check: roll the data key back with it
                throw conflict(request.name());
            }
            return get(h, request.name());
        });
    }

    /**
     * Replaces a cluster's settings; credentials left out keep the stored ones (decrypted and sealed
     * again, since the kind or nothing may have changed). 404 when there is none.
     */
    public Cluster update(String name, ClusterRequest request) {
        if (request.name() != null && !request.name().equals(name)) {
            throw ApiException.invalid("name", "rename", "a cluster is not renamed; leave name out or give " + name, request.name());
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            Stored stored = stored(h, name, true).orElseThrow(() -> notFound(name));
            CredentialsInput credentials = request.credentials();
            if (credentials == null) {
                if (!stored.kind().equals(request.kindValue().wire())) {
                    throw ApiException.invalid("credentials", "required",
                            "the kind changes from " + stored.kind() + ": give the credentials of a " + request.kind() + " cluster", null);
                }
                credentials = stored.credentials();
            }
            DataKeys.Sealed sealed = keys.seal(h, PURPOSE, plaintext(credentials), aad(stored.id(), name), now);
            bindSettings(h.createUpdate("""
                            UPDATE clusters SET kind = :kind, url = :url, port = :port, insecure = :insecure,
                                fingerprint = :fingerprint, template = :template, storage_disk = :storageDisk,
                                exclude_nodes = :excludeNodes, groups = :groups, weight = :weight,
                                credentials_info = CAST(:info AS jsonb), credentials = :credentials,
                                data_key_id = :dataKey, updated_at = :now
                            WHERE id = :id"""), request, credentials)
                    .bind("id", stored.id())
                    .bind("info", Json.text(credentials.info()))
                    .bind("credentials", sealed.ciphertext())
                    .bind("dataKey", sealed.dataKeyId())
                    .bind("now", now)
                    .execute();
            DataKeys.delete(h, stored.dataKeyId());
            return get(h, name);
        });
    }

    /** Deletes the cluster and its data key; 404 when there is none. */
    public void delete(String name) {
        boolean deleted = jdbi.inTransaction(h -> {
            Optional<UUID> dataKey = h.createQuery("DELETE FROM clusters WHERE name = :name RETURNING data_key_id")
                    .bind("name", name).mapTo(UUID.class).findOne();
            dataKey.ifPresent(k -> DataKeys.delete(h, k));
            return dataKey.isPresent();
        });
        if (!deleted) {
            throw notFound(name);
        }
    }

    @Override
    public List<ClusterAccess> all() {
        return jdbi.withHandle(h -> h.createQuery(ACCESS_QUERY + " ORDER BY c.name").map((rs, ctx) -> access(rs)).list());
    }

    @Override
    public Optional<ClusterAccess> find(String name) {
        return jdbi.withHandle(h -> h.createQuery(ACCESS_QUERY + " WHERE c.name = :name").bind("name", name)
                .map((rs, ctx) -> access(rs)).findOne());
    }

    private <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindSettings(S statement, ClusterRequest r,
                                                                                    CredentialsInput credentials) {
        return statement.bind("kind", r.kindValue().wire())
                .bind("url", r.baseUrl(credentials).toString())
                .bind("port", r.portValue(credentials))
                .bind("insecure", r.insecureValue())
                .bind("fingerprint", r.fingerprintValue().orElse(null))
                .bind("template", r.template())
                .bind("storageDisk", r.storageDisk())
                .bind("excludeNodes", r.excludeNodesValue().toArray(String[]::new))
                .bind("groups", r.groupsValue().toArray(String[]::new))
                .bind("weight", r.weightValue());
    }

    /** A cluster's row with its credentials opened, for an update that keeps them. */
    private record Stored(UUID id, String kind, UUID dataKeyId, CredentialsInput credentials) {
    }

    private Optional<Stored> stored(Handle h, String name, boolean forUpdate) {
        return h.createQuery("""
                        SELECT c.id, c.name, c.kind, c.credentials, k.id AS key_id, k.purpose, k.wrapped
                        FROM clusters c JOIN data_keys k ON k.id = c.data_key_id WHERE c.name = :name"""
                        + (forUpdate ? " FOR UPDATE OF c" : ""))
                .bind("name", name)
                .map((rs, ctx) -> new Stored(rs.getObject("id", UUID.class), rs.getString("kind"),
                        rs.getObject("key_id", UUID.class), credentials(rs)))
                .findOne();
    }

    private static Cluster get(Handle h, String name) {
        Query q = h.createQuery("SELECT " + VIEW_COLUMNS + " FROM clusters WHERE name = :name").bind("name", name);
        return q.map((rs, ctx) -> view(rs)).one();
    }

    private ClusterAccess access(ResultSet rs) throws SQLException {
        CredentialsInput credentials = credentials(rs);
        URI url = URI.create(rs.getString("url") + ":" + rs.getInt("port"));
        return new ClusterAccess(rs.getString("name"), ClusterAccess.Kind.of(rs.getString("kind")).orElseThrow(), url,
                rs.getBoolean("insecure"), Optional.ofNullable(rs.getString("fingerprint")), credentials.toCredentials(),
                Optional.ofNullable(rs.getString("template")), Optional.ofNullable(rs.getString("storage_disk")),
                strings(rs, "exclude_nodes"), strings(rs, "groups"), rs.getDouble("weight"));
    }

    private CredentialsInput credentials(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        DataKeys.WrappedKey key = new DataKeys.WrappedKey(rs.getObject("key_id", UUID.class), rs.getString("purpose"),
                rs.getBytes("wrapped"));
        byte[] plain = keys.open(key, rs.getBytes("credentials"), aad(id, rs.getString("name")));
        try {
            return Json.mapper().readValue(plain, CredentialsInput.class);
        } catch (IOException e) {
            throw new SQLException("cluster " + rs.getString("name") + ": unreadable credentials", e);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    private static Cluster view(ResultSet rs) throws SQLException {
        CredentialsInfo info;
        try {
            info = Json.mapper().readValue(rs.getString("credentials_info"), CredentialsInfo.class);
        } catch (IOException e) {
            throw new SQLException("cluster " + rs.getString("name") + ": unreadable credentials_info", e);
        }
        return new Cluster(rs.getString("name"), rs.getString("kind"), rs.getString("url"), rs.getInt("port"),
                rs.getBoolean("insecure"), rs.getString("fingerprint"), rs.getString("template"), rs.getString("storage_disk"),
                strings(rs, "exclude_nodes"), strings(rs, "groups"), rs.getDouble("weight"), info,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        return List.of((String[]) rs.getArray(column).getArray());
    }

    private static byte[] plaintext(CredentialsInput credentials) {
        return Json.bytes(credentials);
    }

    /** Binds the sealed credentials to their cluster: they do not open under another id or name. */
    private static byte[] aad(UUID id, String name) {
        return ("gantry cluster " + id + " " + name).getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("no cluster " + name);
    }

    private static ApiException conflict(String name) {
        return ApiException.conflict("cluster " + name + " already exists");
    }
}
