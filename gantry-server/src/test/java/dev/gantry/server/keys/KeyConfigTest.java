package dev.gantry.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import dev.gantry.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [Keys] of server.toml, and the key file's own checks. */
class KeyConfigTest {
    @TempDir
    Path dir;

    @Test
    void withoutKeysTheMasterKeyIsAFileInTheStateDirectory() throws Exception {
        KeyConfig keys = ServerConfig.read(TomlConfig.parse("", "server.toml")).keys();

        assertThat(keys).isEqualTo(KeyConfig.DEFAULT);
        assertThat(keys.keyFileIn(Path.of("/var/lib/gantry-server"))).isEqualTo(Path.of("/var/lib/gantry-server/master.key"));
    }

    @Test
    void aPassphraseFileIsReadWithSourcePassphrase() throws Exception {
        Path pass = Files.writeString(dir.resolve("pass"), "x\n");

        KeyConfig keys = ServerConfig.read(TomlConfig.parse("""
                [Keys]
                Source = "passphrase"
                PassphraseFile = "%s"
                """.formatted(pass), "server.toml")).keys();

        assertThat(keys).isEqualTo(new KeyConfig(KeyConfig.Source.PASSPHRASE, Optional.empty(), Optional.of(pass)));
    }

    @Test
    void contradictoryOrBadKeysAreEachNamed() {
        assertThatThrownBy(() -> ServerConfig.read(TomlConfig.parse("""
                [Keys]
                Source = "vault"
                KeyFile = "relative.key"
                PassphraseFile = "/nonexistent/pass"
                """, "server.toml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[Keys] Source = \"vault\": expected one of file, passphrase")
                .hasMessageContaining("[Keys] KeyFile = \"relative.key\": an absolute path")
                .hasMessageContaining("[Keys] PassphraseFile = \"/nonexistent/pass\": no such file");
    }

    @Test
    void aKeyFileOthersCanReadIsRefusedNotUsed() throws Exception {
        Path file = dir.resolve("master.key");
        KeyFile.create(file, MasterKey.random());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> KeyFile.read(file))
                .isInstanceOf(KeyException.class)
                .hasMessage("master key file " + file + " has mode rw-r--r--, readable or writable by others: "
                        + "make it rw------- (chmod 600) and consider rotating the key");
    }

    @Test
    void aFileThatIsNotAKeyIsNamed() throws Exception {
        Path file = Files.createFile(dir.resolve("master.key"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "not a key\n");

        assertThatThrownBy(() -> KeyFile.read(file))
                .isInstanceOf(KeyException.class)
                .hasMessage("master key file " + file + " does not hold a key (expected 32 bytes in base64 on one line)");
    }
}
