package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.DeadLetterOrigin;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** Where a dead letter came from, as a received or browsed message shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        name = "DeadLetter",
        description = "A message's dead_letter: where it came from, the queue it was moved out of when its "
                + "max_deliveries were used up, why, and when. Null on a message that was never dead-lettered, or "
                + "was redriven since (a redrive clears it). A message dead-lettered again (out of one dead-letter "
                + "queue into the next) shows only the latest.",
        nullable = true)
public record DeadLetterResponse(
        @Schema(
                description = "The queue the message was moved out of. It may have been deleted since.",
                example = "orders",
                requiredMode = REQUIRED)
        String sourceQueueId,

        @Schema(
                description = "The rule that moved it: max_deliveries (its queue's max_deliveries were used up). "
                        + "More reasons may come; treat others as unknown.",
                example = "max_deliveries",
                requiredMode = REQUIRED)
        String reason,

        @Schema(
                description = "How its last allowed delivery ended. nacked: it was nacked (moved at the nack, or "
                        + "later when a lower max_deliveries made that delivery its last). lease_expired: its lease "
                        + "ran out (or was ended by an extend of 0 s) without an ack or a nack.",
                example = "lease_expired",
                allowableValues = {"nacked", "lease_expired"},
                requiredMode = REQUIRED)
        String lastDelivery,

        @Schema(
                description = "When it was moved, by the database's clock. " + ApiSchemas.TIMESTAMP,
                requiredMode = REQUIRED)
        Instant at) {

    /** The origin as answered; null for a message that was never dead-lettered. */
    public static DeadLetterResponse from(DeadLetterOrigin origin) {
        return origin == null
                ? null
                : new DeadLetterResponse(
                        origin.sourceQueueId(),
                        origin.reason().rule(),
                        origin.reason().lastDelivery(),
                        origin.at());
    }
}
