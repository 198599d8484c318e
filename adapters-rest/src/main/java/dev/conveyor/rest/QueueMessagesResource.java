package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.PublishService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Delivery;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.DataResponse;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ExtendRequest;
import dev.conveyor.rest.dto.MessageResponse;
import dev.conveyor.rest.dto.NackRequest;
import dev.conveyor.rest.dto.PublishMessageRequest;
import dev.conveyor.rest.dto.PublishedResponse;
import dev.conveyor.rest.dto.ReceiptOutcomeResponse;
import dev.conveyor.rest.dto.ReceiptsRequest;
import dev.conveyor.rest.dto.ReceiveRequestBody;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /v1/queues/{id}/...}: publishing to a queue and consuming from it: receive, ack, nack, extend. */
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
public final class QueueMessagesResource {
    private final PublishService publishing;
    private final ConsumeService consuming;
    private final PublishBodies bodies;

    public QueueMessagesResource(PublishService publishing, ConsumeService consuming, PublishBodies bodies) {
        this.publishing = publishing;
        this.consuming = consuming;
        this.bodies = bodies;
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
}
