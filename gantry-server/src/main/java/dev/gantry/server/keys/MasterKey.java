package dev.gantry.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every data key: 256 bits from the key file or from Argon2id over a passphrase.
 * Its {@link #id()} is what the database keeps to recognise it, never the key itself.
 */
public final class MasterKey {
    private static final byte[] ID_LABEL = "gantry master key id v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    private final String id;

    private MasterKey(byte[] key) {
        if (key.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("a master key has " + AesGcm.KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = key.clone();
        this.id = idOf(this.key);
    }

    static MasterKey of(byte[] key) {
        return new MasterKey(key);
    }

    static MasterKey random() {
        return new MasterKey(AesGcm.randomKey());
    }

    /**
     * 16 hex digits of HMAC-SHA256(key, a fixed label): a key check value. It tells a wrong key apart
     * at start, and reveals nothing usable about the key.
     */
    public String id() {
        return id;
    }

    byte[] wrap(byte[] dataKey, byte[] aad) {
        return AesGcm.seal(key, dataKey, aad);
    }

    byte[] unwrap(byte[] wrapped, byte[] aad) {
        return AesGcm.open(key, wrapped, aad, "a wrapped data key");
    }

    byte[] bytes() {
        return key.clone();
    }

    private static String idOf(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(Arrays.copyOf(mac.doFinal(ID_LABEL), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
