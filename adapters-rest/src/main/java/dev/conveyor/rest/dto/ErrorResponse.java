package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** Every error but a validation failure: Dropwizard's shape. */
@Schema(description = "Every error but a validation failure (Dropwizard's shape).")
public record ErrorResponse(
        @Schema(description = "The HTTP status, again.", example = "404", requiredMode = REQUIRED)
        int code,

        @Schema(
                description = "What went wrong, naming the field or resource. Never a stack trace, SQL or class name.",
                example = "queue 'orders' not found",
                requiredMode = REQUIRED)
        String message) {}
