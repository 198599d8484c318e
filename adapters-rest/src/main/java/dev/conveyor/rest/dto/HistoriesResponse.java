package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.StatsService;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.StatsWindow;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Histories", description = "The history of a page of the queues, by name, all over one window.")
public record HistoriesResponse(
        @Schema(description = "When the first step starts. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant from,

        @Schema(description = "When the last step ends. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant to,

        @Schema(description = "The length of each step.", example = "30", requiredMode = REQUIRED)
        long stepSeconds,

        @Schema(description = "Each queue of the page with its points.", requiredMode = REQUIRED)
        List<Series> data,

        @Schema(
                description = "The limit applied.",
                minimum = "1",
                maximum = "" + Page.MAX_LIMIT,
                requiredMode = REQUIRED)
        int limit,

        @Schema(description = "The number of queues skipped.", minimum = "0", requiredMode = REQUIRED)
        int offset) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "QueueSeries", description = "One queue's points, oldest first.")
    public record Series(
            @Schema(description = "The queue's name.", example = "orders", requiredMode = REQUIRED)
            String queueId,

            @Schema(description = "One point per step, oldest first.", requiredMode = REQUIRED)
            List<StatsPointResponse> points) {}

    public static HistoriesResponse from(StatsService.Histories histories, Page page) {
        StatsWindow window = histories.window();
        return new HistoriesResponse(
                window.from(),
                window.to(),
                window.step().toSeconds(),
                histories.queues().stream()
                        .map(h -> new Series(
                                h.queueId(),
                                h.points().stream()
                                        .map(StatsPointResponse::from)
                                        .toList()))
                        .toList(),
                page.limit(),
                page.offset());
    }
}
