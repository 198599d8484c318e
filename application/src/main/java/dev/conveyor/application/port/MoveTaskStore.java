package dev.conveyor.application.port;

import dev.conveyor.domain.MoveTask;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Outgoing persistence port for message move tasks, and the claims runners hold on them: a task is run by one
 * runner at a time, and a runner that stops renewing its claim (its instance died) loses it to another.
 */
public interface MoveTaskStore {
    /** Stores a new task; false, storing nothing, when its source queue has an active task already. */
    boolean add(MoveTask task);

    Optional<MoveTask> find(UUID id);

    /** The source queue's tasks started at or after {@code since}, the most recent first, at most {@code max}. */
    List<MoveTask> recent(String sourceQueueId, Instant since, int max);

    /** Makes a running task cancelling; answers it then, or empty when there is no running task of that id. */
    Optional<MoveTask> cancel(UUID id);

    /**
     * Claims for {@code runner}, until {@code until}, one active task that no runner holds a claim on at {@code
     * now} (never claimed, or its claim ran out); tasks claimed by others right now are skipped, not waited for.
     */
    Optional<MoveTask> claim(String runner, Instant now, Instant until);

    /**
     * Locks the task until the transaction ends, if {@code runner} still holds its claim: the fence that keeps a
     * runner that lost its claim (paused past its end, and claimed by another since) from moving anything more.
     */
    Optional<MoveTask> lockClaimed(UUID id, String runner);

    /** Saves the progress and status of a task {@link #lockClaimed} answered, and extends the claim to {@code until}. */
    void save(MoveTask task, String runner, Instant until);

    /** Gives up {@code runner}'s claim on the task, if it still holds it: another runner may claim it at once. */
    void release(UUID id, String runner);

    /** Deletes the tasks that ended before {@code endedBefore}; answers how many. */
    int forgetEnded(Instant endedBefore);
}
