package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.CleanupReport;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.ReceiveRequest;
import dev.conveyor.application.RedriveReport;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.port.ArrivalBroadcast;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.domain.DeadLetterReason;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.ReceiptOutcome;
import dev.conveyor.domain.ReceiptOutcome.Failure;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dead letters, retention and purge through the use cases, on real PostgreSQL. */
class FailureHandlingOnPostgresTest {
    private static final Instant T0 = Instant.parse("2031-05-06T07:08:09.123456Z");

    private static TestDatabase db;
    private static JdbiSession session;
    private static JdbiQueueRepository queues;
    private static JdbiMessageStore messages;

    private final MutableClock clock = new MutableClock(T0);
    private PublishService publish;
    private ConsumeService consume;
    private MaintenanceService maintenance;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create();
        session = new JdbiSession(db.jdbi());
        queues = new JdbiQueueRepository(session);
        messages = new JdbiMessageStore(session);
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void wire() {
        ArrivalBoard arrivals = new ArrivalBoard(ArrivalBroadcast.NONE);
        publish = new PublishService(
                new JdbiTopicRepository(session),
                queues,
                new JdbiSubscriptionRepository(session),
                messages,
                session,
                new UuidV7Generator(clock),
                arrivals,
                clock,
                QueueMetrics.NONE);
        consume = new ConsumeService(
                queues, messages, session, arrivals, clock, Duration.ofSeconds(1), QueueMetrics.NONE);
        maintenance = new MaintenanceService(
                queues, messages, clock, QueueMetrics.NONE, new ArrivalBoard(ArrivalBroadcast.NONE));
    }

    @AfterEach
    void emptyTables() {
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
    }

    private void queue(String id, QueueSettings settings) {
        queues.create(new Queue(id, settings, T0, T0));
    }

    private List<PublishedMessage> publish(String queueId, int n) {
        List<PublishedMessage> published = new ArrayList<>();
        for (int from = 0; from < n; from += 100) {
            List<NewMessage> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 100); i++) {
                batch.add(new NewMessage("{\"n\":" + i + "}", Map.of("n", String.valueOf(i)), "l", null));
            }
            published.addAll(publish.toQueue(queueId, batch));
        }
        return published;
    }

    private List<Delivery> receive(String queueId, int max) throws InterruptedException {
        return consume.receive(queueId, new ReceiveRequest(max, 0, null));
    }

    private List<Message> stored(String queueId) {
        return messages.browse(queueId, new Page(Page.MAX_LIMIT, 0));
    }

    private static List<String> receipts(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> d.receipt().encode()).toList();
    }

    @Test
    void anAckOfAPurgedReceiptAnswersFailedPerItem() throws Exception {
        queue("orders", QueueSettings.defaults());
        publish("orders", 5);
        List<Delivery> inFlight = receive("orders", 3);
        assertThat(inFlight).hasSize(3);

        long deleted = maintenance.purge("orders");

        assertThat(deleted).isEqualTo(5);
        assertThat(MessageRows.count(db.jdbi(), "orders")).isZero();
        List<String> purged = receipts(inFlight);
        ReceiptOutcome ack = consume.ack("orders", purged);
        assertThat(ack.succeeded()).isEmpty();
        assertThat(ack.failed())
                .containsExactlyElementsOf(purged.stream()
                        .map(r -> new Failure(r, ReceiptOutcome.NOT_CURRENT))
                        .toList());
        assertThat(consume.nack("orders", purged, null).failed()).hasSize(3);
        assertThat(consume.extend("orders", purged, 60).failed()).hasSize(3);
        // The queue works on as before.
        publish("orders", 1);
        assertThat(receive("orders", 10)).hasSize(1);
    }

    @Test
    void purgeLeavesOtherQueuesAlone() {
        queue("orders", QueueSettings.defaults());
        queue("invoices", QueueSettings.defaults());
        publish("orders", 3);
        publish("invoices", 2);

        assertThat(maintenance.purge("orders")).isEqualTo(3);
        assertThat(MessageRows.count(db.jdbi(), "invoices")).isEqualTo(2);
    }

    @Test
    void aMessageWhoseLastLeaseRanOutIsDeadLetteredByTheNextReceive() throws Exception {
        queue("dlq", QueueSettings.withDefaults(null, null, 7, null, null, null, null, null));
        queue("orders", QueueSettings.withDefaults(30, null, null, 2, "dlq", null, null, null));
        PublishedMessage published = publish("orders", 1).get(0);
        assertThat(receive("orders", 1)).hasSize(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(receive("orders", 1))
                .extracting(d -> d.message().deliveryAttempts())
                .containsExactly(2);
        clock.advance(Duration.ofSeconds(30));

        assertThat(receive("orders", 10)).isEmpty();

        assertThat(stored("orders")).isEmpty();
        assertThat(stored("dlq"))
                .containsExactly(new Message(
                        published.id(),
                        "dlq",
                        "{\"n\":0}",
                        Map.of("n", "0"),
                        "l",
                        0,
                        T0,
                        T0.plusSeconds(60 + 7),
                        null,
                        new DeadLetterOrigin(
                                "orders", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED, T0.plusSeconds(60))));
        clock.advance(Duration.ofSeconds(6));
        assertThat(receive("dlq", 1)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(receive("dlq", 1)).hasSize(1);
    }

    @Test
    void aNackOfTheLastDeliveryDeadLettersAtOnce() throws Exception {
        queue("dlq", QueueSettings.defaults());
        queue("orders", QueueSettings.withDefaults(30, null, null, 1, "dlq", 5, 50, null));
        publish("orders", 2);
        List<Delivery> both = receive("orders", 2);

        ReceiptOutcome outcome = consume.nack("orders", receipts(both), null);

        assertThat(outcome.succeeded()).containsExactlyInAnyOrderElementsOf(receipts(both));
        assertThat(stored("orders")).isEmpty();
        assertThat(stored("dlq")).hasSize(2).allSatisfy(m -> {
            assertThat(m.deliveryAttempts()).isZero();
            assertThat(m.visibleAt()).isEqualTo(T0);
            assertThat(m.deadLetter())
                    .isEqualTo(new DeadLetterOrigin("orders", DeadLetterReason.MAX_DELIVERIES_NACKED, T0));
        });
    }

    @Test
    void theCleanupRecordsALeaseThatRanOutOnTheLastDelivery() throws Exception {
        queue("dlq", QueueSettings.defaults());
        queue("orders", QueueSettings.withDefaults(30, null, null, 1, "dlq", null, null, null));
        publish("orders", 1);
        receive("orders", 1);
        clock.advance(Duration.ofSeconds(45));

        assertThat(maintenance.cleanup("orders").deadLettered()).isEqualTo(1);

        assertThat(stored("dlq"))
                .extracting(Message::deadLetter)
                .containsExactly(new DeadLetterOrigin(
                        "orders", DeadLetterReason.MAX_DELIVERIES_LEASE_EXPIRED, T0.plusSeconds(45)));
    }

    @Test
    void aRedriveToSourcesLeavesAMessageWhoseSourceIsTheQueueItIsIn() throws Exception {
        queue("dlq", QueueSettings.defaults());
        queue("orders", QueueSettings.withDefaults(30, null, null, 1, "dlq", null, null, null));
        publish("orders", 2);
        consume.nack("orders", receipts(receive("orders", 2)), null);
        // No statement of Conveyor's leaves a message naming the queue it is in as its source; a hand-edited
        // row can, and must not be "moved back" onto itself.
        db.jdbi().useHandle(h -> h.execute("""
            UPDATE messages SET dead_letter_source_queue_id = 'dlq'
            WHERE queue_id = 'dlq' AND id = (SELECT id FROM messages WHERE queue_id = 'dlq' ORDER BY id LIMIT 1)
            """));

        RedriveReport report = maintenance.redriveToSources("dlq", null, null);

        assertThat(report.moved()).isEqualTo(1);
        assertThat(report.skipped()).containsEntry(RedriveReport.Skip.SOURCE_IS_THIS_QUEUE, 1L);
        assertThat(stored("dlq"))
                .extracting(m -> m.deadLetter().sourceQueueId())
                .containsExactly("dlq");
        assertThat(stored("orders")).hasSize(1);
    }

    @Test
    void aNackBacksOffByTheDeliveryCount() throws Exception {
        queue("orders", QueueSettings.withDefaults(30, null, null, null, null, 2, 10, null));
        publish("orders", 1);
        List<Long> waits = new ArrayList<>();
        Delivery delivery = receive("orders", 1).get(0);
        for (int n = 1; n <= 5; n++) {
            Instant nackedAt = clock.instant();
            consume.nack("orders", receipts(List.of(delivery)), null);
            waits.add(Duration.between(nackedAt, stored("orders").get(0).visibleAt())
                    .toSeconds());
            clock.advance(Duration.ofSeconds(waits.get(n - 1)));
            delivery = receive("orders", 1).get(0);
        }

        assertThat(waits).containsExactly(2L, 4L, 8L, 10L, 10L);
    }

    @Test
    void theCleanupDeletesMessagesPastRetentionInBatches() throws Exception {
        queue("orders", QueueSettings.withDefaults(null, 60, null, null, null, null, null, null));
        publish("orders", 2500);
        receive("orders", 10);
        clock.advance(Duration.ofSeconds(61));
        publish("orders", 1);

        assertThat(receive("orders", 100)).hasSize(1);
        CleanupReport report = maintenance.cleanup("orders");

        assertThat(report.queues()).containsExactly(new CleanupReport.QueueCleanup("orders", 2500, 0, 0));
        assertThat(MessageRows.count(db.jdbi(), "orders")).isEqualTo(1);
    }

    @Test
    void cleanupAllReportsPerQueue() throws Exception {
        queue("dlq", QueueSettings.defaults());
        queue("expiring", QueueSettings.withDefaults(null, 60, null, null, null, null, null, null));
        queue("exhausting", QueueSettings.withDefaults(30, null, null, 1, "dlq", null, null, null));
        queue("dropping", QueueSettings.withDefaults(30, null, null, 1, null, null, null, null));
        queue("quiet", QueueSettings.defaults());
        publish("expiring", 2);
        publish("exhausting", 3);
        receive("exhausting", 10);
        publish("dropping", 4);
        receive("dropping", 10);
        publish("quiet", 1);
        clock.advance(Duration.ofSeconds(61));

        CleanupReport report = maintenance.cleanupAll();

        assertThat(report.queues())
                .containsExactlyInAnyOrder(
                        new CleanupReport.QueueCleanup("expiring", 2, 0, 0),
                        new CleanupReport.QueueCleanup("exhausting", 0, 3, 0),
                        new CleanupReport.QueueCleanup("dropping", 0, 0, 4));
        assertThat(MessageRows.count(db.jdbi(), "dlq")).isEqualTo(3);
        assertThat(MessageRows.count(db.jdbi(), "quiet")).isEqualTo(1);
        assertThat(maintenance.cleanupAll().queues()).isEmpty();
    }
}
