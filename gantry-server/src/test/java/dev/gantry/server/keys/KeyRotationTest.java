package dev.gantry.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gantry-server keys rotate} as an operator runs it (server.toml, stopped server), then a
 * server started on the rotated database: every data key is re-wrapped, the sealed credentials are
 * untouched, and the directory still opens them.
 */
class KeyRotationTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();
    static final String PASSWORD = "rotate-me-not-the-password";

    @TempDir
    Path dir;
    Path keyFile;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void registerTwoClustersAndStop() throws Exception {
        keyFile = dir.resolve("master.key");
        try (TestServer server = TestServer.start(pg, dir)) {
            for (String name : List.of("pve-a", "pve-b")) {
                TestServer.Response r = server.admin("POST", "/api/v1/clusters", """
                        {"name":"%s","kind":"proxmox","url":"pve.example","credentials":{"user":"root@pam","password":"%s"}}"""
                        .formatted(name, PASSWORD));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
        }
    }

    private Path toml(String keys) throws Exception {
        return Files.writeString(dir.resolve("server.toml"), """
                [Database]
                Url = "%s"
                User = "postgres"

                [Keys]
                %s
                """.formatted(pg.jdbcUrl(), keys));
    }

    private Run keys(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KeysCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Optional.empty());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, byte[]> column(String sql) {
        return pg.jdbi().withHandle(h -> h.createQuery(sql).setMapKeyColumn("k").setMapValueColumn("v")
                .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, byte[]>>() { }));
    }

    private String recordedKeyId() {
        return pg.jdbi().withHandle(h -> h.createQuery("SELECT key_id FROM master_key").mapTo(String.class).one());
    }

    private ClusterAccess.Credentials credentialsAfterStart(KeyConfig keys) throws Exception {
        try (var server = dev.gantry.server.Server.start(dev.gantry.server.ServerConfig.defaults()
                        .withListen(new java.net.InetSocketAddress("127.0.0.1", 0)).withDatabase(pg.config()).withKeys(keys),
                dir, java.time.Clock.systemUTC(), dev.gantry.server.ServerIdentity.placeholder())) {
            assertThat(server.clusters().all()).hasSize(2);
            return server.clusters().find("pve-b").orElseThrow().credentials();
        }
    }

    @Test
    void rotatingTheKeyFileReWrapsEveryDataKeyAndTheServerStillOpensTheCredentials() throws Exception {
        String oldKeyFile = Files.readString(keyFile);
        String oldId = recordedKeyId();
        Map<String, byte[]> wrappedBefore = column("SELECT id::text AS k, wrapped AS v FROM data_keys");
        Map<String, byte[]> sealedBefore = column("SELECT name AS k, credentials AS v FROM clusters");

        Run run = keys(Map.of(), "rotate", "--config", toml("Source = \"file\"").toString(), "--state-dir", dir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        String newId = recordedKeyId();
        assertThat(newId).isNotEqualTo(oldId).isEqualTo(KeyFile.read(keyFile).id());
        assertThat(run.out()).startsWith("re-wrapped 2 data keys: master key " + oldId + " -> " + newId + " (key file " + keyFile + ")\n");
        assertThat(Files.readString(keyFile)).isNotEqualTo(oldKeyFile);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.resolve("master.key.new")).doesNotExist();
        Map<String, byte[]> wrappedAfter = column("SELECT id::text AS k, wrapped AS v FROM data_keys");
        assertThat(wrappedAfter.keySet()).isEqualTo(wrappedBefore.keySet());
        wrappedAfter.forEach((id, wrapped) -> assertThat(wrapped).as(id).isNotEqualTo(wrappedBefore.get(id)));
        Map<String, byte[]> sealedAfter = column("SELECT name AS k, credentials AS v FROM clusters");
        sealedAfter.forEach((name, sealed) -> assertThat(sealed).as(name).isEqualTo(sealedBefore.get(name)));

        assertThat(credentialsAfterStart(KeyConfig.DEFAULT)).isEqualTo(new ClusterAccess.Credentials.Password("root@pam", PASSWORD));
    }

    @Test
    void rotatingToAPassphraseMovesTheServerToThatPassphrase() throws Exception {
        Path newPassphrase = Files.writeString(dir.resolve("new-pass"), "a brand new passphrase\n");

        Run run = keys(Map.of(), "rotate", "--config", toml("Source = \"file\"").toString(), "--state-dir", dir.toString(),
                "--to", "passphrase", "--new-passphrase-file", newPassphrase.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("(passphrase)").contains("now set [Keys] Source = \"passphrase\"");
        assertThat(credentialsAfterStart(KeyConfig.withPassphraseFile(newPassphrase)))
                .isEqualTo(new ClusterAccess.Credentials.Password("root@pam", PASSWORD));

        // and back, with the current passphrase from the environment and the new one from its variable
        Run again = keys(Map.of(PassphraseReader.VARIABLE, "a brand new passphrase", KeysCommand.NEW_PASSPHRASE_VARIABLE, "second"),
                "rotate", "--config", toml("Source = \"passphrase\"").toString(), "--state-dir", dir.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        Path second = Files.writeString(dir.resolve("second"), "second\n");
        assertThat(credentialsAfterStart(KeyConfig.withPassphraseFile(second)))
                .isEqualTo(new ClusterAccess.Credentials.Password("root@pam", PASSWORD));
    }

    @Test
    void aRotationWithTheWrongCurrentKeyChangesNothing() throws Exception {
        String oldId = recordedKeyId();
        Map<String, byte[]> wrappedBefore = column("SELECT id::text AS k, wrapped AS v FROM data_keys");
        Path other = dir.resolve("other.key");
        KeyFile.create(other, MasterKey.random());

        Run run = keys(Map.of(), "rotate", "--config", toml("KeyFile = \"" + other + "\"").toString(), "--state-dir", dir.toString());

        assertThat(run.exit()).isEqualTo(KeysCommand.EXIT_CONFIG);
        assertThat(run.err()).startsWith("gantry-server keys: wrong master key: " + other);
        assertThat(recordedKeyId()).isEqualTo(oldId);
        Map<String, byte[]> wrappedAfter = column("SELECT id::text AS k, wrapped AS v FROM data_keys");
        wrappedAfter.forEach((id, wrapped) -> assertThat(wrapped).as(id).isEqualTo(wrappedBefore.get(id)));
        assertThat(dir.resolve("other.key.new")).doesNotExist();
    }

    @Test
    void aRotationInterruptedBeforeTheRenameIsNamedAtTheNextStart() throws Exception {
        String old = Files.readString(keyFile);
        assertThat(keys(Map.of(), "rotate", "--config", toml("Source = \"file\"").toString(), "--state-dir", dir.toString()).exit()).isZero();
        // as if the process had died between the commit and the rename
        Files.move(keyFile, dir.resolve("master.key.new"));
        Files.writeString(keyFile, old);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> credentialsAfterStart(KeyConfig.DEFAULT))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(dir.resolve("master.key.new") + " holds that key: a rotation was interrupted; move it to " + keyFile + ".");
    }

    @Test
    void badUsageIsExit2AndSaysHow() {
        Run run = keys(Map.of(), "rotate", "--to", "hsm");

        assertThat(run.exit()).isEqualTo(KeysCommand.EXIT_USAGE);
        assertThat(run.err()).startsWith("gantry-server keys: --to file or --to passphrase, not hsm\nUsage: gantry-server keys rotate");
    }
}
