package dev.gantry.agent.backend.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler's rate maths on fixture files read at times a fake clock sets. */
class RatesSamplerTest {
    @TempDir
    Path dir;
    HostFixture host;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));

    @BeforeEach
    void files() {
        host = new HostFixture(dir).host();
    }

    private RatesSampler sampler(int capacity) {
        return new RatesSampler(dir, clock, Duration.ofSeconds(5), capacity);
    }

    @Test
    void theFirstReadingGivesNoSampleTheSecondGivesRatesPerSecond() {
        RatesSampler sampler = sampler(60);
        sampler.tick();
        assertThat(sampler.rates().samples()).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        // Per CPU: 300 jiffies busy (user) and 200 idle more; 2 CPUs -> 600 of 1000 -> 60 %.
        host.stat(1300, 9200).netDev(5000 + 10_000, 7000 + 2_500).diskStats(2000 + 100, 4000 + 1000)
                .meminfo(8_000_000, 2_000_000);
        sampler.tick();

        Rates rates = sampler.rates();
        assertThat(rates.enabled()).isTrue();
        assertThat(rates.intervalSeconds()).isEqualTo(5);
        assertThat(rates.samples()).hasSize(1);
        Rates.Sample s = rates.samples().getFirst();
        assertThat(s.time()).isEqualTo(Instant.parse("2026-11-30T08:00:05Z"));
        assertThat(s.seconds()).isEqualTo(5.0);
        assertThat(s.cpuPercent()).isEqualTo(60.0);
        assertThat(s.memory()).isEqualTo(new Rates.Memory(8_000_000 * 1024L, 2_000_000 * 1024L, 6_000_000 * 1024L, 75.0));
        assertThat(s.interfaces()).containsExactly(new Rates.Interface("lo", 0, 0),
                new Rates.Interface("eth0", 2000, 500));
        assertThat(s.disks()).containsExactly(new Rates.Disk("sda", 100 * 512 / 5.0, 1000 * 512 / 5.0));
    }

    @Test
    void ratesUseTheMeasuredIntervalNotTheConfiguredOne() {
        RatesSampler sampler = sampler(60);
        sampler.tick();
        clock.advance(Duration.ofSeconds(8));
        host.netDev(5000 + 8000, 7000);
        sampler.tick();
        Rates.Sample s = sampler.rates().samples().getFirst();
        assertThat(s.seconds()).isEqualTo(8.0);
        assertThat(s.interfaces()).contains(new Rates.Interface("eth0", 1000, 0));
    }

    @Test
    void onlyTheNewestSamplesAreKept() {
        RatesSampler sampler = sampler(2);
        sampler.tick();
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofSeconds(5));
            host.netDev(5000 + i * 5000L, 7000);
            sampler.tick();
        }
        assertThat(sampler.rates().samples()).extracting(Rates.Sample::time)
                .containsExactly(Instant.parse("2026-11-30T08:00:10Z"), Instant.parse("2026-11-30T08:00:15Z"));
        assertThat(sampler.rates().capacity()).isEqualTo(2);
    }

    @Test
    void aCounterThatWentDownGivesNoRateForItsDeviceOnly() {
        RatesSampler sampler = sampler(60);
        sampler.tick();
        clock.advance(Duration.ofSeconds(5));
        host.netDev(100, 7000 + 5000); // eth0 was re-created: its receive counter restarted
        sampler.tick();
        assertThat(sampler.rates().samples().getFirst().interfaces()).extracting(Rates.Interface::name)
                .containsExactly("lo");
    }

    @Test
    void aDeviceThatAppearedBetweenReadingsHasNoRateUntilItsSecondReading() {
        RatesSampler sampler = sampler(60);
        host.write("proc/net/dev", "Inter-|\n face |\n    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0\n");
        sampler.tick();
        clock.advance(Duration.ofSeconds(5));
        host.netDev(6000, 8000);
        sampler.tick();
        assertThat(sampler.rates().samples().getFirst().interfaces()).extracting(Rates.Interface::name)
                .containsExactly("lo");
    }

    @Test
    void aClockThatDidNotMoveForwardGivesNoSample() {
        RatesSampler sampler = sampler(60);
        sampler.tick();
        clock.advance(Duration.ofSeconds(-3));
        sampler.tick();
        assertThat(sampler.rates().samples()).isEmpty();
    }

    @Test
    void cpuWithNoTimePassedIsZeroNotADivisionByZero() {
        RatesSampler.Reading a = new RatesSampler(dir, clock, Duration.ofSeconds(5), 60).read();
        clock.advance(Duration.ofSeconds(5));
        RatesSampler.Reading b = new RatesSampler(dir, clock, Duration.ofSeconds(5), 60).read();
        assertThat(RatesSampler.rates(a, b).orElseThrow().cpuPercent()).isZero();
    }

    @Test
    void turnedOffItStartsNoThreadAndSaysSo() throws Exception {
        RatesSampler sampler = new RatesSampler(dir, clock, Duration.ZERO, 60);
        sampler.start();
        assertThat(sampler.thread()).isEmpty();
        Rates rates = sampler.rates();
        assertThat(rates.enabled()).isFalse();
        assertThat(rates.samples()).isEmpty();
        sampler.close();
    }

    @Test
    void closeStopsTheSamplingThread() throws Exception {
        RatesSampler sampler = new RatesSampler(dir, clock, Duration.ofSeconds(3600), 60);
        sampler.start();
        Thread thread = sampler.thread().orElseThrow();
        assertThat(thread.getName()).isEqualTo("gantry-rates");
        assertThat(thread.isVirtual()).isTrue();
        sampler.close();
        assertThat(thread.isAlive()).isFalse();
        assertThat(sampler.thread()).isEmpty();
    }
}
