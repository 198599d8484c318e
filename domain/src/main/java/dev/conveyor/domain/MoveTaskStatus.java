package dev.conveyor.domain;

/**
 * Where a message move task is in its life. A task starts {@link #RUNNING}; a cancel makes it {@link #CANCELLING}
 * until its runner stops between two pages, {@link #CANCELLED}; it ends {@link #COMPLETED} when nothing is left to
 * move, or {@link #FAILED} when it cannot go on. The names are SQS's, answered as they are.
 */
public enum MoveTaskStatus {
    RUNNING,
    CANCELLING,
    CANCELLED,
    COMPLETED,
    FAILED;

    /** True while a runner still has work to do on the task: at most one such task per source queue. */
    public boolean active() {
        return this == RUNNING || this == CANCELLING;
    }
}
