package dev.gantry.server.keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Envelope encryption over the {@code data_keys} table: every secret gets a data key of its own,
 * stored only wrapped by the {@link MasterKey}. Rotating the master key re-wraps the data keys and
 * leaves the secrets' ciphertexts untouched. Thread-safe; holds no state but the master key.
 */
public final class DataKeys {
    private final MasterKey master;

    public DataKeys(MasterKey master) {
        this.master = Objects.requireNonNull(master);
    }

    /**
     * A data key as stored: {@code wrapped} opens only under the master key and with this id and purpose.
     *
     * @param purpose what the key protects, e.g. {@code cluster}
     */
    public record WrappedKey(UUID id, String purpose, byte[] wrapped) {
    }

    /** A secret sealed under a new data key, which is already stored (in {@code h}'s transaction). */
    public record Sealed(UUID dataKeyId, byte[] ciphertext) {
    }

    /**
     * Stores a new data key for {@code purpose} and seals {@code plaintext} under it; {@code aad} binds
     * the ciphertext to its row (e.g. the cluster's id and name), so it does not open elsewhere.
     */
    public Sealed seal(Handle h, String purpose, byte[] plaintext, byte[] aad, Instant now) {
        UUID id = UUID.randomUUID();
        byte[] dataKey = AesGcm.randomKey();
        try {
            h.createUpdate("INSERT INTO data_keys (id, purpose, wrapped, created_at) VALUES (:id, :purpose, :wrapped, :now)")
                    .bind("id", id).bind("purpose", purpose)
                    .bind("wrapped", master.wrap(dataKey, wrapAad(id, purpose)))
                    .bind("now", now)
                    .execute();
            return new Sealed(id, AesGcm.seal(dataKey, plaintext, aad));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The plaintext of {@code ciphertext}, sealed under {@code key} with {@code aad}. */
    public byte[] open(WrappedKey key, byte[] ciphertext, byte[] aad) {
        byte[] dataKey = master.unwrap(key.wrapped(), wrapAad(key.id(), key.purpose()));
        try {
            return AesGcm.open(dataKey, ciphertext, aad, "the secret sealed under data key " + key.id());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Deletes a data key whose secret is gone (its row must no longer reference it). */
    public static void delete(Handle h, UUID id) {
        h.createUpdate("DELETE FROM data_keys WHERE id = :id").bind("id", id).execute();
    }

    /** Re-wraps every data key from {@code old} to {@code next} in {@code h}'s transaction; returns how many. */
    static int rewrapAll(Handle h, MasterKey old, MasterKey next) {
        List<WrappedKey> keys = h.createQuery("SELECT id, purpose, wrapped FROM data_keys FOR UPDATE")
                .map((rs, ctx) -> new WrappedKey(rs.getObject("id", UUID.class), rs.getString("purpose"), rs.getBytes("wrapped")))
                .list();
        for (WrappedKey key : keys) {
            byte[] aad = wrapAad(key.id(), key.purpose());
            byte[] dataKey = old.unwrap(key.wrapped(), aad);
            try {
                h.createUpdate("UPDATE data_keys SET wrapped = :wrapped WHERE id = :id")
                        .bind("wrapped", next.wrap(dataKey, aad)).bind("id", key.id()).execute();
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
        return keys.size();
    }

    private static byte[] wrapAad(UUID id, String purpose) {
        return ("gantry data key " + id + " for " + purpose).getBytes(StandardCharsets.UTF_8);
    }
}
