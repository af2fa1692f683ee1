package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/v1/proc against this host's /proc, read-only: every answer is compared with the file read
 * here by other means, or with something this test controls (its own pid, a socket it listens on).
 */
class ProcApiTest {
    @TempDir
    static Path dir;
    static TestAgent agent;
    static final long SELF = ProcessHandle.current().pid();

    @BeforeAll
    static void start() throws Exception {
        agent = new TestAgent(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    static JsonNode get(String path) throws Exception {
        TestAgent.Response r = agent.unix("GET", "/api/v1/proc" + path, null);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    static long meminfoKb(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no " + key);
    }

    @Test
    void memoryIsMeminfoInBytes() throws Exception {
        JsonNode m = get("/memory");
        assertThat(m.get("total").asLong()).isEqualTo(meminfoKb("MemTotal") * 1024);
        assertThat(m.get("swapTotal").asLong()).isEqualTo(meminfoKb("SwapTotal") * 1024);
        assertThat(m.get("used").asLong()).isEqualTo(m.get("total").asLong() - m.get("available").asLong());
        assertThat(m.has("fields")).isFalse();
        assertThat(get("/memory?all=true").get("fields").get("MemTotal").asLong()).isEqualTo(m.get("total").asLong());
    }

    @Test
    void cpuAndCpuTimesHaveOneEntryPerProcessorLine() throws Exception {
        long processors = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("processor")).count();
        JsonNode cpu = get("/cpu");
        assertThat(cpu.get("count").asLong()).isEqualTo(processors);
        assertThat(cpu.get("processors")).hasSize((int) processors);
        JsonNode times = get("/cpu/times");
        assertThat(times.get("cpus")).hasSize((int) processors);
        assertThat(times.get("userHz").asInt()).isEqualTo(100);
        assertThat(times.get("total").has("cpu")).isFalse();
        assertThat(times.get("total").get("utilisation").asDouble()).isBetween(0.0, 100.0);
    }

    @Test
    void uptimeLiesBetweenTwoReadsOfTheFile() throws Exception {
        double before = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        double api = get("/uptime").get("seconds").asDouble();
        double after = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        assertThat(api).isBetween(before, after);
        assertThat(get("/load").get("total").asLong()).isPositive();
    }

    @Test
    void theRootFileSystemHasTheSizeJavaSees() throws Exception {
        JsonNode disks = get("/disks");
        JsonNode root = null;
        for (JsonNode fs : disks.get("fileSystems")) {
            if (fs.get("mountPoint").asText().equals("/")) {
                root = fs;
            }
        }
        assertThat(root).as(disks.toString()).isNotNull();
        assertThat(root.get("size").asLong()).isEqualTo(Files.getFileStore(Path.of("/")).getTotalSpace());
        assertThat(disks.get("fileSystems").findValuesAsText("type")).doesNotContain("proc", "sysfs");
        assertThat(get("/disks?all=true").get("fileSystems").findValuesAsText("type")).contains("proc");
        assertThat(get("/disks/io")).isNotNull();
    }

    @Test
    void netDevListsEveryInterfaceOfSysClassNet() throws Exception {
        List<String> names = new ArrayList<>();
        try (var s = Files.list(Path.of("/sys/class/net"))) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        JsonNode dev = get("/net/dev");
        assertThat(dev.findValuesAsText("name")).containsExactlyInAnyOrderElementsOf(names);
        assertThat(get("/net/snmp").get("Tcp").has("ActiveOpens")).isTrue();
        assertThat(get("/net/arp").isArray()).isTrue();
        List<String> modules = Files.exists(Path.of("/proc/modules"))
                ? Files.readAllLines(Path.of("/proc/modules")).stream().map(l -> l.split(" ")[0]).toList() : List.of();
        assertThat(get("/modules").findValuesAsText("name")).as("no /proc/modules: none").isEqualTo(modules);
        assertThat(get("/sensors").isArray()).isTrue();
        assertThat(get("/vmstat").has("nr_free_pages")).isTrue();
        assertThat(agent.unix("GET", "/api/v1/proc/net/sctp", null).status()).isEqualTo(404);
    }

    @Test
    void aSocketThisTestListensOnShowsWithThisPid() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            JsonNode mine = null;
            // Java listens on a dual-stack socket where IPv6 is up: the socket is in tcp6 as ::ffff:127.0.0.1.
            for (String table : List.of("/net/tcp", "/net/tcp6")) {
                for (JsonNode s : get(table)) {
                    if (s.get("localPort").asInt() == port) {
                        mine = s;
                    }
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("localAddress").asText()).isIn("127.0.0.1", "::ffff:127.0.0.1");
            assertThat(mine.get("state").asText()).isEqualTo("LISTEN");
            assertThat(mine.get("pid").asLong()).isEqualTo(SELF);
            assertThat(mine.get("command").asText()).isNotBlank();
            for (JsonNode s : get("/net/tcp?owners=false")) {
                assertThat(s.has("pid")).isFalse();
            }
            JsonNode detail = get("/processes/" + SELF);
            assertThat(detail.get("connections").findValuesAsText("localPort")).contains(Integer.toString(port));
        }
    }

    @Test
    void processesIncludeThisJvmAndSortAndLimit() throws Exception {
        JsonNode all = get("/processes");
        assertThat(all.findValuesAsText("pid")).contains(Long.toString(SELF));
        JsonNode top = get("/processes?sort=memory&top=3");
        assertThat(top).hasSize(3);
        assertThat(top.get(0).get("rss").asLong()).isGreaterThanOrEqualTo(top.get(1).get("rss").asLong());
        assertThat(top.get(1).get("rss").asLong()).isGreaterThanOrEqualTo(top.get(2).get("rss").asLong());
        String user = System.getProperty("user.name");
        for (JsonNode p : get("/processes?user=" + user)) {
            assertThat(p.get("user").asText()).isEqualTo(user);
        }
        String comm = Files.readString(Path.of("/proc/self/comm")).strip();
        assertThat(get("/processes?name=" + comm).findValuesAsText("pid")).contains(Long.toString(SELF));
        assertThat(agent.unix("GET", "/api/v1/proc/processes?sort=bogus", null).status()).isEqualTo(400);
        assertThat(agent.unix("GET", "/api/v1/proc/processes?user=no-such-user-here", null).status()).isEqualTo(400);
        assertThat(agent.unix("GET", "/api/v1/proc/processes?top=0", null).status()).isEqualTo(400);
    }

    @Test
    void thisJvmInDetail() throws Exception {
        JsonNode p = get("/processes/" + SELF);
        assertThat(p.get("unavailable")).isEmpty();
        assertThat(p.get("cmdline").get(0).asText()).contains("java");
        assertThat(p.get("openFiles").size()).isPositive();
        assertThat(p.get("threads").size()).isGreaterThan(1);
        assertThat(p.get("memory").get("vmRss").asLong()).isPositive();
        assertThat(p.get("io").has("rchar")).isTrue();
        assertThat(p.get("cgroups").size()).isPositive();
    }

    @Test
    void aVanishedPidIs404AndAMalformedOneIs400() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "300").start();
        long pid = sleep.pid();
        assertThat(get("/processes/" + pid).get("name").asText()).isEqualTo("sleep");
        sleep.destroyForcibly();
        assertThat(sleep.waitFor(20, TimeUnit.SECONDS)).isTrue();
        TestAgent.Response r = agent.unix("GET", "/api/v1/proc/processes/" + pid, null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(agent.unix("GET", "/api/v1/proc/processes/abc", null).status()).isEqualTo(400);
        assertThat(agent.unix("GET", "/api/v1/proc/processes/-1", null).status()).isEqualTo(400);
    }

    /** Not Files.readString: that reads a /proc/sys file one byte first, and the kernel then ends it ("60" → "6"). */
    static String sysctl(String file) throws Exception {
        return Files.readAllLines(Path.of(file)).getFirst().strip();
    }

    @Test
    void tunablesReadWhatProcSysHolds() throws Exception {
        assertThat(get("/sys/net/ipv4/ip_forward").get("value").asText())
                .isEqualTo(sysctl("/proc/sys/net/ipv4/ip_forward"));
        assertThat(get("/sys/net/ipv4/ip_forward").get("key").asText()).isEqualTo("net.ipv4.ip_forward");
        assertThat(get("/sys/vm/swappiness").get("value").asText())
                .isEqualTo(sysctl("/proc/sys/vm/swappiness"));
        assertThat(get("/sys/net/ipv4/lo/forwarding").get("value").asText())
                .isEqualTo(sysctl("/proc/sys/net/ipv4/conf/lo/forwarding"));
        assertThat(get("/sys/net/core/somaxconn").get("key").asText()).isEqualTo("net.core.somaxconn");
        if (Files.exists(Path.of("/proc/sys/vm/compact_memory"))) {
            JsonNode writeOnly = get("/sys/vm/compact_memory");
            assertThat(writeOnly.get("key").asText()).isEqualTo("vm.compact_memory");
            assertThat(writeOnly.has("value")).as("a write-only key has no value").isFalse();
        }
        assertThat(get("/sys/net/core/somaxconn").get("value").asText()).isEqualTo(sysctl("/proc/sys/net/core/somaxconn"))
                .hasSizeGreaterThan(1);
    }

    @Test
    void badTunablePathsAre400AndAnUnknownKeyIs404() throws Exception {
        for (String path : List.of("/sys/net/ipx/ip_forward", "/sys/net/core/lo/somaxconn", "/sys/vm/swap.piness",
                "/sys/net/ipv4/a%3Ab/forwarding", "/sys/net/ipv4/averyveryverylongname/forwarding")) {
            TestAgent.Response get = agent.unix("GET", "/api/v1/proc" + path, null);
            assertThat(get.status()).as(path + " " + get.body()).isEqualTo(400);
            assertThat(get.header("Content-Type")).isEqualTo("application/problem+json");
            // Validation precedes any write: these PUTs never reach /proc/sys of this host.
            assertThat(agent.unix("PUT", "/api/v1/proc" + path, "{\"value\":\"1\"}").status()).isEqualTo(400);
        }
        assertThat(agent.unix("GET", "/api/v1/proc/sys/vm/no_such_tunable", null).status()).isEqualTo(404);
        assertThat(agent.unix("PUT", "/api/v1/proc/sys/vm/swappiness", "{}").status()).isEqualTo(400);
    }
}
