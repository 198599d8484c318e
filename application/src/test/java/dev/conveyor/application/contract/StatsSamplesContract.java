package dev.conveyor.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.application.port.UnitOfWork;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.TimedStats;
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
    void theLatestSampleIsReadInQueueOrder() {
        samples.add(T0, List.of(new QueueStats("old", 1, 1, 1, 1L)));
        Instant later = T0.plusSeconds(15);
        List<QueueStats> stats = List.of(new QueueStats("b", 3, 2, 1, null), new QueueStats("a", 10, 0, 5, 42L));

        samples.add(later, stats);

        assertThat(samples.latest())
                .isEqualTo(new StatsSamples.Sample(
                        later, List.of(new QueueStats("a", 10, 0, 5, 42L), new QueueStats("b", 3, 2, 1, null))));
    }

    @Test
    void anEmptySampleKeepsItsTime() {
        samples.add(T0, List.of(new QueueStats("a", 1, 0, 0, 0L)));
        samples.add(T0.plusSeconds(20), List.of());

        assertThat(samples.latest()).isEqualTo(new StatsSamples.Sample(T0.plusSeconds(20), List.of()));
        assertThat(claim(T0.plusSeconds(21))).isFalse();
    }

    @Test
    void samplesAreKeptAndReadPerQueueOldestFirstWithinTheRange() {
        QueueStats a0 = new QueueStats("a", 1, 0, 0, 0L);
        QueueStats a1 = new QueueStats("a", 2, 0, 0, 10L);
        QueueStats a2 = new QueueStats("a", 3, 0, 0, 20L);
        QueueStats b1 = new QueueStats("b", 5, 1, 0, null);
        samples.add(T0, List.of(a0));
        samples.add(T0.plusSeconds(10), List.of(b1, a1));
        samples.add(T0.plusSeconds(20), List.of(a2));

        assertThat(samples.between(List.of("a", "b", "c"), T0.plusSeconds(5), T0.plusSeconds(30)))
                .containsOnly(
                        entry(
                                "a",
                                List.of(
                                        new TimedStats(T0.plusSeconds(10), a1),
                                        new TimedStats(T0.plusSeconds(20), a2))),
                        entry("b", List.of(new TimedStats(T0.plusSeconds(10), b1))));
        assertThat(samples.between(List.of("a"), T0, T0.plusSeconds(20)).get("a"))
                .as("from is included, to is not")
                .containsExactly(new TimedStats(T0, a0), new TimedStats(T0.plusSeconds(10), a1));
        assertThat(samples.between(List.of("b"), T0.plusSeconds(11), T0.plusSeconds(30)))
                .isEmpty();
    }

    @Test
    void forgettingDropsOnlyTheOlderSamples() {
        samples.add(T0, List.of(new QueueStats("a", 1, 0, 0, 0L)));
        samples.add(T0.plusSeconds(10), List.of(new QueueStats("a", 2, 0, 0, 0L)));

        samples.forgetBefore(T0.plusSeconds(10));

        assertThat(samples.between(List.of("a"), T0.minusSeconds(60), T0.plusSeconds(60))
                        .get("a"))
                .extracting(TimedStats::at)
                .containsExactly(T0.plusSeconds(10));
        assertThat(samples.latest().sampledAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aYoungSampleIsNotDueAndAnOldOneIs() {
        samples.add(T0, List.of(new QueueStats("a", 1, 0, 0, 0L)));

        assertThat(claim(T0.plus(MAX_AGE).minusMillis(1))).isFalse();
        assertThat(claim(T0.plus(MAX_AGE))).isTrue();
    }
}
