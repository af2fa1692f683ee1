package dev.gantry.server.resources;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code gantry-server scaffold resource NAME}: writes a new resource type's package (spec record and
 * handler), its migration (the next free version of V20–V39) and a test skeleton into a source tree,
 * then says the one line to add to {@link ResourceTypes#builtIn()}. It never overwrites a file.
 */
public final class ResourceScaffold {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILED = 1;
    static final int FIRST_VERSION = 20;
    static final int LAST_VERSION = 39;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{1,30}");
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final String USAGE = "Usage: gantry-server scaffold resource NAME [--dir SOURCE_TREE]\n"
            + "  NAME  the type's plural, lowercase (e.g. buckets); SOURCE_TREE defaults to the current directory\n";

    private ResourceScaffold() {
    }

    /** Runs the command on {@code args} (after {@code scaffold}); returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 2 || !args.getFirst().equals("resource")) {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        String name = args.get(1);
        Path root = Path.of(".");
        if (args.size() == 4 && args.get(2).equals("--dir")) {
            root = Path.of(args.get(3));
        } else if (args.size() != 2) {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        if (!NAME.matcher(name).matches()) {
            err.println("gantry-server scaffold: " + name + ": a type name is 2-31 lowercase letters and digits");
            return EXIT_USAGE;
        }
        try {
            for (Path written : write(root, name)) {
                out.println("wrote " + written);
            }
        } catch (IOException | IllegalStateException e) {
            err.println("gantry-server scaffold: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.println("next: add new " + className(name) + "Handler() to ResourceTypes.builtIn(), "
                + "fill in the spec, the table and validate(), and run the test");
        return EXIT_OK;
    }

    /** Writes the files of type {@code name} under {@code root}; returns them. */
    static List<Path> write(Path root, String name) throws IOException {
        Path server = root.resolve("gantry-server");
        Path main = server.resolve("src/main/java/dev/gantry/server/resources").resolve(name);
        Path migrations = server.resolve("src/main/resources/db/migration");
        Path tests = server.resolve("src/test/java/dev/gantry/server/resources");
        if (Files.exists(main)) {
            throw new IllegalStateException(main + " exists; a type is scaffolded once");
        }
        if (!Files.isDirectory(migrations) || !Files.isDirectory(tests)) {
            throw new IllegalStateException(root.toAbsolutePath().normalize()
                    + " is not a Gantry source tree (no gantry-server/src/main/resources/db/migration)");
        }
        int version = nextVersion(migrations);
        String cls = className(name);
        List<Path> files = new ArrayList<>();
        files.add(create(main.resolve(cls + ".java"), fill(SPEC, name, cls, version)));
        files.add(create(main.resolve(cls + "Handler.java"), fill(HANDLER, name, cls, version)));
        files.add(create(migrations.resolve("V" + version + "__" + name + ".sql"), fill(MIGRATION_SQL, name, cls, version)));
        files.add(create(tests.resolve(cls + "ApiTest.java"), fill(TEST, name, cls, version)));
        return files;
    }

    /** The lowest version after every migration in the resources' range. */
    static int nextVersion(Path migrations) throws IOException {
        int highest = FIRST_VERSION - 1;
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path f : files.toList()) {
                Matcher m = MIGRATION.matcher(f.getFileName().toString());
                if (m.matches()) {
                    int v = Integer.parseInt(m.group(1));
                    if (v >= FIRST_VERSION && v <= LAST_VERSION) {
                        highest = Math.max(highest, v);
                    }
                }
            }
        }
        if (highest >= LAST_VERSION) {
            throw new IllegalStateException("the resources' migration versions V" + FIRST_VERSION + "-V"
                    + LAST_VERSION + " are used up");
        }
        return highest + 1;
    }

    static String className(String name) {
        String singular = name.endsWith("s") && name.length() > 2 ? name.substring(0, name.length() - 1) : name;
        return singular.substring(0, 1).toUpperCase(Locale.ROOT) + singular.substring(1);
    }

    private static Path create(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE_NEW);
    }

    private static String fill(String template, String name, String cls, int version) {
        return template.replace("%name%", name).replace("%Class%", cls).replace("%version%", String.valueOf(version));
    }

    private static final String SPEC = """
            package dev.gantry.server.resources.%name%;

            /** The spec of a %name% resource: what a client sends and gets back under {@code spec}. */
            public record %Class%(Long size) {
            }
            """;

    private static final String HANDLER = """
            package dev.gantry.server.resources.%name%;

            import dev.gantry.common.http.Violations;
            import dev.gantry.server.resources.ResourceCore;
            import dev.gantry.server.resources.ResourceHandler;
            import java.util.Optional;
            import org.jdbi.v3.core.Handle;

            /** %Class% resources. The framework does routes, jobs, permissions, events and metering. */
            public final class %Class%Handler implements ResourceHandler<%Class%> {
                @Override
                public String type() {
                    return "%name%";
                }

                @Override
                public String description() {
                    return "%Class% resources";
                }

                @Override
                public Class<%Class%> specType() {
                    return %Class%.class;
                }

                @Override
                public void validate(%Class% spec, boolean isNew, Violations v) {
                    if (v.check(spec.size() != null, "spec.size", "required", "the size", null)) {
                        v.check(spec.size() > 0, "spec.size", "range", "positive", spec.size());
                    }
                }

                @Override
                public %Class% store(Handle h, ResourceCore core, %Class% spec, Optional<%Class%> previous) {
                    h.createUpdate(previous.isEmpty()
                                    ? "INSERT INTO %name% (id, size) VALUES (:id, :size)"
                                    : "UPDATE %name% SET size = :size WHERE id = :id")
                            .bind("id", core.id()).bind("size", spec.size()).execute();
                    return load(h, core);
                }

                @Override
                public %Class% load(Handle h, ResourceCore core) {
                    return h.createQuery("SELECT size FROM %name% WHERE id = :id").bind("id", core.id())
                            .map((rs, ctx) -> new %Class%(rs.getLong("size"))).one();
                }
            }
            """;

    private static final String MIGRATION_SQL = """
            -- %Class% resources: the type's own columns; the core (name, tags, state, version) is in resources.
            CREATE TABLE %name% (
                id   uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
                size bigint NOT NULL
            );
            """;

    private static final String TEST = """
            package dev.gantry.server.resources;

            import static org.assertj.core.api.Assertions.assertThat;

            import dev.gantry.server.testing.PostgresExtension;
            import org.junit.jupiter.api.BeforeEach;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.api.extension.RegisterExtension;

            class %Class%ApiTest {
                @RegisterExtension
                static final PostgresExtension pg = PostgresExtension.migrated();

                private TestApi api;

                @BeforeEach
                void start() {
                    api = new TestApi(pg.jdbi());
                }

                @Test
                void aCreated%Class%IsStoredInItsTable() {
                    TestApi.Response r = api.call("admin", "POST", "/api/v1/tenants/a/%name%",
                            "{\\"name\\":\\"first\\",\\"spec\\":{\\"size\\":1}}");
                    assertThat(r.status()).as(r.body()).isEqualTo(202);
                    assertThat(api.count("SELECT count(*) FROM %name%")).isEqualTo(1);
                }

                @Test
                void badInputIsA400AndWritesNothing() {
                    TestApi.Response r = api.call("admin", "POST", "/api/v1/tenants/a/%name%",
                            "{\\"name\\":\\"bad\\",\\"spec\\":{\\"size\\":0}}");
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(api.count("SELECT count(*) FROM %name%")).isZero();
                }
            }
            """;
}
