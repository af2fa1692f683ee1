package dev.gantry.server.keys;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) over a passphrase, with its salt and cost kept in the database beside the key id,
 * so the cost can be raised for new passphrases without losing old ones.
 *
 * @param salt        16 random bytes, base64
 * @param memoryKiB   memory per derivation; default 64 MiB, RFC 9106's second recommended option
 * @param iterations  passes over that memory; default 3
 * @param parallelism lanes; default 1 (the server derives once per start, so it need not be fast)
 */
record Argon2Kdf(String algorithm, String salt, int memoryKiB, int iterations, int parallelism) {
    static final String ARGON2ID = "argon2id";
    private static final SecureRandom RANDOM = new SecureRandom();

    static Argon2Kdf withNewSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Argon2Kdf(ARGON2ID, Base64.getEncoder().encodeToString(salt), 64 * 1024, 3, 1);
    }

    MasterKey derive(char[] passphrase) {
        if (!ARGON2ID.equals(algorithm)) {
            throw new KeyException("the database names key derivation " + algorithm + ", which this server does not know");
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(Base64.getDecoder().decode(salt))
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] utf8 = utf8(passphrase);
        byte[] key = new byte[AesGcm.KEY_BYTES];
        try {
            generator.generateBytes(utf8, key);
            return MasterKey.of(key);
        } finally {
            Arrays.fill(utf8, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] utf8(char[] chars) {
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
