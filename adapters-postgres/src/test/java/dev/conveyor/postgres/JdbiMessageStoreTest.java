package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.Receipt;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbiMessageStoreTest {
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final Instant EPOCH = Instant.EPOCH;
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String QUEUE = "orders";
    private static final String OTHER = "invoices";

    // Threads of their own: the common pool may be too small to run a blocked holder and a waiter side by side.
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    private static TestDatabase db;
    private static JdbiSession session;
    private static JdbiMessageStore store;
    private static JdbiQueueRepository queues;
    private final UuidV7Generator ids = new UuidV7Generator(Clock.systemUTC());

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
        session = new JdbiSession(db.jdbi());
        store = new JdbiMessageStore(session);
        queues = new JdbiQueueRepository(session);
    }

    @AfterAll
    static void dropDatabase() {
        THREADS.shutdownNow();
        db.close();
    }

    @BeforeEach
    void createQueues() {
        queues.create(new Queue(QUEUE, QueueSettings.defaults(), NOW, NOW));
        queues.create(new Queue(OTHER, QueueSettings.defaults(), NOW, NOW));
    }

    @AfterEach
    void emptyTables() {
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
    }

    private static NewMessage message(String body) {
        return new NewMessage(body, Map.of(), null, null);
    }

    private static NewMessage labelled(String label) {
        return new NewMessage("{}", Map.of(), label, null);
    }

    /** Appends one message to {@link #QUEUE}, created at {@code createdAt} and visible at {@code visibleAt}. */
    private UUID append(Instant createdAt, Instant visibleAt) {
        return append(QUEUE, createdAt, visibleAt, message("{}"));
    }

    private UUID append(String queueId, Instant createdAt, Instant visibleAt, NewMessage message) {
        UUID id = ids.next();
        store.append(createdAt, List.of(new Envelope(queueId, id, message, visibleAt)));
        return id;
    }

    private static List<Delivery> leaseAt(Instant now) {
        return store.lease(QUEUE, null, 10, now, now.plus(LEASE), EPOCH);
    }

    private static Delivery leaseOneAt(Instant now) {
        List<Delivery> leased = leaseAt(now);
        assertThat(leased).hasSize(1);
        return leased.get(0);
    }

    private static List<UUID> stored(String queueId) {
        return store.browse(queueId, new Page(1000, 0)).stream()
                .map(Message::id)
                .toList();
    }

    private static List<UUID> idsOf(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> d.message().id()).toList();
    }

    // --- append and browse

    @Test
    void typesAndTraceHeaderAreStoredOnlyWhenAMessageHasThemAndTheFirstLeaseRecordsItsTime() {
        UUID plain = append(QUEUE, NOW, NOW, new NewMessage("{}", Map.of("region", "eu"), null, null));
        UUID typed = append(
                QUEUE,
                NOW,
                NOW,
                new NewMessage(
                        "{}",
                        Map.of("n", "1.0e3", "s", "x"),
                        null,
                        null,
                        Map.of("n", "Number.int", "s", "String"),
                        "Root=1"));
        leaseAt(NOW.plusSeconds(1));

        // A message with only plain strings (all of /v1's) costs no more than before: NULLs, not empty objects.
        db.jdbi()
                .useHandle(h -> assertThat(h.createQuery("""
                        SELECT id, attribute_types::text AS types, trace_header, first_delivered_at
                        FROM messages ORDER BY id""")
                                .map((rs, ctx) -> rs.getString("types") + " " + rs.getString("trace_header") + " "
                                        + Timestamps.read(rs, "first_delivered_at"))
                                .list())
                        .containsExactly(
                                "null null " + NOW.plusSeconds(1),
                                "{\"n\": \"Number.int\"} Root=1 " + NOW.plusSeconds(1)));
        assertThat(List.of(plain, typed)).isEqualTo(stored(QUEUE));
    }

    @Test
    void appendedMessagesBrowseOldestFirstWithEveryFieldIntact() {
        UUID first = ids.next();
        UUID second = ids.next();
        UUID third = ids.next();
        String objectBody = "{\"a\": [1, 2.50, {\"b\": null}], \"s\": \"é ☃ \\\"q\\\" \\u0041\"}";
        NewMessage withEverything = new NewMessage(objectBody, Map.of("region", "eu", "k\"ey", "v\\al ☃"), "red", null);
        NewMessage bare = new NewMessage("\"just a string\"", null, null, null);
        NewMessage number = new NewMessage("42", Map.of("only", ""), "blue", 900);
        // Handed over out of id order: browse orders by id, not by insertion.
        store.append(
                NOW,
                List.of(
                        new Envelope(QUEUE, third, number, NOW.plusSeconds(900)),
                        new Envelope(QUEUE, first, withEverything, NOW),
                        new Envelope(QUEUE, second, bare, NOW.minusSeconds(5))));

        List<Message> browsed = store.browse(QUEUE, new Page(100, 0));

        assertThat(browsed)
                .containsExactly(
                        new Message(
                                first, QUEUE, objectBody, withEverything.attributes(), "red", 0, NOW, NOW, null, null),
                        new Message(
                                second,
                                QUEUE,
                                "\"just a string\"",
                                Map.of(),
                                null,
                                0,
                                NOW,
                                NOW.minusSeconds(5),
                                null,
                                null),
                        new Message(
                                third,
                                QUEUE,
                                "42",
                                Map.of("only", ""),
                                "blue",
                                0,
                                NOW,
                                NOW.plusSeconds(900),
                                null,
                                null));
        assertThat(browsed.get(0).body()).isEqualTo(objectBody);
        assertThat(store.browse(QUEUE, new Page(1, 1))).extracting(Message::id).containsExactly(second);
        assertThat(store.browse(QUEUE, new Page(5, 3))).isEmpty();
        assertThat(store.browse(OTHER, new Page(100, 0))).isEmpty();
    }

    @Test
    void browsingLeasesNothing() {
        append(NOW, NOW);

        store.browse(QUEUE, new Page(100, 0));

        assertThat(leaseAt(NOW)).hasSize(1);
    }

    // --- lease

    @Test
    void leasesOnlyVisibleMessagesLongestVisibleFirst() {
        UUID visibleSince1s = append(NOW.minusSeconds(20), NOW.minusSeconds(1));
        UUID visibleSince10s = append(NOW.minusSeconds(20), NOW.minusSeconds(10));
        UUID visibleJustNow = append(NOW.minusSeconds(20), NOW);
        append(NOW.minusSeconds(20), NOW.plusNanos(1000)); // visible one microsecond from now
        append(NOW.minusSeconds(20), NOW.plusSeconds(60));
        Instant leaseEnd = NOW.plus(LEASE);

        List<Delivery> leased = store.lease(QUEUE, null, 10, NOW, leaseEnd, EPOCH);

        assertThat(idsOf(leased)).containsExactly(visibleSince10s, visibleSince1s, visibleJustNow);
        assertThat(leased).allSatisfy(d -> {
            assertThat(d.message().queueId()).isEqualTo(QUEUE);
            assertThat(d.message().leaseExpiresAt()).isEqualTo(leaseEnd);
            assertThat(d.message().visibleAt()).isEqualTo(leaseEnd);
            assertThat(d.message().deliveryAttempts()).isEqualTo(1);
            assertThat(d.message().createdAt()).isEqualTo(NOW.minusSeconds(20));
            assertThat(d.receipt().messageId()).isEqualTo(d.message().id());
        });
        assertThat(leased.stream().map(d -> d.receipt().leaseId()).distinct()).hasSize(3);
        assertThat(store.browse(QUEUE, new Page(100, 0)))
                .filteredOn(m -> m.leaseExpiresAt() != null)
                .extracting(Message::id)
                .containsExactlyInAnyOrder(visibleSince10s, visibleSince1s, visibleJustNow);
    }

    @Test
    void leasesAtMostMaxAndTiesGoByIdOrder() {
        UUID a = append(NOW, NOW);
        UUID b = append(NOW, NOW);
        append(NOW, NOW);

        List<Delivery> leased = store.lease(QUEUE, null, 2, NOW, NOW.plus(LEASE), EPOCH);

        assertThat(idsOf(leased)).containsExactly(a, b);
    }

    @Test
    void leasesOnlyFromTheGivenQueue() {
        append(OTHER, NOW, NOW, message("{}"));

        assertThat(leaseAt(NOW)).isEmpty();
    }

    @Test
    void aLeasedMessageIsNotLeasedAgainBeforeTheLeaseEndsButIsAfter() {
        UUID id = append(NOW, NOW);
        Delivery first = leaseOneAt(NOW);

        assertThat(leaseAt(NOW)).isEmpty();
        assertThat(leaseAt(NOW.plus(LEASE).minusNanos(1000))).isEmpty();
        Delivery second = leaseOneAt(NOW.plus(LEASE));

        assertThat(second.message().id()).isEqualTo(id);
        assertThat(second.message().deliveryAttempts()).isEqualTo(2);
        assertThat(second.message().leaseExpiresAt()).isEqualTo(NOW.plus(LEASE).plus(LEASE));
        assertThat(second.receipt()).isNotEqualTo(first.receipt());
        assertThat(second.receipt().leaseId()).isNotEqualTo(first.receipt().leaseId());
    }

    @Test
    void leasesByLabelOnlyTheMessagesWithThatLabel() {
        UUID red = append(QUEUE, NOW, NOW, labelled("red"));
        UUID blue = append(QUEUE, NOW, NOW, labelled("blue"));
        UUID none = append(QUEUE, NOW, NOW, labelled(null));
        UUID red2 = append(QUEUE, NOW, NOW, labelled("red"));

        List<Delivery> reds = store.lease(QUEUE, "red", 10, NOW, NOW.plus(LEASE), EPOCH);

        assertThat(idsOf(reds)).containsExactly(red, red2);
        assertThat(reds).allSatisfy(d -> assertThat(d.message().label()).isEqualTo("red"));
        assertThat(store.lease(QUEUE, "green", 10, NOW, NOW.plus(LEASE), EPOCH)).isEmpty();
        assertThat(idsOf(leaseAt(NOW))).containsExactly(blue, none);
    }

    @Test
    void skipsMessagesCreatedBeforeCreatedAfter() {
        Instant cutoff = NOW.minusSeconds(60);
        UUID expired = append(cutoff.minusSeconds(1), cutoff.minusSeconds(1));
        UUID fresh = append(cutoff.plusSeconds(1), cutoff.plusSeconds(1));

        List<Delivery> leased = store.lease(QUEUE, null, 10, NOW, NOW.plus(LEASE), cutoff);

        assertThat(idsOf(leased)).containsExactly(fresh);
        assertThat(stored(QUEUE)).containsExactly(expired, fresh);
    }

    // --- delete (ack)

    @Test
    void deleteWithTheCurrentReceiptRemovesTheMessage() {
        UUID kept = append(NOW, NOW.plusSeconds(100));
        append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);

        Set<Receipt> deleted = store.delete(QUEUE, List.of(delivery.receipt()));

        assertThat(deleted).containsExactly(delivery.receipt());
        assertThat(stored(QUEUE)).containsExactly(kept);
        assertThat(store.delete(QUEUE, List.of(delivery.receipt()))).isEmpty();
    }

    @Test
    void deleteWithAStaleReceiptDoesNothingAndIsNotAnswered() {
        UUID id = append(NOW, NOW);
        Delivery stale = leaseOneAt(NOW);
        Delivery current = leaseOneAt(NOW.plus(LEASE).plusSeconds(1));

        assertThat(store.delete(QUEUE, List.of(stale.receipt()))).isEmpty();
        assertThat(stored(QUEUE)).containsExactly(id);

        assertThat(store.delete(QUEUE, List.of(stale.receipt(), current.receipt())))
                .containsExactly(current.receipt());
        assertThat(stored(QUEUE)).isEmpty();
    }

    @Test
    void aReceiptAgainstAnotherQueueDoesNothing() {
        UUID id = append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);
        List<Receipt> receipt = List.of(delivery.receipt());

        assertThat(store.delete(OTHER, receipt)).isEmpty();
        assertThat(store.extend(OTHER, receipt, NOW)).isEmpty();
        assertThat(session.inTransaction(() -> store.lockLeased(OTHER, receipt)))
                .isEmpty();
        store.release(OTHER, Map.of(delivery.receipt(), NOW));

        Message untouched = store.browse(QUEUE, new Page(10, 0)).get(0);
        assertThat(untouched.id()).isEqualTo(id);
        assertThat(untouched.leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));
        assertThat(untouched.visibleAt()).isEqualTo(NOW.plus(LEASE));
    }

    @Test
    void aReceiptForAnUnknownMessageDoesNothing() {
        append(NOW, NOW);
        leaseOneAt(NOW);

        assertThat(store.delete(QUEUE, List.of(new Receipt(UUID.randomUUID(), UUID.randomUUID()))))
                .isEmpty();
        assertThat(stored(QUEUE)).hasSize(1);
    }

    @Test
    void anAckAfterTheLeaseEndedButBeforeAnotherLeaseSucceeds() {
        append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);
        // The lease ran out and the message is visible again, but nobody has received it since.
        assertThat(store.stats(QUEUE, NOW.plus(LEASE).plusSeconds(5), Instant.EPOCH)
                        .available())
                .isEqualTo(1);

        assertThat(store.delete(QUEUE, List.of(delivery.receipt()))).containsExactly(delivery.receipt());
        assertThat(stored(QUEUE)).isEmpty();
    }

    // --- lockLeased, release, extend

    @Test
    void lockLeasedAnswersTheDeliveryAttemptsOfCurrentReceiptsInsideATransaction() {
        append(NOW, NOW);
        Delivery stale = leaseOneAt(NOW);
        Delivery current = leaseOneAt(NOW.plus(LEASE));
        UUID other = append(NOW, NOW);
        Delivery once = leaseOneAt(NOW.plus(LEASE));
        assertThat(once.message().id()).isEqualTo(other);

        List<MessageStore.Leased> locked = session.inTransaction(
                () -> store.lockLeased(QUEUE, List.of(stale.receipt(), current.receipt(), once.receipt())));

        assertThat(locked)
                .containsExactlyInAnyOrder(
                        new MessageStore.Leased(current.receipt(), 2), new MessageStore.Leased(once.receipt(), 1));
    }

    @Test
    void lockLeasedHoldsTheMessagesUntilTheTransactionEnds() throws Exception {
        append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<List<MessageStore.Leased>> holder = CompletableFuture.supplyAsync(
                () -> session.inTransaction(() -> {
                    List<MessageStore.Leased> leased = store.lockLeased(QUEUE, List.of(delivery.receipt()));
                    locked.countDown();
                    try {
                        finish.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return leased;
                }),
                THREADS);
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Set<Receipt>> ack =
                CompletableFuture.supplyAsync(() -> store.delete(QUEUE, List.of(delivery.receipt())), THREADS);

        Thread.sleep(500);
        assertThat(ack).as("an ack waits for the lock").isNotDone();
        finish.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(ack.get(10, TimeUnit.SECONDS)).containsExactly(delivery.receipt());
    }

    @Test
    void releaseMakesTheMessageVisibleAtTheGivenInstantAndCountsItAsDelayed() {
        append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);
        Instant later = NOW.plusSeconds(60);

        session.inTransaction(() -> {
            store.release(QUEUE, Map.of(delivery.receipt(), later));
            return null;
        });

        Message released = store.browse(QUEUE, new Page(10, 0)).get(0);
        assertThat(released.visibleAt()).isEqualTo(later);
        assertThat(released.leaseExpiresAt()).isNull();
        assertThat(store.stats(QUEUE, NOW.plusSeconds(1), Instant.EPOCH))
                .isEqualTo(new QueueStats(QUEUE, 0, 0, 1, null));
        assertThat(leaseAt(later.minusNanos(1000))).isEmpty();
        Delivery again = leaseOneAt(later);
        assertThat(again.message().deliveryAttempts()).isEqualTo(2);
    }

    @Test
    void releaseAtNowMakesTheMessageAvailableAtOnce() {
        append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);

        store.release(QUEUE, Map.of(delivery.receipt(), NOW.plusSeconds(1)));

        assertThat(store.stats(QUEUE, NOW.plusSeconds(1), Instant.EPOCH).available())
                .isEqualTo(1);
        assertThat(leaseAt(NOW.plusSeconds(1))).hasSize(1);
    }

    @Test
    void releaseWithAStaleReceiptDoesNothing() {
        append(NOW, NOW);
        Delivery stale = leaseOneAt(NOW);
        Delivery current = leaseOneAt(NOW.plus(LEASE));

        store.release(QUEUE, Map.of(stale.receipt(), NOW.plus(LEASE)));

        Message message = store.browse(QUEUE, new Page(10, 0)).get(0);
        assertThat(message.leaseExpiresAt()).isEqualTo(current.message().leaseExpiresAt());
        assertThat(leaseAt(NOW.plus(LEASE).plusSeconds(1))).isEmpty();
    }

    @Test
    void releaseOfNothingChangesNothing() {
        append(NOW, NOW);

        store.release(QUEUE, Map.of());

        assertThat(store.stats(QUEUE, NOW, Instant.EPOCH).available()).isEqualTo(1);
    }

    @Test
    void extendMovesTheEndOfTheLease() {
        append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);
        Instant until = NOW.plusSeconds(120);

        Set<Receipt> extended = store.extend(QUEUE, List.of(delivery.receipt()), until);

        assertThat(extended).containsExactly(delivery.receipt());
        assertThat(store.browse(QUEUE, new Page(10, 0)).get(0).leaseExpiresAt()).isEqualTo(until);
        assertThat(leaseAt(NOW.plus(LEASE).plusSeconds(1))).isEmpty();
        assertThat(store.stats(QUEUE, NOW.plus(LEASE).plusSeconds(1), Instant.EPOCH))
                .isEqualTo(new QueueStats(QUEUE, 0, 1, 0, null));
        Delivery again = leaseOneAt(until);
        assertThat(again.message().deliveryAttempts()).isEqualTo(2);
        // The receipt of the extended delivery is stale now.
        assertThat(store.extend(QUEUE, List.of(delivery.receipt()), until.plusSeconds(600)))
                .isEmpty();
    }

    @Test
    void extendToNowMakesTheMessageAvailableAtOnce() {
        append(NOW, NOW);
        Delivery delivery = leaseOneAt(NOW);
        Instant now = NOW.plusSeconds(3);

        assertThat(store.extend(QUEUE, List.of(delivery.receipt()), now)).containsExactly(delivery.receipt());

        assertThat(store.stats(QUEUE, now, Instant.EPOCH).available()).isEqualTo(1);
        assertThat(leaseOneAt(now).receipt()).isNotEqualTo(delivery.receipt());
    }

    // --- stats and lockAndCount

    @Test
    void statsCountsEachStateAndTheAgeOfTheOldestAvailableMessage() {
        Instant t0 = NOW;
        UUID leasedOne = append(t0, t0);
        append(t0, t0);
        append(t0, t0.plusSeconds(100)); // delayed
        append(t0.plusSeconds(10), t0.plusSeconds(10));
        append(OTHER, t0.minusSeconds(1000), t0.minusSeconds(1000), message("{}"));
        Instant now = t0.plusSeconds(20);
        List<Delivery> leased = store.lease(QUEUE, null, 1, now, now.plus(LEASE), EPOCH);
        assertThat(idsOf(leased)).containsExactly(leasedOne);

        QueueStats stats = store.stats(QUEUE, now, Instant.EPOCH);

        assertThat(stats).isEqualTo(new QueueStats(QUEUE, 2, 1, 1, 20L));
        assertThat(stats.total()).isEqualTo(4);
        // Once both available messages are leased, no available message has an age.
        store.lease(QUEUE, null, 10, now, now.plus(LEASE), EPOCH);
        assertThat(store.stats(QUEUE, now, Instant.EPOCH)).isEqualTo(new QueueStats(QUEUE, 0, 3, 1, null));
    }

    @Test
    void statsOfAnEmptyQueueAreZeroWithoutAnAge() {
        assertThat(store.stats(QUEUE, NOW, Instant.EPOCH)).isEqualTo(new QueueStats(QUEUE, 0, 0, 0, null));
    }

    @Test
    void statsCountAMessageWhoseLeaseRanOutAsAvailable() {
        append(NOW.minusSeconds(7), NOW.minusSeconds(7));
        leaseOneAt(NOW);

        assertThat(store.stats(QUEUE, NOW.plus(LEASE), Instant.EPOCH)).isEqualTo(new QueueStats(QUEUE, 1, 0, 0, 37L));
    }

    @Test
    void lockAndCountAnswersHowManyMessagesEachQueueHoldsInsideATransaction() {
        append(NOW, NOW);
        append(NOW, NOW.plusSeconds(60));
        append(NOW, NOW);
        assertThat(store.lease(QUEUE, null, 1, NOW, NOW.plus(LEASE), EPOCH)).hasSize(1);

        Map<String, Long> counts = session.inTransaction(() -> store.lockAndCount(List.of(QUEUE, OTHER)));

        assertThat(counts.get(QUEUE)).isEqualTo(3L);
        assertThat(counts.getOrDefault(OTHER, 0L)).isZero();
    }

    @Test
    void lockAndCountMakesAConcurrentCounterWaitUntilTheTransactionEnds() throws Exception {
        append(NOW, NOW);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Map<String, Long>> holder = CompletableFuture.supplyAsync(
                () -> session.inTransaction(() -> {
                    Map<String, Long> counts = store.lockAndCount(List.of(QUEUE));
                    store.append(NOW, List.of(new Envelope(QUEUE, ids.next(), message("{}"), NOW)));
                    locked.countDown();
                    try {
                        finish.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return counts;
                }),
                THREADS);
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Map<String, Long>> second = CompletableFuture.supplyAsync(
                () -> session.inTransaction(() -> store.lockAndCount(List.of(QUEUE))), THREADS);

        Thread.sleep(500);
        assertThat(second).as("a second bounded publisher waits for the first").isNotDone();
        finish.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).containsEntry(QUEUE, 1L);
        // It counts what the first one stored, so the two cannot both fill the last free place.
        assertThat(second.get(10, TimeUnit.SECONDS)).containsEntry(QUEUE, 2L);
    }

    @Test
    void lockAndCountLeavesUnboundedPublishersUnblocked() throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(
                () -> session.inTransaction(() -> {
                    store.lockAndCount(List.of(QUEUE));
                    locked.countDown();
                    try {
                        finish.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }),
                THREADS);
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            // A plain append checks the foreign key with FOR KEY SHARE, which FOR NO KEY UPDATE does not block.
            CompletableFuture<UUID> unbounded = CompletableFuture.supplyAsync(() -> append(NOW, NOW), THREADS);

            assertThat(unbounded.get(10, TimeUnit.SECONDS)).isNotNull();
        } finally {
            finish.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }
}
