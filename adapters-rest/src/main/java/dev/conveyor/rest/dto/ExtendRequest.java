package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.conveyor.application.ConsumeService;
import dev.conveyor.domain.QueueSettings;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code POST /v1/queues/{id}/extend}. */
@Schema(description = "The deliveries whose leases to move, and where to.")
public record ExtendRequest(
        @ArraySchema(
                arraySchema = @Schema(description = "Receipts, as receive answered them.", requiredMode = REQUIRED),
                minItems = 1,
                maxItems = ConsumeService.MAX_RECEIPTS,
                schema = @Schema(description = "A receipt.", example = "AY-sZBr8dLqSuZCxT5mZMQGPrGQa_HS6krmQsU-ZmTE"))
        List<String> receipts,

        @Schema(
                description = "The leases now end this many seconds from now; 0 releases the messages at once.",
                minimum = "0",
                maximum = "" + QueueSettings.MAX_ACK_DEADLINE_SECONDS,
                example = "60",
                requiredMode = REQUIRED)
        Integer seconds) {}
