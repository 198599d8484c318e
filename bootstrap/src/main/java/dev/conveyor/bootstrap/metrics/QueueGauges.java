package dev.conveyor.bootstrap.metrics;

import dev.conveyor.application.QueueStatsSampler;
import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.QueueStats;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per-queue gauges of messages by state, set from the periodic sample that one instance takes for all, never
 * counted per scrape: a scrape stays cheap however many messages are stored.
 */
public final class QueueGauges {
    private final QueueStatsSampler sampler;
    private final PrometheusQueueMetrics counters;
    private final Gauge available;
    private final Gauge inFlight;
    private final Gauge delayed;
    private final Gauge oldestAge;
    private final Gauge sampledAt;
    private Set<String> sampled = Set.of();

    public QueueGauges(PrometheusRegistry registry, QueueStatsSampler sampler, PrometheusQueueMetrics counters) {
        this.sampler = sampler;
        this.counters = counters;
        available = gauge(
                registry,
                "conveyor_queue_messages_available",
                "Messages that a receive could lease now, as of the last sample.");
        inFlight = gauge(
                registry,
                "conveyor_queue_messages_in_flight",
                "Messages leased to a consumer whose lease has not ended, as of the last sample.");
        delayed = gauge(
                registry,
                "conveyor_queue_messages_delayed",
                "Messages not visible yet: delivery delay or nack backoff, as of the last sample.");
        oldestAge = gauge(
                registry,
                "conveyor_queue_oldest_message_age_seconds",
                "Age of the oldest message that a receive could lease now (0 when none), as of the last sample.");
        sampledAt = Gauge.builder()
                .name("conveyor_queue_stats_sampled_timestamp_seconds")
                .help("When the queue gauges were sampled, in Unix seconds (by whichever instance); stale when no "
                        + "instance can sample.")
                .register(registry);
    }

    private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
        return Gauge.builder().name(name).help(help).labelNames("queue").register(registry);
    }

    /** Takes or reads the latest sample and publishes it; forgets the series of deleted queues. */
    public synchronized void sample() {
        StatsSamples.Sample sample = sampler.sample();
        if (sample.sampledAt() == null) {
            return;
        }
        List<QueueStats> all = sample.stats();
        for (QueueStats stats : all) {
            String queue = stats.queueId();
            available.labelValues(queue).set((double) stats.available());
            inFlight.labelValues(queue).set((double) stats.inFlight());
            delayed.labelValues(queue).set((double) stats.delayed());
            Long age = stats.oldestAvailableAgeSeconds();
            oldestAge.labelValues(queue).set(age == null ? 0 : (double) age);
        }
        Set<String> present = all.stream().map(QueueStats::queueId).collect(Collectors.toSet());
        Set<String> gone = new HashSet<>(sampled);
        gone.removeAll(present);
        for (String queue : gone) {
            for (Gauge gauge : List.of(available, inFlight, delayed, oldestAge)) {
                gauge.remove(queue);
            }
        }
        sampled = present;
        counters.retainQueues(present, sample.sampledAt());
        sampledAt.set(sample.sampledAt().toEpochMilli() / 1000.0);
    }
}
