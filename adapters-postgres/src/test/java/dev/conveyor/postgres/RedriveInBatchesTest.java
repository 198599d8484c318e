package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.RedriveReport;
import dev.conveyor.application.port.ArrivalBroadcast;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.postgres.CountingMessageStore.RedriveCall;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A large redrive on real PostgreSQL moves everything, in bounded batches that each commit on their own. */
class RedriveInBatchesTest {
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final int MESSAGES = 50_000;
    private static final int LEASED = 10;

    private static TestDatabase db;

    private final MutableClock clock = new MutableClock(NOW);
    private CountingMessageStore messages;
    private JdbiQueueRepository queues;
    private MaintenanceService maintenance;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void wire() {
        JdbiSession session = new JdbiSession(db.jdbi());
        queues = new JdbiQueueRepository(session);
        messages = new CountingMessageStore(new JdbiMessageStore(session));
        maintenance = new MaintenanceService(
                queues, messages, clock, QueueMetrics.NONE, new ArrivalBoard(ArrivalBroadcast.NONE));
        queues.create(new Queue("dlq", QueueSettings.defaults(), NOW, NOW));
        queues.create(new Queue("orders", QueueSettings.defaults(), NOW, NOW));
    }

    @AfterEach
    void emptyTables() {
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
    }

    @Test
    void aRedriveOf50000MessagesMovesThemAllInBatchesThatEachCommit() {
        Instant created = NOW.minus(Duration.ofHours(2));
        // Dead letters: delivered five times, the last lease long over.
        MessageRows.insert(db.jdbi(), "dlq", MESSAGES, 5, created, NOW.minus(Duration.ofHours(1)));
        Set<UUID> deadLetters = MessageRows.ids(db.jdbi(), "dlq");
        // Being worked on right now (someone received them from the dead-letter queue): not moved.
        MessageRows.insert(db.jdbi(), "dlq", LEASED, 1, created, NOW.plusSeconds(30));
        AtomicLong movedAfterTenCalls = new AtomicLong(-1);
        messages.afterRedrive(call -> {
            if (call == 10) {
                // Seen from another connection: what the first ten calls moved is committed already.
                movedAfterTenCalls.set(MessageRows.count(db.jdbi(), "orders"));
            }
        });

        long moved = maintenance.redrive("dlq", "orders", null, null);

        assertThat(moved).isEqualTo(MESSAGES);
        assertThat(MessageRows.count(db.jdbi(), "orders")).isEqualTo(MESSAGES);
        assertThat(MessageRows.ids(db.jdbi(), "orders")).isEqualTo(deadLetters);
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(LEASED);
        assertThat(MessageRows.notFreshlyMoved(db.jdbi(), "orders", NOW)).isZero();
        List<RedriveCall> calls = messages.redrives();
        assertThat(calls.size()).isGreaterThanOrEqualTo(50);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.batch()).isBetween(1, 1000);
            assertThat(call.moved()).isLessThanOrEqualTo(call.batch());
        });
        assertThat(calls.stream().mapToLong(RedriveCall::moved).sum()).isEqualTo(MESSAGES);
        long movedByTen =
                calls.subList(0, 10).stream().mapToLong(RedriveCall::moved).sum();
        assertThat(movedByTen).isEqualTo(10_000);
        assertThat(movedAfterTenCalls.get()).isEqualTo(movedByTen);
    }

    @Test
    void aRedriveOfMaxMessagesAcrossBatchesMovesExactlyThatMany() {
        MessageRows.insert(db.jdbi(), "dlq", 2500, 3, NOW.minusSeconds(600), null);

        long moved = maintenance.redrive("dlq", "orders", null, 1700L);

        assertThat(moved).isEqualTo(1700);
        assertThat(MessageRows.count(db.jdbi(), "orders")).isEqualTo(1700);
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(800);
        assertThat(messages.redrives()).extracting(RedriveCall::batch).containsExactly(1000, 700);
    }

    @Test
    void aRedriveOfListedIdsMovesOnlyThose() {
        MessageRows.insert(db.jdbi(), "dlq", 20, 3, NOW.minusSeconds(600), null);
        List<String> listed = MessageRows.ids(db.jdbi(), "dlq").stream()
                .limit(5)
                .map(UUID::toString)
                .toList();

        long moved = maintenance.redrive("dlq", "orders", listed, null);

        assertThat(moved).isEqualTo(5);
        assertThat(MessageRows.ids(db.jdbi(), "orders"))
                .extracting(UUID::toString)
                .containsExactlyInAnyOrderElementsOf(listed);
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(15);
    }

    @Test
    void aRedriveToSourcesReturnsEachMessageToItsOwnQueueInBatchesThatEachCommit() {
        queues.create(new Queue("payments", QueueSettings.defaults(), NOW, NOW));
        MessageRows.insert(db.jdbi(), "dlq", 3000, 2, NOW.minusSeconds(600), NOW.minusSeconds(300));
        // A third each from orders and payments; the last third was never dead-lettered (published to dlq).
        db.jdbi().useHandle(h -> h.execute("""
            UPDATE messages
            SET dead_letter_source_queue_id = CASE (attributes->>'n')::int % 3 WHEN 0 THEN 'orders'
                                                                               WHEN 1 THEN 'payments' END,
                dead_letter_reason = CASE WHEN (attributes->>'n')::int % 3 < 2 THEN 'max_deliveries_nacked' END,
                dead_lettered_at = CASE WHEN (attributes->>'n')::int % 3 < 2 THEN now() END
            WHERE queue_id = 'dlq'
            """));
        AtomicLong movedAfterOneCall = new AtomicLong(-1);
        messages.afterRedrive(call -> {
            if (call == 1) {
                movedAfterOneCall.set(
                        MessageRows.count(db.jdbi(), "orders") + MessageRows.count(db.jdbi(), "payments"));
            }
        });

        RedriveReport report = maintenance.redriveToSources("dlq", null, null);

        assertThat(report.moved()).isEqualTo(2000);
        assertThat(report.skipped()).containsEntry(RedriveReport.Skip.NOT_DEAD_LETTERED, 1000L);
        assertThat(MessageRows.count(db.jdbi(), "orders")).isEqualTo(1000);
        assertThat(MessageRows.count(db.jdbi(), "payments")).isEqualTo(1000);
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(1000);
        assertThat(MessageRows.notFreshlyMoved(db.jdbi(), "orders", NOW)).isZero();
        assertThat(MessageRows.deadLetters(db.jdbi(), "orders") + MessageRows.deadLetters(db.jdbi(), "payments"))
                .as("no longer dead letters")
                .isZero();
        List<RedriveCall> calls = messages.redrives();
        assertThat(calls).extracting(RedriveCall::batch).containsOnly(1000);
        assertThat(calls).hasSize(4); // three full batches, then one that finds nothing more
        assertThat(movedAfterOneCall.get()).isEqualTo(calls.get(0).moved()).isPositive();
    }
}
