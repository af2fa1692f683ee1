package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CPU, memory, network and disk counters every interval on one virtual thread and keeps the
 * rates between consecutive readings for the last {@code capacity} intervals. Rates come from the
 * measured time between readings, so a late reading gives a longer interval, not a wrong rate. A
 * counter that went down (an interface re-created, a disk re-attached) gives no rate for that device
 * in that sample. Thread-safe; {@link #close} stops the thread.
 */
public final class RatesSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RatesSampler.class);

    /** One reading of the counters. */
    record Reading(Instant at, CpuTimes.Cpu cpu, MemInfo memory, Map<String, long[]> interfaces,
                   Map<String, long[]> disks) {
    }

    private final Path root;
    private final Clock clock;
    private final Duration interval;
    private final int capacity;
    private final ArrayDeque<Rates.Sample> samples = new ArrayDeque<>();
    private Reading last;
    private Thread thread;

    /**
     * A sampler of the files under {@code root} every {@code interval} (zero: never) keeping the newest
     * {@code capacity} samples; not started.
     */
    public RatesSampler(Path root, Clock clock, Duration interval, int capacity) {
        this.root = root;
        this.clock = clock;
        this.interval = interval;
        this.capacity = capacity;
    }

    private boolean enabled() {
        return !interval.isZero();
    }

    /** Starts sampling, unless the configuration turns the sampler off. */
    public synchronized void start() {
        if (!enabled() || thread != null) {
            return;
        }
        thread = Thread.ofVirtual().name("gantry-rates").start(this::loop);
    }

    /** The sampling thread, while started (for tests). */
    synchronized Optional<Thread> thread() {
        return Optional.ofNullable(thread);
    }

    private void loop() {
        long intervalMillis = interval.toMillis();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                tick();
            } catch (RuntimeException e) {
                // One bad reading must not end the sampling: the next one starts afresh.
                LOG.warn("rates sampler: reading /proc failed: {}", e.toString());
                synchronized (this) {
                    last = null;
                }
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes one reading and, from the second on, adds the rates since the previous one. */
    void tick() {
        Reading now = read();
        synchronized (this) {
            if (last != null) {
                rates(last, now).ifPresent(sample -> {
                    if (samples.size() == capacity) {
                        samples.removeFirst();
                    }
                    samples.addLast(sample);
                });
            }
            last = now;
        }
    }

    public Rates rates() {
        synchronized (this) {
            return new Rates(enabled(), interval.toSeconds(), capacity,
                    List.copyOf(samples));
        }
    }

    Reading read() {
        Instant at = clock.instant();
        CpuTimes.Cpu cpu = CpuTimes.read(root).total();
        MemInfo memory = MemInfo.read(root);
        Map<String, long[]> interfaces = new LinkedHashMap<>();
        // Only /proc/net/dev: the sysfs attributes NetDev.read adds are not needed for rates.
        for (NetDev d : NetDev.parse(ProcText.read(root.resolve("proc/net/dev")))) {
            interfaces.put(d.name(), new long[] {d.rxBytes(), d.txBytes()});
        }
        Map<String, long[]> disks = new LinkedHashMap<>();
        for (DiskStats d : DiskStats.read(root)) {
            if (!DiskStats.NOT_DISKS.matcher(d.name()).matches()) {
                disks.put(d.name(), new long[] {d.bytesRead(), d.bytesWritten()});
            }
        }
        return new Reading(at, cpu, memory, interfaces, disks);
    }

    /** The rates from {@code a} to {@code b}; empty when the clock did not move forward between them. */
    static Optional<Rates.Sample> rates(Reading a, Reading b) {
        double seconds = Duration.between(a.at(), b.at()).toNanos() / 1e9;
        if (seconds <= 0) {
            return Optional.empty();
        }
        long total = b.cpu().total() - a.cpu().total();
        long busy = b.cpu().busy() - a.cpu().busy();
        double cpu = total <= 0 ? 0 : round(100.0 * Math.clamp(busy, 0, total) / total);
        MemInfo m = b.memory();
        double usedPercent = m.total() == 0 ? 0 : round(100.0 * m.used() / m.total());
        Rates.Memory memory = new Rates.Memory(m.total(), m.available(), m.used(), usedPercent);
        List<Rates.Interface> interfaces = new ArrayList<>();
        perSecond(a.interfaces(), b.interfaces(), seconds,
                (name, r) -> interfaces.add(new Rates.Interface(name, r[0], r[1])));
        List<Rates.Disk> disks = new ArrayList<>();
        perSecond(a.disks(), b.disks(), seconds, (name, r) -> disks.add(new Rates.Disk(name, r[0], r[1])));
        return Optional.of(new Rates.Sample(b.at(), round(seconds), cpu, memory, interfaces, disks));
    }

    private static void perSecond(Map<String, long[]> a, Map<String, long[]> b, double seconds,
                                  java.util.function.BiConsumer<String, double[]> out) {
        b.forEach((name, now) -> {
            long[] before = a.get(name);
            if (before == null) {
                return;
            }
            double[] rates = new double[now.length];
            for (int i = 0; i < now.length; i++) {
                long delta = now[i] - before[i];
                if (delta < 0) {
                    return;
                }
                rates[i] = round(delta / seconds);
            }
            out.accept(name, rates);
        });
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    @Override
    public void close() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            if (!t.join(Duration.ofSeconds(5))) {
                LOG.warn("rates sampler did not stop within 5 s");
            }
        }
    }
}
