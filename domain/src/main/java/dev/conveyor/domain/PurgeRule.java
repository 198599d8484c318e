package dev.conveyor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * SQS's rule for PurgeQueue: a queue is purged at most once in {@link #INTERVAL}; a purge asked for sooner is
 * refused as still in progress. Kept by the time of the last purge stored with the queue, so it holds across
 * instances.
 */
public final class PurgeRule {
    public static final Duration INTERVAL = Duration.ofSeconds(60);
    public static final String IN_PROGRESS = "purge_in_progress";

    private PurgeRule() {}

    /** A purge at {@code now} may go ahead only if the last one was at or before this instant. */
    public static Instant lastAllowedBefore(Instant now) {
        return now.minus(INTERVAL);
    }

    public static ConveyorException inProgress(String queueId) {
        return ConveyorException.conflict(
                IN_PROGRESS,
                "queue '" + queueId + "' was purged less than " + INTERVAL.toSeconds()
                        + " seconds ago; only one purge a minute is allowed");
    }
}
