package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Subscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link dev.conveyor.application.port.SubscriptionRepository} does. */
public abstract class SubscriptionRepositoryContract extends PortContract {
    private static final MessageFilter FILTER =
            new MessageFilter(Map.of("status", List.of("paid", "processed"), "region", List.of("eu")));

    @BeforeEach
    void topicsAndQueues() {
        topic("t1");
        topic("t2");
        queue("q1");
        queue("q2");
    }

    private Subscription subscription(String id, String topicId, String queueId, MessageFilter filter) {
        Subscription subscription = new Subscription(id, topicId, queueId, filter, T0);
        ports.subscriptions().create(subscription);
        return subscription;
    }

    @Test
    void findsWhatItCreatedWithItsFilter() {
        Subscription subscription = subscription("s", "t1", "q1", FILTER);

        Subscription found = ports.subscriptions().find("s").orElseThrow();
        assertThat(found).isEqualTo(subscription);
        assertThat(found.filter().matches(Map.of("status", "processed", "region", "eu")))
                .isTrue();
        assertThat(ports.subscriptions().find("other")).isEmpty();
    }

    @Test
    void keepsAnEmptyFilterEmpty() {
        subscription("s", "t1", "q1", null);

        assertThat(ports.subscriptions().find("s").orElseThrow().filter()).isEqualTo(MessageFilter.everything());
    }

    @Test
    void refusesATakenIdAsAConflict() {
        subscription("s", "t1", "q1", null);

        assertThatThrownBy(() -> subscription("s", "t2", "q2", null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT));
        assertThat(ports.subscriptions().find("s").orElseThrow().topicId()).isEqualTo("t1");
    }

    @Test
    void refusesASecondLinkOfTheSameTopicAndQueueAsAConflict() {
        subscription("s1", "t1", "q1", null);

        assertThatThrownBy(() -> subscription("s2", "t1", "q1", FILTER))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT));
        assertThat(ports.subscriptions().find("s2")).isEmpty();
    }

    @Test
    void listsByIdFilteredByTopicAndQueue() {
        subscription("s3", "t1", "q1", null);
        subscription("s1", "t1", "q2", null);
        subscription("s2", "t2", "q1", null);
        Page all = Page.of(null, null);

        assertThat(ports.subscriptions().list(null, null, all))
                .extracting(Subscription::id)
                .containsExactly("s1", "s2", "s3");
        assertThat(ports.subscriptions().list("t1", null, all))
                .extracting(Subscription::id)
                .containsExactly("s1", "s3");
        assertThat(ports.subscriptions().list(null, "q1", all))
                .extracting(Subscription::id)
                .containsExactly("s2", "s3");
        assertThat(ports.subscriptions().list("t2", "q2", all)).isEmpty();
        assertThat(ports.subscriptions().list(null, null, new Page(1, 1)))
                .extracting(Subscription::id)
                .containsExactly("s2");
    }

    @Test
    void answersEverySubscriptionOfATopic() {
        subscription("a", "t1", "q1", null);
        subscription("b", "t1", "q2", FILTER);
        subscription("c", "t2", "q1", null);

        assertThat(ports.subscriptions().ofTopic("t1"))
                .extracting(Subscription::id)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(ports.subscriptions().ofTopic("nowhere")).isEmpty();
    }

    @Test
    void deleteAnswersWhetherThereWasOne() {
        subscription("s", "t1", "q1", null);

        assertThat(ports.subscriptions().delete("s")).isTrue();
        assertThat(ports.subscriptions().delete("s")).isFalse();
        assertThat(ports.subscriptions().find("s")).isEmpty();
    }
}
