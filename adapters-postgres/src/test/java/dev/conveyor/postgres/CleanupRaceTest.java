package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.CleanupReport;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.port.ArrivalBroadcast;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Receipt;
import dev.conveyor.domain.ReceiptOutcome;
import dev.conveyor.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cleanup on real PostgreSQL, run by several instances at once and raced by consumers' acks: each
 * exhausted message moves exactly once, and an ack either wins (the message is gone) or loses (it is
 * dead-lettered), never both and never neither.
 */
class CleanupRaceTest {
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final Instant CREATED = NOW.minus(Duration.ofHours(1));
    private static final int DLQ_DELAY = 15;
    private static final int ACK_BATCH = 20;

    private static TestDatabase db;

    private final MutableClock clock = new MutableClock(NOW);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @AfterEach
    void emptyTables() throws SQLException {
        pool.shutdownNow();
        for (Connection connection : connections) {
            connection.close();
        }
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
    }

    /**
     * One server instance's wiring over the same database, with a connection of its own held open (as a pool
     * would), so that thousands of small calls do not each pay for a new connection.
     */
    private final class Instance {
        Instance() throws SQLException {}

        final JdbiSession session = new JdbiSession(PostgresStore.configure(Jdbi.create(connect())));
        final JdbiQueueRepository queues = new JdbiQueueRepository(session);
        final JdbiMessageStore messages = new JdbiMessageStore(session);
        final MaintenanceService maintenance = new MaintenanceService(
                queues, messages, clock, QueueMetrics.NONE, new ArrivalBoard(ArrivalBroadcast.NONE));
        final ConsumeService consume = new ConsumeService(
                queues,
                messages,
                session,
                new ArrivalBoard(ArrivalBroadcast.NONE),
                clock,
                Duration.ofSeconds(1),
                QueueMetrics.NONE);
    }

    private Connection connect() throws SQLException {
        Connection connection = db.connect();
        connections.add(connection);
        return connection;
    }

    private void createQueues(int maxDeliveries) {
        JdbiQueueRepository queues = new JdbiQueueRepository(new JdbiSession(db.jdbi()));
        queues.create(new Queue(
                "dlq", QueueSettings.withDefaults(null, null, DLQ_DELAY, null, null, null, null, null), NOW, NOW));
        queues.create(new Queue(
                "source",
                QueueSettings.withDefaults(null, null, null, maxDeliveries, "dlq", null, null, null),
                NOW,
                NOW));
    }

    /** Runs the tasks on threads of their own, all released at the same moment, and answers their results. */
    private <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return task.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void twoCleanupRunsRacingOnTheSameExhaustedMessagesMoveEachExactlyOnce() throws Exception {
        createQueues(3);
        MessageRows.insert(db.jdbi(), "source", 10_000, 3, CREATED, NOW.minusSeconds(60));
        Set<UUID> exhausted = MessageRows.ids(db.jdbi(), "source");
        Instance first = new Instance();
        Instance second = new Instance();

        List<CleanupReport> reports = together(List.of(first.maintenance::cleanupAll, second.maintenance::cleanupAll));

        assertThat(reports.stream().mapToLong(CleanupReport::deadLettered).sum())
                .isEqualTo(10_000);
        assertThat(reports.stream().mapToLong(CleanupReport::dropped).sum()).isZero();
        assertThat(reports.stream().mapToLong(CleanupReport::expired).sum()).isZero();
        assertThat(MessageRows.count(db.jdbi(), "source")).isZero();
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(10_000);
        assertThat(MessageRows.ids(db.jdbi(), "dlq")).isEqualTo(exhausted);
        assertThat(MessageRows.notFreshlyMoved(db.jdbi(), "dlq", NOW.plusSeconds(DLQ_DELAY)))
                .isZero();
        assertThat(MessageRows.deadLetters(db.jdbi(), "dlq")).isEqualTo(10_000);
    }

    @Test
    void fourInstancesCleaningOneQueueAtOnceMoveEachExhaustedMessageExactlyOnce() throws Exception {
        createQueues(1);
        MessageRows.insert(db.jdbi(), "source", 10_000, 1, CREATED, NOW.minusSeconds(1));
        Set<UUID> exhausted = MessageRows.ids(db.jdbi(), "source");
        List<Callable<Long>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instance instance = new Instance();
            runs.add(() -> instance.maintenance.cleanup("source").deadLettered());
        }

        List<Long> moved = together(runs);

        assertThat(moved.stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000);
        assertThat(MessageRows.count(db.jdbi(), "source")).isZero();
        assertThat(MessageRows.ids(db.jdbi(), "dlq")).isEqualTo(exhausted);
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(10_000);
    }

    @Test
    void anAckRacingTheCleanupIsNeverLostNorUndone() throws Exception {
        int n = 6000;
        createQueues(2);
        List<UUID> ids = new ArrayList<>();
        List<UUID> leases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID());
            leases.add(UUID.randomUUID());
        }
        // The last allowed delivery of each, its lease just run out: the cleanup may take it, a late ack may too.
        MessageRows.insertLeased(db.jdbi(), "source", ids, leases, 2, CREATED, NOW.minusSeconds(1));
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            receipts.add(new Receipt(ids.get(i), leases.get(i)));
        }
        Collections.shuffle(receipts, new Random(42));
        int ackers = 4;
        Map<UUID, ReceiptOutcome> acks = new ConcurrentHashMap<>();
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int a = 0; a < ackers; a++) {
            Instance instance = new Instance();
            List<Receipt> mine = receipts.subList(a * n / ackers, (a + 1) * n / ackers);
            tasks.add(() -> {
                // Small batches, as consumers ack: fast enough to meet the cleanup halfway through.
                for (int from = 0; from < mine.size(); from += ACK_BATCH) {
                    List<Receipt> batch = mine.subList(from, Math.min(mine.size(), from + ACK_BATCH));
                    ReceiptOutcome outcome = instance.consume.ack(
                            "source", batch.stream().map(Receipt::encode).toList());
                    for (Receipt receipt : batch) {
                        String text = receipt.encode();
                        acks.put(
                                receipt.messageId(),
                                new ReceiptOutcome(
                                        outcome.succeeded().stream()
                                                .filter(text::equals)
                                                .toList(),
                                        outcome.failed().stream()
                                                .filter(f -> f.receipt().equals(text))
                                                .toList()));
                    }
                }
                return 0L;
            });
        }
        for (int c = 0; c < 2; c++) {
            Instance instance = new Instance();
            tasks.add(() -> {
                long moved = 0;
                do {
                    moved += instance.maintenance.cleanupAll().deadLettered();
                } while (acks.size() < n && MessageRows.count(instance.session.jdbi(), "source") > 0);
                return moved;
            });
        }

        long movedByTheRace =
                together(tasks).stream().mapToLong(Long::longValue).sum();
        long movedAfter = new Instance().maintenance.cleanupAll().deadLettered();

        assertThat(acks).hasSize(n);
        Set<UUID> deadLettered = MessageRows.ids(db.jdbi(), "dlq");
        Set<UUID> acked = new HashSet<>();
        for (Receipt receipt : receipts) {
            ReceiptOutcome outcome = acks.get(receipt.messageId());
            UUID id = receipt.messageId();
            if (outcome.succeeded().size() == 1) {
                acked.add(id);
                assertThat(outcome.failed()).isEmpty();
                assertThat(deadLettered)
                        .as("dead-lettered messages, despite a succeeded ack of %s", id)
                        .doesNotContain(id);
            } else {
                assertThat(outcome.failed())
                        .containsExactly(new ReceiptOutcome.Failure(receipt.encode(), ReceiptOutcome.NOT_CURRENT));
                assertThat(deadLettered)
                        .as("dead-lettered messages, after a failed ack of %s", id)
                        .contains(id);
            }
        }
        assertThat(MessageRows.count(db.jdbi(), "source")).isZero();
        assertThat(acked.size() + deadLettered.size()).isEqualTo(n);
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(deadLettered.size());
        assertThat(movedByTheRace + movedAfter).isEqualTo(deadLettered.size());
        // Both sides won some: the acks are spread over the whole queue, the cleanup takes it in order.
        assertThat(acked).as("acks that won").isNotEmpty();
        assertThat(deadLettered).as("messages the cleanup won").isNotEmpty();
    }

    @Test
    void cleanupsOfTwoQueuesSharingADeadLetterQueueDoNotDeadlockOnFannedOutCopies() throws Exception {
        JdbiQueueRepository queues = new JdbiQueueRepository(new JdbiSession(db.jdbi()));
        queues.create(new Queue("dlq", QueueSettings.defaults(), NOW, NOW));
        for (String source : List.of("q1", "q2")) {
            queues.create(new Queue(
                    source, QueueSettings.withDefaults(null, null, null, 1, "dlq", null, null, null), NOW, NOW));
        }
        for (int round = 0; round < 5; round++) {
            // One message fanned out to q1 and q2, 1000 times over; the consumers of the two queues let their
            // leases run out in opposite orders, so the two cleanups meet the same ids in opposite orders.
            db.jdbi()
                    .useHandle(h -> h.createUpdate("""
              INSERT INTO messages (queue_id, id, body, delivery_attempts, created_at, visible_at, lease_id,
                                    lease_expires_at)
              SELECT q, ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, '{}', 1, :created,
                     CASE WHEN q = 'q1' THEN :ended - g * interval '1 ms' ELSE :ended - (1001 - g) * interval '1 ms' END,
                     gen_random_uuid(), :ended
              FROM generate_series(1, 1000) AS g, unnest(ARRAY['q1', 'q2']) AS q
              """)
                            .bind("created", Timestamps.bind(CREATED))
                            .bind("ended", Timestamps.bind(NOW.minusSeconds(1)))
                            .execute());
            Instance first = new Instance();
            Instance second = new Instance();

            List<Long> moved = together(List.of(
                    () -> first.maintenance.cleanup("q1").deadLettered(),
                    () -> second.maintenance.cleanup("q2").deadLettered()));

            assertThat(moved).as("round %d", round).containsExactly(1000L, 1000L);
            assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(1000);
            db.jdbi().useHandle(h -> h.execute("DELETE FROM messages"));
        }
    }
}
