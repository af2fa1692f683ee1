package dev.gantry.server.keys;

import dev.gantry.common.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code master_key} row: which master key wraps the data keys (its id, never the key), where it
 * comes from, and the Argon2id salt and cost for a passphrase.
 */
record KeyCheck(String keyId, KeyConfig.Source source, Optional<Argon2Kdf> kdf) {
    static Optional<KeyCheck> read(Handle h, boolean forUpdate) {
        return h.createQuery("SELECT key_id, source, kdf::text AS kdf FROM master_key" + (forUpdate ? " FOR UPDATE" : ""))
                .map((rs, ctx) -> new KeyCheck(rs.getString("key_id"), KeyConfig.Source.of(rs.getString("source")),
                        Optional.ofNullable(rs.getString("kdf")).map(KeyCheck::kdf)))
                .findOne();
    }

    /** Records this check unless another replica recorded one first; returns the one recorded. */
    static KeyCheck insertIfAbsent(Handle h, KeyCheck check, Instant now) {
        h.createUpdate("""
                        INSERT INTO master_key (key_id, source, kdf, created_at) VALUES (:id, :source, CAST(:kdf AS jsonb), :now)
                        ON CONFLICT (singleton) DO NOTHING""")
                .bind("id", check.keyId).bind("source", check.source.wire())
                .bind("kdf", check.kdf.map(Json::text).orElse(null)).bind("now", now)
                .execute();
        return read(h, false).orElseThrow();
    }

    static void replace(Handle h, KeyCheck check, Instant now) {
        h.createUpdate("UPDATE master_key SET key_id = :id, source = :source, kdf = CAST(:kdf AS jsonb), rotated_at = :now")
                .bind("id", check.keyId).bind("source", check.source.wire())
                .bind("kdf", check.kdf.map(Json::text).orElse(null)).bind("now", now)
                .execute();
    }

    private static Argon2Kdf kdf(String json) {
        try {
            return Json.mapper().readValue(json, Argon2Kdf.class);
        } catch (IOException e) {
            throw new KeyException("the database's master_key row has an unreadable kdf: " + e.getMessage(), e);
        }
    }
}
