package dev.conveyor.application;

import java.time.Duration;
import java.time.Instant;

/**
 * How the queues' stats are kept: sampled, and activity recorded, every {@code interval}; both kept for
 * {@code kept}. Activity goes into buckets of one interval, starting at whole multiples of it since the epoch, so
 * that every instance adds to the same buckets.
 */
public record StatsSchedule(Duration interval, Duration kept) {
    private static final Duration MIN_RATE_WINDOW = Duration.ofMinutes(1);

    public StatsSchedule {
        if (interval.toMillis() < 1 || kept.compareTo(interval) < 0) {
            throw new IllegalArgumentException("stats need an interval of at least 1 ms, kept at least that long");
        }
    }

    public Instant bucketOf(Instant at) {
        long millis = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
    }

    /**
     * The rates of {@code /v1/stats} are averaged over this much time before the bucket now filling: whole buckets,
     * at least two of them and at least a minute.
     */
    public Duration rateWindow() {
        long buckets = Math.max(2, -Math.floorDiv(-MIN_RATE_WINDOW.toMillis(), interval.toMillis()));
        return interval.multipliedBy(buckets);
    }
}
