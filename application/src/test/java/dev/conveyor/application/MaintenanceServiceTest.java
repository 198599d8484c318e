package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.CleanupReport.QueueCleanup;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.domain.DeadLetterReason;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.ReceiptOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cleanup (retention, exhausted messages), purge and redrive, over the in-memory fakes and a hand-moved clock. */
class MaintenanceServiceTest {
    private final Services app = new Services();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final MaintenanceService maintenance =
            new MaintenanceService(app.store.queues(), app.store.messages(), app.clock, app.metrics, app.arrivals);

    @AfterEach
    void stopPolls() {
        pool.shutdownNow();
    }

    private Instant now() {
        return app.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private void queue(String id, Integer retention, Integer maxDeliveries, String deadLetterQueueId) {
        app.queues.create(
                id,
                QueueSettings.withDefaults(30, retention, null, maxDeliveries, deadLetterQueueId, null, null, null));
    }

    private List<Message> stored(String queueId) {
        return app.store.messages().all(queueId);
    }

    private List<PublishedMessage> publish(String queueId, int n) {
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new NewMessage("{\"n\":" + i + "}", Map.of("i", String.valueOf(i)), null, null));
        }
        List<PublishedMessage> published = new ArrayList<>();
        // The publish API takes at most 100 messages a call.
        for (int from = 0; from < n; from += 100) {
            published.addAll(app.publish.toQueue(queueId, batch.subList(from, Math.min(n, from + 100))));
        }
        return published;
    }

    /** Receives every visible message of the queue (up to n), leaving the leases to run out. */
    private List<Delivery> receiveAll(String queueId, int n) {
        List<Delivery> all = new ArrayList<>();
        while (all.size() < n) {
            List<Delivery> batch = app.receive(queueId, 100);
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }

    private static void assertRefused(ThrowingCallable call, Kind kind) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    private static void assertInvalid(ThrowingCallable call, String error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.errors()).contains(error);
        });
    }

    // ---- retention ----

    @Test
    void aMessageOlderThanTheRetentionIsNeverReceivedAndTheCleanupDeletesIt() {
        queue("orders", 60, null, null);
        app.publishOne("orders", "old");
        app.advance(61);
        app.publishOne("orders", "young");

        assertThat(app.receive("orders", 10))
                .extracting(d -> d.message().body())
                .containsExactly("young");
        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.queues()).containsExactly(new QueueCleanup("orders", 1, 0, 0));
        assertThat(report.expired()).isEqualTo(1);
        assertThat(stored("orders")).extracting(Message::body).containsExactly("young");
    }

    @Test
    void theCleanupDeletesExpiredMessagesEvenWhileTheyAreLeased() {
        queue("orders", 60, null, null);
        app.publishOne("orders", "1");
        Delivery leased = app.receiveOne("orders");
        app.advance(20);
        app.consume.extend("orders", List.of(leased.receipt().encode()), 600);
        app.advance(41);

        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.expired()).isEqualTo(1);
        assertThat(stored("orders")).isEmpty();
        ReceiptOutcome ack = app.consume.ack("orders", List.of(leased.receipt().encode()));
        assertThat(ack.failed()).extracting(ReceiptOutcome.Failure::reason).containsExactly(ReceiptOutcome.NOT_CURRENT);
    }

    @Test
    void theCleanupKeepsMessagesWithinTheRetention() {
        queue("orders", 60, null, null);
        app.publishOne("orders", "1");
        app.advance(59);

        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.queues()).containsExactly(new QueueCleanup("orders", 0, 0, 0));
        assertThat(stored("orders")).hasSize(1);
        assertThat(app.receive("orders", 1)).hasSize(1);
    }

    @Test
    void theCleanupDeletesMoreExpiredMessagesThanOneBatch() {
        queue("orders", 60, null, null);
        publish("orders", 2500);
        app.advance(61);

        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.expired()).isEqualTo(2500);
        assertThat(stored("orders")).isEmpty();
    }

    // ---- exhausted messages ----

    @Test
    void theCleanupDeadLettersExhaustedMessagesWhoseLeaseRanOutBeforeAnyReceive() {
        app.queues.create("dlq", QueueSettings.withDefaults(null, null, 9, null, null, null, null, null));
        queue("orders", null, 1, "dlq");
        PublishedMessage published = app.publishOne("orders", "{\"a\":1}");
        Instant createdAt = now();
        app.receiveOne("orders");
        app.advance(30);

        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.queues()).containsExactly(new QueueCleanup("orders", 0, 1, 0));
        assertThat(stored("orders")).isEmpty();
        assertThat(stored("dlq"))
                .containsExactly(new Message(
                        published.id(),
                        "dlq",
                        "{\"a\":1}",
                        Map.of(),
                        null,
                        0,
                        createdAt,
                        now().plusSeconds(9),
                        null,
                        new DeadLetterOrigin("orders", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED, now())));
    }

    @Test
    void theCleanupLeavesTheLastDeliveryAloneWhileItsLeaseLasts() {
        queue("dlq", null, null, null);
        queue("orders", null, 1, "dlq");
        app.publishOne("orders", "1");
        Delivery last = app.receiveOne("orders");
        app.advance(29);

        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.queues()).containsExactly(new QueueCleanup("orders", 0, 0, 0));
        assertThat(stored("dlq")).isEmpty();
        assertThat(app.consume.ack("orders", List.of(last.receipt().encode())).succeeded())
                .hasSize(1);
    }

    @Test
    void theCleanupDropsExhaustedMessagesOfAQueueWithoutADeadLetterQueue() {
        queue("orders", null, 1, null);
        publish("orders", 3);
        receiveAll("orders", 3);
        app.advance(30);

        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.queues()).containsExactly(new QueueCleanup("orders", 0, 0, 3));
        assertThat(report.dropped()).isEqualTo(3);
        assertThat(app.store.messages().count()).isZero();
    }

    @Test
    void theCleanupRetiresMoreExhaustedMessagesThanOneBatch() {
        queue("dlq", null, null, null);
        queue("orders", null, 1, "dlq");
        publish("orders", 2500);
        assertThat(receiveAll("orders", 2500)).hasSize(2500);
        app.advance(30);

        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.deadLettered()).isEqualTo(2500);
        assertThat(stored("orders")).isEmpty();
        assertThat(stored("dlq")).hasSize(2500);
    }

    @Test
    void theCleanupLeavesMessagesWithDeliveriesLeftAlone() {
        queue("dlq", null, null, null);
        queue("orders", null, 2, "dlq");
        app.publishOne("orders", "1");
        app.receiveOne("orders");
        app.advance(30);

        assertThat(maintenance.cleanup("orders").queues()).containsExactly(new QueueCleanup("orders", 0, 0, 0));
        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(2);
    }

    @Test
    void cleanupAllReportsWhatItDidPerQueueAndOnlyTheQueuesItChanged() {
        queue("a-expiring", 60, null, null);
        queue("b-dlq", null, null, null);
        queue("b-exhausting", null, 1, "b-dlq");
        queue("c-dropping", null, 1, null);
        queue("d-untouched", 60, 1, null);
        publish("a-expiring", 2);
        publish("b-exhausting", 3);
        receiveAll("b-exhausting", 3);
        publish("c-dropping", 1);
        receiveAll("c-dropping", 1);
        app.advance(61);
        // Fresh, within retention and never delivered: nothing to do there.
        publish("d-untouched", 2);

        CleanupReport report = maintenance.cleanupAll();

        assertThat(report.queues())
                .containsExactlyInAnyOrder(
                        new QueueCleanup("a-expiring", 2, 0, 0),
                        new QueueCleanup("b-exhausting", 0, 3, 0),
                        new QueueCleanup("c-dropping", 0, 0, 1));
        assertThat(report.expired()).isEqualTo(2);
        assertThat(report.deadLettered()).isEqualTo(3);
        assertThat(report.dropped()).isEqualTo(1);
        assertThat(stored("b-dlq")).hasSize(3);
        assertThat(stored("d-untouched")).hasSize(2);
        // A second run finds nothing left to do.
        assertThat(maintenance.cleanupAll().queues()).isEmpty();
    }

    @Test
    void cleanupAllVisitsMoreQueuesThanOnePage() {
        List<String> ids = IntStream.range(0, 1005)
                .mapToObj(i -> String.format("q%04d", i))
                .toList();
        for (String id : ids) {
            queue(id, 60, null, null);
        }
        app.publishOne("q0000", "first page");
        app.publishOne("q1004", "second page");
        app.advance(61);

        CleanupReport report = maintenance.cleanupAll();

        assertThat(report.queues())
                .containsExactlyInAnyOrder(new QueueCleanup("q0000", 1, 0, 0), new QueueCleanup("q1004", 1, 0, 0));
    }

    @Test
    void cleanupOfAnUnknownQueueIsNotFound() {
        assertRefused(() -> maintenance.cleanup("nowhere"), Kind.NOT_FOUND);
    }

    // ---- purge ----

    @Test
    void purgeDeletesEveryMessageInFlightOrNotAndCountsThem() {
        app.queue("orders");
        app.queue("elsewhere");
        publish("orders", 5);
        List<Delivery> inFlight = app.receive("orders", 2);
        app.publishOne("elsewhere", "kept");

        long deleted = maintenance.purge("orders");

        assertThat(deleted).isEqualTo(5);
        assertThat(stored("orders")).isEmpty();
        assertThat(stored("elsewhere")).hasSize(1);
        List<String> receipts = inFlight.stream().map(d -> d.receipt().encode()).toList();
        ReceiptOutcome ack = app.consume.ack("orders", receipts);
        assertThat(ack.succeeded()).isEmpty();
        assertThat(ack.failed())
                .extracting(ReceiptOutcome.Failure::reason)
                .containsExactly(ReceiptOutcome.NOT_CURRENT, ReceiptOutcome.NOT_CURRENT);
        assertThat(maintenance.purge("orders")).isZero();
    }

    @Test
    void purgeOfAnUnknownQueueIsNotFound() {
        assertRefused(() -> maintenance.purge("nowhere"), Kind.NOT_FOUND);
    }

    // ---- redrive ----

    @Test
    void redriveMovesEveryMessageVisibleAtOnceWithNoAttempts() {
        app.queues.create("dlq", QueueSettings.withDefaults(null, null, 900, null, null, null, null, null));
        queue("orders", null, 1, "dlq");
        List<PublishedMessage> published = publish("orders", 4);
        receiveAll("orders", 4);
        app.advance(30);
        maintenance.cleanup("orders");
        assertThat(stored("dlq")).hasSize(4);

        long moved = maintenance.redrive("dlq", "orders", null, null);

        assertThat(moved).isEqualTo(4);
        assertThat(stored("dlq")).isEmpty();
        assertThat(stored("orders"))
                .extracting(Message::id)
                .containsExactlyInAnyOrderElementsOf(
                        published.stream().map(PublishedMessage::id).toList());
        assertThat(stored("orders")).allSatisfy(m -> {
            assertThat(m.deliveryAttempts()).isZero();
            assertThat(m.visibleAt()).isEqualTo(now());
            assertThat(m.leaseExpiresAt()).isNull();
            assertThat(m.deadLetter()).as("no longer a dead letter").isNull();
        });
        assertThat(app.receive("orders", 10))
                .hasSize(4)
                .allSatisfy(d -> assertThat(d.message().deliveryAttempts()).isEqualTo(1));
    }

    @Test
    void aRedriveWakesTheLongPollsOfItsDestination() throws Exception {
        queue("dlq", null, null, null);
        queue("orders", null, null, null);
        List<PublishedMessage> published = publish("dlq", 2);
        // The poll waits 5 s, less than the re-check (10 s): only the redrive's signal can hand it the messages.
        Future<List<Delivery>> polling = pollWhileWaiting("orders", 5);

        maintenance.redrive("dlq", "orders", null, null);

        assertThat(polling.get(30, TimeUnit.SECONDS))
                .extracting(d -> d.message().id())
                .containsExactlyInAnyOrderElementsOf(
                        published.stream().map(PublishedMessage::id).toList());
        assertThat(app.broadcasts).contains(Set.of("orders"));
    }

    @Test
    void theCleanupWakesTheLongPollsOfTheDeadLetterQueueItFeeds() throws Exception {
        queue("dlq", null, null, null);
        queue("orders", null, 1, "dlq");
        PublishedMessage published = app.publishOne("orders", "1");
        app.receiveOne("orders");
        app.advance(30);
        Future<List<Delivery>> polling = pollWhileWaiting("dlq", 5);

        maintenance.cleanupAll();

        assertThat(polling.get(30, TimeUnit.SECONDS))
                .extracting(d -> d.message().id())
                .containsExactly(published.id());
        assertThat(app.broadcasts).contains(Set.of("dlq"));
    }

    @Test
    void aRedriveThatMovesNothingWakesNobody() {
        queue("dlq", null, null, null);
        queue("orders", null, null, null);
        app.broadcasts.clear();

        assertThat(maintenance.redrive("dlq", "orders", null, null)).isZero();

        assertThat(app.broadcasts).isEmpty();
    }

    /** A long poll of {@code waitSeconds} on the queue, returned once it waits. */
    private Future<List<Delivery>> pollWhileWaiting(String queueId, int waitSeconds) throws InterruptedException {
        Future<List<Delivery>> polling =
                pool.submit(() -> app.consume.receive(queueId, new ReceiveRequest(10, waitSeconds, null)));
        while (app.arrivals.waiting() == 0 && !polling.isDone()) {
            Thread.sleep(5);
        }
        return polling;
    }

    @Test
    void redriveOfMaxMessagesMovesExactlyThatMany() {
        app.queue("dlq");
        app.queue("orders");
        publish("dlq", 5);

        assertThat(maintenance.redrive("dlq", "orders", null, 3L)).isEqualTo(3);

        assertThat(stored("orders")).hasSize(3);
        assertThat(stored("dlq")).hasSize(2);
    }

    @Test
    void redriveOfMaxMessagesAcrossBatchesMovesExactlyThatMany() {
        app.queue("dlq");
        app.queue("orders");
        publish("dlq", 2500);

        assertThat(maintenance.redrive("dlq", "orders", null, 1500L)).isEqualTo(1500);
        assertThat(stored("orders")).hasSize(1500);
        assertThat(stored("dlq")).hasSize(1000);

        assertThat(maintenance.redrive("dlq", "orders", null, null)).isEqualTo(1000);
        assertThat(stored("orders")).hasSize(2500);
        assertThat(stored("dlq")).isEmpty();
    }

    @Test
    void redriveOfMoreThanMaxMessagesThanThereAreMovesAll() {
        app.queue("dlq");
        app.queue("orders");
        publish("dlq", 2);

        assertThat(maintenance.redrive("dlq", "orders", null, 1000L)).isEqualTo(2);
        assertThat(maintenance.redrive("dlq", "orders", null, null)).isZero();
    }

    @Test
    void redriveMovesOnlyTheListedIds() {
        app.queue("dlq");
        app.queue("orders");
        List<PublishedMessage> published = publish("dlq", 4);
        List<String> listed = List.of(
                published.get(0).id().toString(),
                published.get(2).id().toString(),
                UUID.randomUUID().toString());

        long moved = maintenance.redrive("dlq", "orders", listed, null);

        assertThat(moved).isEqualTo(2);
        assertThat(stored("orders"))
                .extracting(Message::id)
                .containsExactlyInAnyOrder(
                        published.get(0).id(), published.get(2).id());
        assertThat(stored("dlq"))
                .extracting(Message::id)
                .containsExactlyInAnyOrder(
                        published.get(1).id(), published.get(3).id());
    }

    @Test
    void redriveLeavesTheMessagesLeasedRightNow() {
        app.queue("dlq");
        app.queue("orders");
        publish("dlq", 3);
        Delivery leased = app.receiveOne("dlq");

        assertThat(maintenance.redrive("dlq", "orders", null, null)).isEqualTo(2);

        assertThat(stored("dlq"))
                .extracting(Message::id)
                .containsExactly(leased.message().id());
        assertThat(app.consume.ack("dlq", List.of(leased.receipt().encode())).succeeded())
                .hasSize(1);
    }

    @Test
    void redriveMovesAMessageWhoseLeaseRanOut() {
        app.queue("dlq");
        app.queue("orders");
        publish("dlq", 1);
        app.receiveOne("dlq");
        app.advance(30);

        assertThat(maintenance.redrive("dlq", "orders", null, null)).isEqualTo(1);
    }

    @Test
    void redriveRefusesTheSourceAsDestination() {
        app.queue("dlq");
        publish("dlq", 1);

        assertInvalid(
                () -> maintenance.redrive("dlq", "dlq", null, null), "destination_queue_id must name another queue");
        assertThat(stored("dlq")).hasSize(1);
    }

    @Test
    void redriveToAMissingDestinationIsNotFound() {
        app.queue("dlq");
        publish("dlq", 1);

        assertRefused(() -> maintenance.redrive("dlq", "nowhere", null, null), Kind.NOT_FOUND);
        assertThat(stored("dlq")).hasSize(1);
    }

    @Test
    void redriveOfAMissingSourceIsNotFound() {
        app.queue("orders");

        assertRefused(() -> maintenance.redrive("nowhere", "orders", null, null), Kind.NOT_FOUND);
    }

    @Test
    void redriveRefusesAMissingOrMalformedDestination() {
        app.queue("dlq");

        assertInvalid(() -> maintenance.redrive("dlq", null, null, null), "destination_queue_id is required");
        assertRefused(() -> maintenance.redrive("dlq", "bad name!", null, null), Kind.INVALID);
    }

    @Test
    void redriveRefusesIdsThatAreNotMessageIds() {
        app.queue("dlq");
        app.queue("orders");
        publish("dlq", 1);

        assertRefused(() -> maintenance.redrive("dlq", "orders", List.of("not-an-id"), null), Kind.INVALID);
        assertRefused(() -> maintenance.redrive("dlq", "orders", Collections.singletonList(null), null), Kind.INVALID);
        assertRefused(() -> maintenance.redrive("dlq", "orders", List.of(), null), Kind.INVALID);
        List<String> tooMany = IntStream.range(0, 1001)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();
        assertRefused(() -> maintenance.redrive("dlq", "orders", tooMany, null), Kind.INVALID);
        assertThat(stored("dlq")).hasSize(1);
    }

    @Test
    void redriveRefusesMaxMessagesBelowOne() {
        app.queue("dlq");
        app.queue("orders");
        publish("dlq", 1);

        assertInvalid(() -> maintenance.redrive("dlq", "orders", null, 0L), "max_messages must be at least 1");
        assertInvalid(() -> maintenance.redrive("dlq", "orders", null, -1L), "max_messages must be at least 1");
        assertThat(stored("dlq")).hasSize(1);
    }

    @Test
    void redriveReportsEveryValidationErrorAtOnce() {
        app.queue("dlq");

        assertThatThrownBy(() -> maintenance.redrive("dlq", "dlq", List.of("x"), 0L))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.errors()).hasSize(3));
    }

    // ---- redrive back to the sources ----

    /** Publishes n messages to {@code source}, a queue of one delivery feeding dlq, and lets them die there. */
    private List<UUID> deadLettered(String source, int n) {
        List<UUID> ids = publish(source, n).stream().map(PublishedMessage::id).toList();
        receiveAll(source, n);
        app.advance(30);
        maintenance.cleanup(source);
        return ids;
    }

    @Test
    void redriveToSourcesSendsEachMessageBackToTheQueueItCameFrom() {
        queue("dlq", null, null, null);
        queue("orders", null, 1, "dlq");
        queue("payments", null, 1, "dlq");
        List<UUID> orders = deadLettered("orders", 3);
        List<UUID> payments = deadLettered("payments", 2);
        UUID plain = publish("dlq", 1).get(0).id();
        app.broadcasts.clear();

        RedriveReport report = maintenance.redriveToSources("dlq", null, null);

        assertThat(report.moved()).isEqualTo(5);
        assertThat(report.skipped()).containsEntry(RedriveReport.Skip.NOT_DEAD_LETTERED, 1L);
        assertThat(report.skippedTotal()).isEqualTo(1);
        assertThat(stored("orders")).extracting(Message::id).containsExactlyInAnyOrderElementsOf(orders);
        assertThat(stored("payments")).extracting(Message::id).containsExactlyInAnyOrderElementsOf(payments);
        assertThat(stored("dlq")).extracting(Message::id).containsExactly(plain);
        assertThat(stored("orders")).allSatisfy(m -> {
            assertThat(m.deadLetter()).isNull();
            assertThat(m.deliveryAttempts()).isZero();
            assertThat(m.visibleAt()).isEqualTo(now());
        });
        assertThat(app.broadcasts).contains(Set.of("orders", "payments"));
    }

    @Test
    void redriveToSourcesLeavesTheMessagesOfADeletedSourceAndReportsThem() {
        queue("dlq", null, null, null);
        queue("orders", null, 1, "dlq");
        queue("gone", null, 1, "dlq");
        deadLettered("orders", 1);
        List<UUID> orphans = deadLettered("gone", 2);
        app.queues.delete("gone");

        RedriveReport report = maintenance.redriveToSources("dlq", null, null);

        assertThat(report.moved()).isEqualTo(1);
        assertThat(report.skipped())
                .containsEntry(RedriveReport.Skip.SOURCE_QUEUE_MISSING, 2L)
                .containsEntry(RedriveReport.Skip.NOT_DEAD_LETTERED, 0L);
        assertThat(stored("dlq")).extracting(Message::id).containsExactlyInAnyOrderElementsOf(orphans);
    }

    @Test
    void redriveToSourcesOfMaxMessagesMovesExactlyThatManyAcrossBatchesPassingOverTheOthers() {
        queue("dlq", null, null, null);
        queue("orders", null, 1, "dlq");
        publish("dlq", 700); // older than the dead letters: looked at first, passed over
        deadLettered("orders", 1800);

        RedriveReport report = maintenance.redriveToSources("dlq", null, 1500L);

        assertThat(report.moved()).isEqualTo(1500);
        assertThat(report.skipped()).containsEntry(RedriveReport.Skip.NOT_DEAD_LETTERED, 700L);
        assertThat(stored("orders")).hasSize(1500);
        assertThat(stored("dlq")).hasSize(1000);
        assertThat(maintenance.redriveToSources("dlq", null, null).moved()).isEqualTo(300);
    }

    @Test
    void redriveToSourcesTakesOnlyTheListedIdsAndLeavesLeasedOnes() {
        queue("dlq", null, null, null);
        queue("orders", null, 1, "dlq");
        List<UUID> dead = deadLettered("orders", 3);
        Delivery leased = app.receiveOne("dlq");

        RedriveReport report = maintenance.redriveToSources(
                "dlq", dead.stream().map(UUID::toString).toList(), null);

        assertThat(report.moved()).isEqualTo(2);
        assertThat(report.skippedTotal())
                .as("a leased message is not looked at")
                .isZero();
        assertThat(stored("dlq"))
                .extracting(Message::id)
                .containsExactly(leased.message().id());
    }

    @Test
    void redriveToSourcesRefusesBadInputAndAMissingQueue() {
        queue("dlq", null, null, null);

        assertInvalid(() -> maintenance.redriveToSources("dlq", null, 0L), "max_messages must be at least 1");
        assertRefused(() -> maintenance.redriveToSources("dlq", List.of("nope"), null), Kind.INVALID);
        assertRefused(() -> maintenance.redriveToSources("nowhere", null, null), Kind.NOT_FOUND);
    }
}
