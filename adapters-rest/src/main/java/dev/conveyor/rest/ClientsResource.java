package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ClientPatch;
import dev.conveyor.application.ClientService;
import dev.conveyor.application.Principal;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Page;
import dev.conveyor.rest.auth.AuthorizationFilter;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.ClientRequest;
import dev.conveyor.rest.dto.ClientResponse;
import dev.conveyor.rest.dto.ClientUpdateRequest;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/clients}: the API clients that may get tokens (registered when authentication is on). */
@Path("/v1/clients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "clients", description = "API clients and their scopes (only when authentication is on).")
@ApiResponse(
        responseCode = "401",
        description = "No valid access token.",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@ApiResponse(
        responseCode = "403",
        description = "The token lacks the scope named in the message.",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public final class ClientsResource {
    private final ClientService clients;
    private final ObjectMapper mapper;

    /** @param mapper the application's, which reads patch bodies as it reads every other body */
    public ClientsResource(ClientService clients, ObjectMapper mapper) {
        this.clients = clients;
        this.mapper = mapper;
    }

    private static Principal caller(ContainerRequestContext request) {
        return (Principal) request.getProperty(AuthorizationFilter.PRINCIPAL);
    }

    @POST
    @Requires("clients:create")
    @Operation(
            operationId = "createClient",
            summary = "Create a client",
            description = "Answers the client with its secret: the only time the secret is shown. is_active false "
                    + "creates it disabled.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ClientRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "The client, with client_secret.",
            content = @Content(schema = @Schema(implementation = ClientResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "A bad name or scope.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public Response create(ClientRequest request, @Context ContainerRequestContext context) {
        if (request == null) {
            throw ConveyorException.invalid("a JSON object with name and scopes is required");
        }
        ClientService.CreatedClient created =
                clients.create(request.name(), request.scopes(), request.active(), caller(context));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(Response.Status.CREATED)
                .entity(ClientResponse.from(created.client(), created.secret()))
                .cacheControl(noStore) // it carries the secret
                .build();
    }

    @GET
    @Requires("clients:read")
    @Operation(operationId = "listClients", summary = "List clients", description = "One page, ordered by id.")
    @ApiResponse(responseCode = "200", description = "A page of clients.")
    public ListResponse<ClientResponse> list(@BeanParam PageParameters paging) {
        Page page = paging.page();
        return new ListResponse<>(
                clients.list(page).stream().map(ClientResponse::from).toList(), page.limit(), page.offset());
    }

    @GET
    @Path("/{id}")
    @Requires(value = "clients:read", name = "path:id")
    @Operation(operationId = "getClient", summary = "Get a client")
    @ApiResponse(
            responseCode = "200",
            description = "The client, without its secret.",
            content = @Content(schema = @Schema(implementation = ClientResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No client has that id.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public ClientResponse get(@Parameter(description = "The client's id.") @PathParam("id") String id) {
        return ClientResponse.from(clients.get(id));
    }

    @PUT
    @Path("/{id}")
    @Requires(value = "clients:update", name = "path:id")
    @Operation(
            operationId = "updateClient",
            summary = "Change a client",
            description = "Changes its name, scopes or active flag (what is left out or null stays; at least one is "
                    + "needed); its earlier tokens stop working at once. PATCH does the same as a JSON Merge Patch.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ClientUpdateRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The changed client.",
            content = @Content(schema = @Schema(implementation = ClientResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No client has that id.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "A bad name or scope.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ClientResponse update(
            @Parameter(description = "The client's id.") @PathParam("id") String id,
            ClientUpdateRequest request,
            @Context ContainerRequestContext context) {
        if (request == null) {
            throw ConveyorException.invalid("a JSON object with name, scopes or is_active is required");
        }
        return ClientResponse.from(
                clients.update(id, request.name(), request.scopes(), request.isActive(), caller(context)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Requires(value = "clients:update", name = "path:id")
    @Operation(
            operationId = "patchClient",
            summary = "Patch a client",
            description = "A JSON Merge Patch (RFC 7396), as application/merge-patch+json or application/json: a "
                    + "member given changes that field, one left out keeps it, is_active null makes the client "
                    + "active (its default); name and scopes cannot be null. Any change ends the client's earlier "
                    + "tokens at once; an empty patch changes nothing. A refused patch changes nothing.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MergePatch.MEDIA_TYPE,
                                        schema = @Schema(implementation = ClientUpdateRequest.class)),
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = ClientUpdateRequest.class))
                            }))
    @ApiResponse(
            responseCode = "200",
            description = "The client as it is now.",
            content = @Content(schema = @Schema(implementation = ClientResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No client has that id.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "A bad name or scope, or null for name or scopes; every problem is listed.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ClientResponse patch(
            @Parameter(description = "The client's id.") @PathParam("id") String id,
            JsonNode body,
            @Context ContainerRequestContext context) {
        ClientPatch patch = ClientUpdateRequest.patch(MergePatch.read(mapper, body, ClientUpdateRequest.class));
        return ClientResponse.from(clients.patch(id, patch, caller(context)));
    }

    @DELETE
    @Path("/{id}")
    @Requires(value = "clients:delete", name = "path:id")
    @Operation(
            operationId = "deleteClient",
            summary = "Delete a client",
            description = "Its tokens stop working at once.")
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(
            responseCode = "404",
            description = "No client has that id.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Response delete(@Parameter(description = "The client's id.") @PathParam("id") String id) {
        clients.delete(id);
        return Response.noContent().build();
    }
}
