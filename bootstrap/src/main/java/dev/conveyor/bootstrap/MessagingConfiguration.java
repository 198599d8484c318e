package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** How the messaging API behaves beyond what each queue's settings say. */
public class MessagingConfiguration {
  /** Largest request body accepted; larger ones get 413. Room for 100 messages of 256 KiB as JSON text. */
  @JsonProperty
  @NotNull
  private DataSize maxRequestSize = DataSize.mebibytes(32);

  /** How often a waiting long poll looks again without being woken: the safety net for delayed messages. */
  @JsonProperty
  @NotNull
  private Duration longPollRecheck = Duration.seconds(1);

  /** Arrivals announced within this window go to the other instances in one NOTIFY. */
  @JsonProperty
  @NotNull
  private Duration notifyWindow = Duration.milliseconds(5);

  /** How often the offset to the database server's clock is measured again. */
  @JsonProperty
  @NotNull
  private Duration clockSyncInterval = Duration.minutes(1);

  public DataSize getMaxRequestSize() {
    return maxRequestSize;
  }

  public Duration getLongPollRecheck() {
    return longPollRecheck;
  }

  public Duration getNotifyWindow() {
    return notifyWindow;
  }

  public Duration getClockSyncInterval() {
    return clockSyncInterval;
  }
}
