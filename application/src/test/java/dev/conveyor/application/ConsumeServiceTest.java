package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.ConsumeService.EndedLease;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Receipt;
import dev.conveyor.domain.ReceiptOutcome;
import dev.conveyor.domain.ReceiptOutcome.Failure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsumeServiceTest {
    private final Services app = new Services();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private Instant now() {
        return app.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(Delivery delivery) {
        return delivery.receipt().encode();
    }

    private void queueWithBackoff(String id, int min, int max) {
        app.queues.create(id, QueueSettings.withDefaults(null, null, null, null, null, min, max, null));
    }

    @Test
    void receiveLeasesTheMessageForTheAckDeadline() {
        app.queue("orders");
        PublishedMessage published = app.publishOne("orders", "{\"a\":1}");

        Delivery delivery = app.receiveOne("orders");

        Message message = delivery.message();
        assertThat(message.id()).isEqualTo(published.id());
        assertThat(message.body()).isEqualTo("{\"a\":1}");
        assertThat(message.deliveryAttempts()).isEqualTo(1);
        assertThat(message.leaseExpiresAt()).isEqualTo(now().plusSeconds(30));
        assertThat(delivery.receipt().messageId()).isEqualTo(published.id());
    }

    @Test
    void aLeasedMessageIsInvisibleUntilTheAckDeadlinePasses() {
        app.queue("orders");
        app.publishOne("orders", "1");
        app.receiveOne("orders");

        assertThat(app.receive("orders", 10)).isEmpty();
        app.advance(29);
        assertThat(app.receive("orders", 10)).isEmpty();
        app.clock.advance(Duration.ofMillis(999));
        assertThat(app.receive("orders", 10)).isEmpty();
        app.clock.advance(Duration.ofMillis(1));

        Delivery again = app.receiveOne("orders");
        assertThat(again.message().deliveryAttempts()).isEqualTo(2);
    }

    @Test
    void usesTheQueuesAckDeadline() {
        app.queues.create("quick", QueueSettings.withDefaults(5, null, null, null, null, null, null, null));
        app.publishOne("quick", "1");
        app.receiveOne("quick");

        app.advance(4);
        assertThat(app.receive("quick", 1)).isEmpty();
        app.advance(1);
        assertThat(app.receive("quick", 1)).hasSize(1);
    }

    @Test
    void receivesUpToMaxMessagesOldestFirst() {
        app.queue("orders");
        app.publish.toQueue("orders", List.of(Services.message("1"), Services.message("2"), Services.message("3")));

        List<Delivery> first = app.receive("orders", 2);
        List<Delivery> rest = app.receive("orders", 2);

        assertThat(first).extracting(d -> d.message().body()).containsExactly("1", "2");
        assertThat(rest).extracting(d -> d.message().body()).containsExactly("3");
    }

    @Test
    void receivesTheLongestVisibleFirst() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "first");
        app.publishOne("orders", "second");
        Delivery first = app.receiveOne("orders");
        app.advance(1);
        // Released now, "first" became visible a second after "second" did.
        app.consume.nack("orders", List.of(text(first)), 0);

        assertThat(app.receive("orders", 2)).extracting(d -> d.message().body()).containsExactly("second", "first");
    }

    @Test
    void receivesOnlyTheLabelAskedFor() throws Exception {
        app.queue("orders");
        app.publish.toQueue(
                "orders",
                List.of(
                        new NewMessage("1", null, "red", null),
                        new NewMessage("2", null, "blue", null),
                        Services.message("3")));

        List<Delivery> blue = app.consume.receive("orders", new ReceiveRequest(10, 0, "blue"));

        assertThat(blue).extracting(d -> d.message().body()).containsExactly("2");
        assertThat(app.receive("orders", 10))
                .extracting(d -> d.message().body())
                .containsExactly("1", "3");
    }

    @Test
    void skipsMessagesOlderThanTheRetention() {
        app.queues.create("short", QueueSettings.withDefaults(null, 60, null, null, null, null, null, null));
        app.publishOne("short", "old");
        app.advance(30);
        app.publishOne("short", "young");
        app.advance(30);

        assertThat(app.receive("short", 10)).extracting(d -> d.message().body()).containsExactly("young");
    }

    @Test
    void receiveOfAnUnknownQueueIsNotFound() {
        assertThatThrownBy(() -> app.receive("nowhere", 1))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void ackWithTheCurrentReceiptDeletesTheMessage() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.ack("orders", List.of(text(delivery)));

        assertThat(outcome.succeeded()).containsExactly(text(delivery));
        assertThat(outcome.failed()).isEmpty();
        assertThat(app.store.messages().count("orders")).isZero();
    }

    @Test
    void ackAfterTheLeaseEndedStillWorksWhileNobodyReceivedTheMessageAgain() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");
        app.advance(60);

        ReceiptOutcome outcome = app.consume.ack("orders", List.of(text(delivery)));

        assertThat(outcome.succeeded()).containsExactly(text(delivery));
        assertThat(app.store.messages().count("orders")).isZero();
    }

    @Test
    void ackWithAStaleReceiptFailsAndLeavesTheMessage() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery stale = app.receiveOne("orders");
        app.advance(31);
        Delivery current = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.ack("orders", List.of(text(stale)));

        assertThat(outcome.succeeded()).isEmpty();
        assertThat(outcome.failed()).containsExactly(new Failure(text(stale), ReceiptOutcome.NOT_CURRENT));
        assertThat(app.store.messages().count("orders")).isEqualTo(1);
        assertThat(app.consume.ack("orders", List.of(text(current))).succeeded())
                .containsExactly(text(current));
    }

    @Test
    void reportsMalformedReceiptsAndSettlesTheOthers() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");
        String garbage = "not-a-receipt";
        String bangs = "!".repeat(43);

        ReceiptOutcome outcome = app.consume.ack("orders", List.of(garbage, text(delivery), bangs));

        assertThat(outcome.succeeded()).containsExactly(text(delivery));
        assertThat(outcome.failed())
                .containsExactly(
                        new Failure(garbage, ReceiptOutcome.MALFORMED), new Failure(bangs, ReceiptOutcome.MALFORMED));
    }

    @Test
    void onlyMalformedReceiptsChangeNothing() {
        app.queue("orders");
        app.publishOne("orders", "1");
        app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.ack("orders", List.of("x"));

        assertThat(outcome.failed()).containsExactly(new Failure("x", ReceiptOutcome.MALFORMED));
        assertThat(app.store.messages().count("orders")).isEqualTo(1);
    }

    @Test
    void aReceiptOfAnotherQueueIsNotCurrentThere() {
        app.queue("orders");
        app.queue("invoices");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.ack("invoices", List.of(text(delivery)));

        assertThat(outcome.failed()).containsExactly(new Failure(text(delivery), ReceiptOutcome.NOT_CURRENT));
        assertThat(app.store.messages().count("orders")).isEqualTo(1);
    }

    @Test
    void aWellFormedReceiptOfNoMessageIsNotCurrent() {
        app.queue("orders");
        String unknown = new Receipt(UUID.randomUUID(), UUID.randomUUID()).encode();

        ReceiptOutcome outcome = app.consume.ack("orders", List.of(unknown));

        assertThat(outcome.failed()).containsExactly(new Failure(unknown, ReceiptOutcome.NOT_CURRENT));
    }

    @Test
    void refusesNoReceiptsAndMoreThan1000() {
        app.queue("orders");
        List<String> tooMany = Collections.nCopies(1001, "x");

        for (List<String> receipts : List.of(List.<String>of(), tooMany)) {
            assertThatThrownBy(() -> app.consume.ack("orders", receipts))
                    .isInstanceOfSatisfying(ConveyorException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.INVALID);
                        assertThat(e.errors()).containsExactly("receipts must list 1 to 1000 receipts");
                    });
        }
        assertThat(app.consume.ack("orders", Collections.nCopies(1000, "x")).failed())
                .hasSize(1000);
    }

    @Test
    void settlingOnAnUnknownQueueIsNotFound() {
        assertThatThrownBy(() -> app.consume.ack("nowhere", List.of("x")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> app.consume.nack("nowhere", List.of("x"), 0))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> app.consume.extend("nowhere", List.of("x"), 0))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void nackWithADelayMakesTheMessageVisibleAfterTheDelay() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.nack("orders", List.of(text(delivery)), 10);

        assertThat(outcome.succeeded()).containsExactly(text(delivery));
        app.advance(9);
        assertThat(app.receive("orders", 1)).isEmpty();
        app.advance(1);
        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(2);
    }

    @Test
    void nackWithoutADelayWaitsTheQueueBackoffForTheDeliveryCount() {
        queueWithBackoff("orders", 5, 60);
        app.publishOne("orders", "1");

        // First delivery: min · 2^0 = 5 s.
        app.consume.nack("orders", List.of(text(app.receiveOne("orders"))), null);
        app.advance(4);
        assertThat(app.receive("orders", 1)).isEmpty();
        app.advance(1);
        Delivery second = app.receiveOne("orders");

        // Second delivery: min · 2^1 = 10 s.
        app.consume.nack("orders", List.of(text(second)), null);
        app.advance(9);
        assertThat(app.receive("orders", 1)).isEmpty();
        app.advance(1);
        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(3);
    }

    @Test
    void nackWithoutADelayOrBackoffReleasesAtOnce() {
        app.queue("orders");
        app.publishOne("orders", "1");

        app.consume.nack("orders", List.of(text(app.receiveOne("orders"))), null);

        assertThat(app.receive("orders", 1)).hasSize(1);
    }

    @Test
    void nackWithAStaleReceiptChangesNothing() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery stale = app.receiveOne("orders");
        app.advance(30);
        app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.nack("orders", List.of(text(stale)), 0);

        assertThat(outcome.failed()).containsExactly(new Failure(text(stale), ReceiptOutcome.NOT_CURRENT));
        assertThat(app.receive("orders", 1)).isEmpty();
    }

    @Test
    void nackRefusesADelayOutOfBounds() {
        app.queue("orders");

        assertThatThrownBy(() -> app.consume.nack("orders", List.of("x"), -1))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.errors()).containsExactly("delay_seconds must be between 0 and 43200");
                });
    }

    @Test
    void extendZeroReleasesTheMessageAtOnce() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.extend("orders", List.of(text(delivery)), 0);

        assertThat(outcome.succeeded()).containsExactly(text(delivery));
        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(2);
    }

    @Test
    void extendMovesTheEndOfTheLeaseFromNow() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");
        app.advance(20);

        app.consume.extend("orders", List.of(text(delivery)), 60);

        app.advance(59);
        assertThat(app.receive("orders", 1)).isEmpty();
        app.advance(1);
        assertThat(app.receive("orders", 1)).hasSize(1);
    }

    @Test
    void extendWithAStaleReceiptFails() {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery stale = app.receiveOne("orders");
        app.advance(30);
        Delivery current = app.receiveOne("orders");

        ReceiptOutcome outcome = app.consume.extend("orders", List.of(text(stale)), 0);

        assertThat(outcome.failed()).containsExactly(new Failure(text(stale), ReceiptOutcome.NOT_CURRENT));
        assertThat(app.receive("orders", 1)).isEmpty();
        assertThat(app.consume.ack("orders", List.of(text(current))).succeeded())
                .hasSize(1);
    }

    @Test
    void extendRefusesSecondsOutOfBounds() {
        app.queue("orders");

        assertThatThrownBy(() -> app.consume.extend("orders", List.of("x"), 43_201))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.errors()).containsExactly("seconds must be between 0 and 43200"));
    }

    // ---- a receive's own lease length, and extend leaving ended leases alone (SQS's ChangeMessageVisibility)

    private List<Delivery> receive(String queueId, int max, Integer leaseSeconds) throws InterruptedException {
        return app.consume.receive(queueId, new ReceiveRequest(max, 0, null, leaseSeconds));
    }

    @Test
    void aReceivesLeaseSecondsLeaseForThatLongInsteadOfTheAckDeadline() throws Exception {
        app.queue("orders"); // ack deadline 30 s
        app.publishOne("orders", "1");

        Delivery delivery = receive("orders", 1, 120).get(0);

        assertThat(delivery.message().leaseExpiresAt()).isEqualTo(now().plusSeconds(120));
        app.advance(119);
        assertThat(app.receive("orders", 1)).isEmpty();
        app.advance(1);
        assertThat(app.receiveOne("orders").message().deliveryAttempts()).isEqualTo(2);
    }

    @Test
    void aLeaseShorterThanTheAckDeadlineEndsSooner() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "1");
        receive("orders", 1, 5);

        app.advance(4);
        assertThat(app.receive("orders", 1)).isEmpty();
        app.advance(1);
        assertThat(app.receive("orders", 1)).hasSize(1);
    }

    @Test
    void aLeaseOfZeroHandsTheMessagesOutVisibleAtOnceAndTheirReceiptsStillAck() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "1");
        app.publishOne("orders", "2");

        List<Delivery> peeked = receive("orders", 10, 0);
        assertThat(peeked).hasSize(2);
        assertThat(peeked.get(0).message().leaseExpiresAt()).isEqualTo(now());

        ReceiptOutcome acked = app.consume.ack("orders", List.of(text(peeked.get(0))));
        assertThat(acked.succeeded()).containsExactly(text(peeked.get(0)));
        List<Delivery> again = app.receive("orders", 10);
        assertThat(again).extracting(d -> d.message().body()).containsExactly("2");
        assertThat(again.get(0).message().deliveryAttempts()).isEqualTo(2);
        // Received again: the first receipt is stale now.
        assertThat(app.consume.ack("orders", List.of(text(peeked.get(1)))).failed())
                .containsExactly(new Failure(text(peeked.get(1)), ReceiptOutcome.NOT_CURRENT));
    }

    @Test
    void leaseSecondsOutsideZeroTo43200IsRefusedNamingTheField() {
        for (int bad : new int[] {-1, 43_201}) {
            assertThatThrownBy(() -> new ReceiveRequest(1, 0, null, bad))
                    .isInstanceOfSatisfying(
                            ConveyorException.class,
                            e -> assertThat(e.errors()).containsExactly("lease_seconds must be between 0 and 43200"));
        }
        assertThat(new ReceiveRequest(1, 0, null, 0).leaseSeconds()).isZero();
        assertThat(new ReceiveRequest(1, 0, null, 43_200).leaseSeconds()).isEqualTo(43_200);
        assertThat(ReceiveRequest.of(null, null, null, null)).isEqualTo(new ReceiveRequest(1, null, null, null));
    }

    @Test
    void extendRefusingEndedLeasesExtendsRunningOnesAndLeavesEndedOnesVisible() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "running");
        app.publishOne("orders", "ended");
        Delivery running = receive("orders", 1, 60).get(0);
        Delivery ended = receive("orders", 1, 10).get(0);
        app.advance(10);

        ReceiptOutcome outcome =
                app.consume.extend("orders", List.of(text(running), text(ended)), 100, EndedLease.REFUSE);

        assertThat(outcome.succeeded()).containsExactly(text(running));
        assertThat(outcome.failed()).containsExactly(new Failure(text(ended), ReceiptOutcome.NOT_CURRENT));
        assertThat(receive("orders", 10, 1000))
                .extracting(d -> d.message().body())
                .containsExactly("ended");
        app.advance(99);
        assertThat(app.receive("orders", 10)).isEmpty();
        app.advance(1);
        assertThat(app.receive("orders", 10))
                .extracting(d -> d.message().body())
                .containsExactly("running");
    }

    @Test
    void extendRefusingEndedLeasesRefusesAReleasedOrZeroLengthLease() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "nacked");
        Delivery nacked = app.receiveOne("orders");
        app.consume.nack("orders", List.of(text(nacked)), 60);
        app.publishOne("orders", "peeked");
        Delivery peeked = receive("orders", 1, 0).get(0);

        ReceiptOutcome outcome =
                app.consume.extend("orders", List.of(text(nacked), text(peeked)), 120, EndedLease.REFUSE);

        assertThat(outcome.succeeded()).isEmpty();
        assertThat(outcome.failed())
                .extracting(Failure::reason)
                .containsOnly(ReceiptOutcome.NOT_CURRENT)
                .hasSize(2);
        assertThat(app.receive("orders", 10))
                .extracting(d -> d.message().body())
                .containsExactly("peeked");
    }

    @Test
    void extendToZeroWakesALongPollWithTheReleasedMessage() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "1");
        Delivery delivery = app.receiveOne("orders");
        Future<List<Delivery>> polling =
                pool.submit(() -> app.consume.receive("orders", new ReceiveRequest(1, 20, null)));
        while (app.arrivals.waiting() == 0 && !polling.isDone()) {
            Thread.sleep(5);
        }

        app.consume.extend("orders", List.of(text(delivery)), 0, EndedLease.REFUSE);

        // The recheck is 10 s and the wait 20 s: only the extend's signal answers within 5 s.
        assertThat(polling.get(5, TimeUnit.SECONDS))
                .extracting(d -> d.message().id())
                .containsExactly(delivery.message().id());
    }

    @Test
    void receiveWithAWaitAnswersAtOnceWhenAMessageIsThere() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "1");
        long start = System.nanoTime();

        List<Delivery> deliveries = app.consume.receive("orders", new ReceiveRequest(1, 20, null));

        assertThat(deliveries).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(app.arrivals.waiting()).isZero();
    }

    @Test
    void longPollAnswersAsSoonAsAnotherThreadPublishes() throws Exception {
        app.queue("orders");
        long start = System.nanoTime();
        Future<List<Delivery>> polling =
                pool.submit(() -> app.consume.receive("orders", new ReceiveRequest(1, 5, null)));
        // Publish only once the poll waits, so that only the signal can wake it.
        while (app.arrivals.waiting() == 0 && !polling.isDone()) {
            Thread.sleep(5);
        }

        PublishedMessage published = app.publishOne("orders", "hello");
        List<Delivery> deliveries = polling.get(30, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(deliveries).extracting(d -> d.message().id()).containsExactly(published.id());
        assertThat(app.arrivals.waiting()).isZero();
    }

    @Test
    void closingTheBoardAnswersAWaitingLongPollEmptyAndLaterOnesAtOnce() throws Exception {
        app.queue("orders");
        Future<List<Delivery>> polling =
                pool.submit(() -> app.consume.receive("orders", new ReceiveRequest(1, 20, null)));
        while (app.arrivals.waiting() == 0 && !polling.isDone()) {
            Thread.sleep(5);
        }

        app.arrivals.close();

        // Well before its 20 s wait and the 10 s re-check: only the close can have ended it.
        assertThat(polling.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(app.arrivals.waiting()).isZero();
        long start = System.nanoTime();
        assertThat(app.consume.receive("orders", new ReceiveRequest(1, 20, null)))
                .isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // A message that is there is still handed out.
        app.publishOne("orders", "late");
        assertThat(app.consume.receive("orders", new ReceiveRequest(1, 20, null)))
                .hasSize(1);
    }

    @Test
    void longPollIsWokenByANackThatMakesAMessageVisibleAtOnce() throws Exception {
        app.queue("orders");
        app.publishOne("orders", "hello");
        String receipt = app.consume
                .receive("orders", new ReceiveRequest(1, 0, null))
                .get(0)
                .receipt()
                .encode();
        long start = System.nanoTime();
        Future<List<Delivery>> polling =
                pool.submit(() -> app.consume.receive("orders", new ReceiveRequest(1, 5, null)));
        while (app.arrivals.waiting() == 0 && !polling.isDone()) {
            Thread.sleep(5);
        }

        app.consume.nack("orders", List.of(receipt), 0);

        assertThat(polling.get(30, TimeUnit.SECONDS)).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void longPollOnADeadLetterQueueIsWokenWhenANackDeadLettersAMessage() throws Exception {
        app.queue("dead");
        app.queues.create("work", QueueSettings.withDefaults(null, null, null, 1, "dead", null, null, null));
        app.publishOne("work", "poison");
        String receipt = app.consume
                .receive("work", new ReceiveRequest(1, 0, null))
                .get(0)
                .receipt()
                .encode();
        long start = System.nanoTime();
        Future<List<Delivery>> polling = pool.submit(() -> app.consume.receive("dead", new ReceiveRequest(1, 5, null)));
        while (app.arrivals.waiting() == 0 && !polling.isDone()) {
            Thread.sleep(5);
        }

        app.consume.nack("work", List.of(receipt), null);

        assertThat(polling.get(30, TimeUnit.SECONDS)).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void longPollIsNotWokenByAnotherQueue() throws Exception {
        app.queue("orders");
        app.queue("invoices");
        long start = System.nanoTime();
        Future<List<Delivery>> polling =
                pool.submit(() -> app.consume.receive("orders", new ReceiveRequest(1, 1, null)));
        while (app.arrivals.waiting() == 0 && !polling.isDone()) {
            Thread.sleep(5);
        }

        app.publishOne("invoices", "elsewhere");

        assertThat(polling.get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(app.store.messages().count("invoices")).isEqualTo(1);
    }

    @Test
    void longPollOnAnEmptyQueueAnswersEmptyOnceTheWaitIsOver() throws Exception {
        app.queue("orders");
        long start = System.nanoTime();

        List<Delivery> deliveries = app.consume.receive("orders", new ReceiveRequest(1, 1, null));

        assertThat(deliveries).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(app.arrivals.waiting()).isZero();
    }

    @Test
    void concurrentLongPollsShareTheArrivalsWithoutDuplicates() throws Exception {
        app.queue("orders");
        List<Future<List<Delivery>>> polls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            polls.add(pool.submit(() -> app.consume.receive("orders", new ReceiveRequest(1, 5, null))));
        }
        while (app.arrivals.waiting() < 3) {
            Thread.sleep(5);
        }

        app.publish.toQueue("orders", List.of(Services.message("1"), Services.message("2"), Services.message("3")));

        List<String> bodies = new ArrayList<>();
        for (Future<List<Delivery>> poll : polls) {
            poll.get(30, TimeUnit.SECONDS).forEach(d -> bodies.add(d.message().body()));
        }
        assertThat(bodies).containsExactlyInAnyOrder("1", "2", "3");
    }
}
