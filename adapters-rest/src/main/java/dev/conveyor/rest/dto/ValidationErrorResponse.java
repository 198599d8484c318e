package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A validation failure (422): every broken rule, each naming its field. */
@Schema(description = "A validation failure (422): every rule the request broke, at once.")
public record ValidationErrorResponse(
        @ArraySchema(
                arraySchema = @Schema(description = "Each broken rule, naming its field.", requiredMode = REQUIRED),
                minItems = 1,
                schema = @Schema(example = "max_messages must be between 1 and 100"))
        List<String> errors) {}
