package dev.gantry.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private final EventBus bus = new EventBus(Clock.systemUTC());

    @Test
    void subscribersSeeEveryEventInPublicationOrderFromConcurrentPublishers() throws Exception {
        try (EventBus.Subscription s = bus.subscribe(e -> true, 0)) {
            int threads = 4;
            int each = 500;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        bus.publish("t" + id, i);
                    }
                    done.countDown();
                });
            }
            done.await();
            List<Event> seen = new ArrayList<>();
            Event e;
            while ((e = s.next(10)) != null) {
                seen.add(e);
            }
            assertThat(seen).hasSize(threads * each);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i).id()).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void aReconnectingReaderResumesAfterTheLastIdItSaw() throws Exception {
        for (int i = 0; i < 5; i++) {
            bus.publish("x", i);
        }
        try (EventBus.Subscription s = bus.subscribe(e -> true, 3)) {
            assertThat(s.next(10).id()).isEqualTo(4);
            assertThat(s.next(10).id()).isEqualTo(5);
            assertThat(s.next(10)).isNull();
        }
    }

    @Test
    void aFilterKeepsOnlyMatchingEvents() throws Exception {
        try (EventBus.Subscription s = bus.subscribe(e -> e.type().equals("job"), 0)) {
            bus.publish("other", 1);
            bus.publish("job", 2);
            assertThat(s.next(10).data()).isEqualTo(2);
            assertThat(s.next(10)).isNull();
        }
    }

    @Test
    void aReaderThatFallsTooFarBehindIsCutOffAfterDrainingWhatItHas() throws Exception {
        try (EventBus.Subscription s = bus.subscribe(e -> true, 0)) {
            for (int i = 0; i < EventBus.QUEUE + 10; i++) {
                bus.publish("x", i);
            }
            assertThat(s.drain()).hasSize(EventBus.QUEUE);
            assertThatThrownBy(() -> s.next(10)).isInstanceOf(EventBus.Overflow.class);
        }
    }

    @Test
    void closingTheBusEndsEveryReaderAndLaterSubscriptions() throws Exception {
        EventBus.Subscription s = bus.subscribe(e -> true, 0);
        bus.publish("x", 1);
        bus.close();
        assertThat(s.next(10).data()).isEqualTo(1);
        assertThatThrownBy(() -> s.next(10)).isInstanceOf(EventBus.Ended.class);
        EventBus.Subscription late = bus.subscribe(e -> true, 0);
        assertThatThrownBy(() -> late.next(10)).isInstanceOf(EventBus.Ended.class);
    }

    @Test
    void aClosedSubscriptionReceivesNothing() throws Exception {
        EventBus.Subscription s = bus.subscribe(e -> true, 0);
        s.close();
        bus.publish("x", 1);
        assertThat(s.next(10)).isNull();
    }
}
