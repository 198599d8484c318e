package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.conveyor.domain.ReceiptOutcome;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(
        description = "Which receipts took effect, and why the others did not. Each receipt sent is in one of "
                + "the two lists.")
public record ReceiptOutcomeResponse(
        @ArraySchema(
                arraySchema = @Schema(description = "The receipts that took effect.", requiredMode = REQUIRED),
                schema = @Schema(description = "A receipt, as it was sent."))
        List<String> succeeded,
        // The domain's Failure record carries no annotations: the document describes it as ReceiptFailure.
        @ArraySchema(
                arraySchema = @Schema(description = "The receipts that changed nothing.", requiredMode = REQUIRED),
                schema = @Schema(ref = "ReceiptFailure"))
        List<ReceiptOutcome.Failure> failed) {
    public static ReceiptOutcomeResponse from(ReceiptOutcome outcome) {
        return new ReceiptOutcomeResponse(outcome.succeeded(), outcome.failed());
    }
}
