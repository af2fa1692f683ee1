package dev.gantry.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.backend.procfs.HostFixture;
import dev.gantry.agent.backend.procfs.StatVfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's metrics from fixture files, as the Prometheus parser reads them from the agent's scrape. */
class HostCollectorTest {
    private static final StatVfs ROOT_FS = new StatVfs(100_000, 40_000, 50_000, 60_000, 1000, 700, 4096, false);
    private static final StatVfs DATA_FS = new StatVfs(200_000, 0, 190_000, 200_000, 2000, 2000, 4096, true);

    @TempDir
    Path dir;
    HostFixture host;
    AgentMetrics metrics;

    @BeforeEach
    void start() {
        host = new HostFixture(dir).host();
        Function<String, Optional<StatVfs>> statvfs = mountPoint -> switch (mountPoint) {
            case "/" -> Optional.of(ROOT_FS);
            case "/data" -> Optional.of(DATA_FS);
            default -> Optional.empty();
        };
        metrics = AgentMetrics.create();
        metrics.register(new HostCollector(dir, statvfs,
                Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC)));
    }

    @AfterEach
    void stop() throws Exception {
        metrics.close();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));
    }

    private static double value(PrometheusText text, String name, String... labels) {
        Map<String, String> wanted = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return text.sample(name, wanted).orElseThrow(() -> new AssertionError("no " + name + wanted)).value();
    }

    @Test
    void memoryFieldsAreBytesUnderNodeExporterNames() {
        PrometheusText text = scrape();
        assertThat(value(text, "node_memory_MemTotal_bytes")).isEqualTo(8_000_000 * 1024.0);
        assertThat(value(text, "node_memory_MemAvailable_bytes")).isEqualTo(6_000_000 * 1024.0);
        assertThat(value(text, "node_memory_Active_anon_bytes")).isEqualTo(204_800 * 1024.0);
        assertThat(value(text, "node_memory_HugePages_Total")).isEqualTo(4);
        assertThat(text.type("node_memory_MemTotal_bytes")).contains("gauge");
    }

    @Test
    void cpuTimeIsSecondsPerCpuAndModeAndTheSystemCountersFollow() {
        PrometheusText text = scrape();
        assertThat(text.type("node_cpu_seconds")).contains("counter");
        assertThat(value(text, "node_cpu_seconds_total", "cpu", "0", "mode", "user")).isEqualTo(10.0);
        assertThat(value(text, "node_cpu_seconds_total", "cpu", "1", "mode", "idle")).isEqualTo(90.0);
        assertThat(value(text, "node_cpu_seconds_total", "cpu", "1", "mode", "iowait")).isEqualTo(0.02);
        assertThat(value(text, "node_cpu_guest_seconds_total", "cpu", "1", "mode", "user")).isEqualTo(0.07);
        assertThat(text.samples("node_cpu_seconds_total")).hasSize(2 * 8);
        assertThat(value(text, "node_boot_time_seconds")).isEqualTo(1764460800);
        assertThat(value(text, "node_context_switches_total")).isEqualTo(123456);
        assertThat(value(text, "node_forks_total")).isEqualTo(4242);
        assertThat(value(text, "node_intr_total")).isEqualTo(9000);
        assertThat(value(text, "node_procs_running")).isEqualTo(3);
        assertThat(value(text, "node_load1")).isEqualTo(0.52);
        assertThat(value(text, "node_load5")).isEqualTo(0.58);
        assertThat(value(text, "node_load15")).isEqualTo(0.61);
        assertThat(value(text, "node_time_seconds")).isEqualTo(Instant.parse("2026-11-30T08:00:00Z").getEpochSecond());
        assertThat(value(text, "node_vmstat_pgfault")).isEqualTo(333);
        assertThat(text.samples("node_vmstat_nr_free_pages")).isEmpty();
    }

    @Test
    void networkCountersArePerDeviceWithSpeedAndState() {
        PrometheusText text = scrape();
        assertThat(value(text, "node_network_receive_bytes_total", "device", "eth0")).isEqualTo(5000);
        assertThat(value(text, "node_network_transmit_bytes_total", "device", "eth0")).isEqualTo(7000);
        assertThat(value(text, "node_network_receive_packets_total", "device", "eth0")).isEqualTo(500);
        assertThat(value(text, "node_network_receive_errs_total", "device", "eth0")).isEqualTo(1);
        assertThat(value(text, "node_network_receive_drop_total", "device", "eth0")).isEqualTo(2);
        assertThat(value(text, "node_network_receive_multicast_total", "device", "eth0")).isEqualTo(3);
        assertThat(value(text, "node_network_transmit_packets_total", "device", "lo")).isEqualTo(10);
        assertThat(value(text, "node_network_speed_bytes", "device", "eth0")).isEqualTo(125_000_000);
        assertThat(value(text, "node_network_up", "device", "eth0")).isEqualTo(1);
        assertThat(value(text, "node_network_up", "device", "lo")).isEqualTo(0);
        assertThat(text.sample("node_network_speed_bytes", Map.of("device", "lo"))).isEmpty();
    }

    @Test
    void disksCountWholeDevicesInBytesAndLeavePartitionsAndLoopDevicesOut() {
        PrometheusText text = scrape();
        assertThat(value(text, "node_disk_read_bytes_total", "device", "sda")).isEqualTo(2000 * 512.0);
        assertThat(value(text, "node_disk_written_bytes_total", "device", "sda")).isEqualTo(4000 * 512.0);
        assertThat(value(text, "node_disk_reads_completed_total", "device", "sda")).isEqualTo(100);
        assertThat(value(text, "node_disk_read_time_seconds_total", "device", "sda")).isEqualTo(0.04);
        assertThat(value(text, "node_disk_io_time_seconds_total", "device", "sda")).isEqualTo(0.12);
        assertThat(value(text, "node_disk_flush_requests_total", "device", "sda")).isEqualTo(10);
        assertThat(text.samples("node_disk_read_bytes_total")).extracting(s -> s.labels().get("device"))
                .containsExactly("sda");
    }

    @Test
    void fileSystemsAreLabelledByDeviceTypeAndMountPointOncePerMountPoint() {
        PrometheusText text = scrape();
        assertThat(value(text, "node_filesystem_size_bytes", "device", "/dev/sda1", "fstype", "ext4", "mountpoint", "/"))
                .isEqualTo(100_000);
        assertThat(value(text, "node_filesystem_avail_bytes", "device", "/dev/sda1", "fstype", "ext4", "mountpoint", "/"))
                .isEqualTo(50_000);
        assertThat(value(text, "node_filesystem_free_bytes", "device", "/dev/sda1", "fstype", "ext4", "mountpoint", "/"))
                .isEqualTo(60_000);
        assertThat(value(text, "node_filesystem_files_free", "device", "/dev/sda1", "fstype", "ext4", "mountpoint", "/"))
                .isEqualTo(700);
        assertThat(value(text, "node_filesystem_readonly", "device", "/dev/sda2", "fstype", "xfs", "mountpoint", "/data"))
                .isEqualTo(1);
        // /proc and the NFS mount are left out; /data, mounted twice, is one series; /gone failed statvfs.
        assertThat(text.samples("node_filesystem_size_bytes")).extracting(s -> s.labels().get("mountpoint"))
                .containsExactly("/", "/data");
        assertThat(value(text, "node_filesystem_device_error", "device", "/dev/sdb1", "fstype", "ext4", "mountpoint", "/gone"))
                .isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeReadLeavesOnlyItsCollectorOutAndSaysSo() {
        host.delete("proc/loadavg");
        PrometheusText text = scrape();
        assertThat(text.samples("node_load1")).isEmpty();
        assertThat(value(text, "node_scrape_collector_success", "collector", "loadavg")).isZero();
        assertThat(value(text, "node_scrape_collector_success", "collector", "meminfo")).isEqualTo(1);
        assertThat(value(text, "node_memory_MemTotal_bytes")).isEqualTo(8_000_000 * 1024.0);
    }

    @Test
    void eachScrapeReadsTheFilesAfresh() {
        assertThat(value(scrape(), "node_network_receive_bytes_total", "device", "eth0")).isEqualTo(5000);
        host.netDev(9000, 7000);
        assertThat(value(scrape(), "node_network_receive_bytes_total", "device", "eth0")).isEqualTo(9000);
    }
}
