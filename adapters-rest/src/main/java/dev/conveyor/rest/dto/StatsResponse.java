package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.QueueStats;
import io.swagger.v3.oas.annotations.media.Schema;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(description = "How many messages a queue holds, by state.")
public record StatsResponse(
        @Schema(description = "The queue's name.", example = "orders", requiredMode = REQUIRED)
        String queueId,

        @Schema(description = "Messages a receive could lease now.", minimum = "0", requiredMode = REQUIRED)
        long available,

        @Schema(description = "Messages leased to a consumer right now.", minimum = "0", requiredMode = REQUIRED)
        long inFlight,

        @Schema(
                description = "Messages not visible yet: delayed by a delivery delay or a nack.",
                minimum = "0",
                requiredMode = REQUIRED)
        long delayed,

        @Schema(description = "Every message the queue holds.", minimum = "0", requiredMode = REQUIRED)
        long total,

        @Schema(
                description = "Age in seconds of the oldest message a receive could lease now (neither delayed nor "
                        + "leased); null when there is none.",
                minimum = "0",
                nullable = true,
                requiredMode = REQUIRED)
        Long oldestAvailableAgeSeconds) {
    public static StatsResponse from(QueueStats s) {
        return new StatsResponse(
                s.queueId(), s.available(), s.inFlight(), s.delayed(), s.total(), s.oldestAvailableAgeSeconds());
    }
}
