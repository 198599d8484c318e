package dev.conveyor.application.fakes;

import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The shared stats sample in memory: one instance, so a claim only has to check the sample's age. */
public final class InMemoryStatsSamples implements StatsSamples {
    private Sample latest = Sample.NONE;

    @Override
    public synchronized boolean claim(Instant now, Duration maxAge) {
        return latest.sampledAt() == null || !latest.sampledAt().isAfter(now.minus(maxAge));
    }

    @Override
    public synchronized void replace(Instant sampledAt, List<QueueStats> stats) {
        latest = new Sample(
                sampledAt,
                stats.stream().sorted(Comparator.comparing(QueueStats::queueId)).toList());
    }

    @Override
    public synchronized Sample latest() {
        return latest;
    }
}
