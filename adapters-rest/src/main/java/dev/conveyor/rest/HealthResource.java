package dev.conveyor.rest;

import dev.conveyor.application.ReadinessProbe;
import dev.conveyor.rest.dto.StatusResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Probes for orchestrators: alive while serving HTTP, ready while the database answers. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
  private final ReadinessProbe readiness;

  public HealthResource(ReadinessProbe readiness) {
    this.readiness = readiness;
  }

  @GET
  @Path("liveness")
  public StatusResponse liveness() {
    return new StatusResponse("alive");
  }

  @GET
  @Path("readiness")
  public Response readiness() {
    if (readiness.ready()) {
      return Response.ok(new StatusResponse("ready")).build();
    }
    return Response.status(503).entity(new StatusResponse("unavailable: the database cannot be reached")).build();
  }
}
