package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.fakes.InMemoryActivityLog;
import dev.conveyor.application.fakes.InMemoryStatsSamples;
import dev.conveyor.application.port.ActivityLog;
import dev.conveyor.application.port.QueueMetrics;
import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.QueueActivity;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.TimedActivity;
import dev.conveyor.domain.TimedStats;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Each instance calls the sampler on its schedule; only a due sample is counted again. */
class QueueStatsSamplerTest {
    private static final Duration INTERVAL = Duration.ofSeconds(15);

    private static final Duration KEPT = Duration.ofMinutes(2);

    private final Services app = new Services();
    private final InMemoryStatsSamples samples = new InMemoryStatsSamples();
    private final InMemoryActivityLog log = new InMemoryActivityLog();
    private final ActivityCounter counter = new ActivityCounter(QueueMetrics.NONE);
    private final StatsSchedule schedule = new StatsSchedule(INTERVAL, KEPT);
    private final QueueStatsSampler sampler =
            new QueueStatsSampler(app.inspect, samples, log, counter, app.store.unitOfWork(), app.clock, schedule);

    private Instant now() {
        return app.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Test
    void theFirstCallCountsEveryQueue() {
        app.queue("b");
        app.queue("a");
        app.publishOne("a", "x");

        StatsSamples.Sample sample = sampler.sample();

        assertThat(sample)
                .isEqualTo(new StatsSamples.Sample(
                        now(), List.of(new QueueStats("a", 1, 0, 0, 0L), new QueueStats("b", 0, 0, 0, null))));
    }

    @Test
    void aSampleIsKeptForMostOfAnIntervalThenCountedAgain() {
        app.queue("a");
        Instant first = now();
        sampler.sample();
        app.publishOne("a", "x");

        app.advance(11); // younger than 4/5 of the interval: another instance's (or our own) count stands
        assertThat(sampler.sample())
                .isEqualTo(new StatsSamples.Sample(first, List.of(new QueueStats("a", 0, 0, 0, null))));

        app.advance(1);
        assertThat(sampler.sample())
                .isEqualTo(new StatsSamples.Sample(now(), List.of(new QueueStats("a", 1, 0, 0, 12L))));
    }

    @Test
    void aSampleTakenElsewhereIsReadNotCounted() {
        app.queue("a");
        app.publishOne("a", "x");
        samples.add(now(), List.of(new QueueStats("a", 7, 7, 7, 7L)));

        assertThat(sampler.sample().stats()).containsExactly(new QueueStats("a", 7, 7, 7, 7L));
    }

    @Test
    void everyCallRecordsTheActivityCountedSinceTheLastInTheBucketOfNow() {
        app.queue("a");
        sampler.sample();
        counter.published("a", 3);
        counter.acked("a", 1);
        app.advance(5); // no sample due: the activity is recorded all the same

        sampler.sample();
        sampler.sample();

        assertThat(log.between(List.of("a"), Instant.EPOCH, now().plusSeconds(60))
                        .get("a"))
                .containsExactly(new TimedActivity(schedule.bucketOf(now()), new QueueActivity(3, 0, 1, 0, 0, 0)));
    }

    @Test
    void activityThatCouldNotBeRecordedIsRecordedNextTime() {
        app.queue("a");
        AtomicBoolean down = new AtomicBoolean(true);
        ActivityLog failing = new ActivityLog() {
            @Override
            public void record(Instant bucket, Map<String, QueueActivity> activity) {
                if (down.get()) {
                    throw ConveyorException.unavailable("the database cannot be reached", null);
                }
                log.record(bucket, activity);
            }

            @Override
            public Map<String, List<TimedActivity>> between(Collection<String> queueIds, Instant from, Instant to) {
                return log.between(queueIds, from, to);
            }

            @Override
            public void forgetBefore(Instant cutoff) {
                log.forgetBefore(cutoff);
            }
        };
        var sampling = new QueueStatsSampler(
                app.inspect, samples, failing, counter, app.store.unitOfWork(), app.clock, schedule);
        counter.received("a", 2);

        assertThatThrownBy(sampling::sample).isInstanceOf(ConveyorException.class);
        down.set(false);
        counter.received("a", 1);
        sampling.sample();

        assertThat(log.between(List.of("a"), Instant.EPOCH, now().plusSeconds(60))
                        .get("a"))
                .extracting(TimedActivity::activity)
                .containsExactly(new QueueActivity(0, 3, 0, 0, 0, 0));
    }

    @Test
    void takingASampleForgetsSamplesAndActivityOlderThanTheHistoryKept() {
        app.queue("a");
        Instant first = now();
        counter.published("a", 1);
        sampler.sample();

        app.advance(KEPT.toSeconds() + 1);
        sampler.sample();

        assertThat(samples.between(List.of("a"), Instant.EPOCH, now().plusSeconds(1))
                        .get("a"))
                .extracting(TimedStats::at)
                .containsExactly(now());
        assertThat(log.between(List.of("a"), Instant.EPOCH, now().plusSeconds(1)))
                .isEmpty();
        assertThat(first).isBefore(now().minus(KEPT));
    }
}
