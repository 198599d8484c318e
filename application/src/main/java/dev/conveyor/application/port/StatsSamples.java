package dev.conveyor.application.port;

import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.TimedStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Outgoing port for the samples of every queue's stats, shared by all server instances, so that one instance
 * counts for all of them; kept for a while, as the queues' history.
 */
public interface StatsSamples {
    /**
     * In the current unit of work: whether this instance should take a sample now, because no other instance is
     * taking one and the latest is older than {@code maxAge} (or there is none). A true answer holds off the
     * other instances until the unit of work ends.
     */
    boolean claim(Instant now, Duration maxAge);

    /** Adds a sample of these stats, taken at {@code sampledAt}, after the ones kept. */
    void add(Instant sampledAt, List<QueueStats> stats);

    /** The latest sample, its stats ordered by queue id; an empty one with no time when none was taken. */
    Sample latest();

    /** The samples of these queues taken from {@code from} until before {@code to}, per queue, oldest first. */
    Map<String, List<TimedStats>> between(Collection<String> queueIds, Instant from, Instant to);

    /** Forgets the samples taken before {@code cutoff}. */
    void forgetBefore(Instant cutoff);

    /** The stats of every queue at one instant; {@code sampledAt} is null when nothing was sampled yet. */
    record Sample(Instant sampledAt, List<QueueStats> stats) {
        public Sample {
            stats = List.copyOf(stats);
        }

        public static final Sample NONE = new Sample(null, List.of());
    }
}
