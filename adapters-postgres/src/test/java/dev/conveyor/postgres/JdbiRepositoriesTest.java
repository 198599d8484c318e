package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Subscription;
import dev.conveyor.domain.Topic;
import dev.conveyor.postgres.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JdbiRepositoriesTest {
    private static final Instant T0 = Instant.parse("2031-05-06T07:08:09.123456Z");
    // Byte-wise (COLLATE "C") order; a linguistic collation would sort these differently.
    private static final List<String> IDS_IN_BYTE_ORDER = List.of("1", "A", "B", "a-b", "a.b", "aB", "a_b", "b");

    // Threads of their own: the common pool may be too small to run a blocked holder and a waiter side by side.
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    private static TestDatabase db;
    private static JdbiSession session;
    private static JdbiTopicRepository topics;
    private static JdbiQueueRepository queues;
    private static JdbiSubscriptionRepository subscriptions;
    private static JdbiMessageStore messages;

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
        THREADS.shutdownNow();
        db.close();
    }

    @AfterEach
    void emptyTables() {
        db.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE messages, message_groups, deduplications, subscriptions, queues, topics"));
    }

    private static Topic topic(String id) {
        Topic topic = new Topic(id, T0);
        topics.create(topic);
        return topic;
    }

    private static Queue queue(String id) {
        return queue(id, QueueSettings.defaults());
    }

    private static Queue queue(String id, QueueSettings settings) {
        Queue queue = new Queue(id, settings, T0, T0);
        queues.create(queue);
        return queue;
    }

    private static Subscription subscription(String id, String topicId, String queueId, MessageFilter filter) {
        Subscription subscription = new Subscription(id, topicId, queueId, filter, T0.plusSeconds(1));
        subscriptions.create(subscription);
        return subscription;
    }

    private static long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Nested
    class Topics {
        @Test
        void createsFindsAndDeletesATopic() {
            Topic created = topic("orders");

            assertThat(topics.find("orders")).contains(created);
            assertThat(topics.find("Orders")).isEmpty();
            assertThat(topics.delete("orders")).isTrue();
            assertThat(topics.find("orders")).isEmpty();
            assertThat(topics.delete("orders")).isFalse();
        }

        @Test
        void refusesASecondTopicOfTheSameIdAsAConflictAndKeepsTheFirst() {
            Topic first = topic("orders");

            assertThatThrownBy(() -> topics.create(new Topic("orders", T0.plusSeconds(60))))
                    .isInstanceOfSatisfying(ConveyorException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT);
                        assertThat(e.code()).isEqualTo("topic_exists");
                    });
            assertThat(topics.find("orders")).contains(first);
        }

        @Test
        void listsTopicsByIdByteWiseWithLimitAndOffset() {
            reversed(IDS_IN_BYTE_ORDER).forEach(JdbiRepositoriesTest::topic);

            assertThat(topics.list(new Page(100, 0)))
                    .extracting(Topic::id)
                    .containsExactlyElementsOf(IDS_IN_BYTE_ORDER);
            assertThat(topics.list(new Page(3, 2)))
                    .extracting(Topic::id)
                    .containsExactlyElementsOf(IDS_IN_BYTE_ORDER.subList(2, 5));
            assertThat(topics.list(new Page(100, 7))).extracting(Topic::id).containsExactly("b");
            assertThat(topics.list(new Page(100, 8))).isEmpty();
        }

        @Test
        void deletingATopicRemovesItsSubscriptionsButNotItsQueues() {
            topic("orders");
            topic("invoices");
            queue("billing");
            queue("shipping");
            subscription("orders-billing", "orders", "billing", null);
            subscription("orders-shipping", "orders", "shipping", null);
            Subscription kept = subscription("invoices-billing", "invoices", "billing", null);

            assertThat(topics.delete("orders")).isTrue();

            assertThat(subscriptions.list(null, null, new Page(100, 0))).containsExactly(kept);
            assertThat(queues.find("billing")).isPresent();
            assertThat(queues.find("shipping")).isPresent();
        }
    }

    @Nested
    class Queues {
        private final QueueSettings everySetting = new QueueSettings(45, 3600, 5, 7, "dead", 2, 64, 1000L);

        @Test
        void createsAndFindsAQueueWithEverySetting() {
            queue("dead");
            Queue created = queue("orders", everySetting);

            assertThat(queues.find("orders")).contains(created);
            assertThat(queues.find("nothing")).isEmpty();
        }

        @Test
        void keepsTheNullSettingsNull() {
            Queue created = queue("orders", QueueSettings.defaults());

            Queue found = queues.find("orders").orElseThrow();

            assertThat(found).isEqualTo(created);
            assertThat(found.settings().maxDeliveries()).isNull();
            assertThat(found.settings().deadLetterQueueId()).isNull();
            assertThat(found.settings().maxMessages()).isNull();
        }

        @Test
        void refusesASecondQueueOfTheSameIdAsAConflictAndKeepsTheFirst() {
            Queue first = queue("orders");

            assertThatThrownBy(() -> queue("orders", new QueueSettings(99, 600, 0, null, null, 0, 0, null)))
                    .isInstanceOfSatisfying(ConveyorException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT);
                        assertThat(e.code()).isEqualTo("queue_exists");
                    });
            assertThat(queues.find("orders")).contains(first);
        }

        @Test
        void listsQueuesByIdByteWiseWithLimitAndOffset() {
            reversed(IDS_IN_BYTE_ORDER).forEach(JdbiRepositoriesTest::queue);

            assertThat(queues.list(new Page(100, 0)))
                    .extracting(Queue::id)
                    .containsExactlyElementsOf(IDS_IN_BYTE_ORDER);
            assertThat(queues.list(new Page(2, 3)))
                    .extracting(Queue::id)
                    .containsExactlyElementsOf(IDS_IN_BYTE_ORDER.subList(3, 5));
            assertThat(queues.list(new Page(1, 0))).extracting(Queue::id).containsExactly("1");
            assertThat(queues.list(new Page(100, 8))).isEmpty();
        }

        @Test
        void updateReplacesEverySettingIncludingWithNullAndKeepsCreatedAt() {
            queue("dead");
            queue("orders", everySetting);

            Queue cleared = new Queue("orders", QueueSettings.defaults(), T0, T0.plusSeconds(10));
            assertThat(queues.update(cleared)).isTrue();
            assertThat(queues.find("orders")).contains(cleared);

            Queue refilled = new Queue("orders", everySetting, T0, T0.plusSeconds(20));
            assertThat(queues.update(refilled)).isTrue();
            assertThat(queues.find("orders")).contains(refilled);
        }

        @Test
        void updateLeavesCreatedAtAsItWas() {
            queue("orders");

            queues.update(new Queue("orders", QueueSettings.defaults(), T0.plusSeconds(999), T0.plusSeconds(10)));

            Queue found = queues.find("orders").orElseThrow();
            assertThat(found.createdAt()).isEqualTo(T0);
            assertThat(found.updatedAt()).isEqualTo(T0.plusSeconds(10));
        }

        @Test
        void updateOfAMissingQueueAnswersFalseAndCreatesNothing() {
            assertThat(queues.update(new Queue("ghost", QueueSettings.defaults(), T0, T0)))
                    .isFalse();
            assertThat(queues.find("ghost")).isEmpty();
        }

        @Test
        void findAllAnswersOnlyTheQueuesThatExist() {
            Queue a = queue("a");
            Queue b = queue("b");
            queue("c");

            assertThat(queues.findAll(List.of("a", "b", "missing"))).containsExactlyInAnyOrder(a, b);
            assertThat(queues.findAll(List.of("missing"))).isEmpty();
            assertThat(queues.findAll(List.of())).isEmpty();
        }

        @Test
        void namesTheQueuesThatDeadLetterIntoAQueue() {
            queue("dead");
            queue("other-dead");
            QueueSettings toDead = QueueSettings.withDefaults(null, null, null, 3, "dead", null, null, null);
            queue("zeta", toDead);
            queue("alpha", toDead);
            queue("beta", QueueSettings.withDefaults(null, null, null, 3, "other-dead", null, null, null));

            assertThat(queues.namingAsDeadLetterQueue("dead")).containsExactly("alpha", "zeta");
            assertThat(queues.namingAsDeadLetterQueue("other-dead")).containsExactly("beta");
            assertThat(queues.namingAsDeadLetterQueue("alpha")).isEmpty();
        }

        @Test
        void deletingAQueueRemovesItsMessagesAndSubscriptionsButNotTheOthers() {
            topic("orders");
            queue("billing");
            queue("shipping");
            subscription("orders-billing", "orders", "billing", null);
            Subscription kept = subscription("orders-shipping", "orders", "shipping", null);
            NewMessage message = new NewMessage("{}", Map.of(), null, null);
            messages.append(
                    T0,
                    List.of(
                            new Envelope("billing", UUID.randomUUID(), message, T0),
                            new Envelope("billing", UUID.randomUUID(), message, T0),
                            new Envelope("shipping", UUID.randomUUID(), message, T0)));

            assertThat(queues.delete("billing")).isTrue();

            assertThat(queues.find("billing")).isEmpty();
            assertThat(count("SELECT count(*) FROM messages WHERE queue_id = 'billing'"))
                    .isZero();
            assertThat(count("SELECT count(*) FROM messages WHERE queue_id = 'shipping'"))
                    .isEqualTo(1);
            assertThat(subscriptions.find("orders-billing")).isEmpty();
            assertThat(subscriptions.list(null, null, new Page(100, 0))).containsExactly(kept);
            assertThat(topics.find("orders")).isPresent();
            assertThat(queues.delete("billing")).isFalse();
        }

        @Test
        void lockDeadLetterLinksWorksInsideATransactionAndHoldsUntilItEnds() throws Exception {
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<String> holder = CompletableFuture.supplyAsync(
                    () -> session.inTransaction(() -> {
                        queues.lockDeadLetterLinks();
                        locked.countDown();
                        try {
                            finish.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "held";
                    }),
                    THREADS);
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            CountDownLatch secondLocked = new CountDownLatch(1);
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(
                    () -> session.inTransaction(() -> {
                        queues.lockDeadLetterLinks();
                        secondLocked.countDown();
                        return null;
                    }),
                    THREADS);

            assertThat(secondLocked.await(500, TimeUnit.MILLISECONDS))
                    .as("a second transaction waits while the first holds the lock")
                    .isFalse();
            finish.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            assertThat(secondLocked.await(10, TimeUnit.SECONDS)).isTrue();
            waiter.get(10, TimeUnit.SECONDS);
        }
    }

    @Nested
    class Subscriptions {
        @Test
        void createsFindsAndDeletesASubscriptionWithItsFilterIntact() {
            topic("orders");
            queue("billing");
            Map<String, List<String>> criteria = new LinkedHashMap<>();
            criteria.put("status", List.of("processed", "paid"));
            criteria.put("region", List.of("eu"));
            criteria.put("note \"quoted\" \\ é ☃", List.of("{\"not\": \"json\"}", ""));
            Subscription created = subscription("orders-billing", "orders", "billing", new MessageFilter(criteria));

            Subscription found = subscriptions.find("orders-billing").orElseThrow();

            assertThat(found).isEqualTo(created);
            assertThat(found.filter().criteria()).isEqualTo(criteria);
            assertThat(found.filter().criteria().get("status")).containsExactly("processed", "paid");
            assertThat(subscriptions.delete("orders-billing")).isTrue();
            assertThat(subscriptions.find("orders-billing")).isEmpty();
            assertThat(subscriptions.delete("orders-billing")).isFalse();
        }

        @Test
        void anEmptyFilterRoundTripsAsMatchingEverything() {
            topic("orders");
            queue("billing");
            subscription("orders-billing", "orders", "billing", null);

            Subscription found = subscriptions.find("orders-billing").orElseThrow();

            assertThat(found.filter()).isEqualTo(MessageFilter.everything());
            assertThat(count("SELECT count(*) FROM subscriptions WHERE message_filters = '{}'::jsonb"))
                    .isEqualTo(1);
        }

        @Test
        void refusesASecondSubscriptionOfTheSameIdAsAConflict() {
            topic("orders");
            topic("invoices");
            queue("billing");
            Subscription first = subscription("s", "orders", "billing", null);

            assertThatThrownBy(() -> subscription("s", "invoices", "billing", null))
                    .isInstanceOfSatisfying(
                            ConveyorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT));
            assertThat(subscriptions.list(null, null, new Page(100, 0))).containsExactly(first);
        }

        @Test
        void refusesASecondSubscriptionOfTheSameTopicAndQueueAsAConflict() {
            topic("orders");
            queue("billing");
            Subscription first = subscription("first", "orders", "billing", null);

            assertThatThrownBy(() -> subscription(
                            "second", "orders", "billing", new MessageFilter(Map.of("region", List.of("eu")))))
                    .isInstanceOfSatisfying(ConveyorException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT);
                        assertThat(e.getMessage()).contains("orders", "billing");
                    });
            assertThat(subscriptions.find("second")).isEmpty();
            assertThat(subscriptions.list(null, null, new Page(100, 0))).containsExactly(first);
        }

        @Test
        void listsByIdFilteredByTopicAndOrQueue() {
            topic("t1");
            topic("t2");
            queue("q1");
            queue("q2");
            Subscription t2q2 = subscription("a", "t2", "q2", null);
            Subscription t1q2 = subscription("b", "t1", "q2", null);
            Subscription t1q1 = subscription("c", "t1", "q1", null);
            Subscription t2q1 = subscription("D", "t2", "q1", null);
            Page all = new Page(100, 0);

            assertThat(subscriptions.list(null, null, all)).containsExactly(t2q1, t2q2, t1q2, t1q1);
            assertThat(subscriptions.list("t1", null, all)).containsExactly(t1q2, t1q1);
            assertThat(subscriptions.list(null, "q1", all)).containsExactly(t2q1, t1q1);
            assertThat(subscriptions.list("t2", "q2", all)).containsExactly(t2q2);
            assertThat(subscriptions.list("t3", null, all)).isEmpty();
            assertThat(subscriptions.list(null, null, new Page(2, 1))).containsExactly(t2q2, t1q2);
            assertThat(subscriptions.list("t1", null, new Page(1, 1))).containsExactly(t1q1);
        }

        @Test
        void ofTopicAnswersEverySubscriptionOfTheTopic() {
            topic("t1");
            topic("t2");
            queue("q1");
            queue("q2");
            Subscription first = subscription("s1", "t1", "q1", new MessageFilter(Map.of("k", List.of("v"))));
            Subscription second = subscription("s2", "t1", "q2", null);
            subscription("s3", "t2", "q1", null);

            assertThat(subscriptions.ofTopic("t1")).containsExactlyInAnyOrder(first, second);
            assertThat(subscriptions.ofTopic("none")).isEmpty();
        }
    }
}
