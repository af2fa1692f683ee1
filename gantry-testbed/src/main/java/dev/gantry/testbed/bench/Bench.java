package dev.gantry.testbed.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Transport;

/**
 * A closed-loop HTTP load generator: {@code N} clients, each sending its next request as soon as
 * the previous one is answered, for a fixed time after a warm-up; prints requests per second and
 * latency percentiles. It speaks HTTP/1.1 over a Unix socket (which wrk cannot) or TCP.
 *
 * <pre>
 * bench --socket /run/gantry/gantryd.sock -c 32 -d 10 /api/v1/agent
 * bench --url http://127.0.0.1:5208 --token $T -c 32 -d 10 /api/v1/agent
 * </pre>
 */
public final class Bench {
    /** The outcome of one run. Latencies in microseconds. */
    public record Result(String target, int clients, Duration duration, long requests, long errors,
                         double perSecond, long p50, long p90, long p99, long max) {
        public String line() {
            return String.format(Locale.ROOT,
                    "%s: %d clients, %d s: %,d requests, %d errors, %,.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
                    target, clients, duration.toSeconds(), requests, errors, perSecond, p50 / 1000.0, p90 / 1000.0,
                    p99 / 1000.0, max / 1000.0);
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        Path socket = null;
        String url = null;
        String token = System.getenv("GANTRY_TOKEN");
        int clients = 32;
        int seconds = 10;
        int warmup = 3;
        String path = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[++i]);
                case "--url" -> url = args[++i];
                case "--token" -> token = args[++i];
                case "-c" -> clients = Integer.parseInt(args[++i]);
                case "-d" -> seconds = Integer.parseInt(args[++i]);
                case "-w" -> warmup = Integer.parseInt(args[++i]);
                default -> path = args[i];
            }
        }
        if (path == null || (socket == null) == (url == null)) {
            System.err.println("usage: bench (--socket PATH | --url URL [--token T]) [-c CLIENTS] [-d SECONDS] [-w WARMUP] PATH");
            System.exit(2);
        }
        Result r = run(socket, url, token, path, clients, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
        System.out.println(r.line());
    }

    /** Runs a warm-up (not counted) and then the measured period. */
    public static Result run(Path socket, String url, String token, String path, int clients, Duration warmup,
                             Duration duration) throws Exception {
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(clients);
        client.setFollowRedirects(false);
        client.start();
        try {
            String base = socket != null ? "http://localhost" : url;
            Transport transport = socket != null ? new Transport.TCPUnix(socket) : null;
            String target = (socket != null ? "unix:" + socket : url) + " GET " + path;
            if (!warmup.isZero()) {
                drive(client, transport, base + path, token, clients, warmup);
            }
            return drive(client, transport, base + path, token, clients, duration).named(target, clients, duration);
        } finally {
            client.stop();
        }
    }

    private record Raw(long requests, long errors, long[] latencies, long nanos) {
        Result named(String target, int clients, Duration duration) {
            Arrays.sort(latencies);
            return new Result(target, clients, duration, requests, errors, requests * 1e9 / nanos,
                    pct(0.50), pct(0.90), pct(0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
        }

        private long pct(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            return latencies[(int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
        }
    }

    /** One client: sends requests back to back until the deadline, keeping its own latencies. */
    private static final class Worker implements Runnable {
        private final HttpClient client;
        private final Transport transport;
        private final String uri;
        private final String token;
        private final long deadline;
        private long[] latencies = new long[1 << 14];
        private int count;
        private long errors;

        Worker(HttpClient client, Transport transport, String uri, String token, long deadline) {
            this.client = client;
            this.transport = transport;
            this.uri = uri;
            this.token = token;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                try {
                    Request request = client.newRequest(uri).timeout(10, TimeUnit.SECONDS);
                    if (transport != null) {
                        request.transport(transport);
                    }
                    if (token != null) {
                        request.headers(h -> h.put("Authorization", "Bearer " + token));
                    }
                    ContentResponse response = request.send();
                    if (response.getStatus() >= 400) {
                        errors++;
                    }
                } catch (Exception e) {
                    errors++;
                }
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = (System.nanoTime() - t0) / 1000;
            }
        }
    }

    private static Raw drive(HttpClient client, Transport transport, String uri, String token, int clients,
                             Duration duration) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Worker w = new Worker(client, transport, uri, token, deadline);
            workers.add(w);
            threads.add(Thread.ofVirtual().start(w));
        }
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - started;
        long[] all = new long[workers.stream().mapToInt(w -> w.count).sum()];
        int at = 0;
        long errors = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
            errors += w.errors;
        }
        return new Raw(all.length, errors, all, nanos);
    }
}
