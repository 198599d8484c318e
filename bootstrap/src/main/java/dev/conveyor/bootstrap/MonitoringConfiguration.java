package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.application.StatsSchedule;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;

/** How the per-queue gauges of {@code /metrics}, {@code /v1/stats} and the queues' history are kept. */
public class MonitoringConfiguration {
    /**
     * How often every queue's messages are counted by state, by one instance for all (see QueueStatsSampler).
     * A count reads every stored message (about 3 s of one database core with 5 million stored), so it runs
     * on a schedule, never per scrape.
     */
    @JsonProperty
    @NotNull
    private Duration queueStatsInterval = Duration.seconds(30);

    /**
     * How long the samples and the activity behind {@code /v1/stats} and the queues' history are kept; older ones
     * are forgotten by the instance that takes a sample. A day of 30 s samples is 2,880 small rows per queue.
     */
    @JsonProperty
    @NotNull
    private Duration statsHistory = Duration.hours(24);

    public Duration getQueueStatsInterval() {
        return queueStatsInterval;
    }

    public Duration getStatsHistory() {
        return statsHistory;
    }

    @ValidationMethod(
            message = "monitoring.statsHistory must be at least a minute and at least monitoring.queueStatsInterval")
    @JsonIgnore
    public boolean isStatsHistoryLongEnough() {
        return statsHistory.toSeconds() >= 60 && statsHistory.toMilliseconds() >= queueStatsInterval.toMilliseconds();
    }

    /** The schedule the application's stats follow. */
    public StatsSchedule schedule() {
        return new StatsSchedule(
                java.time.Duration.ofMillis(queueStatsInterval.toMilliseconds()),
                java.time.Duration.ofMillis(statsHistory.toMilliseconds()));
    }
}
