package dev.gantry.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.ExecResult;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} and {@code /api/v1/proc/rates} of the installed agent, running under its unit as
 * user gantry in the box. Independent readers inside the box: curl fetches {@code /metrics}, the
 * Prometheus project's Python parser ({@code python3-prometheus-client}, visible in the box through the
 * host's /usr) parses it, and the box's own /proc and /sys give the expected values.
 */
@WithAgentBox
class MetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARSE = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    out.append({"name": s.name, "labels": s.labels, "value": s.value})
            json.dump(out, sys.stdout)
            """;

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Scrapes /metrics inside the box and parses it there; a text the parser refuses fails the test. */
    private static List<Sample> scrape(AgentBox agent) throws Exception {
        agent.box().writeFile("/tmp/parse_prometheus.py", PARSE);
        ExecResult r = agent.box().exec("sh", "-c", "curl -sSf --unix-socket " + AgentBox.SOCKET
                + " http://localhost/metrics > /tmp/metrics.txt && /usr/bin/python3 /tmp/parse_prometheus.py < /tmp/metrics.txt");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        List<Sample> samples = new ArrayList<>();
        for (JsonNode s : JSON.readTree(r.stdout())) {
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            s.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(s.get("name").asText(), labels, s.get("value").asDouble()));
        }
        return samples;
    }

    private static List<Sample> named(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static long memTotalKb(AgentBox agent) {
        String meminfo = agent.box().exec("cat", "/proc/meminfo").orThrow().stdout();
        return meminfo.lines().filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst().orElseThrow();
    }

    private static double agentRequests(List<Sample> samples) {
        return named(samples, "gantry_http_requests_seconds_count").stream()
                .filter(s -> s.labels().equals(Map.of("method", "GET", "route", "/api/v1/agent", "status", "200")))
                .mapToDouble(Sample::value).findFirst().orElse(0);
    }

    @Test
    void hostMemoryIsTheBoxesMeminfoInBytesAndEveryCollectorSucceedsUnderTheUnit(AgentBox agent) throws Exception {
        List<Sample> samples = scrape(agent);
        assertThat(named(samples, "node_memory_MemTotal_bytes")).singleElement()
                .extracting(Sample::value).isEqualTo(memTotalKb(agent) * 1024.0);
        // The unit's sandbox (user gantry, PrivateTmp, ProtectKernel*) leaves every file readable.
        assertThat(named(samples, "node_scrape_collector_success")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.value()).as(s.labels().toString()).isEqualTo(1.0));
        // The agent reads /proc/net/dev of its network namespace: the box's links, not the host's.
        String links = agent.box().exec("ls", "/sys/class/net").orThrow().stdout();
        assertThat(new TreeSet<>(named(samples, "node_network_receive_bytes_total").stream()
                .map(s -> s.labels().get("device")).toList()))
                .isEqualTo(new TreeSet<>(List.of(links.trim().split("\\s+"))));
        long bootTime = Long.parseLong(agent.box().exec("sh", "-c", "awk '/^btime/ {print $2}' /proc/stat")
                .orThrow().out());
        assertThat(named(samples, "node_boot_time_seconds")).singleElement().extracting(Sample::value)
                .isEqualTo((double) bootTime);
        assertThat(named(samples, "node_filesystem_size_bytes")).anySatisfy(s ->
                assertThat(s.labels()).containsEntry("mountpoint", "/"));
        assertThat(named(samples, "jvm_memory_used_bytes")).isNotEmpty();
        assertThat(named(samples, "process_cpu_usage")).as("jdk.management is in the runtime").isNotEmpty();
    }

    @Test
    void aRoutesRequestCounterGrowsByTheRequestsMade(AgentBox agent) throws Exception {
        double before = agentRequests(scrape(agent));
        for (int i = 0; i < 3; i++) {
            assertThat(agent.http().get("/api/v1/agent").status()).isEqualTo(200);
        }
        assertThat(agentRequests(scrape(agent))).isEqualTo(before + 3);
    }

    @Test
    void configuredRatesSampleTheBoxAndKeepTheNewest(AgentBox agent) throws Exception {
        agent.configure("[Metrics]\nRatesInterval = 1\nRatesSamples = 3\n");
        try {
            JsonNode rates = null;
            for (int i = 0; i < 300; i++) {
                rates = JSON.readTree(agent.http().get("/api/v1/proc/rates").body());
                if (rates.get("samples").size() == 3) {
                    break;
                }
                agent.box().exec("sleep", "0.1");
            }
            assertThat(rates.get("enabled").asBoolean()).isTrue();
            assertThat(rates.get("intervalSeconds").asInt()).isEqualTo(1);
            assertThat(rates.get("samples")).hasSize(3);
            JsonNode last = rates.get("samples").get(2);
            assertThat(last.get("memory").get("totalBytes").asLong()).isEqualTo(memTotalKb(agent) * 1024);
            assertThat(last.get("cpuPercent").asDouble()).isBetween(0.0, 100.0);
            List<String> interfaces = new ArrayList<>();
            last.get("interfaces").forEach(n -> interfaces.add(n.get("name").asText()));
            assertThat(interfaces).contains("lo", "host0");
        } finally {
            agent.configure("[System]\nLogLevel = \"info\"\n");
        }
    }
}
