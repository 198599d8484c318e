package dev.conveyor.rest.dto;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.conveyor.application.TokenService;
import io.swagger.v3.oas.annotations.media.Schema;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An access token: send it as 'Authorization: Bearer <access_token>'.")
public record TokenResponse(
        @Schema(description = "An HS256 JWT.", requiredMode = REQUIRED)
        String accessToken,

        @Schema(description = "Always Bearer.", requiredMode = REQUIRED, example = "Bearer")
        String tokenType,

        @Schema(description = "Seconds until it ends.", requiredMode = REQUIRED, example = "1800")
        long expiresIn,

        @Schema(description = "The client's scopes, space-separated.", requiredMode = REQUIRED)
        String scope) {
    public static TokenResponse from(TokenService.IssuedToken token) {
        return new TokenResponse(token.token(), "Bearer", token.expiresIn().toSeconds(), token.scope());
    }
}
