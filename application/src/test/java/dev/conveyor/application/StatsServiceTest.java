package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.InMemoryActivityLog;
import dev.conveyor.application.fakes.InMemoryStatsSamples;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueActivity;
import dev.conveyor.domain.QueueRates;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.StatsPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overview and history, read from the samples and activity kept, never from the messages. */
class StatsServiceTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final Services app = new Services();
    private final InMemoryStatsSamples samples = new InMemoryStatsSamples();
    private final InMemoryActivityLog log = new InMemoryActivityLog();
    private final StatsSchedule schedule = new StatsSchedule(INTERVAL, Duration.ofDays(1));
    private final StatsService stats = new StatsService(app.store.queues(), samples, log, app.clock, schedule);

    private Instant now() {
        return app.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Test
    void theOverviewListsEveryQueueOfThePageWithItsLatestCountsAndRecentRates() {
        app.queue("a");
        app.queue("b");
        samples.add(now(), List.of(new QueueStats("a", 4, 1, 0, 12L)));
        app.queue("c");
        Instant current = schedule.bucketOf(now());
        // Two whole buckets before the one filling now count; the one filling now does not yet.
        log.record(current.minus(INTERVAL), Map.of("a", new QueueActivity(60, 30, 30, 0, 0, 0)));
        log.record(current.minus(INTERVAL.multipliedBy(2)), Map.of("a", new QueueActivity(60, 0, 0, 0, 0, 0)));
        log.record(current, Map.of("a", new QueueActivity(1000, 0, 0, 0, 0, 0)));
        log.record(current.minus(INTERVAL.multipliedBy(3)), Map.of("a", new QueueActivity(1000, 0, 0, 0, 0, 0)));

        StatsService.Overview overview = stats.overview(new Page(2, 0));

        assertThat(overview.interval()).isEqualTo(INTERVAL);
        assertThat(overview.rateWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(overview.queues())
                .containsExactly(
                        new StatsService.QueueOverview(
                                "a", now(), new QueueStats("a", 4, 1, 0, 12L), new QueueRates(2, 0.5, 0.5, 0, 0, 0)),
                        new StatsService.QueueOverview("b", null, null, new QueueRates(0, 0, 0, 0, 0, 0)));
        assertThat(stats.overview(new Page(2, 2)).queues())
                .as("a queue created after the latest sample has no counts yet")
                .extracting(StatsService.QueueOverview::queueId, StatsService.QueueOverview::stats)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", null));
    }

    @Test
    void aQueuesHistoryHasOnePointPerStepOfTheWindow() {
        app.queue("a");
        samples.add(now().minusSeconds(90), List.of(new QueueStats("a", 1, 0, 0, 0L)));
        samples.add(now(), List.of(new QueueStats("a", 2, 0, 0, 0L)));

        StatsService.QueueHistory history = stats.history("a", 600L, 60L);

        assertThat(history.points()).hasSize(10);
        assertThat(history.points())
                .extracting(StatsPoint::counts)
                .filteredOn(counts -> counts != null)
                .extracting(QueueStats::available)
                .containsExactly(1L, 2L);
        assertThat(history.points().get(9).at()).isBeforeOrEqualTo(now());
    }

    @Test
    void theHistoryOfAnUnknownQueueIsNotFound() {
        assertThatThrownBy(() -> stats.history("nowhere", null, null))
                .isInstanceOfSatisfying(
                        ConveyorException.class, e -> assertThat(e.kind()).isEqualTo(ConveyorException.Kind.NOT_FOUND));
    }

    @Test
    void theHistoriesOfAPageOfQueuesShareOneWindow() {
        app.queue("a");
        app.queue("b");

        StatsService.Histories histories = stats.histories(new Page(10, 0), 3600L, null);

        assertThat(histories.queues())
                .extracting(StatsService.QueueHistory::queueId)
                .containsExactly("a", "b");
        assertThat(histories.queues()).allSatisfy(h -> assertThat(h.window()).isEqualTo(histories.window()));
        assertThat(histories.queues().get(0).points()).hasSize(120);
    }
}
