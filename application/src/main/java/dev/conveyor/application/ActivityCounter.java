package dev.conveyor.application;

import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.domain.QueueActivity;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts this instance's activity per queue, in memory, between two recordings in the shared {@code ActivityLog},
 * and passes every count on to the next metrics (Prometheus). A count is taken exactly once: {@link #drain()}
 * swaps each number for zero atomically, and {@link #restore} gives back what could not be recorded.
 */
public final class ActivityCounter implements QueueMetrics {
    private static final int PUBLISHED = 0;
    private static final int RECEIVED = 1;
    private static final int ACKED = 2;
    private static final int NACKED = 3;
    private static final int DEAD_LETTERED = 4;
    private static final int EXPIRED = 5;

    private final QueueMetrics next;
    private final Map<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

    public ActivityCounter(QueueMetrics next) {
        this.next = next;
    }

    @Override
    public void published(String queueId, long count) {
        next.published(queueId, count);
        add(queueId, PUBLISHED, count);
    }

    @Override
    public void deduplicated(String queueId, long count) {
        next.deduplicated(queueId, count);
    }

    @Override
    public void received(String queueId, long count) {
        next.received(queueId, count);
        add(queueId, RECEIVED, count);
    }

    @Override
    public void acked(String queueId, long count) {
        next.acked(queueId, count);
        add(queueId, ACKED, count);
    }

    @Override
    public void nacked(String queueId, long count) {
        next.nacked(queueId, count);
        add(queueId, NACKED, count);
    }

    @Override
    public void deadLettered(String queueId, long count) {
        next.deadLettered(queueId, count);
        add(queueId, DEAD_LETTERED, count);
    }

    @Override
    public void expired(String queueId, long count) {
        next.expired(queueId, count);
        add(queueId, EXPIRED, count);
    }

    @Override
    public void dropped(String queueId, long count) {
        next.dropped(queueId, count);
    }

    /** The activity counted since the last drain, per queue that had any; the counts start again from zero. */
    public Map<String, QueueActivity> drain() {
        Map<String, QueueActivity> drained = new HashMap<>();
        counts.forEach((queueId, numbers) -> {
            QueueActivity activity = new QueueActivity(
                    numbers.getAndSet(PUBLISHED, 0),
                    numbers.getAndSet(RECEIVED, 0),
                    numbers.getAndSet(ACKED, 0),
                    numbers.getAndSet(NACKED, 0),
                    numbers.getAndSet(DEAD_LETTERED, 0),
                    numbers.getAndSet(EXPIRED, 0));
            if (!activity.isNone()) {
                drained.put(queueId, activity);
            }
        });
        return drained;
    }

    /** Counts again what a drain took but could not record, so that the next recording carries it. */
    public void restore(Map<String, QueueActivity> undelivered) {
        undelivered.forEach((queueId, activity) -> {
            add(queueId, PUBLISHED, activity.published());
            add(queueId, RECEIVED, activity.received());
            add(queueId, ACKED, activity.acked());
            add(queueId, NACKED, activity.nacked());
            add(queueId, DEAD_LETTERED, activity.deadLettered());
            add(queueId, EXPIRED, activity.expired());
        });
    }

    private void add(String queueId, int event, long count) {
        if (count != 0) {
            counts.computeIfAbsent(queueId, q -> new AtomicLongArray(EXPIRED + 1))
                    .addAndGet(event, count);
        }
    }
}
