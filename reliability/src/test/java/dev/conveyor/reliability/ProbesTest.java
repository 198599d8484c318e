package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.reliability.Probes.Sample;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbesTest {
    @Test
    void aProperRefusalIs503JsonWithRetryAfter() {
        assertThat(sample(503, true, "1").refusedProperly()).isTrue();
        assertThat(sample(503, false, "1").refusedProperly()).isFalse();
        assertThat(sample(503, true, null).refusedProperly()).isFalse();
        assertThat(sample(500, true, "1").refusedProperly()).isFalse();
    }

    @Test
    void countsAnswersByStatusWithNoAnswerNamed() {
        List<Sample> samples = List.of(
                sample(503, true, "1"), sample(201, false, null), sample(0, false, null), sample(503, true, "1"));

        assertThat(Probes.statuses(samples)).isEqualTo("no answer: 1, 201: 1, 503: 2");
    }

    @Test
    void writesDurationsInSecondsOrNever() {
        assertThat(Probes.seconds(Duration.ofMillis(1234))).isEqualTo("1.23 s");
        assertThat(Probes.seconds(null)).isEqualTo("never");
        assertThat(Probes.slowest(List.of())).isEqualTo("never");
        assertThat(Probes.slowest(List.of(new Sample(0, 0, 2_500_000_000L, 201, false, null, null))))
                .isEqualTo("2.50 s");
    }

    private static Sample sample(int status, boolean json, String retryAfter) {
        return new Sample(0, 0, 1, status, json, retryAfter, null);
    }
}
