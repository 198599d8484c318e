package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** How the per-queue gauges of {@code /metrics} are kept up to date. */
public class MonitoringConfiguration {
  /**
   * How often each instance counts every queue's messages by state. A sample reads each stored message's
   * index entry once (about a second per 5 million messages), so it runs on a schedule, never per scrape.
   */
  @JsonProperty
  @NotNull
  private Duration queueStatsInterval = Duration.seconds(15);

  public Duration getQueueStatsInterval() {
    return queueStatsInterval;
  }
}
