package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.ArrivalBoard;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.UuidV7Generator;
import dev.conveyor.application.port.ArrivalBroadcast;
import dev.conveyor.application.port.IdGenerator;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Subscription;
import dev.conveyor.domain.Topic;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FanOutAtomicityTest {
    private static final Instant T0 = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final String TOPIC = "orders";

    private static TestDatabase db;
    private static JdbiSession session;
    private static JdbiTopicRepository topics;
    private static JdbiQueueRepository queues;
    private static JdbiSubscriptionRepository subscriptions;
    private static JdbiMessageStore messages;

    private final MutableClock clock = new MutableClock(T0);
    private final DuplicatingIds ids = new DuplicatingIds(new UuidV7Generator(clock));
    private PublishService publish;

    /** Hands out fresh ids, except that the {@code n}-th call once armed repeats the id before it. */
    private static final class DuplicatingIds implements IdGenerator {
        private final IdGenerator fresh;
        private int duplicateAt;
        private int calls;
        private UUID last;

        DuplicatingIds(IdGenerator fresh) {
            this.fresh = fresh;
        }

        void duplicateTheNth(int n) {
            duplicateAt = n;
            calls = 0;
        }

        @Override
        public synchronized UUID next() {
            calls++;
            last = calls == duplicateAt && last != null ? last : fresh.next();
            return last;
        }
    }

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
    void wireAndSubscribe() {
        publish = new PublishService(
                topics,
                queues,
                subscriptions,
                messages,
                session,
                ids,
                new ArrivalBoard(ArrivalBroadcast.NONE),
                clock,
                QueueMetrics.NONE);
        topics.create(new Topic(TOPIC, T0));
        for (String queue : List.of("all", "audit", "eu-only")) {
            queues.create(new Queue(queue, QueueSettings.defaults(), T0, T0));
        }
        subscriptions.create(new Subscription("orders-all", TOPIC, "all", null, T0));
        subscriptions.create(new Subscription("orders-audit", TOPIC, "audit", null, T0));
        subscriptions.create(new Subscription(
                "orders-eu", TOPIC, "eu-only", new MessageFilter(Map.of("region", List.of("eu"))), T0));
    }

    @AfterEach
    void emptyTables() {
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
    }

    private static List<NewMessage> batch(int size) {
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(new NewMessage("{\"n\": " + i + "}", Map.of("region", i % 2 == 0 ? "eu" : "us"), null, null));
        }
        return batch;
    }

    private static long rows(String queueId) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM messages WHERE queue_id = :q")
                        .bind("q", queueId)
                        .mapTo(Long.class)
                        .one());
    }

    private static long allRows() {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM messages")
                        .mapTo(Long.class)
                        .one());
    }

    private static List<UUID> storedIds(String queueId) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT id FROM messages WHERE queue_id = :q ORDER BY id")
                        .bind("q", queueId)
                        .mapTo(UUID.class)
                        .list());
    }

    @Test
    void aBatchFansOutToEveryMatchingQueueAtOnce() {
        List<PublishedMessage> published = publish.toTopic(TOPIC, batch(100));

        assertThat(published).hasSize(100);
        for (int i = 0; i < 100; i++) {
            List<String> expected = i % 2 == 0 ? List.of("all", "audit", "eu-only") : List.of("all", "audit");
            assertThat(published.get(i).queueIds())
                    .as("queues of message %d", i)
                    .isEqualTo(expected);
        }
        List<UUID> everyId = published.stream().map(PublishedMessage::id).toList();
        assertThat(everyId).doesNotHaveDuplicates();
        assertThat(rows("all")).isEqualTo(100);
        assertThat(rows("audit")).isEqualTo(100);
        assertThat(rows("eu-only")).isEqualTo(50);
        assertThat(storedIds("all")).containsExactlyInAnyOrderElementsOf(everyId);
        assertThat(storedIds("audit")).containsExactlyInAnyOrderElementsOf(everyId);
        assertThat(storedIds("eu-only"))
                .containsExactlyInAnyOrderElementsOf(published.stream()
                        .filter(p -> p.queueIds().contains("eu-only"))
                        .map(PublishedMessage::id)
                        .toList());
        long createdNow = db.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT count(*) FROM messages WHERE created_at = :t AND visible_at = :t")
                                .bind("t", Timestamps.bind(T0))
                                .mapTo(Long.class)
                                .one());
        assertThat(createdNow).isEqualTo(250);
    }

    @Test
    void aBatchThatFailsMidwayStoresNothingInAnyQueue() {
        ids.duplicateTheNth(60);

        assertThatThrownBy(() -> publish.toTopic(TOPIC, batch(100))).isInstanceOf(RuntimeException.class);

        assertThat(allRows()).isZero();
        // The failure left nothing behind: the next batch goes through whole.
        ids.duplicateTheNth(0);
        publish.toTopic(TOPIC, batch(3));
        assertThat(rows("all")).isEqualTo(3);
    }

    @Test
    void aBatchToOneQueueThatFailsMidwayStoresNothing() {
        publish.toQueue("audit", batch(2));
        ids.duplicateTheNth(60);

        assertThatThrownBy(() -> publish.toQueue("audit", batch(100))).isInstanceOf(RuntimeException.class);

        assertThat(rows("audit")).isEqualTo(2);
        assertThat(allRows()).isEqualTo(2);
    }

    @Test
    void aPublishThatWouldOverfillABoundedQueueIsRefusedWhole() {
        queues.create(
                new Queue("bounded", QueueSettings.withDefaults(null, null, null, null, null, null, null, 5L), T0, T0));
        publish.toQueue("bounded", batch(4));

        assertThatThrownBy(() -> publish.toQueue("bounded", batch(2)))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CAPACITY_EXCEEDED));

        assertThat(rows("bounded")).isEqualTo(4);
        publish.toQueue("bounded", batch(1));
        assertThat(rows("bounded")).isEqualTo(5);
    }

    @Test
    void aFanOutThatWouldOverfillOneQueueStoresNothingInTheOthers() {
        queues.create(
                new Queue("bounded", QueueSettings.withDefaults(null, null, null, null, null, null, null, 5L), T0, T0));
        subscriptions.create(new Subscription("orders-bounded", TOPIC, "bounded", null, T0));
        publish.toQueue("bounded", batch(4));

        assertThatThrownBy(() -> publish.toTopic(TOPIC, batch(2)))
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CAPACITY_EXCEEDED));

        assertThat(rows("bounded")).isEqualTo(4);
        assertThat(allRows()).isEqualTo(4);
    }
}
