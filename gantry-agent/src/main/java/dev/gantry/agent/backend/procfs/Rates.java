package dev.gantry.agent.backend.procfs;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v1/proc/rates} answers: the sampler's recent samples, oldest first.
 *
 * @param enabled         false when {@code [Metrics] RatesInterval = 0} (then there are no samples)
 * @param intervalSeconds the configured time between readings
 * @param capacity        how many samples are kept
 */
public record Rates(boolean enabled, long intervalSeconds, int capacity, List<Sample> samples) {
    public Rates {
        samples = List.copyOf(samples);
    }

    /**
     * Rates over the interval that ends at {@code time}.
     *
     * @param seconds    the interval's length as measured (about {@code intervalSeconds})
     * @param cpuPercent share of all CPUs' time not idle (idle and iowait are idle), 0–100
     */
    public record Sample(Instant time, double seconds, double cpuPercent, Memory memory,
                         List<Interface> interfaces, List<Disk> disks) {
        public Sample {
            interfaces = List.copyOf(interfaces);
            disks = List.copyOf(disks);
        }
    }

    /** Memory at the end of the interval; used is total − available, as free(1) counts it. */
    public record Memory(long totalBytes, long availableBytes, long usedBytes, double usedPercent) {
    }

    /** A network interface's traffic, from /proc/net/dev. */
    public record Interface(String name, double receiveBytesPerSecond, double transmitBytesPerSecond) {
    }

    /** A disk's traffic, from /proc/diskstats (partitions, loop and RAM devices left out). */
    public record Disk(String name, double readBytesPerSecond, double writtenBytesPerSecond) {
    }
}
