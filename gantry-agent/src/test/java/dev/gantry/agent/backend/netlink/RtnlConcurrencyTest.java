package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Reads of this host's links from many threads at once: each gets a whole, correct dump. */
class RtnlConcurrencyTest {
    @Test
    void concurrentDumpsNeverMixAnswersAndThePoolStaysSmall() throws Exception {
        try (Rtnl rtnl = new Rtnl(new RtNames(Path.of("/nonexistent")))) {
            // Other work on this host may add links (a box's ve-* end) while the test runs: each dump is
            // checked for being whole (lo present, no index twice), not against a fixed list.
            List<Future<String>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 64; i++) {
                    results.add(pool.submit(() -> {
                        for (int k = 0; k < 50; k++) {
                            List<Link> all = rtnl.links();
                            long distinct = all.stream().mapToInt(Link::index).distinct().count();
                            if (distinct != all.size() || all.stream().noneMatch(l -> "lo".equals(l.name()))) {
                                return "bad dump: " + all;
                            }
                            List<String> one = rtnl.link("lo").stream().map(Link::name).toList();
                            if (!one.equals(List.of("lo"))) {
                                return "bad get: " + one;
                            }
                        }
                        return "ok";
                    }));
                }
            }
            for (Future<String> r : results) {
                assertThat(r.get()).isEqualTo("ok");
            }
            assertThat(rtnl.pooledSockets()).isBetween(1, Rtnl.POOLED + 2);
        }
    }
}
