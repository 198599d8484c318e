package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.TopicService;
import dev.conveyor.domain.Page;
import dev.conveyor.rest.auth.Requires;
import dev.conveyor.rest.dto.CreateTopicRequest;
import dev.conveyor.rest.dto.DataResponse;
import dev.conveyor.rest.dto.ErrorResponse;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.PublishMessageRequest;
import dev.conveyor.rest.dto.PublishedResponse;
import dev.conveyor.rest.dto.TopicResponse;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/topics}: create, read, list, delete topics, and publish to them. */
@Path("/v1/topics")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
        name = "topics",
        description = "Names to publish to: a message published to a topic is stored in every "
                + "subscribed queue whose filter matches it.")
@ApiResponse(
        responseCode = "503",
        description = "The database cannot be reached; nothing was changed.",
        headers =
                @Header(
                        name = "Retry-After",
                        description = "Seconds to wait before trying again.",
                        schema = @Schema(type = "integer")),
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public final class TopicsResource {
    private final TopicService topics;
    private final PublishService publishing;
    private final PublishBodies bodies;

    public TopicsResource(TopicService topics, PublishService publishing, PublishBodies bodies) {
        this.topics = topics;
        this.publishing = publishing;
        this.bodies = bodies;
    }

    @POST
    @Requires(value = "topics:create", name = "body:id")
    @Operation(
            operationId = "createTopic",
            summary = "Create a topic",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = CreateTopicRequest.class))))
    @ApiResponse(
            responseCode = "201",
            description = "The topic.",
            content = @Content(schema = @Schema(implementation = TopicResponse.class)))
    @ApiResponse(
            responseCode = "409",
            description = "A topic of that name exists already.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "No body, or the name breaks the naming rule.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public Response create(CreateTopicRequest request) {
        TopicResponse created =
                TopicResponse.from(topics.create(Requests.required(request).id()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Requires("topics:read")
    @Operation(
            operationId = "listTopics",
            summary = "List topics",
            description = "One page of the topics, ordered by name.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of topics.",
            content = @Content(schema = @Schema(ref = "ListResponseTopicResponse")))
    @ApiResponse(
            responseCode = "422",
            description = "limit or offset out of bounds, or not an integer.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    public ListResponse<TopicResponse> list(@BeanParam PageParameters paging) {
        Page page = paging.page();
        return new ListResponse<>(
                topics.list(page).stream().map(TopicResponse::from).toList(), page.limit(), page.offset());
    }

    @GET
    @Path("/{id}")
    @Requires(value = "topics:read", name = "path:id")
    @Operation(operationId = "getTopic", summary = "Get a topic")
    @ApiResponse(
            responseCode = "200",
            description = "The topic.",
            content = @Content(schema = @Schema(implementation = TopicResponse.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No topic has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public TopicResponse get(
            @Parameter(description = "The topic's name.", example = "orders") @PathParam("id") String id) {
        return TopicResponse.from(topics.get(id));
    }

    @DELETE
    @Path("/{id}")
    @Requires(value = "topics:delete", name = "path:id")
    @Operation(
            operationId = "deleteTopic",
            summary = "Delete a topic",
            description = "Deletes the topic and its subscriptions; the queues, and the messages they hold, stay.")
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(
            responseCode = "404",
            description = "No topic has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Response delete(
            @Parameter(description = "The topic's name.", example = "orders") @PathParam("id") String id) {
        topics.delete(id);
        return Response.noContent().build();
    }

    /** Publishes one message object, or an array of 1 to 100, to every matching subscription's queue. */
    @POST
    @Path("/{id}/messages")
    @Requires(value = "topics:publish", name = "path:id")
    @Operation(
            operationId = "publishToTopic",
            summary = "Publish to a topic",
            description = "Stores each message in every queue subscribed to the topic whose filter matches the "
                    + "message's attributes. A message no subscription matches is accepted and stored nowhere. The batch is "
                    + "atomic: all of it is stored, or none; once 201 is answered, the messages are durable.",
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
            description = "No topic has that name.",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(
            responseCode = "422",
            description = "A message breaks a bound; each error is prefixed by the " + "message's index in an array.",
            content = @Content(schema = @Schema(implementation = ValidationErrorResponse.class)))
    @ApiResponse(
            responseCode = "429",
            description = "A queue the messages would go to is at its max_messages; " + "nothing was stored.",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds to wait before trying again.",
                            schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Response publish(
            @Parameter(description = "The topic's name.", example = "orders") @PathParam("id") String id,
            JsonNode body) {
        var published = publishing.toTopic(id, bodies.messages(body));
        return Response.status(Response.Status.CREATED)
                .entity(new DataResponse<>(
                        published.stream().map(PublishedResponse::from).toList()))
                .build();
    }
}
