package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.QueueSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The services report each committed change to the queue metrics, per queue, and nothing that failed. */
class QueueMetricsTest {
    private final Services app = new Services();
    private final MaintenanceService maintenance =
            new MaintenanceService(app.store.queues(), app.store.messages(), app.clock, app.metrics, app.arrivals);

    private long count(String event, String queueId) {
        return app.metrics.count(event, queueId);
    }

    private static String receipt(Delivery delivery) {
        return delivery.receipt().encode();
    }

    @Test
    void countsCopiesPublishedPerQueueIncludingFanOut() {
        app.queue("all");
        app.queue("eu");
        app.topics.create("orders");
        app.subscriptions.create("to-all", "orders", "all", MessageFilter.everything());
        app.subscriptions.create("to-eu", "orders", "eu", new MessageFilter(Map.of("region", List.of("eu"))));

        app.publish.toTopic(
                "orders",
                List.of(
                        Services.message("a", Map.of("region", "eu")),
                        Services.message("b", Map.of("region", "us")),
                        Services.message("c", Map.of("region", "eu"))));
        app.publish.toQueue("all", List.of(Services.message("d")));

        assertThat(count("published", "all")).isEqualTo(4);
        assertThat(count("published", "eu")).isEqualTo(2);
    }

    @Test
    void aRefusedPublishCountsNothing() {
        app.queues.create("small", QueueSettings.withDefaults(null, null, null, null, null, null, null, 1L));

        assertThatThrownBy(() -> app.publish.toQueue("small", List.of(Services.message("a"), Services.message("b"))))
                .isInstanceOf(ConveyorException.class);

        assertThat(count("published", "small")).isZero();
    }

    @Test
    void countsDeliveriesAcksAndNacksThatSucceeded() {
        app.queue("jobs");
        for (int i = 0; i < 5; i++) {
            app.publishOne("jobs", "m" + i);
        }
        List<Delivery> first = app.receive("jobs", 3);
        List<Delivery> second = app.receive("jobs", 10);
        assertThat(count("received", "jobs")).isEqualTo(5);

        app.consume.ack("jobs", List.of(receipt(first.get(0)), receipt(first.get(1)), "not-a-receipt"));
        // Acking the same receipt again fails: not counted twice.
        app.consume.ack("jobs", List.of(receipt(first.get(0))));
        app.consume.nack("jobs", List.of(receipt(first.get(2)), receipt(second.get(0))), 0);

        assertThat(count("acked", "jobs")).isEqualTo(2);
        assertThat(count("nacked", "jobs")).isEqualTo(2);
        app.receive("jobs", 10);
        assertThat(count("received", "jobs")).isEqualTo(7);
    }

    @Test
    void countsDeadLettersAtNackReceiveAndCleanupAgainstTheSourceQueue() {
        app.queue("jobs-dlq");
        app.queues.create("jobs", QueueSettings.withDefaults(30, null, null, 1, "jobs-dlq", null, null, null));
        app.publishOne("jobs", "nacked");
        app.publishOne("jobs", "timed-out-then-received");
        app.publishOne("jobs", "timed-out-then-cleaned");

        List<Delivery> leased = app.receive("jobs", 3);
        app.consume.nack("jobs", List.of(receipt(leased.get(0))), null);
        assertThat(count("deadLettered", "jobs")).isEqualTo(1);

        app.advance(30);
        // The next receive moves the exhausted messages out first (one batch: both of them).
        assertThat(app.receive("jobs", 10)).isEmpty();
        assertThat(count("deadLettered", "jobs")).isEqualTo(3);
        assertThat(count("nacked", "jobs")).isEqualTo(1);
        assertThat(count("dropped", "jobs")).isZero();
        assertThat(count("deadLettered", "jobs-dlq")).isZero();
    }

    @Test
    void countsDropsWhenThereIsNoDeadLetterQueue() {
        app.queues.create("jobs", QueueSettings.withDefaults(30, null, null, 1, null, null, null, null));
        app.publishOne("jobs", "a");
        app.publishOne("jobs", "b");
        List<Delivery> leased = app.receive("jobs", 2);
        app.consume.nack("jobs", List.of(receipt(leased.get(0))), null);
        app.advance(30);

        maintenance.cleanupAll();

        assertThat(count("dropped", "jobs")).isEqualTo(2);
        assertThat(count("deadLettered", "jobs")).isZero();
    }

    @Test
    void countsExpiredMessagesTheCleanupDeletes() {
        app.queues.create("short", QueueSettings.withDefaults(null, 60, null, null, null, null, null, null));
        app.publishOne("short", "old");
        app.publishOne("short", "older");
        app.advance(61);
        app.publishOne("short", "young");

        maintenance.cleanupAll();

        assertThat(count("expired", "short")).isEqualTo(2);
    }
}
