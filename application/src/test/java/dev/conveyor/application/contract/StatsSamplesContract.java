package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link StatsSamples}, run against the in-memory fake and the real adapter. */
public abstract class StatsSamplesContract {
    protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(12);

    protected StatsSamples samples;
    protected UnitOfWork unitOfWork;

    /** Sets {@link #samples} and {@link #unitOfWork} over a store with no sample yet. */
    protected abstract void emptyStore();

    @BeforeEach
    final void openStore() {
        emptyStore();
    }

    private boolean claim(Instant now) {
        return unitOfWork.inTransaction(() -> samples.claim(now, MAX_AGE));
    }

    @Test
    void thereIsNoSampleAtFirstAndOneIsDue() {
        assertThat(samples.latest()).isEqualTo(StatsSamples.Sample.NONE);
        assertThat(claim(T0)).isTrue();
    }

    @Test
    void aSampleReplacesTheLatestAndIsReadInQueueOrder() {
        samples.replace(T0, List.of(new QueueStats("old", 1, 1, 1, 1L)));
        Instant later = T0.plusSeconds(15);
        List<QueueStats> stats = List.of(new QueueStats("b", 3, 2, 1, null), new QueueStats("a", 10, 0, 5, 42L));

        samples.replace(later, stats);

        assertThat(samples.latest())
                .isEqualTo(new StatsSamples.Sample(
                        later, List.of(new QueueStats("a", 10, 0, 5, 42L), new QueueStats("b", 3, 2, 1, null))));
    }

    @Test
    void anEmptySampleKeepsItsTime() {
        samples.replace(T0, List.of(new QueueStats("a", 1, 0, 0, 0L)));
        samples.replace(T0.plusSeconds(20), List.of());

        assertThat(samples.latest()).isEqualTo(new StatsSamples.Sample(T0.plusSeconds(20), List.of()));
        assertThat(claim(T0.plusSeconds(21))).isFalse();
    }

    @Test
    void aYoungSampleIsNotDueAndAnOldOneIs() {
        samples.replace(T0, List.of(new QueueStats("a", 1, 0, 0, 0L)));

        assertThat(claim(T0.plus(MAX_AGE).minusMillis(1))).isFalse();
        assertThat(claim(T0.plus(MAX_AGE))).isTrue();
    }
}
