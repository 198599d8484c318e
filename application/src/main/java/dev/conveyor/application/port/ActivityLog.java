package dev.conveyor.application.port;

import dev.conveyor.domain.QueueActivity;
import dev.conveyor.domain.TimedActivity;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Outgoing port for what happened to each queue's messages over time, summed over every server instance: each
 * instance adds what it counted, bucket by bucket, so rates hold for the whole service, not one instance.
 */
public interface ActivityLog {
    /** Adds this activity of each queue to the bucket that starts at {@code bucket}. */
    void record(Instant bucket, Map<String, QueueActivity> activity);

    /** The buckets of these queues from {@code from} until before {@code to}, per queue, oldest first. */
    Map<String, List<TimedActivity>> between(Collection<String> queueIds, Instant from, Instant to);

    /** Forgets the buckets that start before {@code cutoff}. */
    void forgetBefore(Instant cutoff);
}
