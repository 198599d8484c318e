package dev.conveyor.rest;

import dev.conveyor.application.TokenService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.rest.auth.Public;
import dev.conveyor.rest.dto.ClientCredentialsForm;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.OAuthErrorResponse;
import dev.conveyor.rest.dto.TokenRequest;
import dev.conveyor.rest.dto.TokenResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v1/oauth/token}: client credentials for an access token (registered when authentication is on),
 * as Conveyor's own JSON request or as the OAuth 2.0 client credentials grant (RFC 6749 §4.4) that OAuth
 * libraries send. Each keeps its own answers: the JSON one Conveyor's error shapes and 201, the OAuth one RFC
 * 6749's error shape and 200.
 */
@Path("/v1/oauth/token")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "clients")
public final class TokenResource {
    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "issueToken",
            summary = "Get an access token",
            description = "Client credentials for a bearer token, in either of two requests. As application/json "
                    + "(Conveyor's own): answered 201, errors in Conveyor's shapes. As "
                    + "application/x-www-form-urlencoded, the OAuth 2.0 client credentials grant (RFC 6749 §4.4) "
                    + "that OAuth libraries send, with the credentials in HTTP Basic or in the form and an optional "
                    + "scope narrowing the token: answered 200 (RFC 6749 §5.1), errors in RFC 6749 §5.2's shape "
                    + "{error, error_description}. Either way an unknown client, a wrong secret and a disabled "
                    + "client get the same refusal, and no answer may be cached.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = TokenRequest.class)),
                                @Content(
                                        mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                        schema = @Schema(implementation = ClientCredentialsForm.class))
                            }))
    @ApiResponse(
            responseCode = "200",
            description = "A token, for the OAuth request.",
            headers = {
                @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = "string")),
                @Header(name = "Pragma", description = "no-cache", schema = @Schema(type = "string"))
            },
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @ApiResponse(
            responseCode = "201",
            description = "A token, for the JSON request.",
            headers = {
                @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = "string")),
                @Header(name = "Pragma", description = "no-cache", schema = @Schema(type = "string"))
            },
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @ApiResponse(
            responseCode = "400",
            description = "JSON request: a body that is not JSON or not of the expected shape (ErrorResponse). OAuth "
                    + "request (OAuthErrorResponse): invalid_request (no grant_type, a repeated parameter, "
                    + "credentials both in HTTP Basic and in the form), unsupported_grant_type (a grant other than "
                    + "client_credentials), invalid_client (credentials in the form that are not valid), "
                    + "invalid_scope (a scope that does not parse or that the client does not hold).",
            content = @Content(schema = @Schema(oneOf = {ErrorResponse.class, OAuthErrorResponse.class})))
    @ApiResponse(
            responseCode = "401",
            description = "The credentials are not valid. JSON request: ErrorResponse, WWW-Authenticate: Bearer. "
                    + "OAuth request with HTTP Basic or with no credentials at all: invalid_client "
                    + "(OAuthErrorResponse), WWW-Authenticate: Basic realm=\"conveyor\".",
            headers = @Header(name = "WWW-Authenticate", schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(oneOf = {ErrorResponse.class, OAuthErrorResponse.class})))
    @ApiResponse(
            responseCode = "415",
            description = "The body is neither application/json nor application/x-www-form-urlencoded.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "JSON request: client_id or client_secret missing.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public Response issue(TokenRequest request) {
        if (request == null || request.clientId() == null || request.clientSecret() == null) {
            throw ConveyorException.invalid("client_id and client_secret are required");
        }
        return notCached(Response.status(Response.Status.CREATED))
                .entity(TokenResponse.from(tokens.issue(request.clientId(), request.clientSecret())))
                .build();
    }

    /** The OAuth 2.0 request; documented with {@link #issue(TokenRequest)}, as one operation of two media types. */
    @POST
    @Public
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "issueToken", hidden = true)
    public Response issue(String form, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ClientCredentialsRequest request = ClientCredentialsRequest.parse(form, authorization);
        TokenService.IssuedToken token;
        try {
            token = tokens.issue(request.clientId(), request.clientSecret(), request.scope());
        } catch (ConveyorException e) {
            throw switch (e.kind()) {
                case UNAUTHENTICATED -> OAuthError.invalidClient(request.basic());
                case INVALID -> OAuthError.invalidScope(e.getMessage());
                default -> e;
            };
        }
        return notCached(Response.ok()).entity(TokenResponse.from(token)).build();
    }

    /** Marks an answer of the token call as not to be stored anywhere (RFC 6749 §5.1), for HTTP/1.0 caches too. */
    static Response.ResponseBuilder notCached(Response.ResponseBuilder response) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return response.cacheControl(noStore).header("Pragma", "no-cache");
    }
}
