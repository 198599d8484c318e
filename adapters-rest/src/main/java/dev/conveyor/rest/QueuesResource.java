package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.application.ConsumeService;
import dev.conveyor.application.InspectService;
import dev.conveyor.application.MaintenanceService;
import dev.conveyor.application.PublishService;
import dev.conveyor.application.QueueService;
import dev.conveyor.domain.ConveyorException;
import dev.conveyor.domain.Delivery;
import dev.conveyor.domain.Page;
import dev.conveyor.domain.QueueSettings;
import dev.conveyor.domain.Violations;
import dev.conveyor.rest.dto.CleanupResponse;
import dev.conveyor.rest.dto.CountResponse;
import dev.conveyor.rest.dto.DataResponse;
import dev.conveyor.rest.dto.RedriveRequest;
import dev.conveyor.rest.dto.ExtendRequest;
import dev.conveyor.rest.dto.ListResponse;
import dev.conveyor.rest.dto.MessageResponse;
import dev.conveyor.rest.dto.NackRequest;
import dev.conveyor.rest.dto.PublishedResponse;
import dev.conveyor.rest.dto.QueueRequest;
import dev.conveyor.rest.dto.QueueResponse;
import dev.conveyor.rest.dto.QueueSettingsRequest;
import dev.conveyor.rest.dto.ReceiptOutcomeResponse;
import dev.conveyor.rest.dto.ReceiptsRequest;
import dev.conveyor.rest.dto.ReceiveRequestBody;
import dev.conveyor.rest.dto.StatsResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
public final class QueuesResource {
  private final QueueService queues;
  private final PublishService publishing;
  private final ConsumeService consuming;
  private final InspectService inspecting;
  private final MaintenanceService maintenance;
  private final PublishBodies bodies;

  public QueuesResource(
      QueueService queues,
      PublishService publishing,
      ConsumeService consuming,
      InspectService inspecting,
      MaintenanceService maintenance,
      PublishBodies bodies) {
    this.maintenance = maintenance;
    this.queues = queues;
    this.publishing = publishing;
    this.consuming = consuming;
    this.inspecting = inspecting;
    this.bodies = bodies;
  }

  @POST
  public Response create(QueueRequest request) {
    Requests.required(request);
    Violations violations = new Violations().name("id", request.id());
    QueueSettings settings = violations.collect(request::settings);
    violations.throwIfAny();
    QueueResponse created = QueueResponse.from(queues.create(request.id(), settings));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @GET
  public ListResponse<QueueResponse> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    Page page = Requests.page(limit, offset);
    return new ListResponse<>(queues.list(page).stream().map(QueueResponse::from).toList(), page.limit(), page.offset());
  }

  @GET
  @Path("/{id}")
  public QueueResponse get(@PathParam("id") String id) {
    return QueueResponse.from(queues.get(id));
  }

  /** Replaces every setting; a field left out takes its default. */
  @PUT
  @Path("/{id}")
  public QueueResponse update(@PathParam("id") String id, QueueSettingsRequest request) {
    return QueueResponse.from(queues.update(id, Requests.required(request).settings()));
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    queues.delete(id);
    return Response.noContent().build();
  }

  @POST
  @Path("/{id}/messages")
  public Response publish(@PathParam("id") String id, JsonNode body) {
    var published = publishing.toQueue(id, bodies.messages(body));
    return Response.status(Response.Status.CREATED)
        .entity(new DataResponse<>(published.stream().map(PublishedResponse::from).toList()))
        .build();
  }

  @GET
  @Path("/{id}/messages")
  public ListResponse<MessageResponse> browse(
      @PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    Page page = Requests.page(limit, offset);
    return new ListResponse<>(
        inspecting.browse(id, page).stream().map(MessageResponse::from).toList(), page.limit(), page.offset());
  }

  @POST
  @Path("/{id}/receive")
  public DataResponse<MessageResponse> receive(@PathParam("id") String id, ReceiveRequestBody request) {
    ReceiveRequestBody body = request == null ? new ReceiveRequestBody(null, null, null) : request;
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
  public ReceiptOutcomeResponse ack(@PathParam("id") String id, ReceiptsRequest request) {
    return ReceiptOutcomeResponse.from(consuming.ack(id, Requests.required(request).receipts()));
  }

  @POST
  @Path("/{id}/nack")
  public ReceiptOutcomeResponse nack(@PathParam("id") String id, NackRequest request) {
    Requests.required(request);
    return ReceiptOutcomeResponse.from(consuming.nack(id, request.receipts(), request.delaySeconds()));
  }

  @POST
  @Path("/{id}/extend")
  public ReceiptOutcomeResponse extend(@PathParam("id") String id, ExtendRequest request) {
    Requests.required(request);
    if (request.seconds() == null) {
      throw ConveyorException.invalid("seconds is required");
    }
    return ReceiptOutcomeResponse.from(consuming.extend(id, request.receipts(), request.seconds()));
  }

  /** Moves messages not leased right now to another queue, visible at once with no delivery attempts. */
  @POST
  @Path("/{id}/redrive")
  public CountResponse redrive(@PathParam("id") String id, RedriveRequest request) {
    Requests.required(request);
    return CountResponse.of("moved",
        maintenance.redrive(id, request.destinationQueueId(), request.ids(), request.maxMessages()));
  }

  /** Deletes every message of the queue, leased ones too. */
  @POST
  @Path("/{id}/purge")
  public CountResponse purge(@PathParam("id") String id) {
    return CountResponse.of("deleted", maintenance.purge(id));
  }

  /** Runs the cleanup for this queue now. */
  @POST
  @Path("/{id}/cleanup")
  public CleanupResponse cleanup(@PathParam("id") String id) {
    return CleanupResponse.from(maintenance.cleanup(id).queues().get(0));
  }

  @GET
  @Path("/{id}/stats")
  public StatsResponse stats(@PathParam("id") String id) {
    return StatsResponse.from(inspecting.stats(id));
  }
}
