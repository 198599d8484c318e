package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The cleanup every instance runs by itself: expired messages deleted, exhausted ones dead-lettered. */
public class CleanupConfiguration {
    @JsonProperty
    private boolean enabled = true;

    @JsonProperty
    @NotNull
    private Duration interval = Duration.seconds(10);

    public boolean isEnabled() {
        return enabled;
    }

    public Duration getInterval() {
        return interval;
    }
}
