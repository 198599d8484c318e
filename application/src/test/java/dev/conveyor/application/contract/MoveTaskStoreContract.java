package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.MoveTaskStore;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.MoveTask;
import dev.conveyor.domain.MoveTaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MoveTaskStore} does: one active task per source, recent first, and claims one runner holds. */
public abstract class MoveTaskStoreContract {
    /** An instant at the store's precision (microseconds). */
    protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");

    private MoveTaskStore tasks;
    private UnitOfWork unitOfWork;

    /** A store holding no task; called before every test. */
    protected abstract MoveTaskStore emptyStore();

    /** The unit of work the store's statements join. */
    protected abstract UnitOfWork unitOfWork();

    @BeforeEach
    final void open() {
        tasks = emptyStore();
        unitOfWork = unitOfWork();
    }

    private static MoveTask task(String source, Instant startedAt) {
        return MoveTask.start(UUID.randomUUID(), source, "other", 10, 7, startedAt);
    }

    private MoveTask added(String source, Instant startedAt) {
        MoveTask task = task(source, startedAt);
        assertThat(tasks.add(task)).isTrue();
        return task;
    }

    @Test
    void findsWhatItAddedWithEveryField() {
        MoveTask task = added("dlq", T0);
        MoveTask toSources = MoveTask.start(UUID.randomUUID(), "dlq2", null, null, 0, T0);
        tasks.add(toSources);

        assertThat(tasks.find(task.id())).contains(task);
        assertThat(tasks.find(toSources.id())).contains(toSources);
        assertThat(tasks.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void holdsOneActiveTaskPerSourceAndAnotherOnceItEnded() {
        MoveTask first = added("dlq", T0);

        assertThat(tasks.add(task("dlq", T0.plusSeconds(1)))).isFalse();
        assertThat(tasks.add(task("dlq2", T0.plusSeconds(1)))).isTrue();
        tasks.claim("r", T0, T0.plusSeconds(30));
        unitOfWork.inTransaction(() -> {
            tasks.lockClaimed(first.id(), "r");
            tasks.save(first.ended(MoveTaskStatus.COMPLETED, T0.plusSeconds(2)), "r", T0.plusSeconds(30));
            return null;
        });
        assertThat(tasks.add(task("dlq", T0.plusSeconds(3)))).isTrue();
    }

    @Test
    void listsTheSourcesTasksSinceAnInstantTheNewestFirst() {
        MoveTask old = added("dlq", T0);
        tasks.cancel(old.id());
        claimAndSave(old.id(), t -> t.ended(MoveTaskStatus.CANCELLED, T0.plusSeconds(1)));
        MoveTask middle = added("dlq", T0.plusSeconds(10));
        claimAndSave(middle.id(), t -> t.failed("destination_queue_not_found", T0.plusSeconds(11)));
        MoveTask newest = added("dlq", T0.plusSeconds(20));
        added("dlq2", T0.plusSeconds(30));

        assertThat(tasks.recent("dlq", T0, 10))
                .extracting(MoveTask::id)
                .containsExactly(newest.id(), middle.id(), old.id());
        assertThat(tasks.recent("dlq", T0, 2)).extracting(MoveTask::id).containsExactly(newest.id(), middle.id());
        assertThat(tasks.recent("dlq", T0.plusSeconds(5), 10))
                .extracting(MoveTask::id)
                .containsExactly(newest.id(), middle.id());
        assertThat(tasks.recent("dlq", T0, 10).get(1).failureReason()).isEqualTo("destination_queue_not_found");
    }

    private void claimAndSave(UUID id, java.util.function.UnaryOperator<MoveTask> change) {
        assertThat(tasks.claim("r", T0.plusSeconds(100), T0.plusSeconds(130)))
                .map(MoveTask::id)
                .contains(id);
        unitOfWork.inTransaction(() -> {
            MoveTask locked = tasks.lockClaimed(id, "r").orElseThrow();
            tasks.save(change.apply(locked), "r", T0.plusSeconds(130));
            return null;
        });
    }

    @Test
    void cancelsOnlyARunningTask() {
        MoveTask task = added("dlq", T0);

        assertThat(tasks.cancel(task.id())).map(MoveTask::status).contains(MoveTaskStatus.CANCELLING);
        assertThat(tasks.cancel(task.id())).isEmpty();
        assertThat(tasks.cancel(UUID.randomUUID())).isEmpty();
        assertThat(tasks.find(task.id())).map(MoveTask::status).contains(MoveTaskStatus.CANCELLING);
    }

    @Test
    void aClaimIsOneRunnersUntilItRunsOut() {
        MoveTask task = added("dlq", T0);

        assertThat(tasks.claim("a", T0, T0.plusSeconds(30))).map(MoveTask::id).contains(task.id());
        assertThat(tasks.claim("b", T0.plusSeconds(29), T0.plusSeconds(59))).isEmpty();
        assertThat(unitOfWork.inTransaction(() -> tasks.lockClaimed(task.id(), "b")))
                .isEmpty();
        assertThat(unitOfWork.inTransaction(() -> tasks.lockClaimed(task.id(), "a")))
                .isPresent();

        assertThat(tasks.claim("b", T0.plusSeconds(31), T0.plusSeconds(61)))
                .map(MoveTask::id)
                .contains(task.id());
        assertThat(unitOfWork.inTransaction(() -> tasks.lockClaimed(task.id(), "a")))
                .isEmpty();
        tasks.save(task.movedMore(5), "a", T0.plusSeconds(100));
        assertThat(tasks.find(task.id())).map(MoveTask::moved).contains(0L);
        assertThat(tasks.claim("a", T0.plusSeconds(60), T0.plusSeconds(90)))
                .as("b's claim still holds")
                .isEmpty();
    }

    @Test
    void savingRenewsTheClaim() {
        MoveTask task = added("dlq", T0);
        tasks.claim("a", T0, T0.plusSeconds(30));

        unitOfWork.inTransaction(() -> {
            tasks.save(tasks.lockClaimed(task.id(), "a").orElseThrow().movedMore(3), "a", T0.plusSeconds(60));
            return null;
        });

        assertThat(tasks.claim("b", T0.plusSeconds(45), T0.plusSeconds(75))).isEmpty();
        assertThat(tasks.find(task.id())).map(MoveTask::moved).contains(3L);
    }

    @Test
    void aReleasedTaskIsClaimedAgainAtOnceAndItsFormerRunnerHasNoHoldOnIt() {
        MoveTask task = added("dlq", T0);
        tasks.claim("a", T0, T0.plusSeconds(30));

        tasks.release(task.id(), "b");
        assertThat(tasks.claim("b", T0.plusSeconds(1), T0.plusSeconds(31)))
                .as("only its runner lets it go")
                .isEmpty();
        tasks.release(task.id(), "a");

        assertThat(tasks.claim("b", T0.plusSeconds(1), T0.plusSeconds(31)))
                .map(MoveTask::id)
                .contains(task.id());
        assertThat(unitOfWork.inTransaction(() -> tasks.lockClaimed(task.id(), "a")))
                .isEmpty();
    }

    @Test
    void anEndedTaskIsNeverClaimed() {
        MoveTask task = added("dlq", T0);
        claimAndSave(task.id(), t -> t.ended(MoveTaskStatus.COMPLETED, T0.plusSeconds(1)));

        assertThat(tasks.claim("b", T0.plusSeconds(1000), T0.plusSeconds(1030))).isEmpty();
    }

    @Test
    void ofManyRunnersClaimingAtOnceExactlyOneGetsTheTask() throws Exception {
        MoveTask task = added("dlq", T0);
        int runners = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<MoveTask>>> claims = new ArrayList<>();
            for (int i = 0; i < runners; i++) {
                String runner = "r" + i;
                claims.add(pool.submit(() -> {
                    go.await();
                    return tasks.claim(runner, T0, T0.plusSeconds(30));
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Optional<MoveTask>> claim : claims) {
                if (claim.get(1, TimeUnit.MINUTES).isPresent()) {
                    won++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(tasks.find(task.id())).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forgetsTheTasksThatEndedBeforeAnInstant() {
        MoveTask ended = added("dlq", T0);
        claimAndSave(ended.id(), t -> t.ended(MoveTaskStatus.COMPLETED, T0.plusSeconds(1)));
        MoveTask running = added("dlq", T0.plusSeconds(2));

        assertThat(tasks.forgetEnded(T0.plusSeconds(1))).isZero();
        assertThat(tasks.forgetEnded(T0.plusSeconds(5))).isEqualTo(1);
        assertThat(tasks.find(ended.id())).isEmpty();
        assertThat(tasks.find(running.id())).isPresent();
    }
}
