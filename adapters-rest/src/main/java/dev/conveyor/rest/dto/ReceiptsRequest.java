package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.conveyor.application.ConsumeService;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code POST /v1/queues/{id}/ack}. */
@Schema(description = "The deliveries to ack.")
public record ReceiptsRequest(
        @ArraySchema(
                arraySchema = @Schema(description = "Receipts, as receive answered them.", requiredMode = REQUIRED),
                minItems = 1,
                maxItems = ConsumeService.MAX_RECEIPTS,
                schema = @Schema(description = "A receipt.", example = "AY-sZBr8dLqSuZCxT5mZMQGPrGQa_HS6krmQsU-ZmTE"))
        List<String> receipts) {}
