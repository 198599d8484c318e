package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The form-encoded token request of RFC 6749 §4.4, for the API document only: the form is parsed by hand, to
 * refuse a repeated parameter as the RFC asks.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        description = "An OAuth 2.0 client credentials grant (RFC 6749 §4.4). The credentials go in HTTP Basic "
                + "(Authorization: Basic base64(urlencode(client_id):urlencode(client_secret)), RFC 6749 §2.3.1) or "
                + "as client_id and client_secret here, not both. Unknown parameters are ignored; a repeated one "
                + "is invalid_request.")
public record ClientCredentialsForm(
        @Schema(description = "Always client_credentials.", requiredMode = REQUIRED, example = "client_credentials")
        String grantType,

        @Schema(description = "The client's id, when not sent in HTTP Basic.", format = "uuid")
        String clientId,

        @Schema(description = "The client's secret, when not sent in HTTP Basic.")
        String clientSecret,

        @Schema(
                description = "Space-separated scopes to narrow the token to, each held by the client; left out, the "
                        + "token carries all the client's scopes.",
                example = "queues:consume:orders")
        String scope) {}
