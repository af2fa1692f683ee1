package dev.gantry.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus text format read by the Prometheus project's own parser
 * ({@code prometheus_client.parser}, Debian package {@code python3-prometheus-client}, which
 * {@code ./gantry-dev test} installs), not by a parser of ours. Debian's python3 is called by its
 * path: another python3 earlier on PATH may lack the package.
 */
public final class PrometheusText {
    private static final String PYTHON = "/usr/bin/python3";

    /** One parsed sample. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final JsonNode families;

    private PrometheusText(JsonNode families) {
        this.families = families;
    }

    /** Parses {@code text}; a text the parser refuses is an {@link AssertionError} quoting its reason. */
    public static PrometheusText parse(String text) {
        String script;
        try (InputStream in = PrometheusText.class.getResourceAsStream("parse_prometheus.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", script).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the Prometheus parser did not finish in 60 s");
            }
            String stderr = new String(err.join(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                String hint = stderr.contains("No module named") ? " (install python3-prometheus-client)" : "";
                throw new AssertionError("the Prometheus parser refused the text" + hint + ": " + stderr.strip());
            }
            return new PrometheusText(Json.mapper().readTree(out.join()));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + " with prometheus_client: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Family names (for a counter without its {@code _total}). */
    public List<String> families() {
        List<String> names = new ArrayList<>();
        families.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The family's TYPE: counter, gauge, histogram... */
    public Optional<String> type(String family) {
        return Optional.ofNullable(families.get(family)).map(f -> f.get("type").asText());
    }

    /** Every sample whose name is {@code name} (e.g. {@code x_total}, {@code x_bucket}), in any family. */
    public List<Sample> samples(String name) {
        List<Sample> found = new ArrayList<>();
        for (JsonNode family : families) {
            for (JsonNode s : family.get("samples")) {
                if (s.get("name").asText().equals(name)) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    s.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                    JsonNode v = s.get("value");
                    found.add(new Sample(name, labels, v.isNumber() ? v.asDouble() : special(v.asText())));
                }
            }
        }
        return found;
    }

    private static double special(String python) {
        return switch (python) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    /** The one sample of {@code name} with exactly these labels. */
    public Optional<Sample> sample(String name, Map<String, String> labels) {
        return samples(name).stream().filter(s -> s.labels().equals(labels)).findFirst();
    }
}
