package dev.conveyor.application;

import dev.conveyor.application.port.IdGenerator;
import dev.conveyor.application.port.MessageStore;
import dev.conveyor.application.port.MoveTaskStore;
import dev.conveyor.application.port.QueueRepository;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.MoveTask;
import dev.conveyor.domain.MoveTaskStatus;
import dev.conveyor.domain.Queue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Use cases of message move tasks: a redrive of a dead-letter queue (to one queue, or each message back to its
 * source) started now and run in the background, a page at a time and no faster than its rate, its status and
 * progress kept so that any instance lists it or cancels it. A runner claims a task and runs {@link #step}s
 * until it ends; each step moves one page, in one transaction with the task's progress, so that a page is
 * counted exactly when it moved and a runner that lost its claim moves nothing more.
 */
public final class MessageMoveService {
    /** The most messages one step moves when the task has no rate: one statement of the redrive. */
    static final int PAGE = MaintenanceService.BATCH;
    /** How long a claim lasts unless renewed: a runner renews it at every step, at most a second apart. */
    static final Duration CLAIM = Duration.ofSeconds(30);
    /** How long ended tasks are kept (and listed) before {@link #forgetEnded} deletes them. */
    static final Duration KEEP_ENDED = Duration.ofDays(14);
    /** The failure reasons a task may end with. */
    public static final String SOURCE_MISSING = "source_queue_not_found";

    public static final String DESTINATION_MISSING = "destination_queue_not_found";

    /** What one step did: the task as it is after it, and how long to wait before the next (the rate limit). */
    public record Step(MoveTask task, Duration pause) {
        /** True when the task has ended: no more steps. */
        public boolean ended() {
            return !task.status().active();
        }
    }

    private final QueueRepository queues;
    private final MessageStore messages;
    private final MoveTaskStore tasks;
    private final MaintenanceService maintenance;
    private final UnitOfWork unitOfWork;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final ArrivalBoard arrivals;

    public MessageMoveService(
            QueueRepository queues,
            MessageStore messages,
            MoveTaskStore tasks,
            MaintenanceService maintenance,
            UnitOfWork unitOfWork,
            IdGenerator ids,
            InstantSource clock,
            ArrivalBoard arrivals) {
        this.queues = queues;
        this.messages = messages;
        this.tasks = tasks;
        this.maintenance = maintenance;
        this.unitOfWork = unitOfWork;
        this.ids = ids;
        this.clock = clock;
        this.arrivals = arrivals;
    }

    /**
     * Starts moving the messages of {@code sourceQueueId}, a dead-letter queue, to {@code destinationQueueId} (or,
     * when null, each back to the queue it was dead-lettered from), at most {@code maxPerSecond} a second when not
     * null. Refused when the source is no queue's dead-letter queue, or has an active task already.
     */
    public MoveTask start(String sourceQueueId, String destinationQueueId, Integer maxPerSecond) {
        Queue source =
                queues.find(sourceQueueId).orElseThrow(() -> ConveyorException.notFound("source_queue", sourceQueueId));
        if (sourceQueueId.equals(destinationQueueId)) {
            throw ConveyorException.invalid("the destination queue must be another queue than the source");
        }
        if (destinationQueueId != null) {
            source.checkRedriveTo(queues.find(destinationQueueId)
                    .orElseThrow(() -> ConveyorException.notFound("destination_queue", destinationQueueId)));
        }
        if (queues.namingAsDeadLetterQueue(sourceQueueId).isEmpty()) {
            throw ConveyorException.conflict(
                    "not_a_dead_letter_queue",
                    "queue '" + sourceQueueId + "' is no queue's dead-letter queue: a move task moves messages out of"
                            + " a dead-letter queue");
        }
        Instant now = Now.of(clock);
        long toMove = messages.stats(
                        sourceQueueId,
                        now,
                        now.minus(source.settings().retention()),
                        source.settings().maxDeliveries())
                .total();
        MoveTask task = MoveTask.start(ids.next(), sourceQueueId, destinationQueueId, maxPerSecond, toMove, now);
        if (!tasks.add(task)) {
            throw ConveyorException.conflict(
                    "move_task_active",
                    "queue '" + sourceQueueId + "' has an active move task already: one at a time per source queue");
        }
        return task;
    }

    /**
     * Asks a running task of {@code sourceQueueId} to stop: its runner stops between two pages, the task CANCELLING
     * until then and CANCELLED after. The messages moved stay moved. Answers the task as it is now.
     */
    public MoveTask cancel(String sourceQueueId, UUID taskId) {
        Queue source =
                queues.find(sourceQueueId).orElseThrow(() -> ConveyorException.notFound("source_queue", sourceQueueId));
        MoveTask task = tasks.find(taskId)
                .filter(t -> t.sourceQueueId().equals(sourceQueueId)
                        && !t.startedAt().isBefore(source.createdAt()))
                .orElseThrow(() -> ConveyorException.notFound("move_task", taskId.toString()));
        return tasks.cancel(task.id())
                .orElseThrow(() -> ConveyorException.conflict(
                        "move_task_not_running",
                        "move task '" + taskId + "' is " + task.status() + ": only a RUNNING task can be cancelled"));
    }

    /** The queue's most recent tasks (at most {@code max}, the latest first), ended ones kept for 14 days. */
    public List<MoveTask> list(String sourceQueueId, int max) {
        if (max < 1) {
            throw ConveyorException.invalid("a list of move tasks holds at least one");
        }
        Queue source =
                queues.find(sourceQueueId).orElseThrow(() -> ConveyorException.notFound("source_queue", sourceQueueId));
        // Not the tasks of an earlier queue of the same name, deleted since: tasks outlive their queue.
        return tasks.recent(sourceQueueId, source.createdAt(), max);
    }

    /** Claims a task for {@code runner} to run, if one needs a runner: never run, or its runner stopped renewing. */
    public Optional<MoveTask> claim(String runner) {
        Instant now = Now.of(clock);
        return tasks.claim(runner, now, now.plus(CLAIM));
    }

    /**
     * Runs one step of a task {@code runner} claimed: stops it when it is being cancelled, ends it when nothing is
     * left to move, or moves one page and counts it, all in one transaction that also renews the claim. Empty when
     * the runner no longer holds the claim (or the task is gone): it must stop.
     */
    public Optional<Step> step(UUID taskId, String runner) {
        Optional<Step> step =
                unitOfWork.inTransaction(() -> tasks.lockClaimed(taskId, runner).map(task -> {
                    Step next = next(task);
                    if (task.status().active()) {
                        tasks.save(next.task(), runner, Now.of(clock).plus(CLAIM));
                    }
                    return next;
                }));
        // The redrive announced its page from inside this step's transaction, before the page was visible: a long
        // poll woken then found nothing. Now that it has committed, the queues it may have filled hear of it.
        step.filter(s -> s.task().moved() > 0).ifPresent(s -> arrivals.announce(destinations(s.task())));
        return step;
    }

    /** The queues a task moves messages to: its destination, or every queue its source is the dead-letter queue of. */
    private Set<String> destinations(MoveTask task) {
        if (task.destinationQueueId() != null) {
            return Set.of(task.destinationQueueId());
        }
        return Set.copyOf(queues.namingAsDeadLetterQueue(task.sourceQueueId()));
    }

    private Step next(MoveTask task) {
        Instant now = Now.of(clock);
        if (!task.status().active()) {
            return new Step(task, Duration.ZERO);
        }
        if (task.status() == MoveTaskStatus.CANCELLING) {
            return new Step(task.ended(MoveTaskStatus.CANCELLED, now), Duration.ZERO);
        }
        if (queues.find(task.sourceQueueId()).isEmpty()) {
            return new Step(task.failed(SOURCE_MISSING, now), Duration.ZERO);
        }
        if (task.destinationQueueId() != null
                && queues.find(task.destinationQueueId()).isEmpty()) {
            return new Step(task.failed(DESTINATION_MISSING, now), Duration.ZERO);
        }
        int want = (int) Math.min(task.maxPerSecond() == null ? PAGE : task.maxPerSecond(), task.remaining());
        long moved = want == 0 ? 0 : move(task, want);
        MoveTask next = task.movedMore(moved);
        if (moved < want || next.remaining() == 0) {
            next = next.ended(MoveTaskStatus.COMPLETED, now); // nothing more to move, or all it set out to
        }
        Duration pause =
                task.maxPerSecond() == null ? Duration.ZERO : Duration.ofMillis(moved * 1000 / task.maxPerSecond());
        return new Step(next, pause);
    }

    private long move(MoveTask task, int want) {
        if (task.destinationQueueId() != null) {
            return maintenance.redrive(task.sourceQueueId(), task.destinationQueueId(), null, (long) want);
        }
        return maintenance
                .redriveToSources(task.sourceQueueId(), null, (long) want)
                .moved();
    }

    /** Lets go of a task {@code runner} claimed and is not going to run on (its instance is stopping). */
    public void release(UUID taskId, String runner) {
        tasks.release(taskId, runner);
    }

    /** Deletes the tasks that ended more than 14 days ago; answers how many. */
    public int forgetEnded() {
        return tasks.forgetEnded(Now.of(clock).minus(KEEP_ENDED));
    }
}
