package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.CleanupReport;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a cleanup of one queue did, per kind. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "What a cleanup of one queue did, per kind.")
public record CleanupResponse(
        @Schema(description = "The queue cleaned up.", example = "orders", requiredMode = REQUIRED)
        String queueId,

        @Schema(
                description = "Messages deleted for being older than the queue's message_retention_seconds.",
                minimum = "0",
                requiredMode = REQUIRED)
        long expired,

        @Schema(
                description = "Messages whose deliveries were exhausted, moved to the dead-letter queue.",
                minimum = "0",
                requiredMode = REQUIRED)
        long deadLettered,

        @Schema(
                description = "Messages whose deliveries were exhausted, dropped for want of a dead-letter queue.",
                minimum = "0",
                requiredMode = REQUIRED)
        long dropped) {
    public static CleanupResponse from(CleanupReport.QueueCleanup done) {
        return new CleanupResponse(done.queueId(), done.expired(), done.deadLettered(), done.dropped());
    }
}
