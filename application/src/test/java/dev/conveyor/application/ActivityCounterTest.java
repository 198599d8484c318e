package dev.conveyor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.application.fakes.CountingQueueMetrics;
import dev.conveyor.domain.QueueActivity;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActivityCounterTest {
    private final CountingQueueMetrics next = new CountingQueueMetrics();
    private final ActivityCounter counter = new ActivityCounter(next);

    @Test
    void countsEachEventPerQueuePassesItOnAndStartsAgainAfterADrain() {
        counter.published("a", 3);
        counter.received("a", 2);
        counter.acked("a", 1);
        counter.nacked("a", 1);
        counter.deadLettered("a", 1);
        counter.expired("b", 4);
        counter.dropped("b", 5);
        counter.deduplicated("b", 6);

        assertThat(counter.drain())
                .isEqualTo(Map.of(
                        "a", new QueueActivity(3, 2, 1, 1, 1, 0),
                        "b", new QueueActivity(0, 0, 0, 0, 0, 4)));
        assertThat(counter.drain()).isEmpty();
        assertThat(next.count("published", "a")).isEqualTo(3);
        assertThat(next.count("dropped", "b")).isEqualTo(5);
    }

    @Test
    void whatIsRestoredIsDrainedAgainWithWhatCameMeanwhile() {
        counter.published("a", 3);
        Map<String, QueueActivity> drained = counter.drain();
        counter.published("a", 1);

        counter.restore(drained);

        assertThat(counter.drain()).isEqualTo(Map.of("a", new QueueActivity(4, 0, 0, 0, 0, 0)));
    }

    @Test
    void noCountIsLostOrTakenTwiceWhileDrainsRunBesideTheCounting() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long[] drainedTotal = new long[1];
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 100_000; i++) {
                    counter.published("a", 1);
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.MILLISECONDS)) {
            drainedTotal[0] +=
                    counter.drain().getOrDefault("a", QueueActivity.NONE).published();
        }
        drainedTotal[0] += counter.drain().getOrDefault("a", QueueActivity.NONE).published();

        assertThat(drainedTotal[0]).isEqualTo(400_000);
    }
}
