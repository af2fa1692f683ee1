package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ResourceScaffoldTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path tree;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int scaffold(String... args) {
        return ResourceScaffold.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path migrations() throws Exception {
        Path dir = Files.createDirectories(tree.resolve("gantry-server/src/main/resources/db/migration"));
        Files.createDirectories(tree.resolve("gantry-server/src/test/java/dev/gantry/server/resources"));
        try (var real = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : real.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void writesAPackageMigrationAndTestThatCompileAndServeTheNewType() throws Exception {
        Path migrations = migrations();
        int next = ResourceScaffold.nextVersion(migrations);
        assertThat(scaffold("resource", "buckets", "--dir", tree.toString())).as(err.toString()).isZero();
        Path pkg = tree.resolve("gantry-server/src/main/java/dev/gantry/server/resources/buckets");
        Path sql = migrations.resolve("V" + next + "__buckets.sql");
        Path test = tree.resolve("gantry-server/src/test/java/dev/gantry/server/resources/BucketApiTest.java");
        assertThat(pkg.resolve("Bucket.java")).exists();
        assertThat(pkg.resolve("BucketHandler.java")).exists();
        assertThat(sql).exists();
        assertThat(test).exists();
        assertThat(out.toString()).contains("next: add new BucketHandler() to ResourceTypes.builtIn()");

        // The generated code compiles against this build, and with its migration applied it is a working type.
        Path classes = Files.createDirectories(tree.resolve("classes"));
        List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), pkg.resolve("Bucket.java").toString(),
                pkg.resolve("BucketHandler.java").toString(), test.toString()));
        ByteArrayOutputStream compilerOut = new ByteArrayOutputStream();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, compilerOut, compilerOut, javac.toArray(String[]::new));
        assertThat(compiled).as(compilerOut.toString()).isZero();
        pg.jdbi().useHandle(h -> h.execute(Files.readString(sql)));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            ResourceHandler<?> handler = (ResourceHandler<?>) loader
                    .loadClass("dev.gantry.server.resources.buckets.BucketHandler").getConstructor().newInstance();
            List<ResourceHandler<?>> types = new ArrayList<>(ResourceTypes.builtIn());
            types.add(handler);
            TestApi api = new TestApi(pg.jdbi(), types);
            TestApi.Response created = api.call("alice", "POST", "/api/v1/tenants/a/buckets",
                    "{\"name\":\"b1\",\"spec\":{\"size\":5}}");
            assertThat(created.status()).isEqualTo(403);  // alice has no buckets:write scope
            created = api.call("admin", "POST", "/api/v1/tenants/a/buckets", "{\"name\":\"b1\",\"spec\":{\"size\":5}}");
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            assertThat(created.json().get("state").asText()).isEqualTo("ready");
            assertThat(api.count("SELECT size FROM buckets")).isEqualTo(5);
            assertThat(api.call("admin", "POST", "/api/v1/tenants/a/buckets",
                    "{\"name\":\"b2\",\"spec\":{\"size\":0}}").status()).isEqualTo(400);
        }
    }

    @Test
    void refusesToOverwriteAndRejectsBadNames() throws Exception {
        migrations();
        assertThat(scaffold("resource", "queues", "--dir", tree.toString())).isZero();
        assertThat(scaffold("resource", "queues", "--dir", tree.toString())).isEqualTo(ResourceScaffold.EXIT_FAILED);
        assertThat(err.toString()).contains("exists; a type is scaffolded once");
        assertThat(scaffold("resource", "Bad-Name", "--dir", tree.toString())).isEqualTo(ResourceScaffold.EXIT_USAGE);
        assertThat(scaffold("thing", "x")).isEqualTo(ResourceScaffold.EXIT_USAGE);
        assertThat(scaffold("resource", "elsewhere", "--dir", tree.resolve("nowhere").toString()))
                .isEqualTo(ResourceScaffold.EXIT_FAILED);
    }
}
