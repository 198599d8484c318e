package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.domain.StatsPoint;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(
        name = "StatsPoint",
        description = "One step of a queue's history: the counts of the latest sample taken in the step (null when "
                + "none was) and the rates of the step's activity.")
public record StatsPointResponse(
        @Schema(description = "When the step starts. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant at,

        @Schema(description = "Messages a receive could lease, as sampled.", nullable = true, requiredMode = REQUIRED)
        Long available,

        @Schema(description = "Messages leased to a consumer, as sampled.", nullable = true, requiredMode = REQUIRED)
        Long inFlight,

        @Schema(description = "Messages not visible yet, as sampled.", nullable = true, requiredMode = REQUIRED)
        Long delayed,

        @Schema(description = "Every message the queue held, as sampled.", nullable = true, requiredMode = REQUIRED)
        Long total,

        @Schema(
                description = "Age in seconds of the oldest message a receive could lease, as sampled; null when none.",
                nullable = true,
                requiredMode = REQUIRED)
        Long oldestAvailableAgeSeconds,

        @Schema(description = "Messages per second over the step.", requiredMode = REQUIRED)
        RatesResponse rates) {
    public static StatsPointResponse from(StatsPoint point) {
        QueueStats s = point.counts();
        return new StatsPointResponse(
                point.at(),
                s == null ? null : s.available(),
                s == null ? null : s.inFlight(),
                s == null ? null : s.delayed(),
                s == null ? null : s.total(),
                s == null ? null : s.oldestAvailableAgeSeconds(),
                RatesResponse.from(point.rates()));
    }
}
