package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.GroupCommit.Outcome;
import dev.conveyor.application.PublishService.Publish;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.DeduplicationScope;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Idempotent publish: a deduplication id seen within its window stores nothing and answers the first message. */
class PublishDeduplicationTest {
    private final Services app = new Services();
    /** Set to make the next transaction commit and then fail, as a connection lost after COMMIT does. */
    private boolean loseTheNextAnswer;

    private final UnitOfWork losingAnswers = new UnitOfWork() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            T result = app.store.unitOfWork().inTransaction(work);
            if (loseTheNextAnswer) {
                loseTheNextAnswer = false;
                throw new IllegalStateException("the connection broke after the commit");
            }
            return result;
        }
    };

    private final PublishService publish = new PublishService(
            app.store.topics(),
            app.store.queues(),
            QueueDefinitions.uncached(app.store.queues()),
            app.store.subscriptions(),
            app.store.messages(),
            losingAnswers,
            app.ids,
            app.arrivals,
            app.clock,
            app.metrics,
            CommitGroups.DEFAULT,
            app.store.deduplications());

    private static NewMessage message(String body, String groupId, String deduplicationId) {
        return new NewMessage(body, Map.of(), null, null).inGroup(groupId, deduplicationId);
    }

    private static NewMessage withId(String body, String deduplicationId) {
        return message(body, null, deduplicationId);
    }

    private PublishedMessage toQueue(String queueId, NewMessage message) {
        return publish.toQueue(queueId, List.of(message)).get(0);
    }

    private List<String> bodies(String queueId) {
        return app.store.messages().all(queueId).stream().map(Message::body).toList();
    }

    private void fifoQueue(String id, boolean contentBased, DeduplicationScope scope) {
        app.queues.create(
                id,
                QueueSettings.withDefaults(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        true,
                        contentBased,
                        null,
                        scope,
                        null));
    }

    @Test
    void aDuplicateIsAnsweredWithTheFirstMessageAndStoresNothing() {
        app.queue("orders");

        PublishedMessage first = toQueue("orders", withId("1", "d"));
        PublishedMessage again = toQueue("orders", withId("2", "d"));

        assertThat(again).isEqualTo(first);
        assertThat(bodies("orders")).containsExactly("1");
        assertThat(app.metrics.count("published", "orders")).isEqualTo(1);
        assertThat(app.metrics.count("deduplicated", "orders")).isEqualTo(1);
        assertThat(toQueue("orders", withId("3", "other"))).isNotEqualTo(first);
        assertThat(toQueue("orders", message("4", null, null))).isNotEqualTo(first);
    }

    @Test
    void laterDuplicatesInOneBatchAreAnsweredWithTheFirstOfTheBatch() {
        app.queue("orders");

        List<PublishedMessage> answers = publish.toQueue(
                "orders", List.of(withId("1", "a"), withId("2", "b"), withId("3", "a"), withId("4", "a")));

        assertThat(answers.get(2)).isEqualTo(answers.get(0));
        assertThat(answers.get(3)).isEqualTo(answers.get(0));
        assertThat(answers.get(1)).isNotEqualTo(answers.get(0));
        assertThat(bodies("orders")).containsExactly("1", "2");
    }

    @Test
    void inOneCommitGroupTheFirstPublishOfAnIdWins() {
        app.queue("orders");

        List<Outcome<List<PublishedMessage>>> outcomes = publish.publishTogether(List.of(
                new Publish(false, "orders", List.of(withId("1", "d"))),
                new Publish(false, "orders", List.of(withId("2", "d"), withId("3", "e")))));

        assertThat(outcomes.get(1).result().get(0))
                .isEqualTo(outcomes.get(0).result().get(0));
        assertThat(bodies("orders")).containsExactly("1", "3");
    }

    @Test
    void aPublishRefusedInItsGroupRecordsNothing() {
        app.queues.create("small", QueueSettings.withDefaults(null, null, null, null, null, null, null, 1L));
        toQueue("small", withId("1", "full"));

        List<Outcome<List<PublishedMessage>>> outcomes =
                publish.publishTogether(List.of(new Publish(false, "small", List.of(withId("2", "d")))));
        assertThat(outcomes.get(0).failure())
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CAPACITY_EXCEEDED));
        app.store.messages().purge("small");

        toQueue("small", withId("3", "d"));
        assertThat(bodies("small")).containsExactly("3");
    }

    @Test
    void aTopicDuplicateIsAnsweredWithTheFirstFanOut() {
        app.topics.create("events");
        app.queue("a");
        app.queue("b");
        app.subscriptions.create("to-a", "events", "a", null);
        app.subscriptions.create("to-b", "events", "b", null);

        PublishedMessage first =
                publish.toTopic("events", List.of(withId("1", "d"))).get(0);
        PublishedMessage again =
                publish.toTopic("events", List.of(withId("2", "d"))).get(0);

        assertThat(again).isEqualTo(first);
        assertThat(first.queueIds()).containsExactly("a", "b");
        assertThat(bodies("a")).containsExactly("1");
        assertThat(bodies("b")).containsExactly("1");
        assertThat(toQueue("a", withId("3", "d")))
                .as("a queue's ids are apart from a topic's")
                .isNotEqualTo(first);
    }

    @Test
    void anIdIsRememberedForTheQueuesWindowThenStoredAgain() {
        app.queues.create(
                "orders",
                QueueSettings.withDefaults(
                        null, null, null, null, null, null, null, null, null, null, null, false, false, 60, null,
                        null));
        PublishedMessage first = toQueue("orders", withId("1", "d"));

        app.clock.advance(Duration.ofSeconds(59));
        assertThat(toQueue("orders", withId("2", "d"))).isEqualTo(first);
        app.clock.advance(Duration.ofSeconds(1));
        PublishedMessage second = toQueue("orders", withId("3", "d"));

        assertThat(second).isNotEqualTo(first);
        assertThat(bodies("orders")).containsExactly("1", "3");
        assertThat(toQueue("orders", withId("4", "d"))).isEqualTo(second);
    }

    @Test
    void aContentBasedFifoQueueDeduplicatesByTheBodysHash() {
        fifoQueue("orders.fifo", true, null);

        PublishedMessage first = toQueue("orders.fifo", message("{\"a\":1}", "g", null));
        PublishedMessage sameBody = toQueue("orders.fifo", message("{\"a\":1}", "other-group", null));
        PublishedMessage otherBody = toQueue("orders.fifo", message("{\"a\":2}", "g", null));
        PublishedMessage ownId = toQueue("orders.fifo", message("{\"a\":1}", "g", "mine"));

        assertThat(sameBody).isEqualTo(first);
        assertThat(otherBody).isNotEqualTo(first);
        assertThat(ownId).isNotEqualTo(first);
        assertThat(bodies("orders.fifo")).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":1}");
    }

    @Test
    void aFifoQueueDeduplicatingPerGroupKeysByTheGroup() {
        fifoQueue("orders.fifo", false, DeduplicationScope.MESSAGE_GROUP);

        PublishedMessage g1 = toQueue("orders.fifo", message("1", "g1", "d"));
        PublishedMessage g2 = toQueue("orders.fifo", message("2", "g2", "d"));

        assertThat(g2).isNotEqualTo(g1);
        assertThat(toQueue("orders.fifo", message("3", "g1", "d"))).isEqualTo(g1);
        assertThat(bodies("orders.fifo")).containsExactly("1", "2");
    }

    @Test
    void aPublishRetriedAfterItsAnswerWasLostFindsTheFirstMessage() {
        app.queue("orders");
        loseTheNextAnswer = true;

        assertThatThrownBy(() -> toQueue("orders", withId("1", "d"))).isInstanceOf(IllegalStateException.class);
        assertThat(bodies("orders")).as("committed").containsExactly("1");

        PublishedMessage retried = toQueue("orders", withId("1", "d"));
        assertThat(retried.id())
                .isEqualTo(app.store.messages().all("orders").get(0).id());
        assertThat(bodies("orders")).containsExactly("1");
    }
}
