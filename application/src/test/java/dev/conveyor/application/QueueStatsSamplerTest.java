package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.InMemoryStatsSamples;
import dev.conveyor.application.port.StatsSamples;
import dev.conveyor.domain.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each instance calls the sampler on its schedule; only a due sample is counted again. */
class QueueStatsSamplerTest {
    private static final Duration INTERVAL = Duration.ofSeconds(15);

    private final Services app = new Services();
    private final InMemoryStatsSamples samples = new InMemoryStatsSamples();
    private final QueueStatsSampler sampler =
            new QueueStatsSampler(app.inspect, samples, app.store.unitOfWork(), app.clock, INTERVAL);

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
        samples.replace(now(), List.of(new QueueStats("a", 7, 7, 7, 7L)));

        assertThat(sampler.sample().stats()).containsExactly(new QueueStats("a", 7, 7, 7, 7L));
    }
}
