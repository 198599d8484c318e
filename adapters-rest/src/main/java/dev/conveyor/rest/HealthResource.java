package dev.conveyor.rest;

import dev.conveyor.application.ReadinessProbe;
import dev.conveyor.rest.dto.StatusResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Probes for orchestrators: alive while serving HTTP, ready while the database answers. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations", description = "For running Conveyor: health probes, metrics.")
public final class HealthResource {
    private final ReadinessProbe readiness;

    public HealthResource(ReadinessProbe readiness) {
        this.readiness = readiness;
    }

    @GET
    @Path("liveness")
    @Operation(
            operationId = "liveness",
            summary = "Liveness probe",
            description = "Answers while the server serves HTTP.")
    @ApiResponse(
            responseCode = "200",
            description = "{\"status\": \"alive\"}.",
            content = @Content(schema = @Schema(implementation = StatusResponse.class)))
    public StatusResponse liveness() {
        return new StatusResponse("alive");
    }

    @GET
    @Path("readiness")
    @Operation(
            operationId = "readiness",
            summary = "Readiness probe",
            description = "Ready while PostgreSQL answers and the server is not stopping. The database's answer is "
                    + "cached for a second, so probes cannot load it.")
    @ApiResponse(
            responseCode = "200",
            description = "{\"status\": \"ready\"}.",
            content = @Content(schema = @Schema(implementation = StatusResponse.class)))
    @ApiResponse(
            responseCode = "503",
            description = "Not ready: PostgreSQL cannot be reached, or the server is stopping.",
            content = @Content(schema = @Schema(implementation = StatusResponse.class)))
    public Response readiness() {
        if (readiness.ready()) {
            return Response.ok(new StatusResponse("ready")).build();
        }
        return Response.status(503)
                .entity(new StatusResponse("unavailable: the database cannot be reached"))
                .build();
    }
}
