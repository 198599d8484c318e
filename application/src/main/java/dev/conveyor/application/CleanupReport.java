package dev.conveyor.application;

import java.util.List;

/**
 * What one cleanup run did, per queue that it changed.
 *
 * @param deduplicationsExpired how many expired deduplication records it deleted
 */
public record CleanupReport(List<QueueCleanup> queues, long deduplicationsExpired) {
    public CleanupReport {
        queues = List.copyOf(queues);
    }

    /** A run that deleted no deduplication record. */
    public CleanupReport(List<QueueCleanup> queues) {
        this(queues, 0);
    }

    /** True when the run changed nothing. */
    public boolean changedNothing() {
        return queues.isEmpty() && deduplicationsExpired == 0;
    }

    /** What the cleanup did to one queue: messages deleted for age, moved to the dead-letter queue, dropped. */
    public record QueueCleanup(String queueId, long expired, long deadLettered, long dropped) {
        boolean changedSomething() {
            return expired + deadLettered + dropped > 0;
        }
    }

    public long expired() {
        return queues.stream().mapToLong(QueueCleanup::expired).sum();
    }

    public long deadLettered() {
        return queues.stream().mapToLong(QueueCleanup::deadLettered).sum();
    }

    public long dropped() {
        return queues.stream().mapToLong(QueueCleanup::dropped).sum();
    }
}
