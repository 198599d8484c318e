package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** How the per-queue gauges of {@code /metrics} are kept up to date. */
public class MonitoringConfiguration {
    /**
     * How often every queue's messages are counted by state, by one instance for all (see QueueStatsSampler).
     * A count reads every stored message (about 3 s of one database core with 5 million stored), so it runs
     * on a schedule, never per scrape.
     */
    @JsonProperty
    @NotNull
    private Duration queueStatsInterval = Duration.seconds(30);

    public Duration getQueueStatsInterval() {
        return queueStatsInterval;
    }
}
