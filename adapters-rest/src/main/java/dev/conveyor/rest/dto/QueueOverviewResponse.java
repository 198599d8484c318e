package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.StatsService;
import dev.conveyor.domain.QueueStats;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(
        name = "QueueOverview",
        description = "A queue's counts as of the latest shared sample, and its recent rates. The counts are null "
                + "for a queue created after the latest sample.")
public record QueueOverviewResponse(
        @Schema(description = "The queue's name.", example = "orders", requiredMode = REQUIRED)
        String queueId,

        @Schema(
                description =
                        "When the counts were sampled; null before the queue's first sample. " + ApiSchemas.TIMESTAMP,
                nullable = true,
                requiredMode = REQUIRED)
        Instant sampledAt,

        @Schema(description = "Messages a receive could lease.", nullable = true, requiredMode = REQUIRED)
        Long available,

        @Schema(description = "Messages leased to a consumer.", nullable = true, requiredMode = REQUIRED)
        Long inFlight,

        @Schema(
                description = "Messages not visible yet: delivery delay or nack backoff.",
                nullable = true,
                requiredMode = REQUIRED)
        Long delayed,

        @Schema(description = "Every message the queue held.", nullable = true, requiredMode = REQUIRED)
        Long total,

        @Schema(
                description = "Age in seconds of the oldest message a receive could lease; null when none.",
                nullable = true,
                requiredMode = REQUIRED)
        Long oldestAvailableAgeSeconds,

        @Schema(description = "Messages per second over the last rate_window_seconds.", requiredMode = REQUIRED)
        RatesResponse rates) {
    public static QueueOverviewResponse from(StatsService.QueueOverview q) {
        QueueStats s = q.stats();
        return new QueueOverviewResponse(
                q.queueId(),
                q.sampledAt(),
                s == null ? null : s.available(),
                s == null ? null : s.inFlight(),
                s == null ? null : s.delayed(),
                s == null ? null : s.total(),
                s == null ? null : s.oldestAvailableAgeSeconds(),
                RatesResponse.from(q.rates()));
    }
}
