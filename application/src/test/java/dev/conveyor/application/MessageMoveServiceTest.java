package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.InMemoryMoveTaskStore;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Message;
import dev.conveyor.domain.MoveTask;
import dev.conveyor.domain.MoveTaskStatus;
import dev.conveyor.domain.NewMessage;
import dev.conveyor.domain.QueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Move tasks over the in-memory fakes: starting, the steps a runner takes, the rate, cancelling, claims. */
class MessageMoveServiceTest {
    private static final String RUNNER = "runner-a";

    private final Services app = new Services();
    private final MaintenanceService maintenance =
            new MaintenanceService(app.store.queues(), app.store.messages(), app.clock, app.metrics, app.arrivals);
    private final InMemoryMoveTaskStore tasks = new InMemoryMoveTaskStore();
    private final MessageMoveService moves = service(app.arrivals);

    private MessageMoveService service(ArrivalBoard arrivals) {
        return new MessageMoveService(
                app.store.queues(),
                app.store.messages(),
                tasks,
                maintenance,
                app.store.unitOfWork(),
                app.ids,
                app.clock,
                arrivals);
    }

    private void queue(String id, Integer maxDeliveries, String deadLetterQueueId) {
        app.queues.create(
                id, QueueSettings.withDefaults(30, null, null, maxDeliveries, deadLetterQueueId, null, null, null));
    }

    /** orders (one delivery) feeding dlq, and an empty queue "other". */
    private void deadLetterPipe() {
        queue("dlq", null, null);
        queue("orders", 1, "dlq");
        queue("other", null, null);
    }

    /** Publishes n messages to {@code source}, lets their one delivery run out, and has the cleanup dead-letter them. */
    private void deadLettered(String source, int n) {
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(Services.message("{\"n\":" + i + "}"));
            if (batch.size() == 100 || i == n - 1) {
                app.publish.toQueue(source, batch);
                batch.clear();
            }
        }
        while (!app.receive(source, 100).isEmpty()) {
            // leased once each: their one delivery
        }
        app.advance(31);
        maintenance.cleanup(source);
    }

    private int stored(String queueId) {
        return app.store.messages().all(queueId).size();
    }

    /** Claims the only task and steps it until it ends; answers the steps' pauses. */
    private List<Duration> runToTheEnd(MoveTask task) {
        assertThat(moves.claim(RUNNER)).map(MoveTask::id).contains(task.id());
        List<Duration> pauses = new ArrayList<>();
        MessageMoveService.Step step;
        do {
            step = moves.step(task.id(), RUNNER).orElseThrow();
            pauses.add(step.pause());
        } while (!step.ended());
        return pauses;
    }

    /** {@code n} dead letters in dlq, a task moving them to "other" at {@code rate} a second, and its first step. */
    private MoveTask oneStepIn(int n, int rate) {
        deadLetterPipe();
        deadLettered("orders", n);
        MoveTask task = moves.start("dlq", "other", rate);
        moves.claim(RUNNER);
        moves.step(task.id(), RUNNER);
        return task;
    }

    private MoveTask stored(MoveTask task) {
        return tasks.find(task.id()).orElseThrow();
    }

    private static void assertRefused(ThrowingCallable call, ConveyorException.Kind kind, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConveyorException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void aStartedTaskRunsAndCountsWhatTheDeadLetterQueueHolds() {
        deadLetterPipe();
        deadLettered("orders", 3);

        MoveTask task = moves.start("dlq", "other", null);

        assertThat(task.status()).isEqualTo(MoveTaskStatus.RUNNING);
        assertThat(task.toMove()).isEqualTo(3);
        assertThat(task.moved()).isZero();
        assertThat(moves.list("dlq", 10)).containsExactly(task);
        assertThat(stored("dlq")).as("nothing moves before a runner runs it").isEqualTo(3);
    }

    @Test
    void movesEverythingToTheDestinationAPageAtATimeAndCompletes() {
        deadLetterPipe();
        deadLettered("orders", 2500);
        MoveTask task = moves.start("dlq", "other", null);

        List<Duration> pauses = runToTheEnd(task);

        assertThat(pauses).hasSize(3).containsOnly(Duration.ZERO); // 1000, 1000, 500
        assertThat(stored(task).status()).isEqualTo(MoveTaskStatus.COMPLETED);
        assertThat(stored(task).moved()).isEqualTo(2500);
        assertThat(stored(task).finishedAt()).isNotNull();
        assertThat(stored("dlq")).isZero();
        assertThat(stored("other")).isEqualTo(2500);
    }

    @Test
    void withoutADestinationSendsEachMessageBackToItsSource() {
        deadLetterPipe();
        queue("payments", 1, "dlq");
        deadLettered("orders", 3);
        deadLettered("payments", 2);
        MoveTask task = moves.start("dlq", null, null);

        runToTheEnd(task);

        assertThat(stored(task).status()).isEqualTo(MoveTaskStatus.COMPLETED);
        assertThat(stored(task).moved()).isEqualTo(5);
        assertThat(stored("orders")).isEqualTo(3);
        assertThat(stored("payments")).isEqualTo(2);
        assertThat(app.store.messages().all("orders"))
                .extracting(Message::deadLetter)
                .containsOnlyNulls();
    }

    @Test
    void aRateMakesPagesOfThatManyAndPausesForTheirShareOfASecond() {
        deadLetterPipe();
        deadLettered("orders", 25);
        MoveTask task = moves.start("dlq", "other", 10);

        assertThat(moves.claim(RUNNER)).isPresent();
        MessageMoveService.Step first = moves.step(task.id(), RUNNER).orElseThrow();

        assertThat(first.task().moved()).isEqualTo(10);
        assertThat(first.pause()).isEqualTo(Duration.ofSeconds(1));
        assertThat(stored("other")).isEqualTo(10);
        MessageMoveService.Step second = moves.step(task.id(), RUNNER).orElseThrow();
        MessageMoveService.Step last = moves.step(task.id(), RUNNER).orElseThrow();
        assertThat(second.pause()).isEqualTo(Duration.ofSeconds(1));
        assertThat(last.task().moved()).isEqualTo(25);
        assertThat(last.pause()).isEqualTo(Duration.ofMillis(500));
        assertThat(last.ended()).isTrue();
    }

    @Test
    void theDestinationHearsOfAPageOnceItIsCommitted() {
        deadLetterPipe();
        deadLettered("orders", 2);
        MoveTask task = moves.start("dlq", "other", null);
        moves.claim(RUNNER);
        List<Boolean> announcedInATransaction = new ArrayList<>();
        MessageMoveService watched = service(new ArrivalBoard(queueIds -> {
            if (queueIds.contains("other")) {
                announcedInATransaction.add(app.store.unitOfWork().inTransaction());
            }
        }));

        watched.step(task.id(), RUNNER);

        assertThat(announcedInATransaction).containsExactly(false);
    }

    @Test
    void movesNoMoreThanTheSourceHeldWhenItStarted() {
        deadLetterPipe();
        deadLettered("orders", 3);
        MoveTask task = moves.start("dlq", "other", null);
        deadLettered("orders", 2); // dead-lettered while it runs: a loop of failures must not keep it going

        runToTheEnd(task);

        assertThat(stored(task).moved()).isEqualTo(3);
        assertThat(stored(task).status()).isEqualTo(MoveTaskStatus.COMPLETED);
        assertThat(stored("dlq")).isEqualTo(2);
    }

    @Test
    void aCancelledTaskStopsAtItsNextStepLeavingTheRestInTheDeadLetterQueue() {
        MoveTask task = oneStepIn(5, 2);

        MoveTask cancelling = moves.cancel("dlq", task.id());

        assertThat(cancelling.status()).isEqualTo(MoveTaskStatus.CANCELLING);
        assertThat(cancelling.moved()).isEqualTo(2);
        MessageMoveService.Step step = moves.step(task.id(), RUNNER).orElseThrow();
        assertThat(step.ended()).isTrue();
        assertThat(stored(task).status()).isEqualTo(MoveTaskStatus.CANCELLED);
        assertThat(stored(task).moved()).isEqualTo(2);
        assertThat(stored("dlq")).isEqualTo(3);
        assertThat(stored("other")).isEqualTo(2);
    }

    @Test
    void onlyARunningTaskCanBeCancelled() {
        deadLetterPipe();
        MoveTask task = moves.start("dlq", "other", null);
        moves.cancel("dlq", task.id());

        assertRefused(() -> moves.cancel("dlq", task.id()), ConveyorException.Kind.CONFLICT, "move_task_not_running");
        runToTheEnd(task);
        assertRefused(() -> moves.cancel("dlq", task.id()), ConveyorException.Kind.CONFLICT, "move_task_not_running");
        assertRefused(
                () -> moves.cancel("dlq", UUID.randomUUID()), ConveyorException.Kind.NOT_FOUND, "move_task_not_found");
        assertRefused(() -> moves.cancel("other", task.id()), ConveyorException.Kind.NOT_FOUND, "move_task_not_found");
        assertRefused(
                () -> moves.cancel("nope", task.id()), ConveyorException.Kind.NOT_FOUND, "source_queue_not_found");
        assertThat(stored(task).status()).isEqualTo(MoveTaskStatus.CANCELLED);
    }

    @Test
    void refusesWhatIsNoMoveTaskAndStoresNothing() {
        deadLetterPipe();
        deadLettered("orders", 1);

        assertRefused(
                () -> moves.start("nope", null, null), ConveyorException.Kind.NOT_FOUND, "source_queue_not_found");
        assertRefused(
                () -> moves.start("dlq", "nope", null),
                ConveyorException.Kind.NOT_FOUND,
                "destination_queue_not_found");
        assertRefused(() -> moves.start("dlq", "dlq", null), ConveyorException.Kind.INVALID, "invalid");
        assertRefused(
                () -> moves.start("other", "dlq", null), ConveyorException.Kind.CONFLICT, "not_a_dead_letter_queue");
        assertRefused(() -> moves.start("dlq", "other", 501), ConveyorException.Kind.INVALID, "invalid");
        assertRefused(() -> moves.start("dlq", "other", 0), ConveyorException.Kind.INVALID, "invalid");
        assertRefused(() -> moves.list("nope", 1), ConveyorException.Kind.NOT_FOUND, "source_queue_not_found");
        assertThat(moves.list("dlq", 10)).isEmpty();
        assertThat(stored("dlq")).isEqualTo(1);
    }

    @Test
    void oneActiveTaskPerSourceAndAnotherOnceItEnded() {
        deadLetterPipe();
        MoveTask first = moves.start("dlq", "other", null);

        assertRefused(() -> moves.start("dlq", null, null), ConveyorException.Kind.CONFLICT, "move_task_active");
        runToTheEnd(first);
        app.advance(1);
        MoveTask second = moves.start("dlq", null, 5);

        assertThat(moves.list("dlq", 10)).extracting(MoveTask::id).containsExactly(second.id(), first.id());
        assertThat(moves.list("dlq", 1)).extracting(MoveTask::id).containsExactly(second.id());
    }

    @Test
    void aRunnerThatLostItsClaimMovesNothingMoreAndAnotherTakesOver() {
        MoveTask task = oneStepIn(4, 1);

        assertThat(moves.claim("runner-b")).as("claimed by a live runner").isEmpty();
        app.advance(MessageMoveService.CLAIM.toSeconds() + 1); // runner-a stopped renewing: its instance died
        assertThat(moves.claim("runner-b")).map(MoveTask::id).contains(task.id());

        assertThat(moves.step(task.id(), RUNNER)).isEmpty();
        assertThat(stored("other")).isEqualTo(1);
        assertThat(moves.step(task.id(), "runner-b").orElseThrow().task().moved())
                .isEqualTo(2);
    }

    @Test
    void failsWhenItsDestinationIsDeletedWhileItRuns() {
        MoveTask task = oneStepIn(3, 1);

        app.queues.delete("other");
        MessageMoveService.Step step = moves.step(task.id(), RUNNER).orElseThrow();

        assertThat(step.ended()).isTrue();
        assertThat(stored(task).status()).isEqualTo(MoveTaskStatus.FAILED);
        assertThat(stored(task).failureReason()).isEqualTo(MessageMoveService.DESTINATION_MISSING);
        assertThat(stored("dlq")).isEqualTo(2);
    }

    @Test
    void endedTasksAreKeptForFourteenDays() {
        deadLetterPipe();
        MoveTask task = moves.start("dlq", "other", null);
        runToTheEnd(task);

        app.advance(Duration.ofDays(14).toSeconds());
        assertThat(moves.forgetEnded()).isZero();
        app.advance(1);
        assertThat(moves.forgetEnded()).isEqualTo(1);
        assertThat(moves.list("dlq", 10)).isEmpty();
    }

    @Test
    void aQueueRecreatedUnderTheSameNameListsNoneOfTheOldOnesTasks() {
        deadLetterPipe();
        MoveTask task = moves.start("dlq", "other", null);
        runToTheEnd(task);
        app.queues.delete("orders");
        app.queues.delete("dlq");
        app.advance(1);

        queue("dlq", null, null);

        assertThat(moves.list("dlq", 10)).isEmpty();
    }
}
