package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.StatsService;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(
        name = "QueueHistory",
        description = "A queue's history over a window, one point per step, oldest first; the last step holds now "
                + "and is still filling.")
public record QueueHistoryResponse(
        @Schema(description = "The queue's name.", example = "orders", requiredMode = REQUIRED)
        String queueId,

        @Schema(description = "When the first step starts. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant from,

        @Schema(description = "When the last step ends. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant to,

        @Schema(description = "The length of each step.", example = "30", requiredMode = REQUIRED)
        long stepSeconds,

        @Schema(description = "One point per step, oldest first.", requiredMode = REQUIRED)
        List<StatsPointResponse> data) {
    public static QueueHistoryResponse from(StatsService.QueueHistory history) {
        return new QueueHistoryResponse(
                history.queueId(),
                history.window().from(),
                history.window().to(),
                history.window().step().toSeconds(),
                history.points().stream().map(StatsPointResponse::from).toList());
    }
}
