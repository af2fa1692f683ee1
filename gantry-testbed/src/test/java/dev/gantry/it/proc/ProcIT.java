package dev.gantry.it.proc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * /api/v1/proc of the installed agent (user gantry, its unit's capabilities) against independent
 * readers inside the box: cat, ip -j, ss, ps, df. Where the two reads cannot happen at the same
 * instant, the API's value must lie between two reads of the reference, or within the drift that
 * the time between them explains.
 */
@WithAgentBox
class ProcIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MB = 1024 * 1024;

    private static JsonNode get(AgentBox agent, String path) throws Exception {
        AgentHttp.Response r = agent.http().get("/api/v1/proc" + path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static AgentHttp.Response put(AgentBox agent, String path, String body) {
        return agent.http().send("PUT", "/api/v1/proc" + path, Map.of("Content-Type", "application/json"), body);
    }

    private static Map<String, Long> meminfo(AgentBox agent) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : agent.box().exec("cat", "/proc/meminfo").orThrow().stdout().lines().toList()) {
            String[] f = line.split(":\\s+");
            kb.put(f[0], Long.parseLong(f[1].split(" ")[0]));
        }
        return kb;
    }

    @Test
    void memoryMatchesProcMeminfoReadByCat(AgentBox agent) throws Exception {
        Map<String, Long> before = meminfo(agent);
        JsonNode api = get(agent, "/memory");
        Map<String, Long> after = meminfo(agent);
        assertThat(api.get("total").asLong()).isEqualTo(before.get("MemTotal") * 1024);
        assertThat(api.get("swapTotal").asLong()).isEqualTo(before.get("SwapTotal") * 1024);
        long lo = Math.min(before.get("MemFree"), after.get("MemFree")) * 1024 - 64 * MB;
        long hi = Math.max(before.get("MemFree"), after.get("MemFree")) * 1024 + 64 * MB;
        assertThat(api.get("free").asLong()).isBetween(lo, hi);
        assertThat(api.get("used").asLong()).isEqualTo(api.get("total").asLong() - api.get("available").asLong());
    }

    @Test
    void netDevCountersLieBetweenTwoReadsOfIp(AgentBox agent) throws Exception {
        JsonNode before = JSON.readTree(agent.box().exec("ip", "-s", "-j", "link").orThrow().stdout());
        JsonNode api = get(agent, "/net/dev");
        JsonNode after = JSON.readTree(agent.box().exec("ip", "-s", "-j", "link").orThrow().stdout());
        Map<String, JsonNode> b = byName(before, "ifname");
        Map<String, JsonNode> a = byName(after, "ifname");
        Map<String, JsonNode> mine = byName(api, "name");
        assertThat(mine.keySet()).isEqualTo(b.keySet());
        for (String name : mine.keySet()) {
            JsonNode m = mine.get(name);
            for (String dir : List.of("rx", "tx")) {
                for (String counter : List.of("bytes", "packets")) {
                    long low = b.get(name).get("stats64").get(dir).get(counter).asLong();
                    long high = a.get(name).get("stats64").get(dir).get(counter).asLong();
                    String field = dir + Character.toUpperCase(counter.charAt(0)) + counter.substring(1);
                    assertThat(m.get(field).asLong()).as(name + " " + field).isBetween(low, high);
                }
            }
            assertThat(m.get("operState").asText().toUpperCase()).isEqualTo(b.get(name).get("operstate").asText());
        }
    }

    private static Map<String, JsonNode> byName(JsonNode list, String key) {
        Map<String, JsonNode> map = new HashMap<>();
        list.forEach(n -> map.put(n.get(key).asText(), n));
        return map;
    }

    @Test
    void listeningSocketsAreWhatSsSeesWithTheOwnerWhereTheAgentMayReadIt(AgentBox agent) throws Exception {
        String unit = "proc-listen-" + UUID.randomUUID().toString().substring(0, 8);
        int port = 20000 + (int) (Math.random() * 20000);
        // Runs as user gantry, so the agent (same user, more capabilities) may read its fds.
        agent.box().exec("systemd-run", "--unit=" + unit, "--uid=gantry", "/usr/bin/python3", "-c",
                "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1'," + port + "))\ns.listen()\ntime.sleep(600)")
                .orThrow();
        try {
            String ssLine = waitFor(agent, port);
            Set<String> ssListening = new HashSet<>();
            for (String line : agent.box().exec("ss", "-tlnH").orThrow().stdout().lines().toList()) {
                String[] f = line.trim().split("\\s+");
                ssListening.add(f[3]);
            }
            Set<String> apiListening = new HashSet<>();
            JsonNode mine = null;
            for (String table : List.of("/net/tcp", "/net/tcp6")) {
                for (JsonNode s : get(agent, table)) {
                    if (s.get("state").asText().equals("LISTEN")) {
                        String addr = s.get("localAddress").asText();
                        String shown = addr.contains(":") ? "[" + addr + "]" : addr;
                        apiListening.add((shown.equals("0.0.0.0") ? "0.0.0.0" : shown) + ":" + s.get("localPort").asInt());
                        if (s.get("localPort").asInt() == port) {
                            mine = s;
                        }
                    }
                }
            }
            assertThat(normalize(apiListening)).isEqualTo(normalize(ssListening));
            assertThat(mine).isNotNull();
            // ss -p names the owner as users:(("python3",pid=123,fd=3)).
            String ssPid = ssLine.replaceAll(".*pid=(\\d+).*", "$1");
            assertThat(mine.get("pid").asText()).isEqualTo(ssPid);
            assertThat(mine.get("command").asText()).isEqualTo("python3");
            // The same user's process in detail: nothing unavailable, the socket among its connections.
            JsonNode detail = get(agent, "/processes/" + ssPid);
            assertThat(detail.get("unavailable")).isEmpty();
            assertThat(detail.get("user").asText()).isEqualTo("gantry");
            assertThat(detail.get("connections").findValuesAsText("localPort")).contains(String.valueOf(port));
            assertThat(detail.get("openFiles").findValuesAsText("target")).contains("socket:[" + mine.get("inode").asText() + "]");
            assertThat(detail.get("io").has("rchar")).isTrue();
        } finally {
            agent.box().exec("systemctl", "stop", unit);
        }
    }

    /** ss prints the any-address as * or [::]; the API as 0.0.0.0 and [::]. */
    private static Set<String> normalize(Set<String> endpoints) {
        Set<String> out = new HashSet<>();
        for (String e : endpoints) {
            out.add(e.replace("[::ffff:", "[").replace("*:", "0.0.0.0:").replace("[0.0.0.0]", "0.0.0.0"));
        }
        return out;
    }

    private static String waitFor(AgentBox agent, int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String out = agent.box().exec("ss", "-tlnpH", "sport = :" + port).stdout().strip();
            if (!out.isEmpty()) {
                return out;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing listens on " + port);
    }

    @Test
    void processesAreWhatPsSees(AgentBox agent) throws Exception {
        Map<String, String[]> before = ps(agent);
        JsonNode api = get(agent, "/processes");
        Map<String, String[]> after = ps(agent);
        Map<String, JsonNode> mine = new HashMap<>();
        api.forEach(p -> mine.put(p.get("pid").asText(), p));
        List<String> both = new ArrayList<>(before.keySet());
        both.retainAll(after.keySet());
        both.remove(String.valueOf(-1));
        assertThat(mine.keySet()).containsAll(both.stream().filter(pid -> !isPs(before.get(pid))).toList());
        for (String pid : both) {
            JsonNode p = mine.get(pid);
            if (p == null || isPs(before.get(pid))) {
                continue;
            }
            assertThat(p.get("user").asText()).as(pid).isEqualTo(before.get(pid)[1]);
            assertThat(p.get("name").asText()).as(pid).isEqualTo(before.get(pid)[3]);
        }
        JsonNode gantryd = get(agent, "/processes?user=gantry&name=java");
        assertThat(gantryd).isNotEmpty();
        gantryd.forEach(p -> assertThat(p.get("user").asText()).isEqualTo("gantry"));
    }

    private static boolean isPs(String[] row) {
        return row[3].equals("ps");
    }

    private static Map<String, String[]> ps(AgentBox agent) {
        Map<String, String[]> rows = new HashMap<>();
        for (String line : agent.box().exec("ps", "-eo", "pid,user:32,rss,comm", "--no-headers").orThrow()
                .stdout().lines().toList()) {
            String[] f = line.trim().split("\\s+", 4);
            rows.put(f[0], f);
        }
        return rows;
    }

    @Test
    void aSleepShowsItsRssAndCommandAndOnceKilledIs404(AgentBox agent) throws Exception {
        String unit = "proc-sleep-" + UUID.randomUUID().toString().substring(0, 8);
        agent.box().exec("systemd-run", "--unit=" + unit, "sleep", "300").orThrow();
        String pid = agent.box().exec("systemctl", "show", "-P", "MainPID", unit).orThrow().out();
        String[] ps = agent.box().exec("ps", "-o", "pid,user:32,rss,comm", "--no-headers", "-p", pid).orThrow()
                .out().split("\\s+");
        JsonNode p = get(agent, "/processes/" + pid);
        assertThat(p.get("name").asText()).isEqualTo("sleep");
        assertThat(p.get("cmdline")).extracting(JsonNode::asText).containsExactly("/usr/bin/sleep", "300");
        assertThat(p.get("user").asText()).isEqualTo(ps[1]);
        assertThat(p.get("memory").get("vmRss").asLong()).isEqualTo(Long.parseLong(ps[2]) * 1024);
        assertThat(p.get("cgroups").findValuesAsText("path")).anyMatch(c -> c.endsWith(unit + ".service"));
        // A root process: the agent (user gantry, no CAP_SYS_PTRACE) may not read its fds or io.
        assertThat(p.get("unavailable")).extracting(JsonNode::asText).contains("io", "openFiles", "connections");
        assertThat(p.has("io")).isFalse();

        agent.box().exec("systemctl", "kill", "--signal=KILL", unit).orThrow();
        for (int i = 0; i < 100 && agent.box().exec("test", "-d", "/proc/" + pid).succeeded(); i++) {
            Thread.sleep(100);
        }
        AgentHttp.Response gone = agent.http().get("/api/v1/proc/processes/" + pid);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theRootFileSystemIsWhatDfSees(AgentBox agent) throws Exception {
        String[] before = df(agent);
        JsonNode disks = get(agent, "/disks");
        String[] after = df(agent);
        JsonNode root = null;
        for (JsonNode fs : disks.get("fileSystems")) {
            if (fs.get("mountPoint").asText().equals("/")) {
                root = fs;
            }
        }
        assertThat(root).as(disks.toString()).isNotNull();
        assertThat(root.get("size").asLong()).isEqualTo(Long.parseLong(before[1]));
        long usedLow = Math.min(Long.parseLong(before[2]), Long.parseLong(after[2])) - 16 * MB;
        long usedHigh = Math.max(Long.parseLong(before[2]), Long.parseLong(after[2])) + 16 * MB;
        assertThat(root.get("used").asLong()).isBetween(usedLow, usedHigh);
        assertThat(root.get("type").asText()).isEqualTo(before[3]);
    }

    private static String[] df(AgentBox agent) {
        String out = agent.box().exec("df", "-B1", "--output=target,size,used,fstype", "/").orThrow().stdout();
        return out.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
    }

    @Test
    void aNetTunableIsSetInProcSys(AgentBox agent) throws Exception {
        String file = "/proc/sys/net/ipv4/conf/lo/rp_filter";
        String old = agent.box().exec("cat", file).orThrow().out();
        String value = old.equals("2") ? "1" : "2";
        AgentHttp.Response r = put(agent, "/sys/net/ipv4/lo/rp_filter", "{\"value\":\"" + value + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("key").asText()).isEqualTo("net.ipv4.conf.lo.rp_filter");
        assertThat(agent.box().exec("cat", file).orThrow().out()).isEqualTo(value);
        assertThat(get(agent, "/sys/net/ipv4/lo/rp_filter").get("value").asText()).isEqualTo(value);

        AgentHttp.Response global = put(agent, "/sys/net/core/somaxconn", "{\"value\":\"1234\"}");
        assertThat(global.status()).as(global.body()).isEqualTo(200);
        assertThat(agent.box().exec("cat", "/proc/sys/net/core/somaxconn").orThrow().out()).isEqualTo("1234");
    }

    @Test
    void badTunablePathsAre400AndWriteNothing(AgentBox agent) throws Exception {
        String forward = agent.box().exec("cat", "/proc/sys/net/ipv4/ip_forward").orThrow().out();
        String somaxconn = agent.box().exec("cat", "/proc/sys/net/core/somaxconn").orThrow().out();
        for (String path : List.of("/sys/net/ipx/ip_forward", "/sys/net/core/lo/somaxconn",
                "/sys/net/ipv4/ip.forward", "/sys/net/ipv4/a%3Ab/forwarding")) {
            AgentHttp.Response r = put(agent, path, "{\"value\":\"7\"}");
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(agent.box().exec("cat", "/proc/sys/net/ipv4/ip_forward").orThrow().out()).isEqualTo(forward);
        assertThat(agent.box().exec("cat", "/proc/sys/net/core/somaxconn").orThrow().out()).isEqualTo(somaxconn);
        assertThat(put(agent, "/sys/net/ipv4/no_such_key", "{\"value\":\"1\"}").status()).isEqualTo(404);
    }

    @Test
    void aVmTunableOnTheBoxsReadOnlyProcSysIs409AndUnchanged(AgentBox agent) throws Exception {
        // nspawn mounts /proc/sys read-only apart from net (vm.* is the host kernel's): the same value is
        // written back, so even a writable /proc/sys would not change.
        String current = agent.box().exec("cat", "/proc/sys/vm/swappiness").orThrow().out();
        AgentHttp.Response r = put(agent, "/sys/vm/swappiness", "{\"value\":\"" + current + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(agent.box().exec("cat", "/proc/sys/vm/swappiness").orThrow().out()).isEqualTo(current);
        assertThat(get(agent, "/sys/vm/swappiness").get("value").asText()).isEqualTo(current);
    }

    @Test
    void theOtherReadsAnswer(AgentBox agent) throws Exception {
        assertThat(get(agent, "/cpu").get("count").asInt()).isEqualTo(
                Integer.parseInt(agent.box().exec("nproc", "--all").orThrow().out()));
        assertThat(get(agent, "/cpu/times").get("cpus").size()).isPositive();
        assertThat(get(agent, "/load").get("total").asLong()).isPositive();
        assertThat(get(agent, "/uptime").get("seconds").asDouble()).isPositive();
        assertThat(get(agent, "/vmstat").has("pgfault")).isTrue();
        assertThat(get(agent, "/disks/io").isArray()).isTrue();
        assertThat(get(agent, "/net/snmp").get("Ip").has("InReceives")).isTrue();
        assertThat(get(agent, "/net/arp").isArray()).isTrue();
        assertThat(get(agent, "/net/unix").size()).isPositive();
        assertThat(get(agent, "/net/udp").isArray()).isTrue();
        assertThat(get(agent, "/modules").isArray()).isTrue();
        assertThat(get(agent, "/sensors").isArray()).isTrue();
        assertThat(agent.http().get("/api/v1/proc/processes/1").status()).isEqualTo(200);
    }
}
