package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of the health probes. */
@Schema(description = "The answer of a health probe.")
public record StatusResponse(
        @Schema(
                description = "alive, ready, or why the server is not ready.",
                example = "ready",
                requiredMode = REQUIRED)
        String status) {}
