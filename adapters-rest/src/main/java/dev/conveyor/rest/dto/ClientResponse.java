package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.domain.Client;
import dev.conveyor.rest.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An API client. Its secret is shown once, when it is created, and never again.")
public record ClientResponse(
        @Schema(
                description = "The client's id: the client_id of the token call.",
                requiredMode = REQUIRED,
                format = "uuid")
        String id,

        @Schema(description = "The client's name.", requiredMode = REQUIRED)
        String name,

        @Schema(description = "Its scopes, space-separated, sorted.", requiredMode = REQUIRED)
        String scopes,

        @Schema(description = "Whether it can get and use tokens.", requiredMode = REQUIRED)
        boolean isActive,

        @Schema(
                description = "Goes up at every change; tokens carry it, and one with an older version is refused.",
                requiredMode = REQUIRED)
        long tokenVersion,

        @Schema(description = "When the client was created. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant createdAt,

        @Schema(description = "When the client last changed. " + ApiSchemas.TIMESTAMP, requiredMode = REQUIRED)
        Instant updatedAt,

        @Schema(
                description = "The client_secret of the token call: only in the answer to the create call.",
                nullable = true)
        String clientSecret) {
    public static ClientResponse from(Client client) {
        return from(client, null);
    }

    public static ClientResponse from(Client client, String secret) {
        return new ClientResponse(
                client.id().toString(),
                client.name(),
                client.scopes().text(),
                client.active(),
                client.tokenVersion(),
                client.createdAt(),
                client.updatedAt(),
                secret);
    }
}
