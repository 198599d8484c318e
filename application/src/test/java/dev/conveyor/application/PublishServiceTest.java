package dev.conveyor.application;

import static dev.conveyor.application.Services.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.InMemoryMessageStore;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.PublishedMessage;
import dev.conveyor.domain.QueueSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublishServiceTest {
    private final Services app = new Services();

    private static List<NewMessage> batch(int size) {
        return IntStream.range(0, size)
                .mapToObj(i -> message("{\"n\":" + i + "}"))
                .toList();
    }

    private void bounded(String queueId, long maxMessages) {
        app.queues.create(queueId, QueueSettings.withDefaults(null, null, null, null, null, null, null, maxMessages));
    }

    @Test
    void storesABatchInTheQueueInRequestOrder() {
        app.queue("orders");

        List<PublishedMessage> published = app.publish.toQueue("orders", batch(3));

        assertThat(published)
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.queueIds()).containsExactly("orders"));
        assertThat(published).extracting(PublishedMessage::id).isSortedAccordingTo(InMemoryMessageStore.UUID_ORDER);
        List<Message> stored = app.store.messages().all("orders");
        assertThat(stored)
                .extracting(Message::id)
                .containsExactlyElementsOf(
                        published.stream().map(PublishedMessage::id).toList());
        assertThat(stored).extracting(Message::body).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void storesEachMessageUnleasedAndVisibleAtOnceByDefault() {
        app.queue("orders");

        app.publish.toQueue("orders", List.of(new NewMessage("\"hi\"", Map.of("k", "v"), "urgent", null)));

        Instant now = app.clock.instant().truncatedTo(ChronoUnit.MICROS);
        Message stored = app.store.messages().all("orders").get(0);
        assertThat(stored.queueId()).isEqualTo("orders");
        assertThat(stored.attributes()).isEqualTo(Map.of("k", "v"));
        assertThat(stored.label()).isEqualTo("urgent");
        assertThat(stored.deliveryAttempts()).isZero();
        assertThat(stored.createdAt()).isEqualTo(now);
        assertThat(stored.visibleAt()).isEqualTo(now);
        assertThat(stored.leaseExpiresAt()).isNull();
        assertThat(stored.id().version()).isEqualTo(7);
    }

    @Test
    void delaysMessagesByTheQueueDelayUnlessTheyCarryTheirOwn() {
        app.queues.create("slow", QueueSettings.withDefaults(null, null, 60, null, null, null, null, null));

        app.publish.toQueue("slow", List.of(message("1"), new NewMessage("2", null, null, 5)));

        Instant now = app.clock.instant().truncatedTo(ChronoUnit.MICROS);
        assertThat(app.store.messages().all("slow"))
                .extracting(Message::visibleAt)
                .containsExactly(now.plusSeconds(60), now.plusSeconds(5));
    }

    @Test
    void refusesAnUnknownQueue() {
        assertThatThrownBy(() -> app.publish.toQueue("nowhere", batch(1)))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("nowhere");
                });
        assertThat(app.store.messages().count()).isZero();
    }

    @Test
    void refusesAnUnknownTopic() {
        assertThatThrownBy(() -> app.publish.toTopic("nowhere", batch(1)))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void refusesAnEmptyBatch() {
        app.queue("orders");
        app.topics.create("events");

        assertThatThrownBy(() -> app.publish.toQueue("orders", List.of()))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThatThrownBy(() -> app.publish.toTopic("events", List.of()))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    }

    @Test
    void refusesABatchOf101AndAcceptsOneOf100() {
        app.queue("orders");

        assertThatThrownBy(() -> app.publish.toQueue("orders", batch(101)))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.errors()).containsExactly("a publish must carry 1 to 100 messages");
                });
        assertThat(app.store.messages().count()).isZero();

        assertThat(app.publish.toQueue("orders", batch(100))).hasSize(100);
        assertThat(app.store.messages().count("orders")).isEqualTo(100);
    }

    @Test
    void fansOutCopiesOnlyToTheQueuesWhoseFilterMatches() {
        app.topics.create("events");
        app.queue("eu");
        app.queue("paid");
        app.queue("all");
        app.subscriptions.create("to-eu", "events", "eu", new MessageFilter(Map.of("region", List.of("eu"))));
        app.subscriptions.create(
                "to-paid", "events", "paid", new MessageFilter(Map.of("status", List.of("paid", "processed"))));
        app.subscriptions.create("to-all", "events", "all", null);

        List<PublishedMessage> published = app.publish.toTopic(
                "events",
                List.of(
                        message("1", Map.of("region", "eu", "status", "paid")),
                        message("2", Map.of("region", "us", "status", "processed")),
                        message("3", Map.of("region", "eu", "status", "open"))));

        assertThat(published)
                .extracting(PublishedMessage::queueIds)
                .containsExactly(List.of("all", "eu", "paid"), List.of("all", "paid"), List.of("all", "eu"));
        assertThat(app.store.messages().all("all")).extracting(Message::body).containsExactly("1", "2", "3");
        assertThat(app.store.messages().all("eu")).extracting(Message::body).containsExactly("1", "3");
        assertThat(app.store.messages().all("paid")).extracting(Message::body).containsExactly("1", "2");
        // Every copy of one message carries the id it was published under.
        assertThat(app.store.messages().all("eu").get(0).id())
                .isEqualTo(published.get(0).id());
        assertThat(app.store.messages().all("paid").get(0).id())
                .isEqualTo(published.get(0).id());
    }

    @Test
    void listsTheQueuesOfAFanOutSortedById() {
        app.topics.create("events");
        for (String queue : List.of("zeta", "alpha", "Mid", "beta")) {
            app.queue(queue);
            app.subscriptions.create("to-" + queue, "events", queue, null);
        }

        List<PublishedMessage> published = app.publish.toTopic("events", batch(1));

        assertThat(published.get(0).queueIds()).containsExactly("Mid", "alpha", "beta", "zeta");
    }

    @Test
    void aTopicWithoutSubscriptionsAcceptsAndStoresNothing() {
        app.topics.create("events");
        app.queue("orders");

        List<PublishedMessage> published = app.publish.toTopic("events", batch(2));

        assertThat(published).hasSize(2).allSatisfy(p -> {
            assertThat(p.id()).isNotNull();
            assertThat(p.queueIds()).isEmpty();
        });
        assertThat(app.store.messages().count()).isZero();
        assertThat(app.broadcasts).isEmpty();
    }

    @Test
    void aMessageNoFilterMatchesIsStoredNowhere() {
        app.topics.create("events");
        app.queue("eu");
        app.subscriptions.create("to-eu", "events", "eu", new MessageFilter(Map.of("region", List.of("eu"))));

        List<PublishedMessage> published = app.publish.toTopic("events", List.of(message("1", Map.of("region", "us"))));

        assertThat(published.get(0).queueIds()).isEmpty();
        assertThat(app.store.messages().count()).isZero();
    }

    @Test
    void refusesABatchThatWouldTakeABoundedQueuePastItsCapacityAndStoresNothing() {
        bounded("small", 3);
        app.publish.toQueue("small", batch(2));

        assertThatThrownBy(() -> app.publish.toQueue("small", batch(2)))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CAPACITY_EXCEEDED);
                    assertThat(e.getMessage()).contains("small");
                });

        assertThat(app.store.messages().count("small")).isEqualTo(2);
    }

    @Test
    void fillsABoundedQueueExactlyToItsCapacity() {
        bounded("small", 3);
        app.publish.toQueue("small", batch(2));

        app.publish.toQueue("small", batch(1));

        assertThat(app.store.messages().count("small")).isEqualTo(3);
        assertThatThrownBy(() -> app.publish.toQueue("small", batch(1)))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CAPACITY_EXCEEDED));
    }

    @Test
    void aFanOutThatWouldOverfillOneQueueStoresNothingAnywhere() {
        app.topics.create("events");
        app.queue("big");
        bounded("small", 1);
        app.subscriptions.create("to-big", "events", "big", null);
        app.subscriptions.create("to-small", "events", "small", null);

        assertThatThrownBy(() -> app.publish.toTopic("events", batch(2)))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CAPACITY_EXCEEDED));

        assertThat(app.store.messages().count()).isZero();
        assertThat(app.broadcasts).isEmpty();
    }

    @Test
    void announcesQueuesThatGotMessagesVisibleAtOnce() {
        app.queue("orders");

        app.publish.toQueue("orders", batch(3));

        assertThat(app.broadcasts).containsExactly(Set.of("orders"));
    }

    @Test
    void doesNotAnnounceDelayedMessages() {
        app.queue("orders");

        app.publish.toQueue("orders", List.of(new NewMessage("1", null, null, 10)));

        assertThat(app.broadcasts).isEmpty();
    }

    @Test
    void announcesOnlyTheFanOutQueuesThatGotAMessage() {
        app.topics.create("events");
        app.queue("eu");
        app.queue("us");
        app.subscriptions.create("to-eu", "events", "eu", new MessageFilter(Map.of("region", List.of("eu"))));
        app.subscriptions.create("to-us", "events", "us", new MessageFilter(Map.of("region", List.of("us"))));

        app.publish.toTopic("events", List.of(message("1", Map.of("region", "eu"))));

        assertThat(app.broadcasts).containsExactly(Set.of("eu"));
    }

    @Test
    void givesEveryMessageOfABatchItsOwnIncreasingId() {
        app.queue("orders");

        List<PublishedMessage> published = app.publish.toQueue("orders", batch(50));

        assertThat(published)
                .extracting(PublishedMessage::id)
                .doesNotHaveDuplicates()
                .isSortedAccordingTo(InMemoryMessageStore.UUID_ORDER);
        assertThat(Collections.frequency(
                        published.stream().map(p -> p.id().version()).toList(), 7))
                .isEqualTo(50);
    }
}
