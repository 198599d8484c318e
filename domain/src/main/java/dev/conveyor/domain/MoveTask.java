package dev.conveyor.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message move task: a redrive of a dead-letter queue run in the background, page by page, with its progress
 * kept so that it can be listed and cancelled from any instance.
 *
 * @param sourceQueueId the dead-letter queue the messages leave
 * @param destinationQueueId where they go; {@code null} sends each back to the queue it was dead-lettered from
 * @param maxPerSecond the most messages moved per second, 1 to {@link #MAX_PER_SECOND}; {@code null} for no limit
 * @param moved how many messages it has moved so far
 * @param toMove how many messages the source held when it started: the task moves at most that many, so that
 *     messages dead-lettered again while it runs cannot keep it going for ever
 * @param failureReason why it failed: set exactly when the status is {@link MoveTaskStatus#FAILED}
 * @param finishedAt when it ended: set exactly when the status is no longer active
 */
public record MoveTask(
        UUID id,
        String sourceQueueId,
        String destinationQueueId,
        Integer maxPerSecond,
        MoveTaskStatus status,
        long moved,
        long toMove,
        String failureReason,
        Instant startedAt,
        Instant finishedAt) {
    /** SQS's highest MaxNumberOfMessagesPerSecond. */
    public static final int MAX_PER_SECOND = 500;

    public MoveTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sourceQueueId, "sourceQueueId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        if (sourceQueueId.equals(destinationQueueId)) {
            throw ConveyorException.invalid("a move task's destination must be another queue than its source");
        }
        if (maxPerSecond != null && (maxPerSecond < 1 || maxPerSecond > MAX_PER_SECOND)) {
            throw ConveyorException.invalid("a move task moves 1 to " + MAX_PER_SECOND + " messages per second");
        }
        if (moved < 0 || toMove < 0) {
            throw new IllegalArgumentException("a move task's counts are never negative");
        }
        if ((failureReason != null) != (status == MoveTaskStatus.FAILED)) {
            throw new IllegalArgumentException("a move task has a failure reason exactly when it failed");
        }
        if ((finishedAt != null) == status.active()) {
            throw new IllegalArgumentException("a move task has an end exactly when it is no longer active");
        }
        if (finishedAt != null && finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("a move task cannot end before it started");
        }
    }

    /** A new task, running from {@code now}. */
    public static MoveTask start(
            UUID id, String sourceQueueId, String destinationQueueId, Integer maxPerSecond, long toMove, Instant now) {
        return new MoveTask(
                id,
                sourceQueueId,
                destinationQueueId,
                maxPerSecond,
                MoveTaskStatus.RUNNING,
                0,
                toMove,
                null,
                now,
                null);
    }

    /** How many more messages it may move: {@link #toMove} less those moved. */
    public long remaining() {
        return Math.max(0, toMove - moved);
    }

    /** The task having moved {@code more} messages. */
    public MoveTask movedMore(long more) {
        return new MoveTask(
                id,
                sourceQueueId,
                destinationQueueId,
                maxPerSecond,
                status,
                moved + more,
                toMove,
                failureReason,
                startedAt,
                finishedAt);
    }

    /** The task asked to stop; only a running one can be. */
    public MoveTask cancelling() {
        if (status != MoveTaskStatus.RUNNING) {
            throw new IllegalStateException("only a running move task can be cancelled, not a " + status + " one");
        }
        return with(MoveTaskStatus.CANCELLING, null, null);
    }

    /** The task ended as {@code end} (CANCELLED or COMPLETED) at {@code now}. */
    public MoveTask ended(MoveTaskStatus end, Instant now) {
        if (end.active() || end == MoveTaskStatus.FAILED) {
            throw new IllegalArgumentException("a move task ends CANCELLED or COMPLETED, or fails with a reason");
        }
        return with(end, null, now);
    }

    /** The task failed at {@code now}, for {@code reason}. */
    public MoveTask failed(String reason, Instant now) {
        return with(MoveTaskStatus.FAILED, Objects.requireNonNull(reason, "reason"), now);
    }

    private MoveTask with(MoveTaskStatus next, String reason, Instant end) {
        if (!status.active()) {
            throw new IllegalStateException("a " + status + " move task has ended already");
        }
        return new MoveTask(
                id, sourceQueueId, destinationQueueId, maxPerSecond, next, moved, toMove, reason, startedAt, end);
    }
}
