package dev.gantry.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerIdentity;
import dev.gantry.server.testing.PostgresExtension;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A whole server's start: the master key is created or derived once, recorded by id, and a missing or wrong one refuses the start. */
class MasterKeyStartTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path dir;

    private ServerConfig config(KeyConfig keys) {
        return ServerConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)).withDatabase(pg.config()).withKeys(keys);
    }

    private void startAndStop(KeyConfig keys) throws Exception {
        Server.start(config(keys), dir, Clock.systemUTC(), ServerIdentity.placeholder()).close();
    }

    private Map<String, Object> recorded() {
        return pg.jdbi().withHandle(h -> h.createQuery("SELECT key_id, source, kdf::text AS kdf FROM master_key").mapToMap().one());
    }

    @Test
    void theFirstStartCreatesAnOwnerOnlyKeyFileAndRecordsItsIdAndLaterStartsUseIt() throws Exception {
        startAndStop(KeyConfig.DEFAULT);

        Path file = dir.resolve("master.key");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String keyId = KeyFile.read(file).id();
        assertThat(recorded()).containsEntry("key_id", keyId).containsEntry("source", "file").containsEntry("kdf", null);
        String before = Files.readString(file);

        startAndStop(KeyConfig.DEFAULT);
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(recorded()).containsEntry("key_id", keyId);
    }

    @Test
    void aDifferentKeyFileStopsTheStartNamingBothKeys() throws Exception {
        startAndStop(KeyConfig.DEFAULT);
        String recordedId = (String) recorded().get("key_id");
        Path other = dir.resolve("other.key");
        MasterKey wrong = MasterKey.random();
        KeyFile.create(other, wrong);

        assertThatThrownBy(() -> startAndStop(KeyConfig.withKeyFile(other)))
                .isInstanceOf(KeyException.class)
                .hasMessageStartingWith("wrong master key: " + other + " holds key " + wrong.id()
                        + ", but the database's credentials are wrapped by key " + recordedId + ".")
                .hasMessageContaining("Lost master key");
        assertThat(recorded()).containsEntry("key_id", recordedId);
    }

    @Test
    void aMissingKeyFileAfterTheFirstStartIsNotReplacedButRefused() throws Exception {
        startAndStop(KeyConfig.DEFAULT);
        Path file = dir.resolve("master.key");
        Files.delete(file);

        assertThatThrownBy(() -> startAndStop(KeyConfig.DEFAULT))
                .isInstanceOf(KeyException.class)
                .hasMessageStartingWith("master key file " + file + " is missing, and the database's credentials are wrapped by key "
                        + recorded().get("key_id") + ": restore that file from your backup");
        assertThat(file).doesNotExist();
    }

    @Test
    void aPassphraseIsStretchedWithArgon2idAndAWrongOneStopsTheStart() throws Exception {
        Path right = Files.writeString(dir.resolve("pass"), "correct horse battery staple\n");
        Path wrong = Files.writeString(dir.resolve("wrong"), "correct horse battery stapler\n");

        startAndStop(KeyConfig.withPassphraseFile(right));
        Map<String, Object> row = recorded();
        assertThat(row).containsEntry("source", "passphrase");
        assertThat((String) row.get("kdf")).contains("\"algorithm\": \"argon2id\"").contains("\"memoryKiB\": 65536")
                .contains("\"iterations\": 3").contains("\"salt\": ");
        assertThat(dir.resolve("master.key")).doesNotExist();
        startAndStop(KeyConfig.withPassphraseFile(right));

        assertThatThrownBy(() -> startAndStop(KeyConfig.withPassphraseFile(wrong)))
                .isInstanceOf(KeyException.class)
                .hasMessageStartingWith("wrong master key passphrase: it gives key ")
                .hasMessageContaining("but the database's credentials are wrapped by key " + row.get("key_id"));
    }

    @Test
    void aKeySourceOtherThanTheRecordedOneIsNamedWithTheSettingToChange() throws Exception {
        startAndStop(KeyConfig.DEFAULT);
        Path pass = Files.writeString(dir.resolve("pass"), "some passphrase\n");

        assertThatThrownBy(() -> startAndStop(KeyConfig.withPassphraseFile(pass)))
                .isInstanceOf(KeyException.class)
                .hasMessage("the database's credentials are wrapped by a master key from a file, but [Keys] Source is \"passphrase\": "
                        + "set Source = \"file\" in server.toml.");
    }

    @Test
    void withoutAnyPassphraseTheStartSaysWhereOneCanComeFrom() {
        KeyConfig keys = new KeyConfig(KeyConfig.Source.PASSPHRASE, java.util.Optional.empty(), java.util.Optional.empty());
        PassphraseReader none = PassphraseReader.standard(java.util.Optional.empty(), PassphraseReader.VARIABLE, Map.of(),
                java.util.Optional.empty());

        assertThatThrownBy(() -> MasterKeys.open(keys, dir, pg.jdbi(), Clock.systemUTC(), none))
                .isInstanceOf(KeyException.class)
                .hasMessage("no master key passphrase: give a passphrase file, set GANTRY_SERVER_PASSPHRASE, or start on a terminal to be asked");
        long recorded = pg.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM master_key").mapTo(Long.class).one());
        assertThat(recorded).isZero();
    }

    @Test
    void thePassphraseVariableIsUsedWhenThereIsNoFile() {
        KeyConfig keys = new KeyConfig(KeyConfig.Source.PASSPHRASE, java.util.Optional.empty(), java.util.Optional.empty());
        PassphraseReader env = PassphraseReader.standard(java.util.Optional.empty(), PassphraseReader.VARIABLE,
                Map.of(PassphraseReader.VARIABLE, "from the environment"), java.util.Optional.empty());

        MasterKey first = MasterKeys.open(keys, dir, pg.jdbi(), Clock.systemUTC(), env);
        MasterKey again = MasterKeys.open(keys, dir, pg.jdbi(), Clock.systemUTC(), env);

        assertThat(again.id()).isEqualTo(first.id()).isEqualTo(recorded().get("key_id"));
    }
}
