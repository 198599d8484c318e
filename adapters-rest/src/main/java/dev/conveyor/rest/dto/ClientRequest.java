package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/clients}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An API client to create.")
public record ClientRequest(
        @Schema(
                description = "A name for people: who or what uses the client.",
                requiredMode = REQUIRED,
                minLength = 1,
                maxLength = dev.conveyor.domain.Client.MAX_NAME,
                example = "billing-worker")
        String name,

        @Schema(
                description = "Space-separated scopes: '*', or <resources>:<action>, optionally ending in :<name> "
                        + "for one resource. A caller can only grant scopes it holds.",
                requiredMode = REQUIRED,
                example = "queues:consume:billing topics:publish")
        String scopes,

        @Schema(
                description = "False creates the client disabled: it gets no token until it is made active. Null or "
                        + "left out: true.",
                nullable = true,
                defaultValue = "true")
        Boolean isActive) {
    /** Whether the client starts active: unless the request says false. */
    public boolean active() {
        return isActive == null || isActive;
    }
}
