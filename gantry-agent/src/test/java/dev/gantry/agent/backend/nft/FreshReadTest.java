package dev.gantry.agent.backend.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FreshReadTest {
    @Test
    void callersArrivingDuringAReadShareTheNextReadNotTheRunningOne() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        FreshRead<Integer> fresh = new FreshRead<>(() -> {
            int n = reads.incrementAndGet();
            if (n == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return n;
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(fresh::get);
            firstStarted.await();
            List<Future<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                later.add(threads.submit(fresh::get));
            }
            while (fresh.waiting() < 5) {
                Thread.onSpinWait();
            }
            releaseFirst.countDown();

            assertThat(first.get()).isEqualTo(1);
            for (Future<Integer> f : later) {
                assertThat(f.get()).isEqualTo(2);
            }
        }
        assertThat(reads).hasValue(2);
        assertThat(fresh.get()).isEqualTo(3);
    }

    @Test
    void aFailedReadFailsItsCallersAndTheNextCallReadsAgain() {
        AtomicInteger reads = new AtomicInteger();
        FreshRead<String> fresh = new FreshRead<>(() -> {
            if (reads.incrementAndGet() == 1) {
                throw new NftException("Error: boom");
            }
            return "ok";
        });

        assertThatThrownBy(fresh::get).isInstanceOf(NftException.class).hasMessage("Error: boom");
        assertThat(fresh.get()).isEqualTo("ok");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
