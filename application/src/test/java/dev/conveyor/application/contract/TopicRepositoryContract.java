package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Subscription;
import dev.conveyor.domain.Topic;
import org.junit.jupiter.api.Test;

/** What every {@link dev.conveyor.application.port.TopicRepository} does. */
public abstract class TopicRepositoryContract extends PortContract {

    @Test
    void findsWhatItCreated() {
        Topic topic = topic("events");

        assertThat(ports.topics().find("events")).contains(topic);
        assertThat(ports.topics().find("other")).isEmpty();
    }

    @Test
    void refusesASecondTopicOfTheSameIdAsAConflict() {
        topic("events");

        assertThatThrownBy(() -> ports.topics().create(new Topic("events", T0.plusSeconds(1))))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT);
                    assertThat(e.getMessage()).contains("events");
                });
        assertThat(ports.topics().find("events").orElseThrow().createdAt()).isEqualTo(T0);
    }

    @Test
    void namesAreCaseSensitive() {
        topic("events");
        topic("Events");

        assertThat(ports.topics().list(Page.of(null, null)))
                .extracting(Topic::id)
                .containsExactly("Events", "events");
    }

    @Test
    void listsByIdAPageAtATime() {
        for (String id : new String[] {"c", "a", "d", "b"}) {
            topic(id);
        }

        assertThat(ports.topics().list(Page.of(null, null)))
                .extracting(Topic::id)
                .containsExactly("a", "b", "c", "d");
        assertThat(ports.topics().list(new Page(2, 1))).extracting(Topic::id).containsExactly("b", "c");
        assertThat(ports.topics().list(new Page(10, 4))).isEmpty();
    }

    @Test
    void deleteRemovesTheTopicAndItsSubscriptionsButNotTheQueues() {
        topic("events");
        topic("other");
        queue("orders");
        ports.subscriptions().create(new Subscription("gone", "events", "orders", null, T0));
        ports.subscriptions().create(new Subscription("kept", "other", "orders", null, T0));

        assertThat(ports.topics().delete("events")).isTrue();

        assertThat(ports.topics().find("events")).isEmpty();
        assertThat(ports.subscriptions().find("gone")).isEmpty();
        assertThat(ports.subscriptions().find("kept")).isPresent();
        assertThat(ports.queues().find("orders")).isPresent();
    }

    @Test
    void deleteOfAMissingTopicAnswersFalse() {
        assertThat(ports.topics().delete("nowhere")).isFalse();
    }
}
