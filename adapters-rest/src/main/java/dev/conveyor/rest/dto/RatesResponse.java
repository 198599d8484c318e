package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.QueueRates;
import io.swagger.v3.oas.annotations.media.Schema;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(
        name = "Rates",
        description = "Messages per second through each event of a queue, summed over every server instance.")
public record RatesResponse(
        @Schema(
                description = "Messages stored in the queue by publishes (one per copy a topic fanned out).",
                requiredMode = REQUIRED)
        double published,

        @Schema(description = "Deliveries: messages leased by receives.", requiredMode = REQUIRED)
        double received,

        @Schema(description = "Messages acked.", requiredMode = REQUIRED)
        double acked,

        @Schema(description = "Messages nacked.", requiredMode = REQUIRED)
        double nacked,

        @Schema(
                description = "Messages moved to the queue's dead-letter queue after their last delivery.",
                requiredMode = REQUIRED)
        double deadLettered,

        @Schema(
                description = "Messages deleted by the cleanup for outliving the queue's retention.",
                requiredMode = REQUIRED)
        double expired) {
    public static RatesResponse from(QueueRates r) {
        return new RatesResponse(r.published(), r.received(), r.acked(), r.nacked(), r.deadLettered(), r.expired());
    }
}
