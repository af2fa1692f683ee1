package dev.gantry.server.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master key at start and checks it against the database's {@code master_key} row: the
 * first start records its id (creating the key file or the passphrase's salt); every later start
 * refuses a missing or different key with a {@link KeyException} saying what to do.
 */
public final class MasterKeys {
    static final String PASSPHRASE = "master key passphrase";
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeys.class);
    private static final String LOST = " If the key is lost for good, see \"Lost master key\" in docs/server/clusters.md.";

    private MasterKeys() {
    }

    /** The master key {@code config} names, checked against {@code jdbi}'s database (recorded there on first start). */
    public static MasterKey open(KeyConfig config, Path stateDir, Jdbi jdbi, Clock clock, PassphraseReader passphrases) {
        Optional<KeyCheck> recorded = jdbi.withHandle(h -> KeyCheck.read(h, false));
        if (recorded.isPresent() && recorded.get().source() != config.source()) {
            throw new KeyException("the database's credentials are wrapped by a master key from a " + recorded.get().source().wire()
                    + ", but [Keys] Source is \"" + config.source().wire() + "\": set Source = \""
                    + recorded.get().source().wire() + "\" in server.toml.");
        }
        KeyCheck mine;
        MasterKey key;
        if (config.source() == KeyConfig.Source.FILE) {
            Path file = config.keyFileIn(stateDir);
            key = fromFile(file, recorded);
            mine = new KeyCheck(key.id(), KeyConfig.Source.FILE, Optional.empty());
        } else {
            Argon2Kdf kdf = recorded.flatMap(KeyCheck::kdf).orElseGet(Argon2Kdf::withNewSalt);
            char[] passphrase = passphrases.read(PASSPHRASE, recorded.isEmpty());
            try {
                key = kdf.derive(passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            mine = new KeyCheck(key.id(), KeyConfig.Source.PASSPHRASE, Optional.of(kdf));
        }
        KeyCheck check = recorded.orElseGet(() -> jdbi.inTransaction(h -> KeyCheck.insertIfAbsent(h, mine, clock.instant())));
        if (!check.keyId().equals(key.id())) {
            throw wrongKey(config, stateDir, key, check);
        }
        if (recorded.isEmpty()) {
            LOG.info("master key {} ({}) recorded in the database; credentials will be wrapped by it", key.id(), config.source().wire());
        }
        return key;
    }

    private static MasterKey fromFile(Path file, Optional<KeyCheck> recorded) {
        if (!Files.exists(file)) {
            if (recorded.isPresent()) {
                throw new KeyException("master key file " + file + " is missing, and the database's credentials are wrapped by key "
                        + recorded.get().keyId() + ": restore that file from your backup (or set [Keys] KeyFile to where it is)."
                        + interrupted(file, recorded.get()) + LOST);
            }
            KeyFile.create(file, MasterKey.random());
            LOG.info("created master key file {} (mode 0600); back it up: without it the clusters' credentials cannot be read", file);
        }
        return KeyFile.read(file);
    }

    private static KeyException wrongKey(KeyConfig config, Path stateDir, MasterKey key, KeyCheck check) {
        if (config.source() == KeyConfig.Source.PASSPHRASE) {
            return new KeyException("wrong master key passphrase: it gives key " + key.id() + ", but the database's credentials are wrapped by key "
                    + check.keyId() + ". Start again with the passphrase this database was set up (or last rotated) with." + LOST);
        }
        Path file = config.keyFileIn(stateDir);
        return new KeyException("wrong master key: " + file + " holds key " + key.id() + ", but the database's credentials are wrapped by key "
                + check.keyId() + ". Use this database's key file (every replica needs a copy of the same file)."
                + interrupted(file, check) + LOST);
    }

    /** A rotation that stopped between its commit and the file's rename leaves the right key in FILE.new. */
    private static String interrupted(Path file, KeyCheck check) {
        Path pending = KeyRotation.pendingFile(file);
        try {
            if (Files.exists(pending) && KeyFile.read(pending).id().equals(check.keyId())) {
                return " " + pending + " holds that key: a rotation was interrupted; move it to " + file + ".";
            }
        } catch (KeyException e) {
            // not a key file: say nothing about it
        }
        return "";
    }
}
