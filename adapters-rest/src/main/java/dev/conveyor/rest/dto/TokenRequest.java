package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/oauth/token}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "Client credentials.")
public record TokenRequest(
        @Schema(description = "The client's id.", requiredMode = REQUIRED, format = "uuid")
        String clientId,

        @Schema(description = "The secret shown when the client was created.", requiredMode = REQUIRED)
        String clientSecret) {}
