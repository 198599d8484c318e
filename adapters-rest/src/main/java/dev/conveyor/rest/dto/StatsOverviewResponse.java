package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.StatsService;
import dev.conveyor.domain.Page;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "StatsOverview", description = "A page of the queues, by name, each with its counts and rates.")
public record StatsOverviewResponse(
        @Schema(
                description = "How often the counts are sampled and the activity recorded.",
                example = "30",
                requiredMode = REQUIRED)
        double intervalSeconds,

        @Schema(
                description = "The rates are averaged over this many seconds, ending where the bucket now "
                        + "filling starts.",
                example = "60",
                requiredMode = REQUIRED)
        long rateWindowSeconds,

        @Schema(description = "The queues of this page, by name.", requiredMode = REQUIRED)
        List<QueueOverviewResponse> data,

        @Schema(
                description = "The limit applied.",
                minimum = "1",
                maximum = "" + Page.MAX_LIMIT,
                requiredMode = REQUIRED)
        int limit,

        @Schema(description = "The number of queues skipped.", minimum = "0", requiredMode = REQUIRED)
        int offset) {
    public static StatsOverviewResponse from(StatsService.Overview overview, Page page) {
        return new StatsOverviewResponse(
                overview.interval().toMillis() / 1000.0,
                overview.rateWindow().toSeconds(),
                overview.queues().stream().map(QueueOverviewResponse::from).toList(),
                page.limit(),
                page.offset());
    }
}
