package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.domain.Change;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.ConveyorException.Kind;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Queue;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueSettingsPatch;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class QueueServiceTest {
    private final Services app = new Services();

    private static QueueSettings deadLetteringTo(String queueId) {
        return QueueSettings.withDefaults(null, null, null, 3, queueId, null, null, null);
    }

    @Test
    void createsAQueueStampedWithTheCurrentInstant() {
        Queue queue = app.queues.create("orders", QueueSettings.defaults());

        Instant now = app.clock.instant().truncatedTo(ChronoUnit.MICROS);
        assertThat(queue.createdAt()).isEqualTo(now);
        assertThat(queue.updatedAt()).isEqualTo(now);
        assertThat(app.queues.get("orders")).isEqualTo(queue);
    }

    @Test
    void refusesASecondQueueOfTheSameId() {
        app.queue("orders");

        assertThatThrownBy(() -> app.queue("orders"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT));
    }

    @Test
    void getOfAnUnknownQueueIsNotFound() {
        assertThatThrownBy(() -> app.queues.get("nowhere")).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.code()).isEqualTo("queue_not_found");
            assertThat(e.getMessage()).isEqualTo("queue 'nowhere' not found");
        });
    }

    @Test
    void listsQueuesByIdAPageAtATime() {
        app.queue("b");
        app.queue("c");
        app.queue("a");

        assertThat(app.queues.list(Page.of(null, null))).extracting(Queue::id).containsExactly("a", "b", "c");
        assertThat(app.queues.list(new Page(1, 1))).extracting(Queue::id).containsExactly("b");
    }

    @Test
    void acceptsAnExistingDeadLetterQueue() {
        app.queue("dlq");

        Queue queue = app.queues.create("orders", deadLetteringTo("dlq"));

        assertThat(app.queues.get("orders").settings().deadLetterQueueId()).isEqualTo("dlq");
        assertThat(queue.settings().maxDeliveries()).isEqualTo(3);
    }

    @Test
    void refusesADeadLetterQueueThatDoesNotExist() {
        assertThatThrownBy(() -> app.queues.create("orders", deadLetteringTo("missing")))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).contains("dead_letter_queue_id").contains("missing");
                });
        assertThat(app.store.queues().find("orders")).isEmpty();
    }

    @Test
    void refusesAQueueAsItsOwnDeadLetterQueue() {
        assertThatThrownBy(() -> app.queues.create("orders", deadLetteringTo("orders")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThat(app.store.queues().find("orders")).isEmpty();
    }

    @Test
    void refusesAnUpdateMakingAQueueItsOwnDeadLetterQueue() {
        app.queue("orders");

        assertThatThrownBy(() -> app.queues.update("orders", deadLetteringTo("orders")))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThat(app.queues.get("orders").settings().deadLetterQueueId()).isNull();
    }

    @Test
    void refusesAnUpdateThatWouldCloseALoopOfTwo() {
        app.queue("a");
        app.queues.create("b", deadLetteringTo("a"));

        assertThatThrownBy(() -> app.queues.update("a", deadLetteringTo("b")))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("dead_letter_loop");
                    assertThat(e.getMessage()).contains("a -> b -> a");
                });
        assertThat(app.queues.get("a").settings().deadLetterQueueId()).isNull();
    }

    @Test
    void refusesAnUpdateThatWouldCloseALongerLoop() {
        app.queue("a");
        app.queues.create("c", deadLetteringTo("a"));
        app.queues.create("b", deadLetteringTo("c"));

        assertThatThrownBy(() -> app.queues.update("a", deadLetteringTo("b")))
                .isInstanceOfSatisfying(ConveyorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                    assertThat(e.getMessage()).contains("a -> b -> c -> a");
                });
    }

    @Test
    void acceptsAChainOfDeadLetterQueuesWithoutALoop() {
        app.queue("c");
        app.queues.create("b", deadLetteringTo("c"));
        app.queue("a");

        app.queues.update("a", deadLetteringTo("b"));

        assertThat(app.queues.get("a").settings().deadLetterQueueId()).isEqualTo("b");
    }

    @Test
    void updateReplacesTheSettingsAndKeepsTheCreationTime() {
        Queue created = app.queue("orders");
        app.advance(60);

        Queue updated =
                app.queues.update("orders", QueueSettings.withDefaults(90, null, null, null, null, null, null, null));

        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(created.createdAt().plusSeconds(60));
        assertThat(app.queues.get("orders").settings().ackDeadlineSeconds()).isEqualTo(90);
        assertThat(app.queues.get("orders").updatedAt()).isEqualTo(updated.updatedAt());
    }

    @Test
    void updateOfAnUnknownQueueIsNotFound() {
        assertThatThrownBy(() -> app.queues.update("nowhere", QueueSettings.defaults()))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void refusesToDeleteAQueueAnotherNamesAsItsDeadLetterQueue() {
        app.queue("dlq");
        app.queues.create("orders", deadLetteringTo("dlq"));
        app.publishOne("dlq", "kept");

        assertThatThrownBy(() -> app.queues.delete("dlq")).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(e.code()).isEqualTo("queue_in_use");
            assertThat(e.getMessage()).contains("orders");
        });
        assertThat(app.store.queues().find("dlq")).isPresent();
        assertThat(app.store.messages().count("dlq")).isEqualTo(1);
    }

    @Test
    void deletesADeadLetterQueueOnceNoQueueNamesIt() {
        app.queue("dlq");
        app.queues.create("orders", deadLetteringTo("dlq"));
        app.queues.update("orders", QueueSettings.defaults());

        app.queues.delete("dlq");

        assertThat(app.store.queues().find("dlq")).isEmpty();
    }

    @Test
    void deleteTakesTheMessagesAndSubscriptionsAlong() {
        app.queue("orders");
        app.queue("other");
        app.topics.create("events");
        app.subscriptions.create("sub", "events", "orders", null);
        app.subscriptions.create("keep", "events", "other", null);
        app.publishOne("orders", "1");
        app.publishOne("other", "2");

        app.queues.delete("orders");

        assertThat(app.store.queues().find("orders")).isEmpty();
        assertThat(app.store.messages().count("orders")).isZero();
        assertThat(app.store.subscriptions().find("sub")).isEmpty();
        assertThat(app.store.subscriptions().find("keep")).isPresent();
        assertThat(app.store.messages().count("other")).isEqualTo(1);
    }

    @Test
    void deleteOfAnUnknownQueueIsNotFound() {
        assertThatThrownBy(() -> app.queues.delete("nowhere"))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void serialisesDeadLetterLinkChanges() {
        app.queue("dlq");
        int before = app.store.queues().deadLetterLinkLocks();

        app.queues.create("orders", deadLetteringTo("dlq"));
        app.queues.delete("orders");

        assertThat(app.store.queues().deadLetterLinkLocks()).isEqualTo(before + 2);
    }

    // ---- patch

    private static QueueSettingsPatch patch(Change<Integer> ackDeadline, Change<String> deadLetterQueue) {
        return new QueueSettingsPatch(
                ackDeadline,
                Change.keep(),
                Change.keep(),
                Change.keep(),
                deadLetterQueue,
                Change.keep(),
                Change.keep(),
                Change.keep());
    }

    @Test
    void patchChangesWhatItSetsKeepsTheRestAndStampsTheTime() {
        app.queue("dlq");
        Queue created = app.queues.create("orders", deadLetteringTo("dlq"));
        app.advance(60);

        Queue patched = app.queues.patch("orders", patch(Change.to(90), Change.keep()));

        assertThat(patched.settings())
                .isEqualTo(QueueSettings.withDefaults(90, null, null, 3, "dlq", null, null, null));
        assertThat(patched.createdAt()).isEqualTo(created.createdAt());
        assertThat(patched.updatedAt()).isEqualTo(created.createdAt().plusSeconds(60));
        assertThat(app.queues.get("orders")).isEqualTo(patched);
    }

    @Test
    void patchResettingTheDeadLetterQueueTurnsDeadLetteringOff() {
        app.queue("dlq");
        app.queues.create("orders", deadLetteringTo("dlq"));

        Queue patched = app.queues.patch("orders", patch(Change.keep(), Change.reset()));

        assertThat(patched.settings().deadLetterQueueId()).isNull();
        assertThat(patched.settings().maxDeliveries()).isEqualTo(3);
        app.queues.delete("dlq");
    }

    @Test
    void aRefusedPatchChangesNothing() {
        app.queue("dlq");
        Queue created = app.queues.create("orders", deadLetteringTo("dlq"));

        assertThatThrownBy(() -> app.queues.patch("orders", patch(Change.to(0), Change.to("missing"))))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
        assertThatThrownBy(() -> app.queues.patch("orders", patch(Change.keep(), Change.to("missing"))))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.getMessage()).contains("missing"));
        assertThat(app.queues.get("orders")).isEqualTo(created);
    }

    @Test
    void patchOfAnUnknownQueueIsNotFoundAndCreatesNothing() {
        assertThatThrownBy(() -> app.queues.patch("nowhere", patch(Change.to(5), Change.keep())))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(app.store.queues().find("nowhere")).isEmpty();
    }

    @Test
    void anEmptyPatchWritesNothing() {
        Queue created = app.queue("orders");
        app.advance(60);

        assertThat(app.queues.patch("orders", patch(Change.keep(), Change.keep())))
                .isEqualTo(created);
        assertThat(app.queues.get("orders").updatedAt()).isEqualTo(created.updatedAt());
    }

    @Test
    void patchTakesTheDeadLetterLinksLockBeforeReadingSoItCannotDeadlockWithADelete() {
        app.queue("orders");
        int before = app.store.queues().deadLetterLinkLocks();

        app.queues.patch("orders", patch(Change.to(5), Change.keep()));

        assertThat(app.store.queues().deadLetterLinkLocks()).isEqualTo(before + 1);
    }
}
