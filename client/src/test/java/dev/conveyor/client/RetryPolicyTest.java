package dev.conveyor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void drawsEachWaitBetweenZeroAndACapThatDoublesUpToTheMaximum() {
        assertThat(waits(1)).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(100)));
        assertThat(waits(3)).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(400)));
        assertThat(waits(9)).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(1)));
        assertThat(waits(3))
                .as("full jitter: spread over the whole range")
                .anySatisfy(wait -> assertThat(wait).isGreaterThan(Duration.ofMillis(300)))
                .anySatisfy(wait -> assertThat(wait).isLessThan(Duration.ofMillis(100)));
    }

    @Test
    void waitsWhatRetryAfterSaysUpToTheMaximum() {
        assertThat(policy.delay(1, Duration.ZERO, random)).isEqualTo(Duration.ZERO);
        assertThat(policy.delay(1, Duration.ofMillis(700), random)).isEqualTo(Duration.ofMillis(700));
        assertThat(policy.delay(1, Duration.ofMinutes(5), random)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesBoundsThatMeanNothing() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RetryPolicy.none().delay(1, null, random)).isEqualTo(Duration.ZERO);
    }

    private java.util.List<Duration> waits(int retry) {
        return IntStream.range(0, 200)
                .mapToObj(i -> policy.delay(retry, null, random))
                .toList();
    }
}
