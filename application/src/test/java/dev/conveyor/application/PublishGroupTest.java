package dev.conveyor.application;

import static dev.conveyor.application.Services.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.GroupCommit.Outcome;
import dev.conveyor.application.PublishService.Publish;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A group of publishes shares one transaction, yet each publish keeps its own outcome. */
class PublishGroupTest {
    private final Services app = new Services();

    private static List<NewMessage> batch(int size) {
        return IntStream.range(0, size)
                .mapToObj(i -> message("{\"n\":" + i + "}"))
                .toList();
    }

    private static Publish toQueue(String queueId, int size) {
        return new Publish(false, queueId, batch(size));
    }

    private static Publish toTopic(String topicId, int size) {
        return new Publish(true, topicId, batch(size));
    }

    private void bounded(String queueId, long maxMessages) {
        app.queues.create(queueId, QueueSettings.withDefaults(null, null, null, null, null, null, null, maxMessages));
    }

    @Test
    void aPublishToAMissingQueueOrTopicFailsAloneAndTheRestOfItsGroupIsStored() {
        app.queue("orders");
        app.queue("audit");
        app.topics.create("events");
        app.subscriptions.create("events-to-audit", "events", "audit", null);

        List<Outcome<List<PublishedMessage>>> outcomes = app.publish.publishTogether(List.of(
                toQueue("orders", 2),
                toQueue("missing", 1),
                toTopic("events", 1),
                toTopic("nowhere", 1),
                toQueue("orders", 1)));

        assertThat(outcomes.get(0).result())
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.queueIds()).containsExactly("orders"));
        assertThat(outcomes.get(1).failure()).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("missing");
        });
        assertThat(outcomes.get(2).result())
                .singleElement()
                .satisfies(p -> assertThat(p.queueIds()).containsExactly("audit"));
        assertThat(outcomes.get(3).failure()).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("nowhere");
        });
        assertThat(outcomes.get(4).result()).hasSize(1);
        assertThat(app.store.messages().count("orders")).isEqualTo(3);
        assertThat(app.store.messages().count("audit")).isEqualTo(1);
        assertThat(app.metrics.count("published", "orders")).isEqualTo(3);
        assertThat(app.metrics.count("published", "audit")).isEqualTo(1);
        assertThat(app.broadcasts).containsExactly(Set.of("orders", "audit"));
    }

    @Test
    void everyMessageOfTheGroupGetsItsOwnId() {
        app.queue("orders");

        List<Outcome<List<PublishedMessage>>> outcomes =
                app.publish.publishTogether(List.of(toQueue("orders", 3), toQueue("orders", 3)));

        assertThat(outcomes.stream()
                        .flatMap(o -> o.result().stream())
                        .map(PublishedMessage::id)
                        .distinct())
                .hasSize(6);
    }

    @Test
    void publishesThatWouldOverfillABoundedQueueAreRefusedEachAloneInTheGroupsOrder() {
        bounded("small", 3);

        List<Outcome<List<PublishedMessage>>> outcomes = app.publish.publishTogether(
                List.of(toQueue("small", 2), toQueue("small", 2), toQueue("small", 1), toQueue("small", 1)));

        assertThat(outcomes.get(0).failure()).isNull();
        assertThat(outcomes.get(1).failure()).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.CAPACITY_EXCEEDED);
            assertThat(e.getMessage()).isEqualTo("queue 'small' holds 2 of its max_messages 3 and cannot take 2 more");
        });
        assertThat(outcomes.get(2).failure()).isNull();
        assertThat(outcomes.get(3).failure())
                .isInstanceOfSatisfying(
                        ConveyorException.class,
                        e -> assertThat(e.getMessage()).contains("holds 3 of its max_messages 3"));
        assertThat(app.store.messages().count("small")).isEqualTo(3);
    }

    @Test
    void aFanOutRefusedForOneFullQueueStoresNoCopyAnywhereWhileTheGroupGoesOn() {
        app.topics.create("events");
        app.queue("big");
        bounded("small", 1);
        app.subscriptions.create("to-big", "events", "big", null);
        app.subscriptions.create("to-small", "events", "small", null);

        List<Outcome<List<PublishedMessage>>> outcomes =
                app.publish.publishTogether(List.of(toTopic("events", 2), toQueue("big", 1)));

        assertThat(outcomes.get(0).failure()).isInstanceOf(ConveyorException.class);
        assertThat(outcomes.get(1).failure()).isNull();
        assertThat(app.store.messages().count("big")).isEqualTo(1);
        assertThat(app.store.messages().count("small")).isZero();
    }

    @Test
    void whenTheGroupsTransactionFailsNothingOfTheGroupIsStoredCountedOrAnnounced() {
        app.queue("orders");
        RuntimeException lost = new IllegalStateException("connection lost");
        PublishService publish = new PublishService(
                app.store.topics(),
                app.store.queues(),
                app.store.subscriptions(),
                failingAppend(app.store.messages(), lost),
                app.store.unitOfWork(),
                app.ids,
                app.arrivals,
                app.clock,
                app.metrics);

        assertThatThrownBy(() -> publish.publishTogether(List.of(toQueue("orders", 1), toQueue("orders", 2))))
                .isSameAs(lost);
        assertThatThrownBy(() -> publish.toQueue("orders", batch(1))).isSameAs(lost);

        assertThat(app.store.messages().count()).isZero();
        assertThat(app.metrics.count("published", "orders")).isZero();
        assertThat(app.broadcasts).isEmpty();
    }

    @Test
    void aQueueDeletedThroughAnotherInstanceSinceItWasLookedUpCostsTheRestOfTheGroupNothing() {
        app.queue("orders");
        app.queue("audit");
        QueueDefinitions definitions = new QueueDefinitions(app.store.queues(), java.time.Duration.ofHours(1));
        PublishService publish = new PublishService(
                app.store.topics(),
                app.store.queues(),
                definitions,
                app.store.subscriptions(),
                app.store.messages(),
                app.store.unitOfWork(),
                app.ids,
                app.arrivals,
                app.clock,
                app.metrics,
                CommitGroups.DEFAULT,
                null);
        publish.toQueue("orders", batch(1)); // looked up, and remembered
        app.store.queues().delete("orders"); // by another instance: this one's definitions do not know yet

        List<Outcome<List<PublishedMessage>>> outcomes =
                publish.publishTogether(List.of(toQueue("orders", 1), toQueue("audit", 1)));

        // As if published just before the delete: answered, and gone with the queue.
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
        assertThat(app.store.messages().count("orders")).isZero();
        assertThat(app.store.messages().count("audit")).isEqualTo(1);
    }

    /** The store, but every append throws {@code failure}. */
    private static MessageStore failingAppend(MessageStore store, RuntimeException failure) {
        return (MessageStore) Proxy.newProxyInstance(
                MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append")) {
                        throw failure;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
