package dev.gantry.agent.proc;

import dev.gantry.agent.backend.procfs.ArpEntry;
import dev.gantry.agent.backend.procfs.DiskStats;
import dev.gantry.agent.backend.procfs.HwmonSensor;
import dev.gantry.agent.backend.procfs.KernelModule;
import dev.gantry.agent.backend.procfs.Rates;
import dev.gantry.agent.backend.procfs.RatesSampler;
import dev.gantry.agent.backend.procfs.Snmp;
import dev.gantry.agent.backend.procfs.VmStat;
import dev.gantry.agent.backend.sysctl.Sysctl;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/proc}: what the kernel publishes under /proc and /sys, read fresh on every request
 * without forking, and the net and vm tunables through the agent's one sysctl writer.
 */
public final class ProcModule implements ApiModule {
    static final int MAX_TOP = 100_000;

    private final Path root;
    private final SystemReads system;
    private final DiskReads disks;
    private final SocketReads sockets;
    private final ProcessReads processes;
    private final Tunables tunables;
    private final RatesSampler rates;

    /** {@code root} is {@code /} on a host; tests give a directory holding proc/ and sys/. */
    public ProcModule(Path root, Sysctl sysctl, RatesSampler rates) {
        this.root = root;
        this.rates = rates;
        this.system = new SystemReads(root);
        this.disks = new DiskReads(root);
        this.sockets = new SocketReads(root);
        this.processes = new ProcessReads(root, new UserNames(root));
        this.tunables = new Tunables(sysctl);
    }

    /** Body of the tunable PUTs. */
    public record TunableValue(String value) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(value != null, "value", "required", "the value to set", value);
        }
    }

    @Override
    public String name() {
        return "proc";
    }

    @Override
    public String description() {
        return "The kernel's view of this host from /proc and /sys: CPU, memory, disks, network, processes, tunables";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/proc/cpu").summary("CPUs from /proc/cpuinfo: model, frequency, flags, per logical CPU")
                .returns(ProcViews.Cpus.class).handle(req -> system.cpus());
        routes.get("/proc/cpu/times").summary("CPU time since boot, total and per CPU, with utilisation")
                .returns(ProcViews.CpuTimes.class).handle(req -> system.cpuTimes());
        routes.get("/proc/load").summary("Load averages and task counts (/proc/loadavg)")
                .returns(ProcViews.Load.class).handle(req -> system.load());
        routes.get("/proc/uptime").summary("Seconds since boot, idle seconds and the boot time")
                .returns(ProcViews.Uptime.class).handle(req -> system.uptime());
        routes.get("/proc/memory").summary("Memory and swap in bytes (/proc/meminfo)")
                .query("all", Boolean.class, "also every /proc/meminfo field, in bytes")
                .returns(ProcViews.Memory.class).handle(req -> system.memory(req.flag("all")));
        routes.get("/proc/vmstat").summary("Virtual memory counters (/proc/vmstat)")
                .returns(Map.class).handle(req -> VmStat.read(root).counters());
        routes.get("/proc/disks").summary("Partitions and mounted file systems with usage (statvfs)")
                .query("all", Boolean.class, "also file systems without blocks (proc, sysfs, cgroup...)")
                .returns(ProcViews.Disks.class).handle(req -> disks.disks(req.flag("all")));
        routes.get("/proc/disks/io").summary("I/O counters per block device (/proc/diskstats)")
                .returnsListOf(DiskStats.class).handle(req -> DiskStats.read(root));
        routes.get("/proc/net/dev").summary("Counters per interface, with link speed and operstate from sysfs")
                .returnsListOf(ProcViews.Interface.class).handle(req -> system.netDev());
        routes.get("/proc/rates")
                .summary("CPU, memory, network and disk rates of the last minutes, sampled every few seconds")
                .returns(Rates.class).handle(req -> rates.rates());
        routes.get("/proc/net/arp").summary("The IPv4 neighbour cache (/proc/net/arp)")
                .returnsListOf(ArpEntry.class).handle(req -> ArpEntry.read(root));
        routes.get("/proc/net/snmp").summary("Protocol counters (/proc/net/snmp and /proc/net/netstat)")
                .returns(Map.class).handle(req -> Snmp.read(root).protocols());
        routes.get("/proc/net/unix").summary("Unix sockets, with the owning process where readable")
                .query("owners", Boolean.class, "find owning processes (default true)")
                .returnsListOf(ProcViews.UnixSocket.class)
                .handle(req -> sockets.unix(owners(req)));
        routes.get("/proc/net/{protocol}").summary("Sockets of tcp, tcp6, udp, udp6, raw or raw6, with owners where readable")
                .query("owners", Boolean.class, "find owning processes (default true)")
                .returnsListOf(ProcViews.InetSocket.class)
                .handle(req -> {
                    String protocol = req.param("protocol");
                    if (!SocketReads.PROTOCOLS.contains(protocol) || protocol.equals("unix")) {
                        throw ApiException.notFound("no /proc/net/" + protocol + " here; one of dev, arp, snmp, "
                                + String.join(", ", SocketReads.PROTOCOLS));
                    }
                    return sockets.inet(protocol, owners(req));
                });
        routes.get("/proc/modules").summary("Loaded kernel modules (/proc/modules)")
                .returnsListOf(KernelModule.class).handle(req -> KernelModule.read(root));
        routes.get("/proc/sensors").summary("Hardware sensors (hwmon): temperatures, fans, voltages; empty without hwmon")
                .returnsListOf(ProcViews.Sensor.class).handle(req -> sensors());
        routes.get("/proc/processes").summary("Processes, filtered by user or name, sorted, top N")
                .query("user", String.class, "only this user's processes (name or uid)")
                .query("name", String.class, "only processes whose command name contains this")
                .query("sort", String.class, "pid (default), cpu, memory or name; cpu and memory sort descending")
                .query("top", Integer.class, "at most this many (1-" + MAX_TOP + ")")
                .returnsListOf(ProcViews.Process.class)
                .handle(req -> processes.list(query(req)));
        routes.get("/proc/processes/{pid}").summary("One process: status, cmdline, memory, files, io, connections, threads, cgroup")
                .description("Parts the kernel does not let the agent read are absent and listed in `unavailable`. "
                        + "A process that does not exist (or ended) is a 404.")
                .returns(ProcViews.ProcessDetail.class)
                .handle(req -> processes.detail(pid(req.param("pid"))));
        registerTunables(routes);
    }

    private void registerTunables(Routes routes) {
        routes.get("/proc/sys/net/{family}/{property}").summary("Read net.<family>.<property>")
                .returns(ProcViews.Tunable.class)
                .handle(req -> tunables.read(Tunables.netKey(req.param("family"), null, req.param("property"))));
        routes.put("/proc/sys/net/{family}/{property}").summary("Set net.<family>.<property> now (not persistent)")
                .body(TunableValue.class).returns(ProcViews.Tunable.class).status(200)
                .handle(req -> {
                    String key = Tunables.netKey(req.param("family"), null, req.param("property"));
                    return tunables.write(key, req.body(TunableValue.class).value());
                });
        routes.get("/proc/sys/net/{family}/{link}/{property}").summary("Read net.<family>.conf.<link>.<property>")
                .returns(ProcViews.Tunable.class)
                .handle(req -> tunables.read(Tunables.netKey(req.param("family"), req.param("link"),
                        req.param("property"))));
        routes.put("/proc/sys/net/{family}/{link}/{property}")
                .summary("Set net.<family>.conf.<link>.<property> now (not persistent)")
                .body(TunableValue.class).returns(ProcViews.Tunable.class).status(200)
                .handle(req -> {
                    String key = Tunables.netKey(req.param("family"), req.param("link"), req.param("property"));
                    return tunables.write(key, req.body(TunableValue.class).value());
                });
        routes.get("/proc/sys/vm/{property}").summary("Read vm.<property>")
                .returns(ProcViews.Tunable.class)
                .handle(req -> tunables.read(Tunables.vmKey(req.param("property"))));
        routes.put("/proc/sys/vm/{property}").summary("Set vm.<property> now (not persistent)")
                .body(TunableValue.class).returns(ProcViews.Tunable.class).status(200)
                .handle(req -> {
                    String key = Tunables.vmKey(req.param("property"));
                    return tunables.write(key, req.body(TunableValue.class).value());
                });
    }

    private static boolean owners(ApiRequest req) {
        return req.query("owners").isEmpty() || req.flag("owners");
    }

    private List<ProcViews.Sensor> sensors() {
        return HwmonSensor.read(root).stream().map(s -> new ProcViews.Sensor(s.chip(), s.device(), s.sensor(),
                s.kind(), s.label(), s.unit(), s.value(), s.max().isPresent() ? s.max().getAsDouble() : null,
                s.critical().isPresent() ? s.critical().getAsDouble() : null)).toList();
    }

    static int pid(String text) {
        try {
            int pid = Integer.parseInt(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.invalid("pid", "pattern", "a process id: a positive whole number", text);
    }

    static ProcessReads.Query query(ApiRequest req) {
        ProcessReads.Sort sort;
        String s = req.query("sort").orElse("pid");
        try {
            sort = ProcessReads.Sort.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("sort", "one-of", "one of pid, cpu, memory, name", s);
        }
        int top = req.intQuery("top", 1, MAX_TOP).orElse(MAX_TOP);
        return new ProcessReads.Query(req.query("user").filter(u -> !u.isEmpty()),
                req.query("name").filter(n -> !n.isEmpty()), sort, top);
    }
}
