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
            List<String> expected = rtnl.links().stream().map(Link::name).toList();
            List<Future<List<String>>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 64; i++) {
                    results.add(pool.submit(() -> {
                        for (int k = 0; k < 50; k++) {
                            List<String> all = rtnl.links().stream().map(Link::name).toList();
                            if (!all.equals(expected)) {
                                return all;
                            }
                            List<String> one = rtnl.link(expected.getLast()).stream().map(Link::name).toList();
                            if (!one.equals(List.of(expected.getLast()))) {
                                return one;
                            }
                        }
                        return expected;
                    }));
                }
            }
            for (Future<List<String>> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
            assertThat(rtnl.pooledSockets()).isBetween(1, Rtnl.POOLED + 2);
        }
    }
}
