package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.CommitGroups;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueDefinitions;
import dev.conveyor.application.ReceiveRequest;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.port.ArrivalBroadcast;
import dev.conveyor.application.port.IdGenerator;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Subscription;
import dev.conveyor.domain.Topic;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent publishes share transactions on the real store, and each is answered only as its group fared. */
class GroupCommitOnPostgresTest {
    private static final Instant T0 = Instant.parse("2031-05-06T07:08:09.123456Z");

    private static TestDatabase db;
    private static JdbiSession session;
    private static JdbiTopicRepository topics;
    private static JdbiQueueRepository queues;
    private static JdbiSubscriptionRepository subscriptions;
    private static JdbiMessageStore messages;

    private final ExecutorService publishers = Executors.newFixedThreadPool(24);
    private final AtomicInteger transactions = new AtomicInteger();
    /** The session, counting the transactions it runs. */
    private final UnitOfWork counted = new UnitOfWork() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            transactions.incrementAndGet();
            return session.inTransaction(work);
        }
    };

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
        session = new JdbiSession(db.jdbi());
        topics = new JdbiTopicRepository(session);
        queues = new JdbiQueueRepository(session);
        subscriptions = new JdbiSubscriptionRepository(session);
        messages = new JdbiMessageStore(session);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void createQueuesAndTopic() {
        topics.create(new Topic("orders", T0));
        for (String queue : List.of("a", "b", "audit")) {
            queues.create(new Queue(queue, QueueSettings.defaults(), T0, T0));
        }
        subscriptions.create(new Subscription("orders-audit", "orders", "audit", null, T0));
    }

    @AfterEach
    void emptyTables() {
        publishers.shutdownNow();
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
    }

    private PublishService publishing(IdGenerator ids, Duration window) {
        return new PublishService(
                topics,
                queues,
                QueueDefinitions.uncached(queues),
                subscriptions,
                messages,
                counted,
                ids,
                new ArrivalBoard(ArrivalBroadcast.NONE),
                InstantSource.system(),
                QueueMetrics.NONE,
                new CommitGroups(window, 1000, 4),
                null);
    }

    private static List<NewMessage> one(String body) {
        return List.of(new NewMessage("\"" + body + "\"", Map.of(), null, null));
    }

    @Test
    void concurrentPublishesShareTransactionsAndEveryAnsweredMessageIsStoredOnceWhereItWasSent() throws Exception {
        PublishService publish = publishing(new UuidV7Generator(InstantSource.system()), Duration.ofMillis(2));
        int publishes = 600;
        Map<UUID, String> answered = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < publishes; i++) {
            int n = i;
            calls.add(CompletableFuture.runAsync(
                    () -> {
                        List<PublishedMessage> published = switch (n % 3) {
                            case 0 -> publish.toQueue("a", one("a" + n));
                            case 1 -> publish.toQueue("b", one("b" + n));
                            default -> publish.toTopic("orders", one("t" + n));
                        };
                        published.forEach(p -> answered.put(p.id(), String.join(",", p.queueIds())));
                    },
                    publishers));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(answered).hasSize(publishes);
        List<Map<String, Object>> rows = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT id, queue_id FROM messages")
                        .mapToMap()
                        .list());
        assertThat(rows).hasSize(publishes);
        Map<UUID, String> stored = new ConcurrentHashMap<>();
        rows.forEach(row -> stored.put((UUID) row.get("id"), (String) row.get("queue_id")));
        assertThat(stored).isEqualTo(answered);
        // 24 publishers with a 2 ms window: groups form; each group is one transaction.
        assertThat(transactions.get()).isLessThan(publishes / 2);
    }

    @Test
    void whenAGroupsInsertFailsEveryPublishOfThatGroupFailsAndNoneOfItIsStored() throws Exception {
        // Every id is the same one, so the two publishes to queue a violate the primary key in the group's INSERT.
        UUID only = new UuidV7Generator(InstantSource.system()).next();
        AtomicInteger calls = new AtomicInteger();
        IdGenerator ids = () -> calls.incrementAndGet() <= 3 ? only : UUID.randomUUID();
        // A window long enough that three publishes started together always share one group.
        PublishService publish = publishing(ids, Duration.ofMillis(500));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<List<PublishedMessage>>> group = new ArrayList<>();
        for (String queue : List.of("a", "a", "b")) {
            group.add(CompletableFuture.supplyAsync(
                    () -> {
                        await(start);
                        return publish.toQueue(queue, one(queue));
                    },
                    publishers));
        }
        start.countDown();

        for (CompletableFuture<List<PublishedMessage>> call : group) {
            assertThat(call).failsWithin(Duration.ofSeconds(30));
        }
        assertThat(transactions).hasValue(1);
        assertThat(storedMessages()).isZero();

        // The next group is a fresh transaction, and commits.
        assertThat(publish.toQueue("a", one("after"))).hasSize(1);
        assertThat(storedMessages()).isEqualTo(1);
    }

    @Test
    void concurrentAcksOfTheSameReceiptsInAnyOrderNeverDeadlockAndEachReceiptSucceedsOnce() throws Exception {
        PublishService publish = publishing(new UuidV7Generator(InstantSource.system()), Duration.ZERO);
        for (int i = 0; i < 30; i++) {
            publish.toQueue(
                    "a",
                    java.util.stream.IntStream.range(0, 10)
                            .mapToObj(n -> one("m" + n).get(0))
                            .toList());
        }
        ConsumeService consume = new ConsumeService(
                queues,
                QueueDefinitions.uncached(queues),
                messages,
                counted,
                new ArrivalBoard(ArrivalBroadcast.NONE),
                InstantSource.system(),
                Duration.ofSeconds(1),
                QueueMetrics.NONE,
                new CommitGroups(Duration.ofMillis(2), 1000, 4));
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batches.add(consume.receive("a", new ReceiveRequest(10, 0, null)).stream()
                    .map(delivery -> delivery.receipt().encode())
                    .toList());
        }
        transactions.set(0);

        // Every batch acked twice at once, its receipts in two different orders.
        AtomicInteger succeeded = new AtomicInteger();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (List<String> batch : batches) {
            List<String> reversed = new ArrayList<>(batch);
            java.util.Collections.reverse(reversed);
            for (List<String> receipts : List.of(batch, reversed)) {
                calls.add(CompletableFuture.runAsync(
                        () -> succeeded.addAndGet(
                                consume.ack("a", receipts).succeeded().size()),
                        publishers));
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(succeeded).hasValue(300);
        assertThat(storedMessages()).isZero();
        assertThat(transactions.get()).isLessThan(60);
    }

    private static long storedMessages() {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM messages")
                        .mapTo(Long.class)
                        .one());
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
