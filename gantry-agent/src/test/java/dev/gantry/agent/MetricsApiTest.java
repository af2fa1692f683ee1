package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.agent.metrics.PrometheusText;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} over the agent's real listeners, read by Prometheus's own text parser. */
class MetricsApiTest {
    private static final String AGENT_ROUTE = "/api/v1/agent";

    @TempDir
    Path dir;
    TestAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new TestAgent(dir);
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    private PrometheusText scrape() throws Exception {
        TestAgent.Response r = agent.unix("GET", "/metrics", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(r.body());
    }

    private static double requests(PrometheusText text, String route, String status) {
        return text.sample("gantry_http_requests_seconds_count", Map.of("method", "GET", "route", route, "status", status))
                .map(PrometheusText.Sample::value).orElse(0.0);
    }

    @Test
    void metricsAreAtTheRootInTheTextFormatPrometheusParses() throws Exception {
        assertThat(agent.unix("GET", "/api/v1/metrics", null).status()).isEqualTo(404);
        PrometheusText text = scrape();
        assertThat(text.type("jvm_memory_used_bytes")).contains("gauge");
        assertThat(text.type("jvm_threads_live_threads")).contains("gauge");
        assertThat(text.type("jvm_classes_loaded_classes")).contains("gauge");
        assertThat(text.type("process_uptime_seconds")).contains("gauge");
        assertThat(text.type("process_cpu_usage")).contains("gauge");
        assertThat(text.type("jvm_gc_memory_allocated_bytes")).contains("counter");
        // The host's figures, from this host's /proc.
        long memTotalKb = java.nio.file.Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow();
        assertThat(text.sample("node_memory_MemTotal_bytes", Map.of())).map(PrometheusText.Sample::value)
                .contains(memTotalKb * 1024.0);
        assertThat(text.samples("node_cpu_seconds_total")).isNotEmpty();
        assertThat(text.samples("node_load1")).hasSize(1);
    }

    @Test
    void ratesAnswerTheSamplerStateAsJson() throws Exception {
        TestAgent.Response r = agent.unix("GET", "/api/v1/proc/rates", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("enabled").asBoolean()).isTrue();
        assertThat(r.json().get("intervalSeconds").asLong()).isEqualTo(5);
        assertThat(r.json().get("capacity").asInt()).isEqualTo(60);
        assertThat(r.json().get("samples").isArray()).isTrue();
    }

    @Test
    void aRouteCountsItsRequestsByTemplateMethodAndStatus() throws Exception {
        double before = requests(scrape(), AGENT_ROUTE, "200");
        for (int i = 0; i < 3; i++) {
            assertThat(agent.unix("GET", AGENT_ROUTE, null).status()).isEqualTo(200);
        }
        assertThat(agent.unix("GET", "/api/v1/jobs/no-such-job", null).status()).isEqualTo(404);
        assertThat(agent.unix("GET", "/api/v1/no/such/route", null).status()).isEqualTo(404);
        assertThat(agent.unix("BREW", AGENT_ROUTE, null).status()).isIn(400, 405, 501);

        PrometheusText text = scrape();
        assertThat(requests(text, AGENT_ROUTE, "200")).isEqualTo(before + 3);
        assertThat(text.type("gantry_http_requests_seconds")).contains("histogram");
        // The template, not the path: one series however many job ids are asked for.
        assertThat(requests(text, "/api/v1/jobs/{id}", "404")).isEqualTo(1);
        assertThat(text.samples("gantry_http_requests_seconds_count"))
                .noneMatch(s -> s.labels().get("route").contains("no-such-job"))
                .noneMatch(s -> s.labels().get("method").equals("BREW"));
        assertThat(requests(text, "unmatched", "404")).isEqualTo(1);
        assertThat(text.sample("gantry_http_requests_seconds_bucket",
                Map.of("method", "GET", "route", AGENT_ROUTE, "status", "200", "le", "+Inf")))
                .map(PrometheusText.Sample::value).contains(before + 3);
    }

    @Test
    void overTcpMetricsNeedAMetricsReadToken() throws Exception {
        TestAgent.Response created = agent.unix("POST", "/api/v1/tokens",
                "{\"name\":\"prometheus\",\"scopes\":[\"metrics:read\"]}");
        String scraper = created.json().get("token").asText();
        String other = agent.unix("POST", "/api/v1/tokens", "{\"name\":\"agent\",\"scopes\":[\"agent:read\"]}")
                .json().get("token").asText();
        assertThat(agent.tcp("GET", "/metrics", null, null).status()).isEqualTo(401);
        assertThat(agent.tcp("GET", "/metrics", null, other).status()).isEqualTo(403);
        TestAgent.Response r = agent.tcp("GET", "/metrics", null, scraper);
        assertThat(r.status()).isEqualTo(200);
        assertThat(PrometheusText.parse(r.body()).type("jvm_memory_used_bytes")).contains("gauge");
    }

    @Test
    void theParserRefusesABrokenText() {
        // Proves the check above can fail: the same parser, given a malformed exposition.
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE node_load1 gauge\nnode_load1{cpu=\"0\" 0.5\n"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("refused");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE node_load1 gauge\nnode_load1 0.5\nnode_load1 0.7\n"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("duplicate");
        assertThat(PrometheusText.parse("# TYPE node_load1 gauge\nnode_load1 0.5\n").samples("node_load1"))
                .extracting(PrometheusText.Sample::value).containsExactly(0.5);
    }
}
