package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A list answered whole, under {@code data}. */
@Schema(description = "A list answered whole.")
public record DataResponse<T>(
        @Schema(description = "The items.", requiredMode = REQUIRED)
        List<T> data) {}
