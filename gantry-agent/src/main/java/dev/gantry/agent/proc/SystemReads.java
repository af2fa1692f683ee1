package dev.gantry.agent.proc;

import dev.gantry.agent.backend.procfs.CpuInfo;
import dev.gantry.agent.backend.procfs.CpuTimes;
import dev.gantry.agent.backend.procfs.LoadAvg;
import dev.gantry.agent.backend.procfs.MemInfo;
import dev.gantry.agent.backend.procfs.NetDev;
import dev.gantry.agent.backend.procfs.Uptime;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The system-wide answers: each call reads its files fresh. */
final class SystemReads {
    private final Path root;

    SystemReads(Path root) {
        this.root = root;
    }

    ProcViews.Cpus cpus() {
        List<ProcViews.Processor> list = new ArrayList<>();
        for (CpuInfo.Processor p : CpuInfo.read(root).processors()) {
            double mhz = p.mhz();
            list.add(new ProcViews.Processor(p.processor(), p.vendor(), p.modelName(), Double.isNaN(mhz) ? null : mhz,
                    p.physicalId(), p.coreId(), p.flags()));
        }
        return new ProcViews.Cpus(list.size(), list.isEmpty() ? "" : list.getFirst().modelName(), list);
    }

    ProcViews.CpuTimes cpuTimes() {
        CpuTimes s = CpuTimes.read(root);
        List<ProcViews.Times> cpus = new ArrayList<>(s.cpus().size());
        for (CpuTimes.Cpu c : s.cpus()) {
            cpus.add(times(c, c.cpu()));
        }
        return new ProcViews.CpuTimes(CpuTimes.USER_HZ, times(s.total(), null), cpus, s.contextSwitches(),
                s.interrupts(), s.forks(), s.running(), s.blocked(), Instant.ofEpochSecond(s.bootTime()));
    }

    private static ProcViews.Times times(CpuTimes.Cpu c, Integer id) {
        long total = c.total();
        double util = total == 0 ? 0 : Math.round(c.busy() * 10000.0 / total) / 100.0;
        return new ProcViews.Times(id, c.user(), c.nice(), c.system(), c.idle(), c.iowait(), c.irq(), c.softirq(),
                c.steal(), c.guest(), c.guestNice(), util);
    }

    ProcViews.Load load() {
        LoadAvg l = LoadAvg.read(root);
        return new ProcViews.Load(l.load1(), l.load5(), l.load15(), l.running(), l.total(), l.lastPid());
    }

    ProcViews.Uptime uptime() {
        Uptime u = Uptime.read(root);
        return new ProcViews.Uptime(u.seconds(), u.idleSeconds(), Instant.ofEpochSecond(CpuTimes.read(root).bootTime()));
    }

    ProcViews.Memory memory(boolean all) {
        MemInfo m = MemInfo.read(root);
        return new ProcViews.Memory(m.total(), m.free(), m.available(), m.used(), m.buffers(), m.cached(), m.shared(),
                m.slab(), m.dirty(), m.swapTotal(), m.swapFree(), Math.max(0, m.swapTotal() - m.swapFree()),
                m.swapCached(), all ? m.fields() : null);
    }

    List<ProcViews.Interface> netDev() {
        List<ProcViews.Interface> list = new ArrayList<>();
        for (NetDev d : NetDev.read(root)) {
            list.add(new ProcViews.Interface(d.name(), d.operState().orElse(null),
                    d.speedMbps().isPresent() ? d.speedMbps().getAsLong() : null, d.rxBytes(), d.rxPackets(),
                    d.rxErrors(), d.rxDropped(), d.rxFifo(), d.rxFrame(), d.rxCompressed(), d.rxMulticast(),
                    d.txBytes(), d.txPackets(), d.txErrors(), d.txDropped(), d.txFifo(), d.txCollisions(),
                    d.txCarrier(), d.txCompressed()));
        }
        return list;
    }
}
