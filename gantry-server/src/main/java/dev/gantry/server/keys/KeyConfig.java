package dev.gantry.server.keys;

import dev.gantry.common.config.TomlConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Section {@code [Keys]} of server.toml: where the master key that wraps the clusters' credential keys
 * comes from. It never enters the database (docs/server/clusters.md).
 *
 * <ul>
 * <li>{@code Source} (default {@code file}) — {@code file}: a random key in {@code KeyFile}, created
 * (mode 0600) at the first start; {@code passphrase}: derived with Argon2id from a passphrase given at
 * each start, as HyperProxmox asks for one.</li>
 * <li>{@code KeyFile} (default {@code master.key} in the state directory) — with Source file.</li>
 * <li>{@code PassphraseFile} (default: none) — with Source passphrase: a file whose first line is the
 * passphrase. Without it the passphrase comes from {@code GANTRY_SERVER_PASSPHRASE}, else from a prompt
 * on the terminal.</li>
 * </ul>
 */
public record KeyConfig(Source source, Optional<Path> keyFile, Optional<Path> passphraseFile) {
    public static final String DEFAULT_KEY_FILE = "master.key";
    public static final KeyConfig DEFAULT = new KeyConfig(Source.FILE, Optional.empty(), Optional.empty());

    /** Where the master key comes from; the database records which, so a mismatch is named at start. */
    public enum Source {
        FILE, PASSPHRASE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Source of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    public static KeyConfig withKeyFile(Path file) {
        return new KeyConfig(Source.FILE, Optional.of(file), Optional.empty());
    }

    public static KeyConfig withPassphraseFile(Path file) {
        return new KeyConfig(Source.PASSPHRASE, Optional.empty(), Optional.of(file));
    }

    /** Reads {@code [Keys]}; problems are recorded on the section and reported by {@link TomlConfig#finish}. */
    public static KeyConfig read(TomlConfig.Section keys) {
        Source source = Source.of(keys.choice("Source", "file", List.of("file", "passphrase")));
        Optional<Path> keyFile = keys.optionalString("KeyFile").map(Path::of);
        Optional<Path> passphraseFile = keys.readableFile("PassphraseFile");
        if (keyFile.isPresent() && !keyFile.get().isAbsolute()) {
            keys.reject("KeyFile", keyFile.get(), "an absolute path");
        }
        if (source == Source.FILE && passphraseFile.isPresent()) {
            keys.reject("PassphraseFile", passphraseFile.get(), "only with Source = \"passphrase\"");
        }
        if (source == Source.PASSPHRASE && keyFile.isPresent()) {
            keys.reject("KeyFile", keyFile.get(), "only with Source = \"file\"");
        }
        return new KeyConfig(source, keyFile, passphraseFile);
    }

    /** The key file this configuration names, or the default one in {@code stateDir}. */
    public Path keyFileIn(Path stateDir) {
        return keyFile.orElse(stateDir.resolve(DEFAULT_KEY_FILE));
    }
}
