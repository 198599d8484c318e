package dev.conveyor.application.fakes;

import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.TimedStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared stats samples in memory: one instance, so a claim only has to check the latest sample's age. */
public final class InMemoryStatsSamples implements StatsSamples {
    private final List<Sample> kept = new ArrayList<>();

    @Override
    public synchronized boolean claim(Instant now, Duration maxAge) {
        Instant latest = latest().sampledAt();
        return latest == null || !latest.isAfter(now.minus(maxAge));
    }

    @Override
    public synchronized void add(Instant sampledAt, List<QueueStats> stats) {
        kept.add(new Sample(
                sampledAt,
                stats.stream().sorted(Comparator.comparing(QueueStats::queueId)).toList()));
        kept.sort(Comparator.comparing(Sample::sampledAt));
    }

    @Override
    public synchronized Sample latest() {
        return kept.isEmpty() ? Sample.NONE : kept.get(kept.size() - 1);
    }

    @Override
    public synchronized Map<String, List<TimedStats>> between(Collection<String> queueIds, Instant from, Instant to) {
        Map<String, List<TimedStats>> found = new LinkedHashMap<>();
        for (Sample sample : kept) {
            if (sample.sampledAt().isBefore(from) || !sample.sampledAt().isBefore(to)) {
                continue;
            }
            for (QueueStats stats : sample.stats()) {
                if (queueIds.contains(stats.queueId())) {
                    found.computeIfAbsent(stats.queueId(), q -> new ArrayList<>())
                            .add(new TimedStats(sample.sampledAt(), stats));
                }
            }
        }
        return found;
    }

    @Override
    public synchronized void forgetBefore(Instant cutoff) {
        kept.removeIf(sample -> sample.sampledAt().isBefore(cutoff));
    }
}
