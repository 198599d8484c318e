package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.InspectService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.QueueSettingsPatch;
import dev.conveyor.domain.Violations;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.CleanupResponse;
import dev.conveyor.rest.dto.CountResponse;
import dev.conveyor.rest.dto.DataResponse;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ExtendRequest;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.MessageResponse;
import dev.conveyor.rest.dto.NackRequest;
import dev.conveyor.rest.dto.PublishMessageRequest;
import dev.conveyor.rest.dto.PublishedResponse;
import dev.conveyor.rest.dto.QueueRequest;
import dev.conveyor.rest.dto.QueueResponse;
import dev.conveyor.rest.dto.QueueSettingsRequest;
import dev.conveyor.rest.dto.ReceiptOutcomeResponse;
import dev.conveyor.rest.dto.ReceiptsRequest;
import dev.conveyor.rest.dto.ReceiveRequestBody;
import dev.conveyor.rest.dto.RedriveRequest;
import dev.conveyor.rest.dto.RedriveResponse;
import dev.conveyor.rest.dto.StatsResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /v1/queues}: queues, publishing to one, consuming from one, and looking into one. */
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
    private final PublishService publishing;
    private final ConsumeService consuming;
    private final InspectService inspecting;
    private final MaintenanceService maintenance;
    private final PublishBodies bodies;
    private final ObjectMapper mapper;

    /** @param mapper the application's, which reads patch bodies as it reads every other body */
    public QueuesResource(
            QueueService queues,
            PublishService publishing,
            ConsumeService consuming,
            InspectService inspecting,
            MaintenanceService maintenance,
            PublishBodies bodies,
            ObjectMapper mapper) {
        this.mapper = mapper;
        this.maintenance = maintenance;
        this.queues = queues;
        this.publishing = publishing;
        this.consuming = consuming;
        this.inspecting = inspecting;
        this.bodies = bodies;
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
    public ListResponse<QueueResponse> list(
            @Parameter(
                            description = ApiSchemas.LIMIT,
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "" + Page.MAX_LIMIT,
                                            defaultValue = "" + Page.DEFAULT_LIMIT))
                    @QueryParam("limit")
                    String limit,
            @Parameter(
                            description = ApiSchemas.OFFSET,
                            schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0"))
                    @QueryParam("offset")
                    String offset) {
        Page page = Requests.page(limit, offset);
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

    @POST
    @Path("/{id}/messages")
    @Requires(value = "queues:publish", name = "path:id")
    @Operation(
            operationId = "publishToQueue",
            summary = "Publish to a queue",
            description = "Stores the messages in the queue. The batch is atomic: all of it is stored, or none; once "
                    + "201 is answered, the messages are durable.",
            requestBody =
                    @RequestBody(
                            required = true,
                            description = ApiSchemas.PUBLISH_BODY,
                            content =
                                    @Content(
                                            schema =
                                                    @Schema(
                                                            oneOf = {
                                                                PublishMessageRequest.class,
                                                                ApiSchemas.PublishBatch.class
                                                            }))))
    @ApiResponse(
            responseCode = "201",
            description = "Stored: one element per message, in request order.",
            content = @Content(schema = @Schema(implementation = ApiSchemas.Published.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "A message breaks a bound; each error is prefixed by the message's index in an array.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    @ApiResponse(
            responseCode = "429",
            description = "The queue would hold more than its max_messages; nothing was " + "stored.",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds to wait before trying again.",
                            schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Response publish(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            JsonNode body) {
        var published = publishing.toQueue(id, bodies.messages(body));
        return Response.status(Response.Status.CREATED)
                .entity(new DataResponse<>(
                        published.stream().map(PublishedResponse::from).toList()))
                .build();
    }

    @GET
    @Path("/{id}/messages")
    @Requires(value = "queues:read", name = "path:id")
    @Operation(
            operationId = "browseMessages",
            summary = "Browse a queue's messages",
            description = "One page of the stored messages, oldest first, without leasing them: for looking into "
                    + "dead-letter queues. Their receipt is null.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of messages.",
            content = @Content(schema = @Schema(ref = "ListResponseMessageResponse")))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "limit or offset out of bounds, or not an integer.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ListResponse<MessageResponse> browse(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            @Parameter(
                            description = ApiSchemas.LIMIT,
                            schema =
                                    @Schema(
                                            type = "integer",
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "" + Page.MAX_LIMIT,
                                            defaultValue = "" + Page.DEFAULT_LIMIT))
                    @QueryParam("limit")
                    String limit,
            @Parameter(
                            description = ApiSchemas.OFFSET,
                            schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0"))
                    @QueryParam("offset")
                    String offset) {
        Page page = Requests.page(limit, offset);
        return new ListResponse<>(
                inspecting.browse(id, page).stream().map(MessageResponse::from).toList(), page.limit(), page.offset());
    }

    @POST
    @Path("/{id}/receive")
    @Requires(value = "queues:consume", name = "path:id")
    @Operation(
            operationId = "receiveMessages",
            summary = "Receive messages",
            description = "Leases up to max_messages visible messages (with the label, when one is given), oldest "
                    + "first, for lease_seconds (the queue's ack deadline when left out), and adds one to each one's "
                    + "delivery_attempts. Until the lease "
                    + "ends no other receive gets the message. With wait_seconds and nothing visible, waits up to that long "
                    + "and answers as soon as a message arrives; otherwise answers an empty list at once.",
            requestBody =
                    @RequestBody(
                            description = "Optional: without a body, one message is received, without waiting.",
                            content = @Content(schema = @Schema(implementation = ReceiveRequestBody.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The leased messages, each with its receipt; maybe none.",
            content = @Content(schema = @Schema(ref = "DataResponseMessageResponse")))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "A field out of bounds.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public DataResponse<MessageResponse> receive(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            ReceiveRequestBody request) {
        ReceiveRequestBody body = request == null ? new ReceiveRequestBody(null, null, null, null) : request;
        List<Delivery> deliveries;
        try {
            deliveries = consuming.receive(id, body.toRequest());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            deliveries = List.of();
        }
        return new DataResponse<>(deliveries.stream().map(MessageResponse::from).toList());
    }

    @POST
    @Path("/{id}/ack")
    @Requires(value = "queues:consume", name = "path:id")
    @Operation(
            operationId = "ackMessages",
            summary = "Ack deliveries",
            description = "Deletes the messages the receipts deliver. An ack after the lease ended still succeeds "
                    + "while nobody has received the message again.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ReceiptsRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "Which receipts took effect, and why the others did not.",
            content = @Content(schema = @Schema(implementation = ReceiptOutcomeResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, or not 1 to " + ConsumeService.MAX_RECEIPTS + " receipts.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ReceiptOutcomeResponse ack(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            ReceiptsRequest request) {
        return ReceiptOutcomeResponse.from(
                consuming.ack(id, Requests.required(request).receipts()));
    }

    @POST
    @Path("/{id}/nack")
    @Requires(value = "queues:consume", name = "path:id")
    @Operation(
            operationId = "nackMessages",
            summary = "Nack deliveries",
            description = "Ends the leases: the messages are visible again after delay_seconds, or after the queue's "
                    + "backoff when it is null. A message whose deliveries are exhausted is dead-lettered (or dropped) at "
                    + "once.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = NackRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "Which receipts took effect, and why the others did not.",
            content = @Content(schema = @Schema(implementation = ReceiptOutcomeResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description =
                    "No body, not 1 to " + ConsumeService.MAX_RECEIPTS + " receipts, or delay_seconds out of bounds.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ReceiptOutcomeResponse nack(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            NackRequest request) {
        Requests.required(request);
        return ReceiptOutcomeResponse.from(consuming.nack(id, request.receipts(), request.delaySeconds()));
    }

    @POST
    @Path("/{id}/extend")
    @Requires(value = "queues:consume", name = "path:id")
    @Operation(
            operationId = "extendLeases",
            summary = "Extend leases",
            description = "The leases now end `seconds` from now; 0 releases the messages at once.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ExtendRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "Which receipts took effect, and why the others did not.",
            content = @Content(schema = @Schema(implementation = ReceiptOutcomeResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, not 1 to " + ConsumeService.MAX_RECEIPTS
                    + " receipts, or seconds missing or out of " + "bounds.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ReceiptOutcomeResponse extend(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            ExtendRequest request) {
        Requests.required(request);
        if (request.seconds() == null) {
            throw ConveyorException.invalid("seconds is required");
        }
        return ReceiptOutcomeResponse.from(consuming.extend(id, request.receipts(), request.seconds()));
    }

    /**
     * Moves messages not leased right now to another queue, or back to the queues they were dead-lettered from,
     * visible at once with no delivery attempts.
     */
    @POST
    @Path("/{id}/redrive")
    @Requires(value = "queues:manage", name = "path:id")
    @Operation(
            operationId = "redriveMessages",
            summary = "Redrive messages",
            description = "Moves the queue's messages that are not leased right now (all of them, the listed ids, or "
                    + "at most max_messages, oldest first) to the destination queue, visible at once with "
                    + "delivery_attempts 0 and dead_letter null. Without destination_queue_id, each goes back to the "
                    + "queue it was dead-lettered from instead; one that was never dead-lettered, or whose source "
                    + "queue has been deleted, stays where it is and is counted in skipped. Moves in batches of "
                    + "1,000 that each commit on their own.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = RedriveRequest.class))))
    @ApiResponse(
            responseCode = "200",
            description = "How many messages were moved; back to the sources, also how many stayed, and why.",
            content = @Content(schema = @Schema(implementation = RedriveResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "The queue, or the destination queue, does not exist.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, a bad or identical destination_queue_id, malformed ids, or max_messages below 1.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public RedriveResponse redrive(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            RedriveRequest request) {
        Requests.required(request);
        if (request.destinationQueueId() == null) {
            return RedriveResponse.from(maintenance.redriveToSources(id, request.ids(), request.maxMessages()));
        }
        return RedriveResponse.moved(
                maintenance.redrive(id, request.destinationQueueId(), request.ids(), request.maxMessages()));
    }

    /** Deletes every message of the queue, leased ones too. */
    @POST
    @Path("/{id}/purge")
    @Requires(value = "queues:manage", name = "path:id")
    @Operation(
            operationId = "purgeQueue",
            summary = "Purge a queue",
            description = "Deletes every message of the queue, leased ones too: their receipts stop working.")
    @ApiResponse(
            responseCode = "200",
            description = "How many messages were deleted.",
            content = @Content(schema = @Schema(implementation = ApiSchemas.Purged.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public CountResponse purge(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id) {
        return CountResponse.of("deleted", maintenance.purge(id));
    }

    /** Runs the cleanup for this queue now. */
    @POST
    @Path("/{id}/cleanup")
    @Requires(value = "queues:manage", name = "path:id")
    @Operation(
            operationId = "cleanupQueue",
            summary = "Clean up a queue now",
            description = "Deletes the messages older than the queue's retention and moves out those whose deliveries "
                    + "are exhausted, as the periodic cleanup does.")
    @ApiResponse(
            responseCode = "200",
            description = "What the cleanup did, per kind.",
            content = @Content(schema = @Schema(implementation = CleanupResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public CleanupResponse cleanup(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id) {
        return CleanupResponse.from(maintenance.cleanup(id).queues().get(0));
    }

    @GET
    @Path("/{id}/stats")
    @Requires(value = "queues:read", name = "path:id")
    @Operation(
            operationId = "getQueueStats",
            summary = "Count a queue's messages",
            description = "How many messages the queue holds, by state.")
    @ApiResponse(
            responseCode = "200",
            description = "The counts.",
            content = @Content(schema = @Schema(implementation = StatsResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public StatsResponse stats(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id) {
        return StatsResponse.from(inspecting.stats(id));
    }
}
