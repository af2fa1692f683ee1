package dev.gantry.agent.proc;

import dev.gantry.agent.backend.procfs.CpuTimes;
import dev.gantry.agent.backend.procfs.InetSocket;
import dev.gantry.agent.backend.procfs.MemInfo;
import dev.gantry.agent.backend.procfs.Pids;
import dev.gantry.agent.backend.procfs.ProcessFiles;
import dev.gantry.agent.backend.procfs.ProcessStat;
import dev.gantry.agent.backend.procfs.ProcessStatus;
import dev.gantry.agent.backend.procfs.SocketOwners;
import dev.gantry.agent.backend.procfs.Uptime;
import dev.gantry.common.http.ApiException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The process table and one process in detail. The list reads two things per process: its
 * {@code stat} file and the owner of its /proc directory (one stat(2)), so 500 processes cost ~1,000
 * system calls, not the status, cmdline and fd reads a detail needs.
 */
final class ProcessReads {
    enum Sort { PID, CPU, MEMORY, NAME }

    /** The list query: all filters optional. */
    record Query(Optional<String> user, Optional<String> name, Sort sort, int top) {
    }

    private final Path root;
    private final UserNames users;

    ProcessReads(Path root, UserNames users) {
        this.root = root;
        this.users = users;
    }

    List<ProcViews.Process> list(Query q) {
        Path proc = root.resolve("proc");
        long memTotal = MemInfo.read(root).total();
        double uptime = Uptime.read(root).seconds();
        long bootTime = CpuTimes.read(root).bootTime();
        int wantUid = q.user().map(this::uidOf).orElse(-2);
        Map<Integer, String> names = users.current(); // once per answer, not per process
        List<ProcViews.Process> list = new ArrayList<>();
        for (int pid : Pids.list(proc)) {
            Optional<ProcessStat> stat = ProcessStat.read(root, pid);
            if (stat.isEmpty()) {
                continue; // ended since the listing
            }
            ProcessStat s = stat.get();
            if (q.name().isPresent() && !s.comm().contains(q.name().get())) {
                continue;
            }
            OptionalInt uid = ProcessFiles.uid(root, pid);
            if (wantUid != -2 && (uid.isEmpty() || uid.getAsInt() != wantUid)) {
                continue;
            }
            list.add(view(s, uid, names, memTotal, uptime, bootTime));
        }
        Comparator<ProcViews.Process> order = switch (q.sort()) {
            case PID -> Comparator.comparingInt(ProcViews.Process::pid);
            case CPU -> Comparator.comparingDouble(ProcViews.Process::cpuPercent).reversed()
                    .thenComparingInt(ProcViews.Process::pid);
            case MEMORY -> Comparator.comparingLong(ProcViews.Process::rss).reversed()
                    .thenComparingInt(ProcViews.Process::pid);
            case NAME -> Comparator.comparing(ProcViews.Process::name).thenComparingInt(ProcViews.Process::pid);
        };
        list.sort(order);
        return list.size() > q.top() ? List.copyOf(list.subList(0, q.top())) : list;
    }

    /** A user filter is a name from /etc/passwd or a numeric uid; an unknown name is a 400. */
    private int uidOf(String user) {
        int uid = users.uid(user);
        if (uid >= 0) {
            return uid;
        }
        try {
            return Integer.parseInt(user);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("user", "unknown-user", "no such user on this host", user);
        }
    }

    private ProcViews.Process view(ProcessStat s, OptionalInt uid, Map<Integer, String> names, long memTotal,
                                   double uptime, long bootTime) {
        double started = (double) s.startTime() / CpuTimes.USER_HZ;
        double lifetime = uptime - started;
        double cpuPercent = lifetime > 0 ? round2(s.cpuSeconds() * 100 / lifetime) : 0;
        long rss = s.rssBytes();
        return new ProcViews.Process(s.pid(), s.ppid(), uid.isPresent() ? UserNames.name(names, uid.getAsInt()) : null,
                uid.isPresent() ? uid.getAsInt() : null, s.comm(), s.state(), s.threads(), rss, s.vsize(),
                memTotal > 0 ? round2(rss * 100.0 / memTotal) : 0, round2(s.cpuSeconds()), cpuPercent,
                startInstant(bootTime, s.startTime()), s.nice(), s.priority());
    }

    private static Instant startInstant(long bootTime, long startTicks) {
        return Instant.ofEpochSecond(bootTime).plusMillis(startTicks * 1000 / CpuTimes.USER_HZ);
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** One process; 404 if it has no /proc entry (never was, or ended). */
    ProcViews.ProcessDetail detail(int pid) {
        ProcessStat s = ProcessStat.read(root, pid)
                .orElseThrow(() -> ApiException.notFound("no process " + pid));
        List<String> unavailable = new ArrayList<>();
        long bootTime = CpuTimes.read(root).bootTime();
        OptionalInt uid = ProcessFiles.uid(root, pid);

        Optional<ProcessStatus> status = ProcessStatus.read(root, pid);
        ProcViews.ProcessMemory memory = status.map(ProcessReads::memory).orElse(null);
        if (status.isEmpty()) {
            unavailable.add("memory");
        }
        List<String> cmdline = note(ProcessFiles.cmdline(root, pid), "cmdline", unavailable);
        Map<String, Long> io = note(ProcessFiles.io(root, pid), "io", unavailable);
        List<ProcViews.OpenFile> openFiles = note(ProcessFiles.openFiles(root, pid)
                .map(l -> l.stream().map(f -> new ProcViews.OpenFile(f.fd(), f.target())).toList()),
                "openFiles", unavailable);
        List<ProcViews.InetSocket> connections = openFiles == null ? null : connections(pid, s.comm());
        if (connections == null) {
            unavailable.add("connections");
        }
        List<ProcViews.Thread> threads = note(ProcessFiles.threads(root, pid).map(l -> l.stream()
                .map(t -> new ProcViews.Thread(t.pid(), t.comm(), t.state(), t.utime(), t.stime(), t.processor()))
                .toList()), "threads", unavailable);
        List<ProcViews.Cgroup> cgroups = note(ProcessFiles.cgroups(root, pid).map(l -> l.stream()
                .map(c -> new ProcViews.Cgroup(c.hierarchy(), c.controllers(), c.path())).toList()),
                "cgroups", unavailable);
        if (!ProcessFiles.exists(root, pid)) {
            throw ApiException.notFound("process " + pid + " ended while it was read");
        }
        List<Long> uids = status.map(st -> longs(st.uids())).orElse(null);
        List<Long> gids = status.map(st -> longs(st.gids())).orElse(null);
        return new ProcViews.ProcessDetail(pid, s.ppid(), s.comm(), s.state(),
                uid.isPresent() ? users.name(uid.getAsInt()) : null, uid.isPresent() ? uid.getAsInt() : null,
                uids, gids, cmdline, startInstant(bootTime, s.startTime()), round2(s.cpuSeconds()), s.utime(),
                s.stime(), s.nice(), s.priority(), s.threads(), memory, io, openFiles, connections, threads, cgroups,
                List.copyOf(unavailable));
    }

    private static <T> T note(Optional<T> value, String part, List<String> unavailable) {
        if (value.isEmpty()) {
            unavailable.add(part);
            return null;
        }
        return value.get();
    }

    private static List<Long> longs(long[] ids) {
        List<Long> list = new ArrayList<>(ids.length);
        for (long id : ids) {
            list.add(id);
        }
        return list;
    }

    private static ProcViews.ProcessMemory memory(ProcessStatus st) {
        return new ProcViews.ProcessMemory(n(st, "VmPeak"), n(st, "VmSize"), n(st, "VmRSS"), n(st, "RssAnon"),
                n(st, "RssFile"), n(st, "RssShmem"), n(st, "VmData"), n(st, "VmStk"), n(st, "VmExe"),
                n(st, "VmLib"), n(st, "VmSwap"));
    }

    private static Long n(ProcessStatus st, String key) {
        OptionalLong v = st.number(key);
        return v.isPresent() ? v.getAsLong() : null;
    }

    /** The process's inet sockets, from its own network namespace's tables, matched by its fds' inodes. */
    private List<ProcViews.InetSocket> connections(int pid, String comm) {
        Map<Long, Integer> inodes = SocketOwners.of(root, pid);
        List<ProcViews.InetSocket> list = new ArrayList<>();
        if (inodes.isEmpty()) {
            return list;
        }
        Path net = root.resolve("proc").resolve(Integer.toString(pid)).resolve("net");
        for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
            for (InetSocket s : InetSocket.readFile(net.resolve(protocol), protocol)) {
                if (inodes.containsKey(s.inode())) {
                    list.add(new ProcViews.InetSocket(s.protocol(), s.localAddress(), s.localPort(),
                            s.remoteAddress(), s.remotePort(), s.state(), s.txQueue(), s.rxQueue(), s.uid(),
                            s.inode(), pid, comm));
                }
            }
        }
        return list;
    }
}
