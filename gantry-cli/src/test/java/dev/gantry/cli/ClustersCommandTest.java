package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerIdentity;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterAccess.Credentials;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry clusters against a real gantry-server on its embedded PostgreSQL, checked through the server's ClusterDirectory. */
class ClustersCommandTest {
    static final String PASSWORD = "cli-pve-password";
    static final String TOKEN_SECRET = "0b7e0f3c-cli-token-secret";

    @TempDir
    static Path stateDir;
    static Server server;
    static String adminFile;

    @BeforeAll
    static void startServer() throws Exception {
        server = Server.start(ServerConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)), stateDir,
                Clock.systemUTC(), ServerIdentity.placeholder());
        adminFile = server.adminFile().toString();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void noClusters() {
        server.database().jdbi().useHandle(h -> h.execute("DELETE FROM clusters; DELETE FROM data_keys"));
    }

    private static Cli.Run withStdin(String stdin, Supplier<Cli.Run> run) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void addShowUpdateListAndRemoveAProxmoxClusterWithSecretsFromAFileAndStdin() throws Exception {
        Path passwordFile = Files.writeString(stateDir.resolve("pw"), PASSWORD + "\n");

        Cli.Run added = Cli.run("clusters", "add", "pve-eu", "--kind", "proxmox", "--endpoint", "pve1.example.org",
                "--user", "root@pam", "--password-file", passwordFile.toString(), "--group", "prod", "--exclude-node", "pve3",
                "--admin-file", adminFile);

        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("pve-eu").contains("https://pve1.example.org:8006").contains("password root@pam")
                .doesNotContain(PASSWORD);
        ClusterAccess access = server.clusters().find("pve-eu").orElseThrow();
        assertThat(access.credentials()).isEqualTo(new Credentials.Password("root@pam", PASSWORD));
        assertThat(access.groups()).containsExactly("prod");
        assertThat(access.excludeNodes()).containsExactly("pve3");

        Cli.Run updated = Cli.run("clusters", "update", "pve-eu", "--weight", "3", "--port", "8443", "--admin-file", adminFile);
        assertThat(updated.exit()).as(updated.err()).isZero();
        access = server.clusters().find("pve-eu").orElseThrow();
        assertThat(access.weight()).isEqualTo(3.0);
        assertThat(access.url()).isEqualTo(URI.create("https://pve1.example.org:8443"));
        assertThat(access.groups()).as("kept").containsExactly("prod");
        assertThat(access.credentials()).as("kept").isEqualTo(new Credentials.Password("root@pam", PASSWORD));

        Cli.Run token = withStdin(TOKEN_SECRET + "\n", () -> Cli.run("clusters", "update", "pve-eu", "--endpoint", "https://pve2.example.org:8443",
                "--token-id", "root@pam!gantry", "--token-secret-stdin", "--admin-file", adminFile));
        assertThat(token.exit()).as(token.err()).isZero();
        access = server.clusters().find("pve-eu").orElseThrow();
        assertThat(access.credentials()).isEqualTo(new Credentials.ApiToken("root@pam!gantry", TOKEN_SECRET));
        assertThat(access.url()).isEqualTo(URI.create("https://pve2.example.org:8443"));

        Cli.Run list = Cli.run("clusters", "list", "--admin-file", adminFile);
        assertThat(list.exit()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("CREDENTIALS");
        assertThat(lines.get(1)).startsWith("pve-eu").contains("proxmox").contains("https://pve2.example.org:8443")
                .contains("token root@pam!gantry").contains("prod");
        Cli.Run json = Cli.run("clusters", "show", "pve-eu", "-o", "json", "--admin-file", adminFile);
        assertThat(json.out()).contains("\"tokenId\": \"root@pam!gantry\"").doesNotContain(TOKEN_SECRET).doesNotContain(PASSWORD);

        Cli.Run removed = Cli.run("clusters", "remove", "pve-eu", "--admin-file", adminFile);
        assertThat(removed.exit()).isZero();
        assertThat(removed.out()).isEqualTo("removed cluster pve-eu\n");
        assertThat(server.clusters().all()).isEmpty();
    }

    @Test
    void aGantryClusterTakesItsAgentsFromAFile() throws Exception {
        Path agents = Files.writeString(stateDir.resolve("agents.json"),
                "[{\"url\":\"https://h1.example:5208\",\"token\":\"gantry_t1\"},{\"url\":\"https://h2.example:5208\",\"token\":\"gantry_t2\"}]");

        Cli.Run added = Cli.run("clusters", "add", "hosts", "--kind", "gantry", "--agents-file", agents.toString(), "--admin-file", adminFile);

        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("agents 2 (token)").doesNotContain("gantry_t1");
        assertThat(server.clusters().find("hosts").orElseThrow().credentials()).isEqualTo(new Credentials.Agents(List.of(
                new ClusterAccess.AgentEndpoint(URI.create("https://h1.example:5208"), Optional.of("gantry_t1"), Optional.empty()),
                new ClusterAccess.AgentEndpoint(URI.create("https://h2.example:5208"), Optional.of("gantry_t2"), Optional.empty()))));
    }

    @Test
    void withoutASourceForTheSecretItIsAUsageErrorAndNothingIsSent() {
        Cli.Run r = Cli.run("clusters", "add", "pve-eu", "--kind", "proxmox", "--endpoint", "pve1", "--user", "root@pam",
                "--admin-file", adminFile);

        assertThat(r.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(r.err()).contains("no terminal to ask for the password: give --password-file or --password-stdin");
        assertThat(server.clusters().all()).isEmpty();

        Cli.Run both = Cli.run("clusters", "add", "pve-eu", "--kind", "proxmox", "--endpoint", "pve1", "--user", "root@pam",
                "--token-id", "root@pam!x", "--admin-file", adminFile);
        assertThat(both.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(both.err()).contains("give one of --user, --token-id and --agents-file");
    }

    @Test
    void theServersRefusalIsShownWithTheField() throws Exception {
        Path passwordFile = Files.writeString(stateDir.resolve("pw2"), PASSWORD + "\n");

        Cli.Run bad = Cli.run("clusters", "add", "pve-eu", "--kind", "proxmox", "--endpoint", "pve1", "--user", "root",
                "--password-file", passwordFile.toString(), "--admin-file", adminFile);

        assertThat(bad.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(bad.err()).contains("credentials.user").contains("USER@REALM").doesNotContain(PASSWORD);
        assertThat(server.clusters().all()).isEmpty();

        Cli.Run missing = Cli.run("clusters", "show", "nosuch", "--admin-file", adminFile);
        assertThat(missing.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(missing.err()).contains("no cluster nosuch");
    }
}
