package dev.gantry.testbed.bench;

import dev.gantry.common.json.Json;
import dev.gantry.server.AdminToken;
import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.db.DatabaseConfig;
import dev.gantry.server.jobs.JobsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Acceptance 5 of the control plane: a gantry-server in this JVM on its embedded PostgreSQL.
 * <ol>
 * <li>10,000 instances created through the API on one /16 network, {@code clients} at a time, each
 * create allocating its address in PostgreSQL; creates per second (accepted: address taken, job
 * queued) and the time until the workers made all of them ready;</li>
 * <li>pgbench's single-row INSERT on the same PostgreSQL with as many clients, for the ratio;</li>
 * <li>100,000 disks (written with SQL, not the API: the point is the list, not the seeding) and a
 * filtered list ({@code tag=role=web&prefix=d-05&limit=100}) under {@link Bench}: p99.</li>
 * </ol>
 * Usage: {@code ResourceServerBench [--clients N] [--instances N] [--resources N] [--list-clients N] [--workers N]
 * [--pgbench PATH]} (defaults 16, 10,000, 100,000, 8, 4 (the server's default), pgbench on the PATH); {@code --workers 0}
 * leaves the jobs queued, so the CPU figures are the creates' own. Each phase prints the load average
 * before it and the CPU it cost per operation on each side ({@link CpuMeter}).
 */
public final class ResourceServerBench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: ([0-9]+)");

    private ResourceServerBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        int clients = 16;
        int instances = 10_000;
        int resources = 100_000;
        int listClients = 8;
        int workers = 4;
        String pgbench = "pgbench";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--resources" -> resources = Integer.parseInt(args[++i]);
                case "--pgbench" -> pgbench = args[++i];
                case "--list-clients" -> listClients = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ResourceServerBench [--clients N] [--instances N] [--resources N] [--list-clients N] [--workers N] [--pgbench PATH]");
                    System.exit(2);
                }
            }
        }
        try (ScratchDir scratch = new ScratchDir("gantry-resource-bench")) {
            run(scratch.path(), clients, instances, resources, listClients, workers, pgbench);
        }
    }

    private static void run(Path state, int clients, int instances, int resources, int listClients, int workers,
                            String pgbench) throws Exception {
        int pgPort = freePort();
        DatabaseConfig db = new DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                Math.max(16, clients + 4), Duration.ofSeconds(30), pgPort);
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.withListen(new InetSocketAddress("127.0.0.1", 0)).withDatabase(db)
                .withJobs(new JobsConfig(workers, defaults.jobs().lease(), defaults.jobs().maxAttempts()));
        try (Server server = Server.start(config, state, Clock.systemUTC())) {
            String token = Json.mapper().readValue(Files.readAllBytes(server.adminFile()), AdminToken.AdminFile.class).token();
            Api api = new Api(server.url(), token);
            api.expect(201, "POST", "/api/v1/tenants", "{\"id\":\"bench\",\"displayName\":\"Bench\"}");
            api.expect(202, "POST", "/api/v1/tenants/bench/networks", "{\"name\":\"big\",\"spec\":{\"cidr\":\"10.0.0.0/16\"}}");
            Jdbi jdbi = server.database().jdbi();
            CpuMeter cpu = new CpuMeter(state.resolve("postgres"));

            System.out.println("load average before the creates: " + loadAverage());
            CpuMeter.Sample beforeCreates = cpu.sample();
            double createsPerSecond = createInstances(api, instances, clients);
            CpuMeter.Sample createsCpu = cpu.sample().minus(beforeCreates);
            long distinct = jdbi.withHandle(h -> h.createQuery("SELECT count(DISTINCT ip) FROM instances").mapTo(Long.class).one());
            long started = System.nanoTime();
            while (workers > 0 && jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')")
                    .mapTo(Long.class).one()) > 0) {
                Thread.sleep(200);
            }
            double drainSeconds = (System.nanoTime() - started) / 1e9;
            long ready = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM resources WHERE type = 'instances' "
                    + "AND state = 'ready'").mapTo(Long.class).one());
            CpuMeter.Sample lifeCpu = cpu.sample().minus(beforeCreates);
            System.out.printf(Locale.ROOT, "instances: %,d created through the API by %d clients: %,.0f creates/s; "
                    + "%,d distinct addresses; all ready %.1f s after the last create (%,d ready, %d job workers)%n",
                    instances, clients, createsPerSecond, distinct, drainSeconds, ready, workers);

            System.out.printf(Locale.ROOT, "CPU per create while the creates ran (job workers' work in that time included): "
                    + "%.3f ms in the JVM (server and HTTP clients), %.3f ms in PostgreSQL%n",
                    createsCpu.jvm() * 1000 / instances, createsCpu.postgres() * 1000 / instances);
            System.out.printf(Locale.ROOT, "CPU per instance until all were ready (create and job): %.3f ms in the JVM, "
                    + "%.3f ms in PostgreSQL%n", lifeCpu.jvm() * 1000 / instances, lifeCpu.postgres() * 1000 / instances);

            System.out.println("load average before pgbench: " + loadAverage());
            CpuMeter.Sample beforePgbench = cpu.sample();
            Pgbench bench = pgbench(pgbench, pgPort, clients, jdbi);
            Thread.sleep(1000); // pgbench's backends exit after it: once reaped, the postmaster's cutime has their CPU
            CpuMeter.Sample pgbenchCpu = cpu.sample().minus(beforePgbench);
            System.out.printf(Locale.ROOT, "pgbench single-row INSERT, %d clients (as many as the API's HTTP clients): "
                    + "%,.0f tps; API/pgbench ratio %.3f%n", clients, bench.tps(), createsPerSecond / bench.tps());
            System.out.printf(Locale.ROOT, "CPU per pgbench transaction: %.3f ms in pgbench, %.3f ms in PostgreSQL%n",
                    pgbenchCpu.waitedFor() * 1000 / bench.transactions(), pgbenchCpu.postgres() * 1000 / bench.transactions());

            seedDisks(jdbi, resources);
            System.out.println("load average before the list: " + loadAverage());
            String path = "/api/v1/tenants/bench/disks?tag=role=web&prefix=d-05&limit=100";
            Bench.Result list = Bench.run(null, server.url(), token, path, listClients, Duration.ofSeconds(3), Duration.ofSeconds(10));
            System.out.println("list over " + String.format(Locale.ROOT, "%,d", resources) + " disks: " + list.line());
        }
    }

    /** Creates {@code count} instances on network big with {@code clients} concurrent callers; creates per second. */
    private static double createInstances(Api api, int count, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        int status = api.call("POST", "/api/v1/tenants/bench/instances", "{\"name\":\"vm-" + i
                                + "\",\"spec\":{\"network\":\"big\",\"cpu\":1,\"memory\":134217728}}").statusCode();
                        if (status != 202) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " creates were not accepted");
        }
        return count / seconds;
    }

    /** What pgbench reported: transactions per second and in all. */
    private record Pgbench(double tps, long transactions) {
    }

    /** pgbench -c clients -T 15 of one single-row INSERT into a table of its own. */
    private static Pgbench pgbench(String executable, int port, int clients, Jdbi jdbi) throws Exception {
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, v integer NOT NULL)"));
        Path script = Files.createTempFile("insert", ".sql");
        script.toFile().deleteOnExit();
        Files.writeString(script, "\\set v random(1, 1000000)\nINSERT INTO bench_rows (v) VALUES (:v);\n");
        Process p = new ProcessBuilder(executable, "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres",
                "-n", "-c", String.valueOf(clients), "-j", "2", "-T", "15", "-f", script.toString(), "postgres")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("pgbench failed: " + out);
        }
        Matcher m = TPS.matcher(out);
        Matcher n = PROCESSED.matcher(out);
        if (!m.find() || !n.find()) {
            throw new IOException("no tps in pgbench output: " + out);
        }
        return new Pgbench(Double.parseDouble(m.group(1)), Long.parseLong(n.group(1)));
    }

    /** {@code count} ready disks in tenant bench, a quarter tagged role=web, written in one statement each. */
    private static void seedDisks(Jdbi jdbi, int count) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO resources (id, type, tenant, name, tags, state, created, updated, version)
                    SELECT gen_random_uuid(), 'disks', 'bench', 'd-' || lpad(n::text, 6, '0'),
                           jsonb_build_object('role', CASE WHEN n % 4 = 0 THEN 'web' ELSE 'db' END),
                           'ready', now(), now(), 1
                    FROM generate_series(1, :count) n""").bind("count", count).execute();
            h.execute("INSERT INTO disks (id, size) SELECT id, 1048576 FROM resources WHERE type = 'disks'");
            h.execute("ANALYZE resources");
        });
    }

    private static String loadAverage() throws IOException {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** JSON calls with the admin token. */
    private record Api(String base, String token, HttpClient client) {
        Api(String base, String token) {
            this(base, token, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        void expect(int status, String method, String path, String body) throws IOException, InterruptedException {
            HttpResponse<String> r = call(method, path, body);
            if (r.statusCode() != status) {
                throw new IOException(method + " " + path + ": " + r.statusCode() + " " + r.body());
            }
        }
    }
}
