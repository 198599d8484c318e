package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.PurgeRule;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueTags;
import dev.conveyor.domain.RedriveAllowPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue rules the SQS endpoint needs, as use cases keep them for /v1 and SQS alike: redrive allow policies,
 * tags, dead-letter sources, the purge interval, a queue's default receive wait and its largest message.
 */
class QueueSqsRulesTest {
    private final Services app = new Services();
    private final MaintenanceService maintenance =
            new MaintenanceService(app.store.queues(), app.store.messages(), app.clock, app.metrics, app.arrivals);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static QueueSettings allowing(RedriveAllowPolicy policy) {
        return QueueSettings.withDefaults(null, null, null, null, null, null, null, null, null, null, policy);
    }

    private static QueueSettings deadLetteringTo(String queueId) {
        return QueueSettings.withDefaults(null, null, null, 3, queueId, null, null, null);
    }

    @Test
    void aQueueMayNameAsDeadLetterQueueOnlyOneWhosePolicyAllowsIt() {
        app.queues.create("closed", allowing(RedriveAllowPolicy.DENY_ALL));
        app.queues.create("picky", allowing(RedriveAllowPolicy.ofAllowedSources(List.of("chosen"))));
        app.queue("other");

        assertThatThrownBy(() -> app.queues.create("source", deadLetteringTo("closed")))
                .hasMessageContaining("redrive allow policy");
        assertThatThrownBy(() -> app.queues.create("source", deadLetteringTo("picky")))
                .hasMessageContaining("redrive allow policy");
        assertThat(app.store.queues().find("source")).isEmpty();
        app.queues.create("chosen", deadLetteringTo("picky"));
        assertThatThrownBy(() -> app.queues.update("other", deadLetteringTo("closed")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.INVALID));

        // A link made before the policy changed stays, and other changes to its source go through.
        app.queues.update("picky", allowing(RedriveAllowPolicy.DENY_ALL));
        QueueSettings longer = QueueSettings.withDefaults(60, null, null, 3, "picky", null, null, null);
        assertThat(app.queues.update("chosen", longer).settings().ackDeadlineSeconds())
                .isEqualTo(60);
        assertThat(app.queues.deadLetterSources("picky")).containsExactly("chosen");
        assertThat(app.queues.deadLetterSources("other")).isEmpty();
        assertThatThrownBy(() -> app.queues.deadLetterSources("nowhere"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.NOT_FOUND));
    }

    @Test
    void tagsAreKeptWithTheQueueAndRefusedWholePastTheirBounds() {
        app.queues.create("orders", QueueSettings.defaults(), new QueueTags(Map.of("team", "billing")));

        app.queues.tag("orders", Map.of("env", "prod"));
        app.queues.untag("orders", List.of("team"));
        assertThat(app.queues.tags("orders").tags()).isEqualTo(Map.of("env", "prod"));

        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> app.queues.tag("orders", many)).hasMessageContaining("at most 50");
        assertThat(app.queues.tags("orders").tags()).isEqualTo(Map.of("env", "prod"));
        assertThatThrownBy(() -> app.queues.tags("nowhere"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.NOT_FOUND));
        // Deleted with the queue: a new queue of that name starts without them.
        app.queues.delete("orders");
        app.queue("orders");
        assertThat(app.queues.tags("orders").tags()).isEmpty();
    }

    @Test
    void aQueueIsPurgedAtMostOnceInTheInterval() {
        app.queue("orders");
        app.publishOne("orders", "1");
        assertThat(maintenance.purgeAtMostOncePerInterval("orders")).isEqualTo(1);
        app.publishOne("orders", "2");

        app.clock.advance(PurgeRule.INTERVAL.minusMillis(1));
        assertThatThrownBy(() -> maintenance.purgeAtMostOncePerInterval("orders"))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo(PurgeRule.IN_PROGRESS);
                });
        assertThat(app.store.messages().count("orders")).isEqualTo(1);

        app.clock.advance(Duration.ofMillis(1));
        assertThat(maintenance.purgeAtMostOncePerInterval("orders")).isEqualTo(1);
        // The unlimited purge of /v1 neither counts nor is held back.
        app.publishOne("orders", "3");
        assertThat(maintenance.purge("orders")).isEqualTo(1);
        assertThatThrownBy(() -> maintenance.purgeAtMostOncePerInterval("nowhere"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.NOT_FOUND));
    }

    @Test
    void aReceiveThatGivesNoWaitWaitsAsLongAsItsQueueSays() throws Exception {
        app.queues.create(
                "patient", QueueSettings.withDefaults(null, null, null, null, null, null, null, null, 20, null, null));

        Future<List<Delivery>> waiting =
                pool.submit(() -> app.consume.receive("patient", ReceiveRequest.of(1, null, null)));
        Thread.sleep(200);
        app.publishOne("patient", "\"late\"");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).hasSize(1);
        // A wait the request gives wins over the queue's.
        assertThat(app.consume.receive("patient", ReceiveRequest.of(1, 0, null)))
                .isEmpty();
    }

    @Test
    void aPublishIntoAQueueWithALargerBodyThanItTakesIsRefusedWhole() {
        app.queues.create(
                "small", QueueSettings.withDefaults(null, null, null, null, null, null, null, null, null, 1024, null));
        app.queue("large");
        app.topics.create("events");
        app.subscriptions.create("to-small", "events", "small", null);
        app.subscriptions.create("to-large", "events", "large", null);
        String big = "\"" + "x".repeat(1100) + "\"";

        assertThatThrownBy(() -> app.publish.toQueue("small", List.of(Services.message("1"), Services.message(big))))
                .hasMessageContaining("'small'");
        assertThatThrownBy(() -> app.publish.toTopic("events", List.of(Services.message(big))))
                .hasMessageContaining("'small'");
        assertThat(app.store.messages().count("small")).isZero();
        assertThat(app.store.messages().count("large")).isZero();
        app.publish.toTopic("events", List.of(Services.message("\"fits\"")));
        assertThat(app.store.messages().count("small")).isEqualTo(1);
    }
}
