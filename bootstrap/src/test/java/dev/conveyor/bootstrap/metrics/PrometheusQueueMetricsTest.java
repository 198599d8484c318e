package dev.conveyor.bootstrap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counters of deleted queues are forgotten, never those of a queue younger than the sample that lacks it. */
class PrometheusQueueMetricsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusQueueMetrics metrics = new PrometheusQueueMetrics(registry, clock);

    private Set<String> queuesWithPublishedCounts() {
        return registry.scrape().stream()
                .filter(s -> s.getMetadata().getName().equals("conveyor_messages_published"))
                .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
                .map(p -> p.getLabels().get("queue"))
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aSampleTakenBeforeAQueueWasFirstCountedDoesNotForgetIt() {
        Instant sampleStarted = T0;
        clock.advance(Duration.ofMillis(500));
        metrics.published("new", 3);

        metrics.retainQueues(Set.of("other"), sampleStarted);
        metrics.retainQueues(Set.of("other"), sampleStarted.plusMillis(900)); // within the clocks' margin

        assertThat(queuesWithPublishedCounts()).containsExactly("new");
    }

    @Test
    void aLaterSampleWithoutTheQueueForgetsItsCounters() {
        metrics.published("gone", 3);
        metrics.acked("gone", 1);
        metrics.published("kept", 1);

        metrics.retainQueues(Set.of("kept"), T0.plusSeconds(15));

        assertThat(queuesWithPublishedCounts()).containsExactly("kept");
        // Counted again later (a queue of the same name made anew): starts over.
        metrics.published("gone", 1);
        assertThat(queuesWithPublishedCounts()).containsExactlyInAnyOrder("kept", "gone");
    }
}
