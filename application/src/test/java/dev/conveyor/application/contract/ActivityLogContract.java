package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.conveyor.application.port.ActivityLog;
import dev.conveyor.domain.QueueActivity;
import dev.conveyor.domain.TimedActivity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ActivityLog}, run against the in-memory fake and the real adapter. */
public abstract class ActivityLogContract {
    protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    protected ActivityLog log;

    /** Sets {@link #log} over a store with nothing recorded. */
    protected abstract void emptyStore();

    @BeforeEach
    final void openStore() {
        emptyStore();
    }

    private static QueueActivity published(long n) {
        return new QueueActivity(n, 0, 0, 0, 0, 0);
    }

    @Test
    void whatEveryInstanceRecordsInOneBucketAddsUp() {
        log.record(T0, Map.of("a", new QueueActivity(1, 2, 3, 4, 5, 6), "b", published(7)));
        log.record(T0, Map.of("a", new QueueActivity(10, 20, 30, 40, 50, 60)));

        assertThat(log.between(List.of("a", "b"), T0, T0.plusSeconds(1)))
                .containsOnly(
                        entry("a", List.of(new TimedActivity(T0, new QueueActivity(11, 22, 33, 44, 55, 66)))),
                        entry("b", List.of(new TimedActivity(T0, published(7)))));
    }

    @Test
    void bucketsAreReadPerQueueOldestFirstWithinTheRange() {
        log.record(T0.plusSeconds(20), Map.of("a", published(3)));
        log.record(T0, Map.of("a", published(1)));
        log.record(T0.plusSeconds(10), Map.of("a", published(2), "other", published(9)));

        assertThat(log.between(List.of("a"), T0, T0.plusSeconds(20)).get("a"))
                .as("from is included, to is not")
                .containsExactly(
                        new TimedActivity(T0, published(1)), new TimedActivity(T0.plusSeconds(10), published(2)));
        assertThat(log.between(List.of("nobody"), T0, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void forgettingDropsOnlyTheOlderBuckets() {
        log.record(T0, Map.of("a", published(1)));
        log.record(T0.plusSeconds(10), Map.of("a", published(2)));

        log.forgetBefore(T0.plusSeconds(10));

        assertThat(log.between(List.of("a"), T0.minusSeconds(60), T0.plusSeconds(60))
                        .get("a"))
                .containsExactly(new TimedActivity(T0.plusSeconds(10), published(2)));
    }
}
