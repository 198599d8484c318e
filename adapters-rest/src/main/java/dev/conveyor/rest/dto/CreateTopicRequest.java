package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/topics}. */
@Schema(description = "A topic to create.")
public record CreateTopicRequest(
        @Schema(
                description = "The topic's name. " + ApiSchemas.NAME_RULE,
                requiredMode = REQUIRED,
                minLength = 1,
                maxLength = ApiSchemas.NAME_MAX_LENGTH,
                pattern = ApiSchemas.NAME_PATTERN,
                example = "orders")
        String id) {}
