package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.domain.DeadLetterReason;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.ReceiptOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A queue with max_deliveries never delivers a message more often: when the last allowed delivery ends
 * without an ack, by a nack or by its lease running out, the message moves to the dead-letter queue (or is
 * dropped without one).
 */
class DeadLetteringTest {
    private static final int ACK_DEADLINE = 30;

    private final Services app = new Services();

    private Instant now() {
        return app.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(Delivery delivery) {
        return delivery.receipt().encode();
    }

    private void deadLetterQueue(String id, int deliveryDelaySeconds) {
        app.queues.create(
                id, QueueSettings.withDefaults(null, null, deliveryDelaySeconds, null, null, null, null, null));
    }

    private void boundedQueue(String id, int maxDeliveries, String deadLetterQueueId) {
        app.queues.create(
                id,
                QueueSettings.withDefaults(
                        ACK_DEADLINE, null, null, maxDeliveries, deadLetterQueueId, null, null, null));
    }

    private PublishedMessage publishRich(String queueId) {
        return app.publish
                .toQueue(queueId, List.of(new NewMessage("{\"order\":42}", Map.of("region", "eu"), "urgent", null)))
                .get(0);
    }

    private List<Message> stored(String queueId) {
        return app.store.messages().all(queueId);
    }

    @Test
    void aMessageWhoseLastLeaseRunsOutGoesToTheDeadLetterQueueAtTheNextReceive() {
        deadLetterQueue("orders-dlq", 5);
        boundedQueue("orders", 2, "orders-dlq");
        PublishedMessage published = publishRich("orders");
        Instant createdAt = now();

        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(1);
        app.advance(ACK_DEADLINE);
        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(2);
        app.advance(ACK_DEADLINE);

        assertThat(app.receive("orders", 10)).isEmpty();

        assertThat(stored("orders")).isEmpty();
        assertThat(stored("orders-dlq"))
                .containsExactly(new Message(
                        published.id(),
                        "orders-dlq",
                        "{\"order\":42}",
                        Map.of("region", "eu"),
                        "urgent",
                        0,
                        createdAt,
                        now().plusSeconds(5),
                        null,
                        new DeadLetterOrigin("orders", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED, now())));
        // Visible after the dead-letter queue's own delivery delay, not before.
        app.advance(4);
        assertThat(app.receive("orders-dlq", 10)).isEmpty();
        app.advance(1);
        Delivery deadLetter = app.receiveOne("orders-dlq");
        assertThat(deadLetter.message().id()).isEqualTo(published.id());
        assertThat(deadLetter.message().deliveryAttempts()).isEqualTo(1);
        assertThat(deadLetter.message().deadLetter())
                .as("a receive from the dead-letter queue shows where the message came from")
                .isEqualTo(stored("orders-dlq").get(0).deadLetter())
                .isNotNull();
        // Never handed out again from the source queue.
        app.advance(3600);
        assertThat(app.receive("orders", 10)).isEmpty();
    }

    @Test
    void theLastDeliveryIsNotDeadLetteredWhileItsLeaseLasts() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 1, "orders-dlq");
        app.publishOne("orders", "1");
        Delivery last = app.receiveOne("orders");
        app.advance(ACK_DEADLINE - 1);

        assertThat(app.receive("orders", 10)).isEmpty();

        assertThat(stored("orders-dlq")).isEmpty();
        assertThat(stored("orders")).hasSize(1);
        assertThat(app.consume.ack("orders", List.of(text(last))).succeeded()).containsExactly(text(last));
        assertThat(stored("orders")).isEmpty();
    }

    @Test
    void anAckAfterTheLastLeaseRanOutButBeforeTheNextReceiveStillSucceeds() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 1, "orders-dlq");
        app.publishOne("orders", "1");
        Delivery last = app.receiveOne("orders");
        app.advance(ACK_DEADLINE + 10);

        ReceiptOutcome outcome = app.consume.ack("orders", List.of(text(last)));

        assertThat(outcome.succeeded()).containsExactly(text(last));
        assertThat(app.receive("orders", 10)).isEmpty();
        assertThat(stored("orders-dlq")).isEmpty();
    }

    @Test
    void anAckOfTheLastDeliveryAfterTheNextReceiveDeadLetteredItFails() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 1, "orders-dlq");
        app.publishOne("orders", "1");
        Delivery last = app.receiveOne("orders");
        app.advance(ACK_DEADLINE);
        assertThat(app.receive("orders", 10)).isEmpty();

        ReceiptOutcome outcome = app.consume.ack("orders", List.of(text(last)));

        assertThat(outcome.succeeded()).isEmpty();
        assertThat(outcome.failed())
                .containsExactly(new ReceiptOutcome.Failure(text(last), ReceiptOutcome.NOT_CURRENT));
        assertThat(stored("orders-dlq")).hasSize(1);
    }

    @Test
    void receiveStillHandsOutTheMessagesThatAreNotExhausted() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 1, "orders-dlq");
        app.publishOne("orders", "first");
        app.receiveOne("orders");
        app.advance(ACK_DEADLINE);
        app.publishOne("orders", "second");

        List<Delivery> deliveries = app.receive("orders", 10);

        assertThat(deliveries).extracting(d -> d.message().body()).containsExactly("second");
        assertThat(stored("orders-dlq")).extracting(Message::body).containsExactly("first");
    }

    @Test
    void withoutADeadLetterQueueAMessageWhoseLastLeaseRunsOutIsDropped() {
        boundedQueue("orders", 2, null);
        app.publishOne("orders", "1");
        app.receiveOne("orders");
        app.advance(ACK_DEADLINE);
        app.receiveOne("orders");
        app.advance(ACK_DEADLINE);

        assertThat(app.receive("orders", 10)).isEmpty();

        assertThat(app.store.messages().count()).isZero();
    }

    @Test
    void aNackOfTheLastAllowedDeliveryDeadLettersAtOnce() {
        deadLetterQueue("orders-dlq", 7);
        boundedQueue("orders", 2, "orders-dlq");
        PublishedMessage published = publishRich("orders");
        Instant createdAt = now();
        Delivery first = app.receiveOne("orders");
        assertThat(app.consume.nack("orders", List.of(text(first)), 0).succeeded())
                .containsExactly(text(first));
        assertThat(stored("orders-dlq")).isEmpty();
        Delivery second = app.receiveOne("orders");
        assertThat(second.message().deliveryAttempts()).isEqualTo(2);

        ReceiptOutcome outcome = app.consume.nack("orders", List.of(text(second)), null);

        assertThat(outcome.succeeded()).containsExactly(text(second));
        assertThat(outcome.failed()).isEmpty();
        assertThat(stored("orders")).isEmpty();
        assertThat(stored("orders-dlq"))
                .containsExactly(new Message(
                        published.id(),
                        "orders-dlq",
                        "{\"order\":42}",
                        Map.of("region", "eu"),
                        "urgent",
                        0,
                        createdAt,
                        now().plusSeconds(7),
                        null,
                        new DeadLetterOrigin("orders", DeadLetterReason.MAX_DELIVERIES_NACKED, now())));
    }

    @Test
    void aNackWithADelayOfTheLastAllowedDeliveryDeadLettersAtOnceToo() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 1, "orders-dlq");
        app.publishOne("orders", "1");
        Delivery last = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.nack("orders", List.of(text(last)), 600);

        assertThat(outcome.succeeded()).containsExactly(text(last));
        assertThat(stored("orders")).isEmpty();
        assertThat(app.receiveOne("orders-dlq").message().body()).isEqualTo("1");
    }

    @Test
    void aNackOfSeveralDeadLettersTheExhaustedAndReleasesTheOthers() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 2, "orders-dlq");
        app.publishOne("orders", "older");
        app.consume.nack("orders", List.of(text(app.receiveOne("orders"))), 0);
        app.publishOne("orders", "newer");
        List<Delivery> both = app.receive("orders", 10);
        assertThat(both).extracting(d -> d.message().deliveryAttempts()).containsExactlyInAnyOrder(2, 1);

        ReceiptOutcome outcome = app.consume.nack(
                "orders", both.stream().map(DeadLetteringTest::text).toList(), 0);

        assertThat(outcome.succeeded())
                .containsExactlyInAnyOrderElementsOf(
                        both.stream().map(DeadLetteringTest::text).toList());
        assertThat(stored("orders-dlq")).extracting(Message::body).containsExactly("older");
        assertThat(app.receive("orders", 10))
                .extracting(d -> d.message().body())
                .containsExactly("newer");
    }

    @Test
    void aStaleReceiptOfTheLastDeliveryIsNotDeadLetteredByANack() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 2, "orders-dlq");
        app.publishOne("orders", "1");
        Delivery stale = app.receiveOne("orders");
        app.advance(ACK_DEADLINE);
        Delivery current = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.nack("orders", List.of(text(stale)), 0);

        assertThat(outcome.failed())
                .containsExactly(new ReceiptOutcome.Failure(text(stale), ReceiptOutcome.NOT_CURRENT));
        assertThat(stored("orders-dlq")).isEmpty();
        assertThat(app.consume.ack("orders", List.of(text(current))).succeeded())
                .containsExactly(text(current));
    }

    @Test
    void withoutADeadLetterQueueANackOfTheLastDeliveryDropsTheMessage() {
        boundedQueue("orders", 1, null);
        app.publishOne("orders", "1");
        Delivery last = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.nack("orders", List.of(text(last)), null);

        assertThat(outcome.succeeded()).containsExactly(text(last));
        assertThat(app.store.messages().count()).isZero();
    }

    @Test
    void aQueueWithoutMaxDeliveriesDeliversAgainAndAgain() {
        app.queue("orders");
        app.publishOne("orders", "1");
        for (int attempt = 1; attempt <= 50; attempt++) {
            Delivery delivery = app.receiveOne("orders");
            assertThat(delivery.message().deliveryAttempts()).isEqualTo(attempt);
            app.consume.nack("orders", List.of(text(delivery)), 0);
        }
    }

    @Test
    void statsDoNotCountAnExhaustedMessageWhoseLastLeaseRanOutAsAvailable() {
        deadLetterQueue("orders-dlq", 0);
        boundedQueue("orders", 1, "orders-dlq");
        app.publishOne("orders", "1");
        app.receiveOne("orders");
        app.advance(ACK_DEADLINE);

        QueueStats stats = app.inspect.stats("orders");

        // Only the next receive or cleanup moves it, but it could not be received now.
        assertThat(stats.available()).isZero();
        assertThat(stats.oldestAvailableAgeSeconds()).isNull();
    }
}
