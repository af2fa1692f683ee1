package dev.gantry.server.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The feed's order is commit order, without writers holding a lock across their round trips. */
class ChangeFeedTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @Test
    void aChangeThatCommitsLateIsNumberedAfterTheChangesThatCommittedBeforeIt() {
        Jdbi jdbi = pg.jdbi();
        long start = ChangeFeed.startAfter(jdbi, Optional.empty());
        try (Handle late = jdbi.open()) {
            late.begin();
            // Written first: a sequence drawn at write time would give it the lower number.
            ChangeFeed.append(late, "t", "things", UUID.randomUUID(), "created", Map.of("name", "late"), Instant.now());
            // Written and committed meanwhile, without waiting for the open transaction.
            jdbi.useTransaction(h -> ChangeFeed.append(h, "t", "things", UUID.randomUUID(), "created",
                    Map.of("name", "early"), Instant.now()));

            List<ChangeFeed.Change> seen = ChangeFeed.after(jdbi, "things", Optional.of("t"), start, 10);
            assertThat(seen).extracting(c -> c.subject().path("name").asText()).containsExactly("early");

            late.commit();
            // A reader that already read past "early" still gets "late".
            List<ChangeFeed.Change> next = ChangeFeed.after(jdbi, "things", Optional.of("t"), seen.getLast().seq(), 10);
            assertThat(next).extracting(c -> c.subject().path("name").asText()).containsExactly("late");
        }
    }

    @Test
    void aReaderPollingWhileEightWritersCommitInRandomOrderMissesNoChange() throws Exception {
        Jdbi jdbi = pg.jdbi();
        long start = ChangeFeed.startAfter(jdbi, Optional.empty());
        Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> read = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        String name = writer + "-" + i;
                        jdbi.useTransaction(h -> {
                            ChangeFeed.append(h, "t", "racers", UUID.randomUUID(), "created", Map.of("name", name),
                                    Instant.now());
                            // Commit after a random pause, so transactions commit out of write order.
                            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                        });
                        written.add(name);
                    }
                    return null;
                }));
            }
            java.util.concurrent.Future<?> reader = pool.submit(() -> {
                long seq = start;
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (read.size() < 320 && System.nanoTime() < deadline) {
                    for (ChangeFeed.Change c : ChangeFeed.after(jdbi, "racers", Optional.of("t"), seq, 50)) {
                        assertThat(c.seq()).isGreaterThan(seq);
                        seq = c.seq();
                        read.add(c.subject().path("name").asText());
                    }
                    Thread.sleep(1);
                }
                return null;
            });
            for (var f : writers) {
                f.get();
            }
            reader.get();
        }
        assertThat(written).hasSize(320);
        assertThat(read).hasSize(320);
        assertThat(new HashSet<>(read)).isEqualTo(written);
    }
}
