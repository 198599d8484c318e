package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.RedriveReport;
import dev.conveyor.application.RedriveReport.Skip;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a redrive: how many messages moved, and, redriving to the sources, how many stayed and why. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        name = "RedriveResponse",
        description = "How many messages were moved. Redriving back to the sources (no destination_queue_id), also "
                + "how many stayed where they were, and why. Messages leased right now are not looked at, so "
                + "they are in neither count.")
public record RedriveResponse(
        @Schema(
                description = "Messages moved to the destination queue, or back to their source queues.",
                minimum = "0",
                example = "42",
                requiredMode = REQUIRED)
        long moved,

        @Schema(
                description =
                        "Only when redriving to the sources: messages left where they were, all reasons " + "together.",
                minimum = "0",
                example = "1")
        Long skipped,

        @Schema(description = "Only when redriving to the sources: the messages left where they were, by why.")
        Skipped skippedByReason) {

    /** The messages a redrive to the sources left where they were, by why. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "RedriveSkipped", description = "Messages a redrive to the sources left where they were, by why.")
    public record Skipped(
            @Schema(
                    description = "They carry no source: never dead-lettered (published to this queue), or "
                            + "redriven since.",
                    minimum = "0",
                    requiredMode = REQUIRED)
            long notDeadLettered,

            @Schema(
                    description = "The queue they were dead-lettered from has been deleted since.",
                    minimum = "0",
                    requiredMode = REQUIRED)
            long sourceQueueMissing,

            @Schema(
                    description = "Their source is this very queue: nowhere else to go back to.",
                    minimum = "0",
                    requiredMode = REQUIRED)
            long sourceIsThisQueue) {}

    /** The answer to a redrive to a destination queue. */
    public static RedriveResponse moved(long moved) {
        return new RedriveResponse(moved, null, null);
    }

    /** The answer to a redrive back to the sources. */
    public static RedriveResponse from(RedriveReport report) {
        return new RedriveResponse(
                report.moved(),
                report.skippedTotal(),
                new Skipped(
                        report.skipped().get(Skip.NOT_DEAD_LETTERED),
                        report.skipped().get(Skip.SOURCE_QUEUE_MISSING),
                        report.skipped().get(Skip.SOURCE_IS_THIS_QUEUE)));
    }
}
