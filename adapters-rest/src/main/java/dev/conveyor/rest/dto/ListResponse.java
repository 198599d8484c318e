package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.conveyor.domain.Page;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a list, ordered by name. */
@Schema(description = "One page of a list.")
public record ListResponse<T>(
        @Schema(description = "The items of this page, in the list's order.", requiredMode = REQUIRED)
        List<T> data,

        @Schema(
                description = "The limit applied.",
                minimum = "1",
                maximum = "" + Page.MAX_LIMIT,
                example = "" + Page.DEFAULT_LIMIT,
                requiredMode = REQUIRED)
        int limit,

        @Schema(description = "The number of items skipped.", minimum = "0", example = "0", requiredMode = REQUIRED)
        int offset) {}
