package dev.conveyor.rest.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code PUT /v1/clients/{id}}: what is left out stays as it is. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        description = "Changes to a client; a member left out keeps its value. Any change ends the client's "
                + "earlier tokens.")
public record ClientUpdateRequest(
        @Schema(description = "A new name.", nullable = true, maxLength = dev.conveyor.domain.Client.MAX_NAME)
        String name,

        @Schema(description = "New space-separated scopes; a caller can only grant scopes it holds.", nullable = true)
        String scopes,

        @Schema(
                description = "False disables the client: its tokens stop working and it gets no new ones.",
                nullable = true)
        Boolean isActive) {}
