package dev.conveyor.application.port;

import dev.conveyor.domain.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Outgoing port for the latest sample of every queue's stats, shared by all server instances, so that one
 * instance counts for all of them.
 */
public interface StatsSamples {
    /**
     * In the current unit of work: whether this instance should take a sample now, because no other instance is
     * taking one and the latest is older than {@code maxAge} (or there is none). A true answer holds off the
     * other instances until the unit of work ends.
     */
    boolean claim(Instant now, Duration maxAge);

    /** Replaces the latest sample with these stats, taken at {@code sampledAt}. */
    void replace(Instant sampledAt, List<QueueStats> stats);

    /** The latest sample, its stats ordered by queue id; an empty one with no time when none was taken. */
    Sample latest();

    /** The stats of every queue at one instant; {@code sampledAt} is null when nothing was sampled yet. */
    record Sample(Instant sampledAt, List<QueueStats> stats) {
        public Sample {
            stats = List.copyOf(stats);
        }

        public static final Sample NONE = new Sample(null, List.of());
    }
}
