package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.application.CommitGroups;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
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

    /** How concurrent publishes, and concurrent acks, share transactions (group commit). */
    @JsonProperty
    @NotNull
    @Valid
    private GroupCommit groupCommit = new GroupCommit();

    /**
     * Publishes (or acks) that queue up while earlier ones commit are done together, in one transaction, each
     * still answered only after that commit: a commit per request is what limits the rate, not the rows.
     */
    public static class GroupCommit {
        /** How long a group waits for more requests before it starts; 0 groups only those that queued up anyway. */
        @JsonProperty
        @NotNull
        private Duration window = Duration.milliseconds(0);

        /** The most messages (or receipts) one group handles; a larger request goes alone. */
        @JsonProperty
        @Min(1)
        @Max(100_000)
        private int maxMessages = 1000;

        /** How many groups of publishes, and of acks, commit at once, each on a database connection of its own. */
        @JsonProperty
        @Min(1)
        @Max(1024)
        private int concurrency = 4;

        public CommitGroups toCommitGroups() {
            return new CommitGroups(java.time.Duration.ofNanos(window.toNanoseconds()), maxMessages, concurrency);
        }
    }

    public GroupCommit getGroupCommit() {
        return groupCommit;
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
