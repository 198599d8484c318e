package dev.conveyor.rest;

import dev.conveyor.application.SubscriptionService;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Violations;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.SubscriptionRequest;
import dev.conveyor.rest.dto.SubscriptionResponse;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/subscriptions}: the links from topics to queues, with their filters. */
@Path("/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
        name = "subscriptions",
        description = "Links from topics to queues: a message published to the topic is "
                + "stored in the queue when it passes the subscription's filter.")
@ApiResponse(
        responseCode = "503",
        description = "The database cannot be reached; nothing was changed.",
        headers =
                @Header(
                        name = "Retry-After",
                        description = "Seconds to wait before trying again.",
                        schema = @Schema(type = "integer")),
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public final class SubscriptionsResource {
    private final SubscriptionService subscriptions;

    public SubscriptionsResource(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    @Requires(value = "subscriptions:create", name = "body:id")
    @Operation(
            operationId = "createSubscription",
            summary = "Create a subscription",
            description = "Links a topic to a queue: from now on, every message published to the topic that passes "
                    + "the filter is stored in the queue too.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = SubscriptionRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "The subscription.",
            content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "The topic or the queue does not exist.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "409",
            description = "A subscription of that name exists already, or one links the " + "same topic and queue.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, a bad name, or a filter out of bounds.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public Response create(SubscriptionRequest request) {
        Requests.required(request);
        Violations violations = new Violations()
                .name("id", request.id())
                .name("topic_id", request.topicId())
                .name("queue_id", request.queueId());
        MessageFilter filter = violations.collect(() -> new MessageFilter(request.messageFilters()));
        violations.throwIfAny();
        var created = subscriptions.create(request.id(), request.topicId(), request.queueId(), filter);
        return Response.status(Response.Status.CREATED)
                .entity(SubscriptionResponse.from(created))
                .build();
    }

    @GET
    @Requires("subscriptions:read")
    @Operation(
            operationId = "listSubscriptions",
            summary = "List subscriptions",
            description =
                    "One page of the subscriptions, ordered by name; those of one topic, or of one queue, or both.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of subscriptions.",
            content = @Content(schema = @Schema(ref = "ListResponseSubscriptionResponse")))
    @ApiResponse(
            responseCode = "422",
            description = "limit or offset out of bounds, or not an integer.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ListResponse<SubscriptionResponse> list(
            @Parameter(description = "Only the subscriptions of this topic.", example = "orders")
                    @QueryParam("topic_id")
                    String topicId,
            @Parameter(description = "Only the subscriptions of this queue.", example = "billing")
                    @QueryParam("queue_id")
                    String queueId,
            @BeanParam PageParameters paging) {
        Page page = paging.page();
        return new ListResponse<>(
                subscriptions.list(topicId, queueId, page).stream()
                        .map(SubscriptionResponse::from)
                        .toList(),
                page.limit(),
                page.offset());
    }

    @GET
    @Path("/{id}")
    @Requires(value = "subscriptions:read", name = "path:id")
    @Operation(operationId = "getSubscription", summary = "Get a subscription")
    @ApiResponse(
            responseCode = "200",
            description = "The subscription.",
            content = @Content(schema = @Schema(implementation = SubscriptionResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No subscription has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public SubscriptionResponse get(
            @Parameter(description = "The subscription's name.", example = "orders-to-billing") @PathParam("id")
                    String id) {
        return SubscriptionResponse.from(subscriptions.get(id));
    }

    @DELETE
    @Path("/{id}")
    @Requires(value = "subscriptions:delete", name = "path:id")
    @Operation(
            operationId = "deleteSubscription",
            summary = "Delete a subscription",
            description = "Unlinks the topic and the queue; the messages already stored stay.")
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(
            responseCode = "404",
            description = "No subscription has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Response delete(
            @Parameter(description = "The subscription's name.", example = "orders-to-billing") @PathParam("id")
                    String id) {
        subscriptions.delete(id);
        return Response.noContent().build();
    }
}
