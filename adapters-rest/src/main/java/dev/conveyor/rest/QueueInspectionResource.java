package dev.conveyor.rest;

import dev.conveyor.application.InspectService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.StatsService;
import dev.conveyor.domain.MessageQuery;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Violations;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.CleanupResponse;
import dev.conveyor.rest.dto.CountResponse;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.MessageResponse;
import dev.conveyor.rest.dto.QueueHistoryResponse;
import dev.conveyor.rest.dto.RedriveRequest;
import dev.conveyor.rest.dto.RedriveResponse;
import dev.conveyor.rest.dto.StatsResponse;
import dev.conveyor.rest.dto.ValidationErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v1/queues/{id}/...}: looking into a queue without consuming (browse and search, one message, stats and their history) and maintaining it (redrive, purge, cleanup). */
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
public final class QueueInspectionResource {
    private final InspectService inspecting;
    private final StatsService statistics;
    private final MaintenanceService maintenance;

    public QueueInspectionResource(InspectService inspecting, StatsService statistics, MaintenanceService maintenance) {
        this.inspecting = inspecting;
        this.statistics = statistics;
        this.maintenance = maintenance;
    }

    @GET
    @Path("/{id}/messages")
    @Requires(value = "queues:read", name = "path:id")
    @Operation(
            operationId = "browseMessages",
            summary = "Browse and search a queue's messages",
            description = "One page of the stored messages, oldest first, without leasing them: a plain read, never "
                    + "a receive, so nothing about the messages changes and their receipt is null. The search "
                    + "criteria given must all hold: attribute.<key>=<value> (repeat a key for any of several "
                    + "values; several keys must all match, as in a subscription's filter), text (a "
                    + "case-insensitive substring of the body's JSON text), json_path (an SQL/JSON path that "
                    + "yields from the body an item other than false: $.customer.tier selects bodies that have one, "
                    + "$.total > 100 those whose total is over 100) and label. A search that reads for "
                    + "10 seconds without filling its page is refused with 422.",
            parameters =
                    @Parameter(
                            name = "attribute.{key}",
                            in = ParameterIn.QUERY,
                            description = "Only messages whose attribute {key} is this value (repeat for any of "
                                    + "several), e.g. attribute.region=eu.",
                            schema = @Schema(type = "string")))
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
            description = "limit or offset out of bounds, a criterion out of bounds, a json_path PostgreSQL cannot "
                    + "parse, or a search too broad to finish in time.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ListResponse<MessageResponse> browse(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            @BeanParam PageParameters paging,
            @Parameter(description = "Only messages whose body's JSON text holds this, ignoring case.")
                    @QueryParam("text")
                    String text,
            @Parameter(
                            description = "Only messages whose body this SQL/JSON path yields an item from, other "
                                    + "than false.",
                            example = "$.total > 100")
                    @QueryParam("json_path")
                    String jsonPath,
            @Parameter(description = "Only messages with this label.") @QueryParam("label") String label,
            @Context UriInfo uri) {
        Violations violations = new Violations();
        Page page = violations.collect(() -> paging.page());
        MessageQuery query = violations.collect(
                () -> new MessageQuery(SearchParameters.attributes(uri.getQueryParameters()), text, jsonPath, label));
        violations.throwIfAny();
        return new ListResponse<>(
                inspecting.browse(id, query, page).stream()
                        .map(MessageResponse::from)
                        .toList(),
                page.limit(),
                page.offset());
    }

    @GET
    @Path("/{id}/messages/{message_id}")
    @Requires(value = "queues:read", name = "path:id")
    @Operation(
            operationId = "getMessage",
            summary = "Read one message",
            description = "One stored message of the queue, as browse shows it: a plain read that leases nothing.")
    @ApiResponse(
            responseCode = "200",
            description = "The message.",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name, or the queue holds no message of that id (any more).",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public MessageResponse message(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            @Parameter(description = "The message's id.", example = "01890a5d-ac96-774b-bcce-b302099a8057")
                    @PathParam("message_id")
                    String messageId) {
        return MessageResponse.from(inspecting.message(id, messageId));
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
    @Path("/{id}/stats/history")
    @Requires(value = "queues:read", name = "path:id")
    @Operation(
            operationId = "getQueueStatsHistory",
            summary = "A queue's history",
            description = "The queue's counts and rates step by step over the window, from the samples the server "
                    + "keeps: the counts of the latest sample in each step (null when none was taken in it) and the "
                    + "rates of the activity every instance recorded in it. Steps start at whole multiples of the "
                    + "step, so reads moments apart share them; the last holds now and is still filling.")
    @ApiResponse(
            responseCode = "200",
            description = "The queue's points, oldest first.",
            content = @Content(schema = @Schema(implementation = QueueHistoryResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No queue has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "window_seconds or step_seconds out of bounds, or not an integer.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public QueueHistoryResponse history(
            @Parameter(description = "The queue's name.", example = "orders") @PathParam("id") String id,
            @Parameter(
                            description = StatsResource.WINDOW,
                            schema = @Schema(type = "integer", format = "int64", minimum = "60"))
                    @QueryParam("window_seconds")
                    String window,
            @Parameter(
                            description = StatsResource.STEP,
                            schema = @Schema(type = "integer", format = "int64", minimum = "1"))
                    @QueryParam("step_seconds")
                    String step) {
        return QueueHistoryResponse.from(statistics.history(
                id, Requests.number("window_seconds", window), Requests.number("step_seconds", step)));
    }
}
