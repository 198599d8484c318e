package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.reliability.history.Event;
import dev.conveyor.reliability.history.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishLatencyTest {
    @Test
    void takesThePublishesInvokedInTheWindowWhateverTheirOutcome() {
        List<Event> events = new ArrayList<>();
        // 100 publishes invoked 1 ms apart, the n-th taking n ms; the last one had no answer after 500 ms.
        for (int n = 1; n <= 100; n++) {
            long invoked = n * 1_000_000L;
            long took = (n == 100 ? 500 : n) * 1_000_000L;
            events.add(new Publish(
                    "p/publish-" + n,
                    "p",
                    invoked,
                    invoked + took,
                    List.of("t-" + n),
                    Set.of("q"),
                    n == 100 ? Publish.Outcome.AMBIGUOUS : Publish.Outcome.OK));
        }

        PublishLatency all = PublishLatency.of(events, 0, 1_000_000_000L);
        PublishLatency firstTen = PublishLatency.of(events, 1_000_000L, 11_000_000L);

        assertThat(all.publishes()).isEqualTo(100);
        assertThat(all.p50Millis()).isEqualTo(50.0);
        assertThat(all.p99Millis()).isEqualTo(99.0);
        assertThat(firstTen.publishes()).isEqualTo(10);
        assertThat(firstTen.p99Millis()).isEqualTo(10.0);
        assertThat(PublishLatency.of(events, 0, 1_000_000L).p99Millis()).isNaN();
    }
}
