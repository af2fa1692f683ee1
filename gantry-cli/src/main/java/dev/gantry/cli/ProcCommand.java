package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gantry proc}: the kernel's view of the host (/api/v1/proc), as tables. */
@Command(name = "proc", description = "CPU, memory, disks, network, sockets and processes as the kernel sees them.",
        subcommands = {ProcCommand.Cpu.class, ProcCommand.Memory.class, ProcCommand.Disks.class, ProcCommand.Net.class,
                ProcCommand.Arp.class, ProcCommand.Sockets.class, ProcCommand.Processes.class, ProcCommand.Top.class})
final class ProcCommand {
    static final List<String> SOCKET_PROTOCOLS = List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix");
    static final List<String> SORTS = List.of("pid", "cpu", "memory", "name");
    /** Clears a terminal and puts the cursor top left (ANSI: cursor home, erase display). */
    static final String CLEAR = "\033[H\033[2J";

    private ProcCommand() {
    }

    @Command(name = "cpu", description = "CPUs: model, frequency and utilisation since boot.")
    static final class Cpu extends ApiCommand {
        @Override
        int run(AgentClient client) {
            JsonNode cpus = client.get("/proc/cpu");
            JsonNode times = client.get("/proc/cpu/times");
            Map<Integer, JsonNode> util = new HashMap<>();
            times.path("cpus").forEach(t -> util.put(t.path("cpu").asInt(), t));
            output().print(cpus, c -> {
                Table table = Table.columns("CPU", "MODEL", "MHZ", "CORE", "USER", "SYSTEM", "IDLE", "UTIL");
                for (JsonNode p : c.path("processors")) {
                    JsonNode t = util.get(p.path("processor").asInt());
                    table.row(p.path("processor").asText(), p.path("modelName").asText(),
                            p.has("mhz") ? String.format(Locale.ROOT, "%.0f", p.get("mhz").asDouble()) : null,
                            p.path("coreId").asInt() < 0 ? null : p.path("coreId").asText(),
                            t == null ? null : seconds(t.path("user").asLong(), times),
                            t == null ? null : seconds(t.path("system").asLong(), times),
                            t == null ? null : seconds(t.path("idle").asLong(), times),
                            t == null ? null : percent(t.path("utilisation").asDouble()));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }

        private static String seconds(long ticks, JsonNode times) {
            return (ticks / Math.max(1, times.path("userHz").asInt(100))) + "s";
        }
    }

    @Command(name = "memory", description = "Memory and swap, as free(1) shows them.")
    static final class Memory extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/proc/memory"), m -> Table.details()
                    .add("Total", size(m.path("total")))
                    .add("Used", size(m.path("used")))
                    .add("Free", size(m.path("free")))
                    .add("Available", size(m.path("available")))
                    .add("Buffers", size(m.path("buffers")))
                    .add("Cached", size(m.path("cached")))
                    .add("Shared", size(m.path("shared")))
                    .add("Swap total", size(m.path("swapTotal")))
                    .add("Swap used", size(m.path("swapUsed")))
                    .add("Swap free", size(m.path("swapFree")))
                    .render());
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "disks", description = "Mounted file systems and their usage, as df -h shows them.")
    static final class Disks extends ApiCommand {
        @Option(names = "--all", description = "also file systems without blocks (proc, sysfs, cgroup...)")
        boolean all;

        @Override
        int run(AgentClient client) {
            JsonNode disks = client.get("/proc/disks", all ? Map.of("all", "true") : Map.of(), 0);
            output().print(disks, d -> {
                Table table = Table.columns("FILESYSTEM", "TYPE", "SIZE", "USED", "AVAIL", "USE%", "MOUNTED ON");
                for (JsonNode fs : d.path("fileSystems")) {
                    table.row(fs.path("source").asText(), fs.path("type").asText(), size(fs.get("size")),
                            size(fs.get("used")), size(fs.get("available")),
                            fs.has("usedPercent") ? String.format(Locale.ROOT, "%.0f%%",
                                    Math.ceil(fs.get("usedPercent").asDouble())) : null,
                            fs.path("mountPoint").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "net", description = "Network interfaces: state, speed and traffic counters.")
    static final class Net extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/proc/net/dev"), list -> {
                Table table = Table.columns("INTERFACE", "STATE", "SPEED", "RX BYTES", "RX PACKETS", "RX ERRORS",
                        "RX DROPPED", "TX BYTES", "TX PACKETS", "TX ERRORS", "TX DROPPED");
                for (JsonNode i : list) {
                    table.row(i.path("name").asText(), i.path("operState").asText(),
                            i.has("speedMbps") ? i.get("speedMbps").asText() + "Mb/s" : null,
                            size(i.path("rxBytes")), i.path("rxPackets").asText(), i.path("rxErrors").asText(),
                            i.path("rxDropped").asText(), size(i.path("txBytes")), i.path("txPackets").asText(),
                            i.path("txErrors").asText(), i.path("txDropped").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "arp", description = "The IPv4 neighbour (ARP) cache.")
    static final class Arp extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/proc/net/arp"), list -> {
                Table table = Table.columns("ADDRESS", "HWADDRESS", "DEVICE", "STATE");
                for (JsonNode e : list) {
                    int flags = e.path("flags").asInt();
                    table.row(e.path("ipAddress").asText(), e.path("hwAddress").asText(), e.path("device").asText(),
                            (flags & 0x4) != 0 ? "permanent" : (flags & 0x2) != 0 ? "complete" : "incomplete");
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "sockets", description = "Sockets, as ss -anp shows them (owners where the agent may see them).")
    static final class Sockets extends ApiCommand {
        @Option(names = {"-p", "--protocol"}, paramLabel = "PROTOCOL", split = ",",
                description = "tcp, tcp6, udp, udp6, raw, raw6 or unix; repeat or separate with commas "
                        + "(default tcp,tcp6,udp,udp6)")
        List<String> protocols = new ArrayList<>();

        @Option(names = "--state", paramLabel = "STATE", description = "only sockets in this state, e.g. LISTEN, ESTAB")
        String state;

        @Override
        int run(AgentClient client) {
            List<String> wanted = protocols.isEmpty() ? List.of("tcp", "tcp6", "udp", "udp6") : protocols;
            for (String p : wanted) {
                if (!SOCKET_PROTOCOLS.contains(p)) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--protocol: expected one of " + String.join(", ", SOCKET_PROTOCOLS) + ", not '" + p + "'");
                }
            }
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            for (String p : wanted) {
                for (JsonNode s : client.get("/proc/net/" + p)) {
                    if (state == null || s.path("state").asText().equalsIgnoreCase(state)) {
                        all.add(p.equals("unix") ? ((com.fasterxml.jackson.databind.node.ObjectNode) s.deepCopy())
                                .put("protocol", "unix") : s);
                    }
                }
            }
            output().print(all, list -> {
                Table table = Table.columns("PROTO", "STATE", "RECV-Q", "SEND-Q", "LOCAL", "PEER", "PID", "COMMAND");
                for (JsonNode s : list) {
                    boolean unix = s.path("protocol").asText().equals("unix");
                    table.row(s.path("protocol").asText(), s.path("state").asText(),
                            unix ? null : s.path("rxQueue").asText(), unix ? null : s.path("txQueue").asText(),
                            unix ? s.path("path").asText(null) : endpoint(s.path("localAddress").asText(),
                                    s.path("localPort").asInt()),
                            unix ? null : endpoint(s.path("remoteAddress").asText(), s.path("remotePort").asInt()),
                            s.has("pid") ? s.get("pid").asText() : null, s.path("command").asText(null));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }

        static String endpoint(String address, int port) {
            String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
            return host + ":" + (port == 0 ? "*" : Integer.toString(port));
        }
    }

    /** Options shared by processes and top. */
    static final class ProcessFilter {
        @Option(names = "--user", paramLabel = "USER", description = "only this user's processes (name or uid)")
        String user;

        @Option(names = "--name", paramLabel = "TEXT", description = "only processes whose name contains TEXT")
        String name;

        Map<String, String> query(String sort, int top) {
            Map<String, String> q = new LinkedHashMap<>();
            if (user != null) {
                q.put("user", user);
            }
            if (name != null) {
                q.put("name", name);
            }
            q.put("sort", sort);
            if (top > 0) {
                q.put("top", Integer.toString(top));
            }
            return q;
        }
    }

    @Command(name = "processes", description = "Processes; %CPU is over each process's lifetime, as ps shows it.")
    static final class Processes extends ApiCommand {
        @CommandLine.Mixin
        ProcessFilter filter = new ProcessFilter();

        @Option(names = "--sort", paramLabel = "KEY", description = "pid (default), cpu, memory or name")
        String sort = "pid";

        @Option(names = "--top", paramLabel = "N", description = "only the first N after sorting")
        int top;

        @Override
        int run(AgentClient client) {
            checkSort(spec, sort);
            output().print(client.get("/proc/processes", filter.query(sort, top), 0), ProcCommand::processTable);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "top", description = {"Processes by CPU, refreshed like top(1) until interrupted.",
            "The first screen shows CPU over each process's lifetime; later ones the share of the last interval."})
    static final class Top extends ApiCommand {
        @CommandLine.Mixin
        ProcessFilter filter = new ProcessFilter();

        @Option(names = "--interval", paramLabel = "SECONDS", description = "seconds between screens (default 2)")
        double interval = 2;

        @Option(names = "--iterations", paramLabel = "N", description = "stop after N screens (default: never)")
        int iterations;

        @Option(names = "--top", paramLabel = "N", description = "processes shown (default 20)")
        int top = 20;

        @Override
        int run(AgentClient client) throws InterruptedException {
            if (interval < 0.1 || interval > 3600) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--interval: from 0.1 to 3600 seconds");
            }
            PrintWriter out = spec.commandLine().getOut();
            Output output = output();
            Map<Integer, Double> previous = null;
            long previousNanos = 0;
            for (int i = 0; iterations <= 0 || i < iterations; i++) {
                if (i > 0) {
                    Thread.sleep((long) (interval * 1000));
                }
                JsonNode load = client.get("/proc/load");
                JsonNode memory = client.get("/proc/memory");
                JsonNode uptime = client.get("/proc/uptime");
                JsonNode all = client.get("/proc/processes", filter.query("pid", 0), 0);
                long now = System.nanoTime();
                Map<Integer, Double> cpu = new HashMap<>();
                all.forEach(p -> cpu.put(p.path("pid").asInt(), p.path("cpuSeconds").asDouble()));
                ArrayNode shown = ranked(all, previous, (now - previousNanos) / 1e9);
                previous = cpu;
                previousNanos = now;
                if (output.format() == Output.Format.TABLE) {
                    out.print(CLEAR);
                    out.printf(Locale.ROOT, "up %s, load average: %.2f %.2f %.2f, tasks: %d%n",
                            duration(uptime.path("seconds").asLong()), load.path("load1").asDouble(),
                            load.path("load5").asDouble(), load.path("load15").asDouble(), all.size());
                    out.printf(Locale.ROOT, "memory: %s total, %s used, %s available; swap: %s used of %s%n%n",
                            size(memory.path("total")), size(memory.path("used")), size(memory.path("available")),
                            size(memory.path("swapUsed")), size(memory.path("swapTotal")));
                }
                output.print(shown, ProcCommand::processTable);
            }
            return Gantry.EXIT_OK;
        }

        /** The top N by CPU: lifetime % on the first screen, then the share of the interval just past. */
        private ArrayNode ranked(JsonNode all, Map<Integer, Double> previous, double elapsed) {
            List<JsonNode> list = new ArrayList<>();
            for (JsonNode p : all) {
                com.fasterxml.jackson.databind.node.ObjectNode copy = p.deepCopy();
                if (previous != null && elapsed > 0) {
                    Double before = previous.get(p.path("pid").asInt());
                    double used = p.path("cpuSeconds").asDouble() - (before == null ? 0 : before);
                    copy.put("cpuPercent", Math.round(Math.max(0, used) * 10000 / elapsed) / 100.0);
                }
                list.add(copy);
            }
            list.sort((a, b) -> {
                int c = Double.compare(b.path("cpuPercent").asDouble(), a.path("cpuPercent").asDouble());
                return c != 0 ? c : Integer.compare(a.path("pid").asInt(), b.path("pid").asInt());
            });
            ArrayNode shown = JsonNodeFactory.instance.arrayNode();
            list.stream().limit(Math.max(1, top)).forEach(shown::add);
            return shown;
        }
    }

    static void checkSort(CommandLine.Model.CommandSpec spec, String sort) {
        if (!SORTS.contains(sort)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sort: expected one of " + String.join(", ", SORTS) + ", not '" + sort + "'");
        }
    }

    static String processTable(JsonNode list) {
        Table table = Table.columns("PID", "USER", "%CPU", "%MEM", "RSS", "STATE", "THREADS", "COMMAND");
        for (JsonNode p : list) {
            table.row(p.path("pid").asText(), p.path("user").asText(null),
                    String.format(Locale.ROOT, "%.1f", p.path("cpuPercent").asDouble()),
                    String.format(Locale.ROOT, "%.1f", p.path("memoryPercent").asDouble()),
                    size(p.path("rss")), p.path("state").asText(), p.path("threads").asText(), p.path("name").asText());
        }
        return table.render();
    }

    /** Bytes in powers of 1024 with one decimal, as df -h and free -h print them ({@code 1.5G}); "-" if absent. */
    static String size(JsonNode bytes) {
        if (bytes == null || !bytes.isNumber()) {
            return null;
        }
        return size(bytes.asLong());
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTPE";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.0f%c" : "%.1f%c", v, units.charAt(u));
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    static String duration(long seconds) {
        long days = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        return (days > 0 ? days + " days, " : "") + String.format(Locale.ROOT, "%d:%02d", h, m);
    }
}
