package dev.conveyor.rest;

import dev.conveyor.application.SubscriptionService;
import dev.conveyor.domain.MessageFilter;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.Violations;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.SubscriptionRequest;
import dev.conveyor.rest.dto.SubscriptionResponse;
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
public final class SubscriptionsResource {
  private final SubscriptionService subscriptions;

  public SubscriptionsResource(SubscriptionService subscriptions) {
    this.subscriptions = subscriptions;
  }

  @POST
  public Response create(SubscriptionRequest request) {
    Requests.required(request);
    Violations violations = new Violations()
        .name("id", request.id())
        .name("topic_id", request.topicId())
        .name("queue_id", request.queueId());
    MessageFilter filter = violations.collect(() -> new MessageFilter(request.messageFilters()));
    violations.throwIfAny();
    var created = subscriptions.create(request.id(), request.topicId(), request.queueId(), filter);
    return Response.status(Response.Status.CREATED).entity(SubscriptionResponse.from(created)).build();
  }

  @GET
  public ListResponse<SubscriptionResponse> list(
      @QueryParam("topic_id") String topicId,
      @QueryParam("queue_id") String queueId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Page page = Requests.page(limit, offset);
    return new ListResponse<>(
        subscriptions.list(topicId, queueId, page).stream().map(SubscriptionResponse::from).toList(),
        page.limit(), page.offset());
  }

  @GET
  @Path("/{id}")
  public SubscriptionResponse get(@PathParam("id") String id) {
    return SubscriptionResponse.from(subscriptions.get(id));
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    subscriptions.delete(id);
    return Response.noContent().build();
  }
}
