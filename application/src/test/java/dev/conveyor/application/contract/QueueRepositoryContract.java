package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.port.MessageStore.Envelope;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueTags;
import dev.conveyor.domain.RedriveAllowPolicy;
import dev.conveyor.domain.Subscription;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link dev.conveyor.application.port.QueueRepository} does. */
public abstract class QueueRepositoryContract extends PortContract {
    private static final QueueSettings EVERY_FIELD_SET = new QueueSettings(45, 3600, 10, 5, null, 2, 120, 1000L);

    @Test
    void findsWhatItCreatedWithEverySetting() {
        Queue queue = queue("orders", EVERY_FIELD_SET);

        assertThat(ports.queues().find("orders")).contains(queue);
        assertThat(ports.queues().find("other")).isEmpty();
    }

    @Test
    void findForUpdateFindsWhatFindFinds() {
        Queue queue = queue("orders", EVERY_FIELD_SET);

        assertThat(ports.unitOfWork().inTransaction(() -> ports.queues().findForUpdate("orders")))
                .contains(queue);
        assertThat(ports.unitOfWork().inTransaction(() -> ports.queues().findForUpdate("other")))
                .isEmpty();
    }

    @Test
    void keepsUnsetOptionalSettingsUnset() {
        Queue queue = queue("orders");

        assertThat(ports.queues().find("orders").orElseThrow().settings()).isEqualTo(queue.settings());
    }

    @Test
    void refusesASecondQueueOfTheSameIdAsAConflict() {
        queue("orders");

        assertThatThrownBy(() -> ports.queues().create(new Queue("orders", EVERY_FIELD_SET, T0, T0)))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConveyorException.Kind.CONFLICT);
                    assertThat(e.getMessage()).contains("orders");
                });
        assertThat(ports.queues().find("orders").orElseThrow().settings()).isEqualTo(QueueSettings.defaults());
    }

    @Test
    void updateReplacesTheSettingsAndUpdateTime() {
        queue("dlq");
        queue("orders");
        QueueSettings settings = new QueueSettings(45, 3600, 10, 5, "dlq", 2, 120, 1000L);

        assertThat(ports.queues().update(new Queue("orders", settings, T0, T0.plusSeconds(60))))
                .isTrue();

        Queue stored = ports.queues().find("orders").orElseThrow();
        assertThat(stored.settings()).isEqualTo(settings);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(stored.createdAt()).isEqualTo(T0);
    }

    @Test
    void updateOfAMissingQueueAnswersFalseAndCreatesNothing() {
        assertThat(ports.queues().update(new Queue("nowhere", QueueSettings.defaults(), T0, T0)))
                .isFalse();
        assertThat(ports.queues().find("nowhere")).isEmpty();
    }

    @Test
    void findAllAnswersTheQueuesThatExist() {
        queue("a");
        queue("b");
        queue("c");

        assertThat(ports.queues().findAll(List.of("c", "a", "missing")))
                .extracting(Queue::id)
                .containsExactlyInAnyOrder("a", "c");
        assertThat(ports.queues().findAll(List.of())).isEmpty();
    }

    @Test
    void listsByIdAPageAtATime() {
        for (String id : new String[] {"c", "a", "B", "b"}) {
            queue(id);
        }

        assertThat(ports.queues().list(Page.of(null, null)))
                .extracting(Queue::id)
                .containsExactly("B", "a", "b", "c");
        assertThat(ports.queues().list(new Page(2, 2))).extracting(Queue::id).containsExactly("b", "c");
    }

    @Test
    void answersTheQueuesNamingOneAsTheirDeadLetterQueue() {
        queue("dlq");
        queue("other");
        queue("b", QueueSettings.withDefaults(null, null, null, null, "dlq", null, null, null));
        queue("a", QueueSettings.withDefaults(null, null, null, null, "dlq", null, null, null));
        queue("c", QueueSettings.withDefaults(null, null, null, null, "other", null, null, null));

        assertThat(ports.queues().namingAsDeadLetterQueue("dlq")).containsExactlyInAnyOrder("a", "b");
        assertThat(ports.queues().namingAsDeadLetterQueue("a")).isEmpty();
    }

    @Test
    void locksDeadLetterLinksInsideATransaction() {
        Boolean done = ports.unitOfWork().inTransaction(() -> {
            ports.queues().lockDeadLetterLinks();
            return true;
        });

        assertThat(done).isTrue();
    }

    @Test
    void deleteRemovesTheQueueWithItsMessagesAndSubscriptions() {
        queue("orders");
        queue("other");
        topic("events");
        ports.subscriptions().create(new Subscription("gone", "events", "orders", null, T0));
        ports.subscriptions().create(new Subscription("kept", "events", "other", null, T0));
        NewMessage message = new NewMessage("1", null, null, null);
        ports.messages()
                .append(
                        T0,
                        List.of(
                                new Envelope("orders", UUID.randomUUID(), message, T0),
                                new Envelope("other", UUID.randomUUID(), message, T0)));

        assertThat(ports.queues().delete("orders")).isTrue();

        assertThat(ports.queues().find("orders")).isEmpty();
        assertThat(ports.subscriptions().find("gone")).isEmpty();
        assertThat(ports.subscriptions().find("kept")).isPresent();
        assertThat(ports.messages().browse("orders", Page.of(null, null))).isEmpty();
        assertThat(ports.messages().browse("other", Page.of(null, null))).hasSize(1);
        assertThat(ports.topics().find("events")).isPresent();
    }

    @Test
    void deleteOfAMissingQueueAnswersFalse() {
        assertThat(ports.queues().delete("nowhere")).isFalse();
    }

    @Test
    void keepsTheSettingsSqsNeeds() {
        QueueSettings settings = QueueSettings.withDefaults(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                20,
                1024,
                RedriveAllowPolicy.ofAllowedSources(List.of("b", "a")));
        Queue listed = queue("listed", settings);
        Queue none = queue(
                "none",
                QueueSettings.withDefaults(
                        null, null, null, null, null, null, null, null, null, null, RedriveAllowPolicy.DENY_ALL));

        assertThat(ports.queues().find("listed")).contains(listed);
        assertThat(ports.queues().find("none")).contains(none);
    }

    @Test
    void keepsTagsWithTheQueue() {
        queue("orders");

        assertThat(ports.queues().tags("orders")).contains(QueueTags.NONE);
        assertThat(ports.queues().replaceTags("orders", new QueueTags(Map.of("team", "billing", "env", ""))))
                .isTrue();
        assertThat(ports.queues().tags("orders")).contains(new QueueTags(Map.of("env", "", "team", "billing")));
        assertThat(ports.queues().tags("other")).isEmpty();
        assertThat(ports.queues().replaceTags("other", QueueTags.NONE)).isFalse();
    }

    @Test
    void recordsAPurgeOnlyWhenTheLastOneWasLongEnoughAgo() {
        queue("orders");

        assertThat(ports.queues().recordPurge("orders", T0, T0.minusSeconds(60)))
                .isTrue();
        assertThat(ports.queues().recordPurge("orders", T0.plusSeconds(59), T0.minusSeconds(1)))
                .isFalse();
        assertThat(ports.queues().recordPurge("orders", T0.plusSeconds(60), T0)).isTrue();
        assertThat(ports.queues().recordPurge("other", T0, T0)).isFalse();
    }
}
