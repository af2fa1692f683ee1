package dev.gantry.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Acceptance 2: a dump of the database holds no password, token secret, agent token or private key,
 * in plain, base64 or hex (bytea dumps as hex). The dump is every table of the database through
 * {@code COPY ... TO STDOUT}, the data pg_dump writes: this host's pg_dump is 15, and pg_dump refuses
 * to dump a newer server (the embedded PostgreSQL is 18).
 */
class CredentialsDumpTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path dir;

    @Test
    void aDumpOfTheDatabaseHoldsNoSecretInAnyEncoding() throws Exception {
        try (TestServer server = TestServer.start(pg, dir)) {
            assertThat(server.admin("POST", "/api/v1/clusters", ClustersApiTest.proxmoxWithPassword("pve-a")).status()).isEqualTo(201);
            assertThat(server.admin("POST", "/api/v1/clusters", """
                    {"name":"pve-b","kind":"proxmox","url":"pve-b.example",
                     "credentials":{"tokenId":"root@pam!gantry","tokenSecret":"%s"}}""".formatted(ClustersApiTest.TOKEN_SECRET)).status())
                    .isEqualTo(201);
            assertThat(server.admin("POST", "/api/v1/clusters", """
                    {"name":"hosts","kind":"gantry","credentials":{"agents":[{"url":"https://h1.example:5208","token":"%s"},
                     {"url":"https://h2.example:5208","clientCertificate":"%s"}]}}"""
                    .formatted(ClustersApiTest.AGENT_TOKEN, TestPem.CERT_AND_KEY.replace("\n", "\\n"))).status()).isEqualTo(201);
        }

        String dump = dump();

        // the dump is real: it holds the clusters' non-secret fields and their sealed bytes
        assertThat(dump).contains("pve-a").contains("root@pam!gantry").contains("https://h2.example:5208").contains("\\\\x");
        List<String> secrets = List.of(ClustersApiTest.PASSWORD, ClustersApiTest.TOKEN_SECRET, ClustersApiTest.AGENT_TOKEN,
                "c2VjcmV0LWtleS1t" /* a line of TestPem's private key */);
        for (String secret : secrets) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            assertThat(dump).as("plain").doesNotContain(secret)
                    .as("base64").doesNotContain(Base64.getEncoder().encodeToString(bytes))
                    .as("hex").doesNotContain(HexFormat.of().formatHex(bytes));
        }
        assertThat(dump).doesNotContain("PRIVATE KEY");
    }

    /** Every table of the public schema, as COPY writes it. */
    private static String dump() throws Exception {
        StringWriter out = new StringWriter();
        try (Connection c = pg.dataSource().getConnection()) {
            List<String> tables = pg.jdbi().withHandle(h -> h.createQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").mapTo(String.class).list());
            assertThat(tables).contains("clusters", "data_keys", "master_key");
            for (String table : tables) {
                out.write("-- " + table + "\n");
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY public.\"" + table + "\" TO STDOUT", out);
            }
        }
        return out.toString();
    }
}
