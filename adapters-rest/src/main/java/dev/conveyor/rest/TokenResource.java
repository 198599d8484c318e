package dev.conveyor.rest;

import dev.conveyor.application.TokenService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.rest.auth.Public;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.TokenRequest;
import dev.conveyor.rest.dto.TokenResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/oauth/token}: client credentials for an access token (registered when authentication is on). */
@Path("/v1/oauth/token")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "clients")
public final class TokenResource {
    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Public
    @Operation(
            operationId = "issueToken",
            summary = "Get an access token",
            description = "Client credentials for a bearer token. An unknown client, a wrong secret and a disabled "
                    + "client all get the same 401.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = TokenRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "A token.",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @ApiResponse(
            responseCode = "401",
            description = "The credentials are not valid.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "client_id or client_secret missing.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public Response issue(TokenRequest request) {
        if (request == null || request.clientId() == null || request.clientSecret() == null) {
            throw ConveyorException.invalid("client_id and client_secret are required");
        }
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(Response.Status.CREATED)
                .entity(TokenResponse.from(tokens.issue(request.clientId(), request.clientSecret())))
                .cacheControl(noStore)
                .build();
    }
}
