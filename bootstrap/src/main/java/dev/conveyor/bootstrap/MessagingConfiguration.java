package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import dev.conveyor.application.PublishService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

  /**
   * How old the queue settings a receive, ack or nack uses may be when they were changed through another
   * instance (a change through this one applies at once); 0 reads them on every call.
   */
  @JsonProperty
  @NotNull
  private Duration queueSettingsMaxAge = Duration.seconds(1);

  public Duration getQueueSettingsMaxAge() {
    return queueSettingsMaxAge;
  }

  /** How often the offset to the database server's clock is measured again. */
  @JsonProperty
  @NotNull
  private Duration clockSyncInterval = Duration.minutes(1);

  /** How concurrent publishes share transactions (group commit). */
  @JsonProperty
  @NotNull
  @Valid
  private PublishGroups publishGroups = new PublishGroups();

  /**
   * Publishes that queue up while earlier ones commit are stored together, in one transaction and one
   * multi-row insert, each still answered only after that commit: a commit per publish is what limits the
   * publish rate, not the rows.
   */
  public static class PublishGroups {
    /** How long a group waits for more publishes before it starts; 0 groups only those that queued up anyway. */
    @JsonProperty
    @NotNull
    private Duration window = Duration.milliseconds(0);

    /** The most messages one group stores; a larger publish (a batch) goes alone. */
    @JsonProperty
    @Min(1)
    @Max(100_000)
    private int maxMessages = 1000;

    /** How many groups commit at once, each on a database connection of its own. */
    @JsonProperty
    @Min(1)
    @Max(1024)
    private int concurrency = 4;

    public PublishService.Grouping toGrouping() {
      return new PublishService.Grouping(java.time.Duration.ofNanos(window.toNanoseconds()), maxMessages, concurrency);
    }
  }

  public PublishGroups getPublishGroups() {
    return publishGroups;
  }

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
