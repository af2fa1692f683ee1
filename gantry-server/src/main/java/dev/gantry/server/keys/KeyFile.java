package dev.gantry.server.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/** A master key file: the key in base64 on one line, mode 0600, created with that mode (never chmod-ed after). */
final class KeyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFile() {
    }

    static MasterKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new KeyException("master key file " + file + " does not exist");
        } catch (IOException e) {
            throw new KeyException("cannot read master key file " + file + ": " + e.getMessage(), e);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != AesGcm.KEY_BYTES) {
            throw new KeyException("master key file " + file + " does not hold a key (expected "
                    + AesGcm.KEY_BYTES + " bytes in base64 on one line)");
        }
        return MasterKey.of(key);
    }

    /** Writes {@code key} to a new file; fails if {@code file} exists, so a key is never overwritten by accident. */
    static void create(Path file, MasterKey key) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(file, Base64.getEncoder().encodeToString(key.bytes()) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            throw new KeyException("master key file " + file + " already exists; it is never overwritten", e);
        } catch (IOException e) {
            throw new KeyException("cannot write master key file " + file + ": " + e.getMessage(), e);
        }
    }
}
