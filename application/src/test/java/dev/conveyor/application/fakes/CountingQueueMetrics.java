package dev.conveyor.application.fakes;

import dev.conveyor.application.port.QueueMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts in memory what the services report, so tests can read the counts back per event and queue. */
public final class CountingQueueMetrics implements QueueMetrics {
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    /** The total reported for {@code event} (published, deduplicated, received, acked, nacked, deadLettered, expired, dropped). */
    public long count(String event, String queueId) {
        return counts.getOrDefault(event + "/" + queueId, 0L);
    }

    private void add(String event, String queueId, long count) {
        counts.merge(event + "/" + queueId, count, Long::sum);
    }

    @Override
    public void published(String queueId, long count) {
        add("published", queueId, count);
    }

    @Override
    public void deduplicated(String queueId, long count) {
        add("deduplicated", queueId, count);
    }

    @Override
    public void received(String queueId, long count) {
        add("received", queueId, count);
    }

    @Override
    public void acked(String queueId, long count) {
        add("acked", queueId, count);
    }

    @Override
    public void nacked(String queueId, long count) {
        add("nacked", queueId, count);
    }

    @Override
    public void deadLettered(String queueId, long count) {
        add("deadLettered", queueId, count);
    }

    @Override
    public void expired(String queueId, long count) {
        add("expired", queueId, count);
    }

    @Override
    public void dropped(String queueId, long count) {
        add("dropped", queueId, count);
    }
}
