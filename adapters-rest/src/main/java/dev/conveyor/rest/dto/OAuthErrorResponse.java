package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** An error of the OAuth 2.0 token request (RFC 6749 §5.2), the form-encoded one. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An error answered to the form-encoded OAuth 2.0 token request, in RFC 6749 §5.2's shape.")
public record OAuthErrorResponse(
        @Schema(
                description = "What went wrong, as RFC 6749 §5.2 names it.",
                requiredMode = REQUIRED,
                allowableValues = {
                    "invalid_request",
                    "invalid_client",
                    "invalid_grant",
                    "unauthorized_client",
                    "unsupported_grant_type",
                    "invalid_scope"
                },
                example = "invalid_client")
        String error,

        @Schema(
                description = "For people: what exactly, naming the parameter. Printable ASCII without '\"' or '\\\\'.",
                requiredMode = REQUIRED,
                example = "the client credentials are not valid")
        String errorDescription) {}
