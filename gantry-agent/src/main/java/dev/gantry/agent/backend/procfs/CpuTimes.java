package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/stat}: CPU time in jiffies (USER_HZ, 100 per second on every Linux ABI gantryd runs on)
 * for all CPUs together and for each one, and the system-wide counters. Fields a kernel does not
 * write (steal before 2.6.11, guest_nice before 2.6.33) are 0. {@code guest} and {@code guestNice}
 * are already included in {@code user} and {@code nice}; {@link Cpu#total()} does not count them twice.
 */
public record CpuTimes(Cpu total, List<Cpu> cpus, long interrupts, long contextSwitches, long bootTime,
                       long forks, long running, long blocked) {
    /** Jiffies per second of every field here. */
    public static final int USER_HZ = 100;

    public CpuTimes {
        cpus = List.copyOf(cpus);
    }

    /** One CPU ({@code cpu} is its number) or all of them ({@code cpu} = -1). */
    public record Cpu(int cpu, long user, long nice, long system, long idle, long iowait, long irq,
                      long softirq, long steal, long guest, long guestNice) {
        /** All jiffies this CPU spent, guest time counted once (inside user and nice). */
        public long total() {
            return user + nice + system + idle + iowait + irq + softirq + steal;
        }

        /** Jiffies not idle (idle and iowait are idle). */
        public long busy() {
            return total() - idle - iowait;
        }
    }

    public static CpuTimes read(Path root) {
        return parse(ProcText.read(root.resolve("proc/stat")));
    }

    public static CpuTimes parse(byte[] text) {
        ProcText t = new ProcText(text);
        Cpu total = new Cpu(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        List<Cpu> cpus = new ArrayList<>();
        long intr = 0;
        long ctxt = 0;
        long btime = 0;
        long processes = 0;
        long running = 0;
        long blocked = 0;
        while (!t.atEnd()) {
            if (t.startsWith("cpu")) {
                t.skip(3);
                int id = -1;
                if (!t.accept(' ')) {
                    long n = t.number(-1);
                    if (n < 0 || n > Integer.MAX_VALUE) {
                        t.nextLine();
                        continue;
                    }
                    id = (int) n;
                }
                long[] f = new long[10];
                for (int i = 0; i < f.length; i++) {
                    long v = t.number(0);
                    f[i] = Math.max(0, v);
                }
                Cpu cpu = new Cpu(id, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
                if (id < 0) {
                    total = cpu;
                } else {
                    cpus.add(cpu);
                }
            } else {
                String name = t.word();
                long v = t.number(0);
                switch (name) {
                    case "intr" -> intr = v;
                    case "ctxt" -> ctxt = v;
                    case "btime" -> btime = v;
                    case "processes" -> processes = v;
                    case "procs_running" -> running = v;
                    case "procs_blocked" -> blocked = v;
                    default -> { }
                }
            }
            t.nextLine();
        }
        return new CpuTimes(total, cpus, intr, ctxt, btime, processes, running, blocked);
    }
}
