package dev.conveyor.bootstrap.metrics;

import dev.conveyor.application.port.QueueMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-queue message counters, labelled {@code queue}. Prometheus client counters rather than Dropwizard ones:
 * Dropwizard metrics have no labels, and queue names may hold the dots its bridge splits names on.
 */
public final class PrometheusQueueMetrics implements QueueMetrics {
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(1);

    private final Counter published;
    private final Counter deduplicated;
    private final Counter received;
    private final Counter acked;
    private final Counter nacked;
    private final Counter deadLettered;
    private final Counter expired;
    private final Counter dropped;
    private final List<Counter> all;
    /** When each queue was first counted here: a sample taken later that lacks the queue shows it deleted. */
    private final Map<String, Instant> firstCounted = new ConcurrentHashMap<>();

    private final InstantSource clock;

    public PrometheusQueueMetrics(PrometheusRegistry registry, InstantSource clock) {
        this.clock = clock;
        published = counter(
                registry,
                "conveyor_messages_published_total",
                "Messages stored in the queue by publishes, one per copy a topic fanned out to it.");
        deduplicated = counter(
                registry,
                "conveyor_messages_deduplicated_total",
                "Copies not stored in the queue because their publish repeated a deduplication id within its window:"
                        + " one per copy the first publish stored.");
        received = counter(
                registry,
                "conveyor_messages_received_total",
                "Deliveries: messages leased to consumers by receives, redeliveries included.");
        acked = counter(registry, "conveyor_messages_acked_total", "Messages acked (deleted) by consumers.");
        nacked = counter(registry, "conveyor_messages_nacked_total", "Leases ended early by consumers' nacks.");
        deadLettered = counter(
                registry,
                "conveyor_messages_dead_lettered_total",
                "Messages moved from the queue to its dead-letter queue after their last allowed delivery.");
        expired = counter(
                registry,
                "conveyor_messages_expired_total",
                "Messages deleted by the cleanup because they outlived the queue's retention.");
        dropped = counter(
                registry,
                "conveyor_messages_dropped_total",
                "Messages deleted after their last allowed delivery because the queue has no dead-letter queue.");
        all = List.of(published, deduplicated, received, acked, nacked, deadLettered, expired, dropped);
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("queue").register(registry);
    }

    @Override
    public void published(String queueId, long count) {
        add(published, queueId, count);
    }

    @Override
    public void deduplicated(String queueId, long count) {
        add(deduplicated, queueId, count);
    }

    @Override
    public void received(String queueId, long count) {
        add(received, queueId, count);
    }

    @Override
    public void acked(String queueId, long count) {
        add(acked, queueId, count);
    }

    @Override
    public void nacked(String queueId, long count) {
        add(nacked, queueId, count);
    }

    @Override
    public void deadLettered(String queueId, long count) {
        add(deadLettered, queueId, count);
    }

    @Override
    public void expired(String queueId, long count) {
        add(expired, queueId, count);
    }

    @Override
    public void dropped(String queueId, long count) {
        add(dropped, queueId, count);
    }

    private void add(Counter counter, String queueId, long count) {
        firstCounted.computeIfAbsent(queueId, id -> clock.instant());
        counter.labelValues(queueId).inc(count);
    }

    /**
     * Forgets the counters of the queues a sample lacks although it was taken after they were first counted:
     * they were deleted. A sample taken earlier may lack a queue only because it is younger than the sample.
     * The margin covers the clocks of two instances, both following the database's.
     */
    void retainQueues(Set<String> present, Instant sampledAt) {
        Instant countedBefore = sampledAt.minus(CLOCK_MARGIN);
        firstCounted.forEach((queueId, since) -> {
            if (!present.contains(queueId) && since.isBefore(countedBefore)) {
                firstCounted.remove(queueId);
                all.forEach(counter -> counter.remove(queueId));
            }
        });
    }
}
