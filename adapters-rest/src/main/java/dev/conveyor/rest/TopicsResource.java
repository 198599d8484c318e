package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.TopicService;
import dev.conveyor.rest.dto.CreateTopicRequest;
import dev.conveyor.rest.dto.DataResponse;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.PublishedResponse;
import dev.conveyor.rest.dto.TopicResponse;
import dev.conveyor.domain.Page;
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

/** {@code /v1/topics}: create, read, list, delete topics, and publish to them. */
@Path("/v1/topics")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
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
  public Response create(CreateTopicRequest request) {
    TopicResponse created = TopicResponse.from(topics.create(Requests.required(request).id()));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @GET
  public ListResponse<TopicResponse> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    Page page = Requests.page(limit, offset);
    return new ListResponse<>(topics.list(page).stream().map(TopicResponse::from).toList(), page.limit(), page.offset());
  }

  @GET
  @Path("/{id}")
  public TopicResponse get(@PathParam("id") String id) {
    return TopicResponse.from(topics.get(id));
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    topics.delete(id);
    return Response.noContent().build();
  }

  /** Publishes one message object, or an array of 1 to 100, to every matching subscription's queue. */
  @POST
  @Path("/{id}/messages")
  public Response publish(@PathParam("id") String id, JsonNode body) {
    var published = publishing.toTopic(id, bodies.messages(body));
    return Response.status(Response.Status.CREATED)
        .entity(new DataResponse<>(published.stream().map(PublishedResponse::from).toList()))
        .build();
  }
}
