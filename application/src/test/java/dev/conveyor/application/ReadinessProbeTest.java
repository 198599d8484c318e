package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.StoreHealth;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final StoreHealth store = () -> {
        calls.incrementAndGet();
        return reachable.get();
    };

    @Test
    void asksTheStoreOnTheFirstCall() {
        ReadinessProbe probe = new ReadinessProbe(store, Duration.ofHours(1));

        assertThat(probe.ready()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void answersFromTheCacheWithinTheCacheDuration() {
        ReadinessProbe probe = new ReadinessProbe(store, Duration.ofHours(1));
        probe.ready();
        reachable.set(false);

        for (int i = 0; i < 100; i++) {
            assertThat(probe.ready()).isTrue();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void cachesANegativeAnswerToo() {
        reachable.set(false);
        ReadinessProbe probe = new ReadinessProbe(store, Duration.ofHours(1));

        assertThat(probe.ready()).isFalse();
        reachable.set(true);
        assertThat(probe.ready()).isFalse();
        assertThat(calls).hasValue(1);
    }

    @Test
    void asksAgainOnceTheCacheDurationHasPassed() throws Exception {
        ReadinessProbe probe = new ReadinessProbe(store, Duration.ofMillis(50));
        assertThat(probe.ready()).isTrue();
        reachable.set(false);

        Thread.sleep(200);

        assertThat(probe.ready()).isFalse();
        assertThat(calls).hasValue(2);
    }

    @Test
    void withoutACacheAsksEveryTime() {
        ReadinessProbe probe = new ReadinessProbe(store, Duration.ZERO);

        for (int i = 0; i < 5; i++) {
            probe.ready();
        }

        assertThat(calls).hasValue(5);
    }

    @Test
    void isNotReadyOnceStoppingThoughTheStoreAnswers() {
        ReadinessProbe probe = new ReadinessProbe(store, Duration.ofHours(1));
        assertThat(probe.ready()).isTrue();

        probe.stopping();

        assertThat(probe.ready()).isFalse();
        assertThat(probe.isStopping()).isTrue();
        assertThat(probe.storeReachable()).isTrue();
    }
}
