package dev.gantry.server.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code gantry-server keys rotate}: a new master key re-wraps every data key in one transaction, so
 * the database holds either the old wrapping or the new one, never a mix. A new key file is written
 * beside the old as {@code FILE.new} first and renamed over it only after the commit; a crash between
 * the two leaves the right key in {@code FILE.new}, and the next start says so.
 *
 * <p>Running replicas keep the old key in memory: stop them before rotating (the embedded PostgreSQL
 * refuses a second user of its data directory anyway), start them after.
 */
public final class KeyRotation {
    static final String NEW_PASSPHRASE = "new master key passphrase";

    private KeyRotation() {
    }

    /**
     * @param dataKeys data keys re-wrapped
     * @param keyFile  the new key file (with source file)
     */
    public record Result(String oldKeyId, String newKeyId, KeyConfig.Source source, int dataKeys, Optional<Path> keyFile) {
    }

    static Path pendingFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".new");
    }

    /**
     * Re-wraps every data key with a new master key from {@code to}: a new random key file (at the
     * configured KeyFile), or a new passphrase read from {@code newPassphrase}.
     */
    public static Result rotate(KeyConfig config, Path stateDir, Jdbi jdbi, Clock clock, PassphraseReader passphrase,
                                KeyConfig.Source to, PassphraseReader newPassphrase) {
        MasterKey old = MasterKeys.open(config, stateDir, jdbi, clock, passphrase);
        MasterKey next;
        KeyCheck check;
        Optional<Path> pending = Optional.empty();
        Path keyFile = config.keyFileIn(stateDir);
        if (to == KeyConfig.Source.FILE) {
            next = MasterKey.random();
            pending = Optional.of(pendingFile(keyFile));
            deleteIfExists(pending.get());
            KeyFile.create(pending.get(), next);
            check = new KeyCheck(next.id(), to, Optional.empty());
        } else {
            Argon2Kdf kdf = Argon2Kdf.withNewSalt();
            char[] text = newPassphrase.read(NEW_PASSPHRASE, true);
            try {
                next = kdf.derive(text);
            } finally {
                Arrays.fill(text, '\0');
            }
            check = new KeyCheck(next.id(), to, Optional.of(kdf));
        }
        int count;
        try {
            count = jdbi.inTransaction(h -> {
                KeyCheck current = KeyCheck.read(h, true).orElseThrow();
                if (!current.keyId().equals(old.id())) {
                    throw new KeyException("the master key changed while rotating (another rotation?); nothing was changed");
                }
                int n = DataKeys.rewrapAll(h, old, next);
                KeyCheck.replace(h, check, clock.instant());
                return n;
            });
        } catch (RuntimeException e) {
            pending.ifPresent(KeyRotation::deleteIfExists);
            throw e;
        }
        if (pending.isPresent()) {
            try {
                Files.move(pending.get(), keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new KeyException("the data keys are re-wrapped by the key in " + pending.get() + ", but it could not be moved to "
                        + keyFile + " (" + e.getMessage() + "): move it there by hand before the next start", e);
            }
        }
        return new Result(old.id(), next.id(), to, count, to == KeyConfig.Source.FILE ? Optional.of(keyFile) : Optional.empty());
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KeyException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
