package dev.gantry.agent.backend.dbus.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache and the job watch without a bus: what a signal arriving during a read or before a wait does. */
class UnitCacheTest {
    private static final String PATH = "/org/freedesktop/systemd1/unit/x_2eservice";

    @Test
    void aReadIsStoredAndAnInvalidationDropsIt() {
        UnitCache cache = new UnitCache();
        cache.load(PATH, () -> Map.of("ActiveState", "active"), true);
        assertThat(cache.get(PATH)).isEqualTo(Map.of("ActiveState", "active"));

        cache.invalidate(PATH);

        assertThat(cache.get(PATH)).isNull();
    }

    @Test
    void aReadDuringWhichTheUnitChangedIsNotStored() {
        UnitCache cache = new UnitCache();

        Map<String, Object> read = cache.load(PATH, () -> {
            cache.invalidate(PATH); // PropertiesChanged arrives while GetAll is on the bus
            return Map.of("ActiveState", "activating");
        }, true);

        assertThat(read).isEqualTo(Map.of("ActiveState", "activating"));
        assertThat(cache.get(PATH)).isNull();
    }

    @Test
    void aReadDuringWhichEverythingWasClearedIsNotStored() {
        UnitCache cache = new UnitCache();

        cache.load(PATH, () -> {
            cache.clear(); // daemon-reload or a new connection
            return Map.of("ActiveState", "active");
        }, true);

        assertThat(cache.get(PATH)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aJobThatEndedBeforeTheWaitIsFoundAndOneThatNeverEndsTimesOut() {
        JobWatch jobs = new JobWatch();
        jobs.removed(41, "done");

        assertThat(jobs.await(41, Duration.ofMillis(1))).contains("done");
        assertThat(jobs.await(42, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void aWaitEndsWhenTheJobIsRemoved() throws Exception {
        JobWatch jobs = new JobWatch();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jobs.removed(7, "failed");
        });

        assertThat(jobs.await(7, Duration.ofSeconds(30))).contains("failed");
    }
}
