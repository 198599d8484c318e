package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Subscription;
import dev.conveyor.domain.Topic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicAndSubscriptionServiceTest {
    private final Services app = new Services();

    @Test
    void createsListsAndDeletesTopics() {
        app.topics.create("b");
        app.topics.create("a");

        assertThat(app.topics.list(Page.of(null, null))).extracting(Topic::id).containsExactly("a", "b");
        app.topics.delete("a");
        assertThatThrownBy(() -> app.topics.get("a"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> app.topics.delete("a"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void refusesASecondTopicOfTheSameId() {
        app.topics.create("events");

        assertThatThrownBy(() -> app.topics.create("events"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
    }

    @Test
    void deletingATopicDeletesItsSubscriptionsButKeepsTheQueues() {
        app.topics.create("events");
        app.queue("orders");
        app.subscriptions.create("sub", "events", "orders", null);

        app.topics.delete("events");

        assertThat(app.store.subscriptions().find("sub")).isEmpty();
        assertThat(app.queues.get("orders").id()).isEqualTo("orders");
    }

    @Test
    void aSubscriptionNeedsAnExistingTopicAndQueue() {
        app.topics.create("events");
        app.queue("orders");

        assertThatThrownBy(() -> app.subscriptions.create("s", "nowhere", "orders", null))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("topic_not_found");
                });
        assertThatThrownBy(() -> app.subscriptions.create("s", "events", "nowhere", null))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("queue_not_found");
                });
        assertThat(app.store.subscriptions().all()).isEmpty();
    }

    @Test
    void linksATopicAndAQueueAtMostOnce() {
        app.topics.create("events");
        app.queue("orders");
        app.subscriptions.create("first", "events", "orders", null);

        assertThatThrownBy(() -> app.subscriptions.create("second", "events", "orders", null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
        assertThatThrownBy(() -> app.subscriptions.create("first", "events", "orders", null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
        assertThat(app.store.subscriptions().all()).extracting(Subscription::id).containsExactly("first");
    }

    @Test
    void listsSubscriptionsByTopicAndQueue() {
        app.topics.create("t1");
        app.topics.create("t2");
        app.queue("q1");
        app.queue("q2");
        MessageFilter eu = new MessageFilter(Map.of("region", List.of("eu")));
        app.subscriptions.create("s3", "t1", "q1", eu);
        app.subscriptions.create("s1", "t1", "q2", null);
        app.subscriptions.create("s2", "t2", "q1", null);

        assertThat(app.subscriptions.list(null, null, Page.of(null, null)))
                .extracting(Subscription::id)
                .containsExactly("s1", "s2", "s3");
        assertThat(app.subscriptions.list("t1", null, Page.of(null, null)))
                .extracting(Subscription::id)
                .containsExactly("s1", "s3");
        assertThat(app.subscriptions.list(null, "q1", Page.of(null, null)))
                .extracting(Subscription::id)
                .containsExactly("s2", "s3");
        assertThat(app.subscriptions.list("t1", "q1", Page.of(null, null)))
                .extracting(Subscription::id)
                .containsExactly("s3");
        assertThat(app.subscriptions.get("s3").filter()).isEqualTo(eu);
    }

    @Test
    void deleteOfAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> app.subscriptions.delete("nowhere"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }
}
