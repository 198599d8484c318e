package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/clients}. */
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
        String scopes) {}
