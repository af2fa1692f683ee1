package dev.gantry.agent.metrics;

import dev.gantry.common.http.RequestObserver;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one metrics registry: the requests it answered (by route template, method and status,
 * with latency buckets), its JVM (memory, GC, threads, classes, CPU, uptime, file descriptors) and the
 * host's figures under node_exporter's names, written in the Prometheus text format. The agent
 * creates one and closes it last.
 *
 * <p>Thread-safe. {@link #requestDone} runs on every request: it looks up a timer cached per
 * (method, route, status), so the registry's own lookup (which builds an id and tags) runs once per
 * combination, not once per request. The labels are bounded: routes are templates, unmatched requests
 * share one label, and methods outside HTTP's standard ones are counted as {@code other}.
 */
public final class AgentMetrics implements RequestObserver, AutoCloseable {
    /** The Prometheus text format, version 0.0.4: what every scraper understands. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String REQUESTS = "gantry.http.requests";

    /** Latency bucket bounds: the agent answers most requests in well under a millisecond. */
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private record Key(String method, String route, int status) {
    }

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    private AgentMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** The registry with the JVM's and this host's metrics. Close it to stop GC notifications. */
    public static AgentMetrics create(Clock clock) {
        AgentMetrics metrics = create();
        metrics.register(HostCollector.host(clock));
        return metrics;
    }

    /** Requests and JVM only. */
    static AgentMetrics create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
                new PrometheusRegistry(), io.micrometer.core.instrument.Clock.SYSTEM);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new AgentMetrics(registry, gc);
    }

    @Override
    public void requestDone(String method, String route, int status, long nanos) {
        Key key = new Key(standard(method), route, status);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, this::timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key key) {
        return Timer.builder(REQUESTS)
                .description("Requests the agent answered, by route template, method and status")
                .tag("method", key.method()).tag("route", key.route()).tag("status", Integer.toString(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** The method as a label value: one of HTTP's methods, or {@code other} (callers choose the text). */
    private static String standard(String method) {
        return switch (method) {
            case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" -> method;
            default -> "other";
        };
    }

    /** Adds a collector that is read at every scrape. */
    void register(MultiCollector collector) {
        registry.getPrometheusRegistry().register(collector);
    }

    /** Everything, in the Prometheus text format 0.0.4. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            registry.scrape(out, CONTENT_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
