package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.QueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A nack without delay_seconds waits min(backoff_max, backoff_min · 2^(n-1)) seconds, n the nacked delivery. */
class NackBackoffTest {
    private final Services app = new Services();

    private void queueWithBackoff(String id, int min, int max) {
        app.queues.create(id, QueueSettings.withDefaults(null, null, null, null, null, min, max, null));
    }

    @Test
    void theWaitDoublesFromTheMinimumUpToTheMaximum() {
        queueWithBackoff("orders", 2, 10);
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");
        List<Long> waits = new ArrayList<>();

        for (int n = 1; n <= 5; n++) {
            assertThat(delivery.message().deliveryAttempts()).isEqualTo(n);
            app.consume.nack("orders", List.of(delivery.receipt().encode()), null);
            long expected = List.of(2L, 4L, 8L, 10L, 10L).get(n - 1);
            // Not a microsecond early...
            app.clock.advance(Duration.ofSeconds(expected).minusNanos(1000));
            assertThat(app.receive("orders", 1))
                    .as("after the nack of delivery %d", n)
                    .isEmpty();
            // ...and at once when the wait is over.
            app.clock.advance(Duration.ofNanos(1000));
            List<Delivery> again = app.receive("orders", 1);
            assertThat(again).as("after the nack of delivery %d", n).hasSize(1);
            waits.add(expected);
            delivery = again.get(0);
        }

        assertThat(waits).containsExactly(2L, 4L, 8L, 10L, 10L);
    }

    @Test
    void zeroBackoffReleasesAtOnce() {
        queueWithBackoff("orders", 0, 0);
        app.publishOne("orders", "1");

        for (int n = 1; n <= 3; n++) {
            app.consume.nack(
                    "orders", List.of(app.receiveOne("orders").receipt().encode()), null);
        }

        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(4);
    }

    @Test
    void anExplicitDelayOverridesTheBackoff() {
        queueWithBackoff("orders", 100, 1000);
        app.publishOne("orders", "1");

        app.consume.nack("orders", List.of(app.receiveOne("orders").receipt().encode()), 3);

        app.advance(2);
        assertThat(app.receive("orders", 1)).isEmpty();
        app.advance(1);
        assertThat(app.receive("orders", 1)).hasSize(1);
    }

    @Test
    void aThousandAttemptsWaitTheMaximumWithoutOverflowing() {
        queueWithBackoff("orders", 1, 60);
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");
        for (int n = 1; n < 1000; n++) {
            app.consume.nack("orders", List.of(delivery.receipt().encode()), null);
            app.advance(60);
            delivery = app.receiveOne("orders");
        }
        assertThat(delivery.message().deliveryAttempts()).isEqualTo(1000);

        app.consume.nack("orders", List.of(delivery.receipt().encode()), null);

        app.clock.advance(Duration.ofSeconds(60).minusNanos(1000));
        assertThat(app.receive("orders", 1)).isEmpty();
        app.clock.advance(Duration.ofNanos(1000));
        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(1001);
    }

    @Test
    void theDomainRuleSaturatesForAnyNumberOfAttempts() {
        QueueSettings settings = QueueSettings.withDefaults(null, null, null, null, null, 2, 10, null);
        assertThat(settings.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoffAfter(63)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoffAfter(64)).isEqualTo(Duration.ofSeconds(10));
    }
}
