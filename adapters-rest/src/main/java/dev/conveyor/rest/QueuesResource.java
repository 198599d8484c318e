package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.QueueService;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueSettingsPatch;
import dev.conveyor.domain.Violations;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.QueueRequest;
import dev.conveyor.rest.dto.QueueResponse;
import dev.conveyor.rest.dto.QueueSettingsRequest;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/queues}: creating, reading, changing and deleting queues. Their messages: {@link QueueMessagesResource} and {@link QueueInspectionResource}. */
@Path("/v1/queues")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
        name = "queues",
        description = "Queues, and their messages: publish to one, receive, ack, nack and extend "
                + "leases, and look into or maintain one.")
@ApiResponse(
        responseCode = "503",
        description = "The database cannot be reached; nothing was changed.",
        headers =
                @Header(
                        name = "Retry-After",
                        description = "Seconds to wait before trying again.",
                        schema = @Schema(type = "integer")),
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public final class QueuesResource {
    private final QueueService queues;
    private final ObjectMapper mapper;

    /** @param mapper the application's, which reads patch bodies as it reads every other body */
    public QueuesResource(QueueService queues, ObjectMapper mapper) {
        this.queues = queues;
        this.mapper = mapper;
    }

    @POST
    @Requires(value = "queues:create", name = "body:id")
    @Operation(
            operationId = "createQueue",
            summary = "Create a queue",
            description = "Creates a queue; every setting left out takes its default.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = QueueRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "The queue, with every setting.",
            content = @Content(schema = @Schema(implementation = QueueResponse.class)))
    @ApiResponse(
            responseCode = "409",
            description = "A queue of that name exists already.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, a bad name, a setting out of bounds, or a dead_letter_queue_id naming no queue.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public Response create(QueueRequest request) {
        Requests.required(request);
        Violations violations = new Violations().name("id", request.id());
        QueueSettings settings = violations.collect(request::settings);
        violations.throwIfAny();
        QueueResponse created = QueueResponse.from(queues.create(request.id(), settings));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Requires("queues:read")
    @Operation(
            operationId = "listQueues",
            summary = "List queues",
            description = "One page of the queues, ordered by name.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of queues.",
            content = @Content(schema = @Schema(ref = "ListResponseQueueResponse")))
    @ApiResponse(
            responseCode = "422",
            description = "limit or offset out of bounds, or not an integer.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ListResponse<QueueResponse> list(@BeanParam PageParameters paging) {
        Page page = paging.page();
        return new ListResponse<>(
                queues.list(page).stream().map(QueueResponse::from).toList(), page.limit(), page.offset());
    }

    @GET
    @Path("/{id}")
    @Requires(value = "queues:read", name = "path:id")
    @Operation(operationId = "getQueue", summary = "Get a queue")
    @ApiResponse(
            responseCode = "200",
            description = "The queue, with every setting.",
            content = @Content(schema = @Schema(implementation = QueueResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public QueueResponse get(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id) {
        return QueueResponse.from(queues.get(id));
    }

    /** Replaces every setting; a field left out takes its default. */
    @PUT
    @Path("/{id}")
    @Requires(value = "queues:update", name = "path:id")
    @Operation(
            operationId = "updateQueue",
            summary = "Replace a queue's settings",
            description = "Replaces every setting: a setting left out takes its default (leaving out "
                    + "dead_letter_queue_id turns dead-lettering off). To change some settings and keep the others, "
                    + "PATCH. The new settings apply to the messages already stored from then on.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = QueueSettingsRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The queue, with its new settings.",
            content = @Content(schema = @Schema(implementation = QueueResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "409",
            description = "dead_letter_queue_id would form a loop of dead-letter queues.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, a setting out of bounds, or a dead_letter_queue_id naming no queue.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public QueueResponse update(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            QueueSettingsRequest request) {
        QueueSettingsRequest settings = Requests.required(request);
        // A PUT that leaves fifo out keeps what the queue was created as: fifo is fixed, never reset to a default.
        return QueueResponse.from(queues.update(
                id,
                settings.fifo() != null
                        ? settings.settings()
                        : settings.settings(queues.get(id).settings().fifo())));
    }

    /** Changes the settings the patch names; the others keep their values. */
    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Requires(value = "queues:update", name = "path:id")
    @Operation(
            operationId = "patchQueue",
            summary = "Patch a queue's settings",
            description = "A JSON Merge Patch (RFC 7396), as application/merge-patch+json or application/json: a "
                    + "setting given changes, one left out keeps its value, and null resets it to its default "
                    + "(\"dead_letter_queue_id\": null turns dead-lettering off, \"max_messages\": null lifts the "
                    + "bound). The result is checked as a PUT's settings are, and a refused patch changes nothing. "
                    + "The new settings apply to the messages already stored from then on.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MergePatch.MEDIA_TYPE,
                                        schema = @Schema(implementation = QueueSettingsRequest.class)),
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = QueueSettingsRequest.class))
                            }))
    @ApiResponse(
            responseCode = "200",
            description = "The queue, with every setting as it is now.",
            content = @Content(schema = @Schema(implementation = QueueResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "409",
            description = "dead_letter_queue_id would form a loop of dead-letter queues.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, or settings out of bounds once merged (every one is listed), or a "
                    + "dead_letter_queue_id naming no queue.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public QueueResponse patch(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            JsonNode body) {
        QueueSettingsPatch patch =
                QueueSettingsRequest.patch(MergePatch.read(mapper, body, QueueSettingsRequest.class));
        return QueueResponse.from(queues.patch(id, patch));
    }

    @DELETE
    @Path("/{id}")
    @Requires(value = "queues:delete", name = "path:id")
    @Operation(
            operationId = "deleteQueue",
            summary = "Delete a queue",
            description = "Deletes the queue, its messages and its subscriptions.")
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "409",
            description = "Another queue names this one as its dead-letter queue.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Response delete(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id) {
        queues.delete(id);
        return Response.noContent().build();
    }
}
