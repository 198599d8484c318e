package dev.conveyor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsWindowTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:47Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private static StatsWindow ending(Long window, Long step) {
        return StatsWindow.ending(NOW, window, step, DAY, INTERVAL);
    }

    @Test
    void byDefaultTheLastHourInStepsOfTheSampleInterval() {
        StatsWindow window = ending(null, null);

        assertThat(window.step()).isEqualTo(INTERVAL);
        assertThat(window.points()).isEqualTo(120);
        assertThat(window.to()).as("the last step holds now").isEqualTo(Instant.parse("2026-12-07T10:01:00Z"));
        assertThat(window.from()).isEqualTo(Instant.parse("2026-12-07T09:01:00Z"));
    }

    @Test
    void aLongWindowGetsAStepThatKeepsItToTheDefaultNumberOfPointsInWholeIntervals() {
        StatsWindow window = ending(86_400L, null);

        assertThat(window.step()).isEqualTo(Duration.ofSeconds(480));
        assertThat(window.points()).isEqualTo(180);
    }

    @Test
    void stepsStartAtWholeMultiplesOfTheStepSoReadsMomentsApartShareThem() {
        StatsWindow earlier = StatsWindow.ending(NOW, 600L, 60L, DAY, INTERVAL);
        StatsWindow later = StatsWindow.ending(NOW.plusSeconds(5), 600L, 60L, DAY, INTERVAL);

        assertThat(later).isEqualTo(earlier);
        assertThat(earlier.from().getEpochSecond() % 60).isZero();
    }

    @Test
    void boundsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ending(59L, null)).hasMessageContaining("window_seconds must be between 60 and 86400");
        assertThatThrownBy(() -> ending(86_401L, null)).hasMessageContaining("window_seconds");
        assertThatThrownBy(() -> ending(3600L, 0L)).hasMessageContaining("step_seconds must be between 1 and 3600");
        assertThatThrownBy(() -> ending(3600L, 3601L)).hasMessageContaining("step_seconds");
        assertThatThrownBy(() -> ending(86_400L, 60L))
                .hasMessageContaining("step_seconds must be at least 87 for window_seconds 86400");
    }

    @Test
    void eachStepTakesTheLatestSampleInItAndTheSumOfItsActivityAsRates() {
        StatsWindow window = StatsWindow.ending(NOW, 120L, 60L, DAY, INTERVAL);
        Instant first = window.from();
        QueueStats early = new QueueStats("q", 1, 0, 0, 5L);
        QueueStats late = new QueueStats("q", 2, 0, 0, 35L);
        QueueActivity thirty = new QueueActivity(30, 60, 0, 0, 0, 0);

        List<StatsPoint> points = window.timeline(
                List.of(
                        new TimedStats(first.plusSeconds(30), late),
                        new TimedStats(first, early),
                        new TimedStats(first.minusSeconds(1), new QueueStats("q", 9, 9, 9, 9L))),
                List.of(
                        new TimedActivity(first, thirty),
                        new TimedActivity(first.plusSeconds(30), thirty),
                        new TimedActivity(window.to(), thirty)));

        assertThat(points).hasSize(2);
        assertThat(points.get(0)).isEqualTo(new StatsPoint(first, late, new QueueRates(1, 2, 0, 0, 0, 0)));
        assertThat(points.get(1))
                .as("a step without a sample has no counts, without activity no rates")
                .isEqualTo(new StatsPoint(first.plusSeconds(60), null, new QueueRates(0, 0, 0, 0, 0, 0)));
    }
}
