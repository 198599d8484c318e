package dev.conveyor.application.fakes;

import dev.conveyor.application.port.ActivityLog;
import dev.conveyor.domain.QueueActivity;
import dev.conveyor.domain.TimedActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The shared activity log in memory: per queue, the buckets in time order. */
public final class InMemoryActivityLog implements ActivityLog {
    private final Map<String, TreeMap<Instant, QueueActivity>> buckets = new LinkedHashMap<>();

    @Override
    public synchronized void record(Instant bucket, Map<String, QueueActivity> activity) {
        activity.forEach((queueId, counted) ->
                buckets.computeIfAbsent(queueId, q -> new TreeMap<>()).merge(bucket, counted, QueueActivity::plus));
    }

    @Override
    public synchronized Map<String, List<TimedActivity>> between(
            Collection<String> queueIds, Instant from, Instant to) {
        Map<String, List<TimedActivity>> found = new LinkedHashMap<>();
        for (String queueId : queueIds) {
            TreeMap<Instant, QueueActivity> queue = buckets.get(queueId);
            if (queue == null) {
                continue;
            }
            List<TimedActivity> inRange = new ArrayList<>();
            queue.subMap(from, true, to, false).forEach((at, counted) -> inRange.add(new TimedActivity(at, counted)));
            if (!inRange.isEmpty()) {
                found.put(queueId, inRange);
            }
        }
        return found;
    }

    @Override
    public synchronized void forgetBefore(Instant cutoff) {
        buckets.values().forEach(queue -> queue.headMap(cutoff, false).clear());
    }
}
